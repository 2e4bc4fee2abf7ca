"""The command line: headless commands over the same core the window uses.

Exit status: 0 success, 1 the command ran and found problems, 2 bad input or usage,
each failure with a one-line reason on stderr; `photo import` exits 3 when Desk itself
failed on a file (a bug, said as such).
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
from .core.errors import InputError
from .core.statuses import STATUSES

log = logging.getLogger("desk")

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _result_limit(text: str) -> int:
    """--limit N: a count of results, checked here so that no number reaches SQLite."""
    from .core.search import MAX_RESULTS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a whole number") from None
    if not 1 <= value <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RESULTS:,}")
    return value


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
    # Before the command ("desk --user NAME import ..."): `desk target add --user` is
    # WordPress's user.
    parser.add_argument("--user", metavar="NAME", dest="editor", default=None,
                        help="the editor's name on revisions, locks and imports (else DESK_USER, "
                             "else the OS account's full name)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", parents=[common], help="create or upgrade the database")
    p.add_argument("--demo", action="store_true", help="add demo articles, categories and photos")

    p = sub.add_parser("import", parents=[common], help="import Markdown files or folders")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--keep-going", action="store_true",
                   help="import the good files even when some are bad")
    p.add_argument("--override-checklist", metavar="REASON",
                   help="publish even though the checklist blocks: the reason is recorded, with "
                        "who (DESK_EDITOR or the login name), in a revision")

    p = sub.add_parser("list", parents=[common], help="list articles")
    p.add_argument("--json", action="store_true")
    p.add_argument("--status", help="only articles with this status")
    p.add_argument("--trash", action="store_true", help="list the articles in the trash")

    p = sub.add_parser("search", parents=[common], help="full-text search")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=_result_limit, default=50,
                   help="at most this many results (1 to 100,000)")

    p = sub.add_parser("render", parents=[common], help="the article page HTML, as the preview shows it")
    p.add_argument("slug")
    p.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of stdout")

    p = sub.add_parser("check", parents=[common], help="the pre-publish checklist of an article")
    p.add_argument("slug")
    p.add_argument("--json", action="store_true")
    p.add_argument("--override-checklist", metavar="REASON",
                   help="override what blocks now: the reason is recorded, with who (DESK_EDITOR "
                        "or the login name), in a revision")

    p = sub.add_parser("status", parents=[common],
                       help="show or change an article's status (published and scheduled obey the checklist)")
    p.add_argument("slug")
    p.add_argument("status", nargs="?", help=f"one of {', '.join(STATUSES)}")
    p.add_argument("--override-checklist", metavar="REASON",
                   help="publish even though the checklist blocks: the reason is recorded, with "
                        "who (DESK_EDITOR or the login name), in a revision")

    p = sub.add_parser("export", parents=[common], help="the static website (incremental; --full rebuilds)")
    p.add_argument("--out", type=Path, metavar="DIR", required=True, help="output folder")
    p.add_argument("--full", action="store_true", help="rebuild every file")
    p.add_argument("--force", action="store_true",
                   help="export into a folder that has files Desk did not write (they are kept)")
    p.add_argument("--base-url", metavar="URL", help="the site's public address (overrides the setting)")
    p.add_argument("--check", action="store_true",
                   help="export nothing: check every file, internal link and asset of the site in --out")

    for extend in _EXTENSIONS:
        extend(sub, common)
    return parser


# Other modules (photos, render, export, publish) add their subcommands here.
_EXTENSIONS: list[Callable[[Any, argparse.ArgumentParser], None]] = []

# Registers `target`, `publish`, `unpublish` and `publish-status` (needs the names above).
from . import cli_publish  # noqa: E402,F401
from . import cli_settings  # noqa: E402,F401  (registers `settings`)


def open_db(args: argparse.Namespace, *, reading: bool = False):
    """The database of ``--db`` / ``--database-url``. A write that finds it busy waits
    (DESK_BUSY_WAIT seconds) and says so on stderr. ``reading``: the command only reads,
    so a database Desk cannot write is opened read-only."""
    from .core import sqlite
    from .core.db import open_database

    db = open_database(getattr(args, "db", None), getattr(args, "database_url", None), for_reading=reading)
    db.busy_wait = sqlite.command_wait()
    db.on_busy = _tell_busy
    from .core.newsroom import identity

    db.actor = identity.current()
    return db


def _tell_busy(message: str | None) -> None:
    if message is not None:
        print(f"desk: {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .core.errors import DeskError

    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    if getattr(args, "editor", None):
        from .core.newsroom import identity

        identity.set_current(identity.new_actor(args.editor))
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
    from .core.text import plural

    db = open_db(args)
    with db.write("initialising") as session:
        photos.ensure_builtin_presets(session)
    if args.demo:
        report = demo.install(db)
        print(f"demo content: {plural(len(report.created), 'article')} created, {len(report.updated)} updated")
    print(f"database ready: {db.path or db.engine.url.render_as_string(hide_password=True)}")
    return 0


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    from .core.importer import import_paths

    db = open_db(args)
    report = import_paths(db, args.paths, keep_going=args.keep_going,
                          override_checklist=args.override_checklist)
    for problem in report.problems:
        print(f"desk: {problem}", file=sys.stderr)
    print(f"imported {len(report.created)} new, {len(report.updated)} updated"
          + (f", {len(report.unchanged)} unchanged" if report.unchanged else "")
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

    from .core.models import Article

    if args.status and args.status not in STATUSES:
        raise InputError(f"status {args.status!r} is not one of {', '.join(STATUSES)}")
    db = open_db(args, reading=True)
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

    db = open_db(args, reading=True)
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
    from .core import articles, pages, render_cache
    from .core.atomic import write_text

    db = open_db(args, reading=True)
    # Rendered in a read transaction: another writer is never waited for, nor held up.
    with db.read() as session:
        html, fresh = pages.render_article_for_cache(session, articles.by_slug(session, args.slug))
    if args.out:
        write_text(args.out, html)
    else:
        sys.stdout.write(html)
        sys.stdout.flush()
    if fresh is not None:
        render_cache.save(db, [fresh])  # after, best effort: only a cache
    return 0


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from .core import articles, release

    db = open_db(args, reading=args.override_checklist is None)
    if args.override_checklist is not None:
        with db.write("overriding the checklist") as session:
            article = articles.by_slug(session, args.slug)
            verdict = release.require(session, article, "check", why=args.override_checklist)
    else:
        with db.read() as session:
            verdict = release.assess(session, articles.by_slug(session, args.slug))
    covered = {(i.code, i.field) for i in verdict.overridden}
    if args.json:
        print_json([{**item.as_dict(), "overridden": (item.code, item.field) in covered}
                    for item in verdict.items])
    else:
        for item in verdict.items:
            mark = "\t(overridden)" if (item.code, item.field) in covered else ""
            print(f"{item.severity}\t{item.field}\t{item.message}{mark}")
        if verdict.overridden and verdict.override is not None:
            print(f"# {verdict.override.line()}")
    return 0 if verdict.allowed else 1


@command("status")
def cmd_status(args: argparse.Namespace) -> int:
    from .core import articles, release

    db = open_db(args)
    if args.status is None:
        with db.read() as session:
            print(articles.by_slug(session, args.slug).status)
        return 0
    if args.status not in STATUSES:
        raise InputError(f"status {args.status!r} is not one of {', '.join(STATUSES)}")
    with db.write("changing the status") as session:
        article = articles.by_slug(session, args.slug)
        before = article.status
        if args.override_checklist is not None:
            release.grant(session, args.override_checklist)
        articles.update(session, article, status=args.status)
        articles.add_revision(session, article, f"status: {args.status}", release.editor_name())
        published = article.published_at
    when = f" (publication time {published.isoformat(timespec='minutes')})" if (
        args.status == "published" and published) else ""
    print(f"{args.slug}: {before} -> {args.status}{when}")
    return 0


# --- photos ---------------------------------------------------------------------------


def _photo_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("photo", parents=[common], help="photos and their credits")
    photo_sub = p.add_subparsers(dest="photo_command", metavar="SUBCOMMAND", parser_class=_Parser,
                                 required=True)
    q = photo_sub.add_parser("import", parents=[common], help="store photos with their embedded metadata")
    q.add_argument("files", nargs="+", type=Path, metavar="FILE")
    q.add_argument("--json", action="store_true", help="print what was read, one JSON object per file")
    q = photo_sub.add_parser("list", parents=[common], help="list the photos in the library")
    q.add_argument("--json", action="store_true")
    q.add_argument("--search", default="", metavar="TEXT",
                   help="only photos whose caption, credit, creator, source or reference hold TEXT")
    q.add_argument("--agency", default="", metavar="KEY", help="only photos of this preset or distributor")
    q.add_argument("--missing-alt", action="store_true")
    q.add_argument("--missing-credit", action="store_true")
    q.add_argument("--restricted", action="store_true")
    q = photo_sub.add_parser("show", parents=[common], help="one photo's credit fields")
    q.add_argument("id", type=int)
    q.add_argument("--json", action="store_true")


_EXTENSIONS.append(_photo_parser)


@command("photo")
def cmd_photo(args: argparse.Namespace) -> int:
    return {"import": _photo_import, "list": _photo_list, "show": _photo_show}[args.photo_command](args)


# `desk photo import`: a file Desk itself failed on (a bug, not the file's fault).
EXIT_BUG = 3


def _photo_import(args: argparse.Namespace) -> int:
    from .core import photo_import, photos
    from .core.errors import DatabaseError, DeskError

    if not any(path.exists() for path in args.files):
        names = ", ".join(photo_import.shown_name(str(p)) for p in args.files)
        print(f"desk: no such file: {names}", file=sys.stderr)
        return 2
    db = open_db(args)
    failed = bugs = 0
    for path in args.files:
        try:
            done = photo_import.import_file(db, path)
        except DatabaseError:
            raise  # the database, not this file: exit 2 like every command (a locked database)
        except photo_import.ReaderBug as exc:
            bugs += 1
            print(f"desk: {exc}", file=sys.stderr)
            continue
        except DeskError as exc:
            failed += 1
            print(f"desk: {exc}", file=sys.stderr)
            continue
        with db.read() as session:
            photo = photos.get(session, done.photo_id)
            if args.json:
                print_json(photo_import.record(photo, file=str(path), duplicate=done.duplicate))
            else:
                state = "already in the library" if done.duplicate else "imported"
                print(f"{done.file}\t{state} as photo {photo.id}\t{photos.credit_text(photo)}")
    if bugs:
        print(f"desk: {bugs} file(s) hit a bug in Desk (see above); the others were imported or refused",
              file=sys.stderr)
        return EXIT_BUG
    return 1 if failed else 0


def _photo_list(args: argparse.Namespace) -> int:
    from .core import photo_library

    flags = tuple(flag for flag, wanted in (
        (photo_library.MISSING_ALT, args.missing_alt),
        (photo_library.MISSING_CREDIT, args.missing_credit),
        (photo_library.RESTRICTED, args.restricted),
    ) if wanted)
    query = photo_library.Query(text=args.search, agency=args.agency, flags=flags)
    db = open_db(args, reading=True)
    with db.read() as session:
        rows, offset = [], 0
        while batch := photo_library.search(session, query, offset=offset, limit=500):
            rows.extend(batch)
            offset += len(batch)
    if args.json:
        print_json([{
            "id": r.id, "file": r.filename, "credit_line": r.credit_line, "creator": list(r.creator),
            "preset": r.preset or None, "width": r.width, "height": r.height,
            "has_alt_text": r.has_alt, "restricted": r.restricted, "caption": r.caption,
        } for r in rows])
    else:
        for r in rows:
            print(f"{r.id}\t{r.preset or '-'}\t{r.width}x{r.height}\t{r.credit_line or '-'}\t{r.filename}")
    return 0


def _photo_show(args: argparse.Namespace) -> int:
    from .core import photo_import, photos

    db = open_db(args, reading=True)
    with db.read() as session:
        record = photo_import.record(photos.get(session, args.id))
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return 0

@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from .core.export import export_site

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
    from .core.export.check import check_site

    report = check_site(out)
    for problem in report.problems:
        print(problem)
    print(report.line())
    return 1 if report.problems else 0
