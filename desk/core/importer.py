"""``desk import``: Markdown files and folders into articles, all or nothing.

Every file is parsed and checked first (front matter, hero photos); only then is anything
written, in one transaction, so a bad file never leaves the database half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from . import articles, categories, photos, search, settings
from .db import Database
from .errors import DeskError, InputError
from .frontmatter import Document, parse_file
from .models import Article, ArticlePhoto


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def collect(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or folder", path=str(path))
    return files


def import_paths(
    db: Database,
    paths: Iterable[Path],
    *,
    keep_going: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    files = collect(paths)
    report = ImportReport()
    with db.read() as session:
        tz = settings.load(session).tz
    docs: list[Document] = []
    hero_bytes: dict[Path, bytes] = {}
    for doc_path in files:
        try:
            doc = parse_file(doc_path, tz)
            if doc.hero is not None and doc.hero.file not in hero_bytes:
                hero_bytes[doc.hero.file] = _read_hero(doc)
            docs.append(doc)
        except DeskError as exc:
            if not keep_going:
                raise
            report.problems.append(str(exc))
    _check_duplicate_slugs(docs, report, keep_going)

    with db.write("importing") as session:
        by_slug: dict[str, Article] = {}
        written: list[tuple[Document, Article]] = []
        category_ids: dict[str, int] = {}
        for i, doc in enumerate(docs):
            article, created = _upsert(session, doc, category_ids)
            if doc.hero is not None:
                photo, _ = photos.store(session, hero_bytes[doc.hero.file], doc.hero.file.name)
                _set_hero(session, article, photo.id, doc)
            by_slug[article.slug] = article
            written.append((doc, article))
            (report.created if created else report.updated).append(article.slug)
            if progress:
                progress(i + 1, len(docs))
        for doc, article in written:
            if not doc.related:
                continue
            ids = []
            for slug in doc.related:
                target = by_slug.get(slug) or session.scalar(select(Article).where(Article.slug == slug))
                if target is None:
                    raise InputError(f"related article {slug!r} does not exist", **doc.where("related"))
                ids.append(target.id)
            articles.set_related(session, article, ids)
        for _, article in written:
            articles.add_revision(session, article, "import")
        ids = [article.id for _, article in written]
        for start in range(0, len(ids), 500):
            search.index_articles(session, ids[start : start + 500])
    return report


def _read_hero(doc: Document) -> bytes:
    """The hero's bytes; a bad image is reported against the Markdown file's hero line."""
    assert doc.hero is not None
    try:
        return photos.read_checked(doc.hero.file)
    except DeskError as exc:
        reason = str(exc)
        prefix = f"{doc.hero.file}: "
        if reason.startswith(prefix):
            reason = reason[len(prefix):]
        raise InputError(f"hero {doc.hero.name or doc.hero.file.name!r}: {reason}", **doc.where("hero")) from None


def _check_duplicate_slugs(docs: list[Document], report: ImportReport, keep_going: bool) -> None:
    seen: dict[str, Path] = {}
    for doc in list(docs):
        if doc.slug is None:
            continue
        if doc.slug in seen:
            problem = InputError(f"slug {doc.slug!r} is also used by {seen[doc.slug]}", **doc.where("slug"))
            if not keep_going:
                raise problem
            report.problems.append(str(problem))
            docs.remove(doc)
        else:
            seen[doc.slug] = doc.path


def _upsert(session, doc: Document, category_ids: dict[str, int]) -> tuple[Article, bool]:
    fields: dict = dict(
        standfirst=doc.standfirst,
        body=doc.body,
        byline=doc.byline,
        status=doc.status,
        tags=doc.tags,
        source_name=doc.source_name,
        source_url=doc.source_url,
    )
    if doc.date is not None:
        fields["published_at"] = doc.date
    if doc.category:
        if doc.category not in category_ids:
            category_ids[doc.category] = categories.by_path(session, doc.category, create=True).id
        fields["category_id"] = category_ids[doc.category]
    else:
        fields["category_id"] = None
    existing = session.scalar(select(Article).where(Article.slug == doc.slug)) if doc.slug else None
    if existing is not None:
        articles.update(session, existing, headline=doc.title, index=False, **fields)
        return existing, False
    article = articles.create(session, headline=doc.title, slug=doc.slug, index=False, **fields)
    return article, True


def _set_hero(session, article: Article, photo_id: int, doc: Document) -> None:
    assert doc.hero is not None
    link = article.hero
    if link is None:
        link = ArticlePhoto(role="hero", position=0, photo_id=photo_id)
        article.photo_links.append(link)
    link.photo_id = photo_id
    link.alt_override = doc.hero.alt
    link.caption_override = doc.hero.caption
    session.flush()
    if doc.hero.credit:
        photos.set_override(session, photo_id, doc.hero.credit)
    articles.update(session, article, index=False)  # bump the version
