"""The command line: headless commands over the same core the window uses.

Exit status: 0 success, 1 the command ran and found problems, 2 bad input or usage,
each failure with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__

log = logging.getLogger("desk")

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        COMMANDS[name] = fn
        return fn

    return register


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    # SUPPRESS so that "desk --db X list" and "desk list --db X" both work.
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="SQLite database file (created on first use)")
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                        help="SQLAlchemy database URL instead of --db")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)

    parser = _Parser(prog="desk", description="Desk, the editorial workstation.", parents=[common])
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open the window, load the list and first preview, print timings, exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", parents=[common], help="create or upgrade the database")
    p.add_argument("--demo", action="store_true", help="add demo articles, categories and photos")

    p = sub.add_parser("import", parents=[common], help="import Markdown files or folders")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--keep-going", action="store_true",
                   help="import the good files even when some are bad")

    p = sub.add_parser("list", parents=[common], help="list articles")
    p.add_argument("--json", action="store_true")
    p.add_argument("--status", help="only articles with this status")
    p.add_argument("--trash", action="store_true", help="list the articles in the trash")

    p = sub.add_parser("search", parents=[common], help="full-text search")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=50)

    p = sub.add_parser("render", parents=[common], help="the article page HTML, as the preview shows it")
    p.add_argument("slug")
    p.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of stdout")

    p = sub.add_parser("export", parents=[common], help="the static website (incremental; --full rebuilds)")
    p.add_argument("--out", type=Path, metavar="DIR", required=True, help="output folder")
    p.add_argument("--full", action="store_true", help="rebuild every file")
    p.add_argument("--force", action="store_true",
                   help="export into a folder that has files Desk did not write (they are kept)")
    p.add_argument("--base-url", metavar="URL", help="the site's public address (overrides the setting)")

    for extend in _EXTENSIONS:
        extend(sub, common)
    return parser


# Other modules (photos, render, export, publish) add their subcommands here.
_EXTENSIONS: list[Callable[[Any, argparse.ArgumentParser], None]] = []


def open_db(args: argparse.Namespace):
    from .core.db import open_database

    return open_database(getattr(args, "db", None), getattr(args, "database_url", None))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .core.errors import DeskError

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
        from .app import run_gui

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


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, sort_keys=False))


@command("init")
def cmd_init(args: argparse.Namespace) -> int:
    from .core import demo, photos

    db = open_db(args)
    with db.write("initialising") as session:
        photos.ensure_builtin_presets(session)
    if args.demo:
        report = demo.install(db)
        print(f"demo content: {len(report.created)} articles created, {len(report.updated)} updated")
    print(f"database ready: {db.path or db.engine.url.render_as_string(hide_password=True)}")
    return 0


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    from .core.importer import import_paths

    db = open_db(args)
    report = import_paths(db, args.paths, keep_going=args.keep_going)
    for problem in report.problems:
        print(f"desk: {problem}", file=sys.stderr)
    print(f"imported {len(report.created)} new, {len(report.updated)} updated"
          + (f", {len(report.problems)} refused" if report.problems else ""))
    return 1 if report.problems else 0


def _article_row(article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.headline,
        "status": article.status,
        "category": article.category.path_names() if article.category else None,
        "updated": article.updated_at.isoformat(),
        "words": article.word_count,
    }


@command("list")
def cmd_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .core.models import Article, STATUSES
    from .core.errors import InputError

    if args.status and args.status not in STATUSES:
        raise InputError(f"status {args.status!r} is not one of {', '.join(STATUSES)}")
    db = open_db(args)
    with db.read() as session:
        stmt = select(Article).order_by(Article.updated_at.desc(), Article.id.desc())
        stmt = stmt.where(Article.deleted_at.is_not(None) if args.trash else Article.deleted_at.is_(None))
        if args.status:
            stmt = stmt.where(Article.status == args.status)
        rows = [_article_row(a) for a in session.scalars(stmt)]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['slug']}\t{row['status']}\t{row['category'] or '-'}\t{row['words']}\t{row['title']}")
    return 0


@command("search")
def cmd_search(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .core import search
    from .core.models import Article

    db = open_db(args)
    with db.read() as session:
        ids = search.search_ids(session, args.query, limit=args.limit)
        found = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))}
        rows = [_article_row(found[i]) for i in ids if i in found]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['slug']}\t{row['status']}\t{row['title']}")
    return 0


@command("render")
def cmd_render(args: argparse.Namespace) -> int:
    from .core import pages
    from .core.atomic import write_text

    db = open_db(args)
    with db.write("rendering") as session:
        html = pages.render_slug(session, args.slug)
    if args.out:
        write_text(args.out, html)
    else:
        sys.stdout.write(html)
    return 0


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from .core.export import export_site

    db = open_db(args)
    summary = export_site(db, args.out, full=args.full, force=args.force, base_url=args.base_url)
    for warning in summary.warnings:
        print(f"desk: warning: {warning}", file=sys.stderr)
    print(summary.line())
    # The site is written either way; warnings (a refused article, a photo without alt
    # text) are problems the editor should look at.
    return 1 if summary.warnings else 0
