"""`desk export`: the static website, and `desk export --check` of a written one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk.cli.base import command, open_db


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="the static website (incremental; --full rebuilds)")
    p.add_argument("--out", type=Path, metavar="DIR", required=True, help="output folder")
    p.add_argument("--full", action="store_true", help="rebuild every file")
    p.add_argument("--force", action="store_true",
                   help="export into a folder that has files Desk did not write (they are kept)")
    p.add_argument("--base-url", metavar="URL", help="the site's public address (overrides the setting)")
    p.add_argument("--check", action="store_true",
                   help="export nothing: check every file, internal link and asset of the site in --out")


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from desk.core.export import export_site

    if args.check:
        return _check_site(args.out)
    db = open_db(args, reading=True)
    summary = export_site(db, args.out, full=args.full, force=args.force, base_url=args.base_url)
    for warning in summary.warnings:
        print(f"desk: warning: {warning}", file=sys.stderr)
    for note in summary.checklist:
        print(f"desk: checklist: {note}", file=sys.stderr)
    print(summary.line())
    # The site is written either way; warnings (a refused article, a photo without alt
    # text) are problems the editor should look at.
    return 1 if summary.warnings else 0


def _check_site(out: Path) -> int:
    """``desk export --check``: one line per problem, then a summary line; no database."""
    from desk.core.export.check import check_site

    report = check_site(out)
    for problem in report.problems:
        print(problem)
    print(report.line())
    return 1 if report.problems else 0
