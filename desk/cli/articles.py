"""Article commands: `desk init`, `import`, `list`, `search`, `render`, `check`, `status`,
`language`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk.cli.base import command, open_db, print_json
from desk.core.articles.statuses import STATUSES
from desk.core.errors import InputError


def _result_limit(text: str) -> int:
    """--limit N: a count of results, checked here so that no number reaches SQLite."""
    from desk.core.articles.search import MAX_RESULTS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a whole number") from None
    if not 1 <= value <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RESULTS:,}")
    return value


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
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

    p = sub.add_parser("language", parents=[common],
                       help="show or change an article's language (default: the site's)")
    p.add_argument("slug")
    p.add_argument("language", nargs="?",
                   help="a language tag such as en, fr or fr-CA; 'default' follows the site's")


@command("init")
def cmd_init(args: argparse.Namespace) -> int:
    from desk.core.site import demo
    from desk.core.photos import records as photos
    from desk.core.articles.word_count import plural

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
    from desk.core.articles.importer import import_paths

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

    from desk.core.store.models import Article

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

    from desk.core.articles import search
    from desk.core.store.models import Article

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
    from desk.core.articles import editing as articles
    from desk.core.site import pages, render_cache
    from desk.core.atomic import write_text

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
    from desk.core.articles import editing as articles, release

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
    from desk.core.articles import editing as articles, release

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


@command("language")
def cmd_language(args: argparse.Namespace) -> int:
    from desk.core.articles import editing as articles, release
    from desk.core.site import settings as site_settings
    from desk.core.site.languages import article_language

    db = open_db(args, reading=args.language is None)
    if args.language is None:
        with db.read() as session:
            article = articles.by_slug(session, args.slug)
            own, site = article.language, site_settings.load(session)
            print(article_language(article, site) + ("" if own else " (the site's default)"))
        return 0
    wanted = None if args.language.strip().lower() == "default" else args.language
    with db.write("changing the language") as session:
        article = articles.by_slug(session, args.slug)
        articles.update(session, article, language=wanted)
        articles.add_revision(session, article, f"language: {article.language or 'default'}",
                              release.editor_name())
        shown = article_language(article, site_settings.load(session))
    print(f"{args.slug}: {shown}" + ("" if article.language else " (the site's default)"))
    return 0
