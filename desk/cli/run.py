"""The command line: headless commands over the same core the window uses.

Exit status: 0 success, 1 the command ran and found problems, 2 bad input or usage,
each failure with a one-line reason on stderr; `photo import` exits 3 when Desk itself
failed on a file (a bug, said as such).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from desk import __version__
from desk.cli import articles, export, photos, publish, settings
from desk.cli.base import COMMANDS, Parser, UsageError

log = logging.getLogger("desk")

# The order of `desk --help`.
GROUPS = (articles, export, photos, publish, settings)


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    # SUPPRESS so that "desk --db X list" and "desk list --db X" both work.
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="SQLite database file (created on first use)")
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                        help="SQLAlchemy database URL instead of --db")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)

    parser = Parser(prog="desk", description="Desk, the editorial workstation.", parents=[common])
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open the window, load the list and first preview, print timings, exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    for group in GROUPS:
        group.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from desk.core.errors import DeskError

    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
        format="desk: %(levelname)s: %(message)s",
    )
    if args.command is None:
        from desk.app import run_gui

        return run_gui(args)
    try:
        return COMMANDS[args.command](args)
    except DeskError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("desk: interrupted; nothing half-written was kept", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
