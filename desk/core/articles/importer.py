"""``desk import``: Markdown files and folders into articles, all or nothing.

Every file is parsed and checked first (front matter, hero photos); only then is anything
written. The writes go in batches of BATCH_SIZE articles, each its own short transaction,
so other writers (an autosave, a photo import, ``desk render``) get the database between
two batches instead of waiting out the whole import; each batch also stores what it
changed (import_undo). If the import fails half-way, the batches already committed are
taken back as one; if it is killed, the next import takes them back before it starts
(``recover``). Between batches other programs may see the articles written so far.

Identity: a file with ``slug:`` updates the article with that slug; a file without one
updates the article it made before (its path is remembered in import_sources), else the
article its title's slug names, else a new article. An unchanged file changes nothing:
no version, no revision, no ``updated`` time, so the next export rewrites no page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session, undefer

from desk.core.articles import editing as articles, categories, release, search
from desk.core.photos import records as photos
from desk.core.site import settings
from desk.core.store import concurrent_writes
from desk.core.store.db import Database
from desk.core.errors import DeskError, InputError
from desk.core.articles.frontmatter import Document, parse_file
from desk.core.store.models import (
    Article,
    ArticlePhoto,
    Category,
    ImportRun,
    ImportSource,
    ImportUndo,
    Photo,
    Revision,
    Tag,
    utcnow,
)
from desk.core.articles.slugs import slugify

log = logging.getLogger(__name__)

# Articles per transaction: few enough that another writer waits well under a second
# (benchmarks/import_articles.py prints the longest batch)...
BATCH_SIZE = 200
# ... and at most this long writing (a batch ends after the article that passes it).
BATCH_SECONDS = 0.5
# Between two batches on SQLite, the import lets go of the database this long. A waiting
# writer does not queue: SQLite's busy handler sleeps and retries, every 100 ms once it
# has waited a third of a second, so a gap shorter than that is usually missed and the
# next batch takes the lock again (a writer then waited out the whole import).
BATCH_PAUSE = 0.12


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    batches: int = 0
    # Seconds each batch held the write lock.
    batch_seconds: list[float] = field(default_factory=list)


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


@dataclass
class _Item:
    doc: Document
    source: str  # the file's resolved path
    sha256: str
    article_id: int | None = None  # the article it updates, None for a new one
    slug: str | None = None  # the slug it gets (a new article, or a rename)
    # Its 'updated' as the file gives it (or a new article's date): linking its related
    # articles afterwards is still that file's content, not a later edit.
    moment: dt.datetime | None = None


def import_paths(
    db: Database,
    paths: Iterable[Path],
    *,
    keep_going: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    after_batch: Callable[[int], None] | None = None,
    override_checklist: str | None = None,
) -> ImportReport:
    """Import the files; ``after_batch(n)`` is called after each committed batch (tests
    use it to stop an import half-way, or to write in between). Articles the files mark
    published obey the checklist (release.py): one it blocks stops the import (nothing
    stays), unless ``override_checklist`` gives the reason to publish them anyway
    (recorded in each one's revisions)."""
    files = collect(paths)
    report = ImportReport()
    with db.read() as session:
        tz = settings.load(session).tz
    items: list[_Item] = []
    hero_bytes: dict[Path, bytes] = {}
    for doc_path in files:
        try:
            doc = parse_file(doc_path, tz)
            if doc.hero is not None and doc.hero.file not in hero_bytes:
                hero_bytes[doc.hero.file] = _read_hero(doc)
            items.append(_Item(doc, _source_key(doc_path), _file_hash(doc_path)))
        except DeskError as exc:
            if not keep_going:
                raise
            report.problems.append(str(exc))
    _check_duplicates(items, report, keep_going)
    recover(db)
    with db.read() as session:
        _identify(session, items)
        _check_related(session, items, report, keep_going)

    run_id = _start_run(db)
    try:
        done = number = 0
        while done < len(items):
            began = _clock()
            with db.write("importing") as session:
                if override_checklist is not None:
                    release.grant(session, override_checklist)
                undo = _Undo()
                _watch_new_rows(session, undo)
                changed = []
                written = 0
                # Up to batch_size articles, and no more than BATCH_SECONDS of them: a
                # batch of photo-heavy articles (or a slow disk) still lets others in.
                while done + written < len(items) and written < batch_size:
                    item = items[done + written]
                    outcome = _write(session, item, hero_bytes, undo)
                    getattr(report, outcome).append(_slug_of(session, item))
                    if outcome != "unchanged":
                        changed.append(item.article_id)
                    written += 1
                    if _clock() - began > BATCH_SECONDS:
                        break
                search.index_articles(session, changed)
                session.add(ImportUndo(run_id=run_id, batch=number, data=undo.data()))
            report.batch_seconds.append(_clock() - began)
            report.batches += 1
            done += written
            if progress:
                progress(done, len(items))
            if after_batch:
                after_batch(number)
            number += 1
            if done < len(items):
                _let_others_write(db)
        _link_related(db, items, run_id, batch_size, report)
        _finish_run(db, run_id)
    except BaseException:
        # Whatever stopped it (a bad related slug, a full disk, Ctrl+C): nothing stays.
        try:
            undo_run(db, run_id)
        except Exception:  # noqa: BLE001 - the next import retries it (recover)
            log.exception("import %s could not be taken back now; the next import will", run_id)
        raise
    return report


def _clock() -> float:
    return time.perf_counter()


def _let_others_write(db: Database) -> None:
    if db.is_sqlite:  # a server database queues its writers itself
        time.sleep(BATCH_PAUSE)


def _source_key(path: Path) -> str:
    return str(path.resolve())


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


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


def _refuse(problem: InputError, report: ImportReport, keep_going: bool) -> None:
    if not keep_going:
        raise problem
    report.problems.append(str(problem))


def _check_duplicates(items: list[_Item], report: ImportReport, keep_going: bool) -> None:
    seen: dict[str, Path] = {}
    sources: set[str] = set()
    for item in list(items):
        doc = item.doc
        if item.source in sources:  # the same file named twice
            items.remove(item)
            continue
        sources.add(item.source)
        if doc.slug is None:
            continue
        if doc.slug in seen:
            _refuse(InputError(f"slug {doc.slug!r} is also used by {seen[doc.slug]}", **doc.where("slug")),
                    report, keep_going)
            items.remove(item)
        else:
            seen[doc.slug] = doc.path


def _identify(session: Session, items: list[_Item]) -> None:
    """Which article each file updates, and the slug of each new one."""
    remembered: dict[str, int] = {}
    paths = [item.source for item in items]
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        for path, article_id in session.execute(
            select(ImportSource.path, ImportSource.article_id).where(ImportSource.path.in_(chunk))
        ):
            remembered[path] = article_id
    explicit = [item.doc.slug for item in items if item.doc.slug]
    derived = [slugify(item.doc.title) for item in items if not item.doc.slug]
    by_slug: dict[str, int] = {}
    wanted = sorted(set(explicit) | set(derived))
    for start in range(0, len(wanted), 500):
        for slug, article_id in session.execute(
            select(Article.slug, Article.id).where(Article.slug.in_(wanted[start : start + 500]))
        ):
            by_slug[slug] = article_id
    claimed: set[int] = set()
    taken: set[str] = set(explicit)
    # Files with a slug first: they name their article outright.
    for item in sorted(items, key=lambda i: i.doc.slug is None):
        doc = item.doc
        if doc.slug:
            item.article_id = by_slug.get(doc.slug)
            if item.article_id is None:
                item.article_id = remembered.get(item.source)  # renamed: same article, new slug
            item.slug = doc.slug
        else:
            item.article_id = remembered.get(item.source)
            if item.article_id is None:
                base = slugify(doc.title)
                candidate = by_slug.get(base)
                if candidate is not None and candidate not in claimed and base not in taken:
                    item.article_id = candidate
                else:
                    item.slug = None  # a new article: its slug is settled when written
        if item.article_id is not None:
            if item.article_id in claimed:
                item.article_id = None  # two files for one article: the second is new
                item.slug = doc.slug
            else:
                claimed.add(item.article_id)


def _check_related(session: Session, items: list[_Item], report: ImportReport, keep_going: bool) -> None:
    coming = {item.doc.slug for item in items if item.doc.slug}
    coming |= {slugify(item.doc.title) for item in items if not item.doc.slug}
    wanted = sorted({slug for item in items for slug in item.doc.related} - coming)
    existing: set[str] = set()
    for start in range(0, len(wanted), 500):
        existing |= set(session.scalars(select(Article.slug).where(Article.slug.in_(wanted[start : start + 500]))))
    for item in list(items):
        missing = next((s for s in item.doc.related if s not in coming and s not in existing), None)
        if missing is not None:
            _refuse(InputError(f"related article {missing!r} does not exist", **item.doc.where("related")),
                    report, keep_going)
            items.remove(item)


# ----------------------------------------------------------------------------- writing


class _Undo:
    """What one batch changes, as plain data for the import_undo row."""

    def __init__(self) -> None:
        self.created: list[int] = []
        self.updated: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.revisions: list[int] = []
        self.new_rows: dict[str, set[int]] = {"photos": set(), "categories": set(), "tags": set()}
        self.credits: list[tuple[int, str]] = []

    def data(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "sources": self.sources,
                "revisions": self.revisions, "credits": self.credits,
                **{name: sorted(ids) for name, ids in self.new_rows.items()}}


def _watch_new_rows(session: Session, undo: _Undo) -> None:
    from sqlalchemy import event

    kinds = {Photo: "photos", Category: "categories", Tag: "tags"}

    @event.listens_for(session, "after_flush")
    def remember(session: Session, context: Any) -> None:
        for obj in session.new:
            inserted(obj)

    def inserted(obj: Any) -> None:
        name = kinds.get(type(obj))
        if name is not None:
            undo.new_rows[name].add(obj.id)

    session.info.setdefault(concurrent_writes.ON_INSERT, []).append(inserted)


def _normal_tags(names: list[str]) -> list[str]:
    clean: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in {c.casefold() for c in clean}:
            clean.append(name)
    return clean


def _state(article: Article) -> dict[str, Any]:
    """The columns and links an import may change, as stored: to compare and to undo."""
    hero = article.hero
    return {
        "headline": article.headline, "slug": article.slug, "slug_locked": article.slug_locked,
        "standfirst": article.standfirst, "body": article.body, "byline": article.byline,
        "status": article.status, "category_id": article.category_id,
        "source_name": article.source_name, "source_url": article.source_url,
        "language": article.language,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "updated_at": article.updated_at.isoformat() if article.updated_at else None,
        "word_count": article.word_count, "version": article.version,
        "tags": [link.tag_id for link in article.tag_links],
        "hero": ({"photo_id": hero.photo_id, "alt": hero.alt_override, "caption": hero.caption_override}
                 if hero is not None else None),
        "related": [link.related_id for link in article.related_links],
    }


def _wanted(session: Session, item: _Item, category_id: int | None) -> dict[str, Any]:
    doc = item.doc
    fields: dict[str, Any] = dict(
        headline=doc.title, standfirst=doc.standfirst, body=doc.body, byline=doc.byline,
        status=doc.status, tags=_normal_tags(doc.tags), source_name=doc.source_name,
        source_url=doc.source_url, category_id=category_id, language=doc.language,
    )
    if doc.date is not None:
        fields["published_at"] = doc.date
    return fields


def _differs(article: Article, fields: dict[str, Any], item: _Item, hero_photo: Photo | None) -> bool:
    for name, value in fields.items():
        current = article.tags if name == "tags" else getattr(article, name)
        if current != value:
            return True
    if item.slug and article.slug != item.slug:
        return True
    doc = item.doc
    if doc.updated is not None and article.updated_at != doc.updated:
        return True
    if doc.hero is not None:
        hero = article.hero
        if hero_photo is None or hero is None or hero.photo_id != hero_photo.id:
            return True
        if hero.alt_override != doc.hero.alt or hero.caption_override != doc.hero.caption:
            return True
        if doc.hero.credit and hero_photo.credit_override != doc.hero.credit:
            return True
    return False


def _write(session: Session, item: _Item, hero_bytes: dict[Path, bytes], undo: _Undo) -> str:
    """Create, update or leave the item's article; returns the report list it goes in."""
    doc = item.doc
    category_id = categories.by_path(session, doc.category, create=True).id if doc.category else None
    hero_photo: Photo | None = None
    if doc.hero is not None:
        digest = photos.sha256(hero_bytes[doc.hero.file])
        hero_photo = photos.find_by_hash(session, digest)
    fields = _wanted(session, item, category_id)
    article = None
    if item.article_id is not None:
        article = session.get(Article, item.article_id, options=[undefer(Article.body), undefer(Article.language)])
    if article is not None and article.deleted_at is None and not _differs(article, fields, item, hero_photo):
        _remember_source(session, item, article.id, undo)
        return "unchanged"
    if article is not None:
        undo.updated.append({"id": article.id, "before": _state(article)})
        if item.slug and item.slug != article.slug:
            fields["slug"] = item.slug
        articles.update(session, article, index=False, **fields)
        outcome = "updated"
    else:
        # Without a slug, the new article's follows its headline (as one typed in the window).
        article = articles.create(session, slug=item.slug, index=False, **fields)
        undo.created.append(article.id)
        outcome = "created"
    if doc.hero is not None:
        if hero_photo is None:
            hero_photo, _ = photos.store(session, hero_bytes[doc.hero.file], doc.hero.file.name)
        _set_hero(session, article, hero_photo, doc, undo)
    # 'updated' is the file's when it gives one; else a new article's is its date.
    moment = doc.updated or (doc.date if outcome == "created" else None)
    if moment is not None:
        article.updated_at = moment
        session.flush()
    item.moment = moment
    revision = articles.add_revision(session, article, "import")
    undo.revisions.append(revision.id)
    _remember_source(session, item, article.id, undo)
    item.article_id = article.id
    return outcome


def _slug_of(session: Session, item: _Item) -> str:
    return session.scalar(select(Article.slug).where(Article.id == item.article_id)) or ""


def _remember_source(session: Session, item: _Item, article_id: int, undo: _Undo) -> None:
    row = session.scalar(select(ImportSource).where(ImportSource.path == item.source))
    if row is not None and row.article_id == article_id and row.sha256 == item.sha256:
        return
    undo.sources.append({"path": item.source, "before": (
        {"article_id": row.article_id, "sha256": row.sha256} if row is not None else None)})
    if row is None:
        session.add(ImportSource(path=item.source, article_id=article_id, sha256=item.sha256,
                                 imported_at=utcnow()))
    else:
        row.article_id, row.sha256, row.imported_at = article_id, item.sha256, utcnow()
    session.flush()


def _set_hero(session: Session, article: Article, photo: Photo, doc: Document, undo: _Undo) -> None:
    assert doc.hero is not None
    link = article.hero
    if link is None:
        link = ArticlePhoto(role="hero", position=0, photo_id=photo.id)
        article.photo_links.append(link)
    link.photo_id = photo.id
    link.alt_override = doc.hero.alt
    link.caption_override = doc.hero.caption
    session.flush()
    if doc.hero.credit and photo.credit_override != doc.hero.credit:
        undo.credits.append((photo.id, photo.credit_override))
        photos.set_override(session, photo.id, doc.hero.credit)
    articles.update(session, article, index=False)  # bump the version


def _link_related(db: Database, items: list[_Item], run_id: int, batch_size: int, report: ImportReport) -> None:
    """Related articles, once every article of the import exists (in batches too)."""
    pending = [item for item in items if item.doc.related and item.article_id is not None]
    for number, start in enumerate(range(0, len(pending), batch_size)):
        if number:
            _let_others_write(db)
        began = _clock()
        with db.write("importing") as session:
            undo = _Undo()
            for item in pending[start : start + batch_size]:
                article = session.get(Article, item.article_id)
                assert article is not None
                ids = []
                for slug in item.doc.related:
                    target = session.scalar(select(Article.id).where(Article.slug == slug))
                    if target is None:
                        raise InputError(f"related article {slug!r} does not exist", **item.doc.where("related"))
                    ids.append(target)
                current = [link.related_id for link in article.related_links]
                wanted = list(dict.fromkeys(i for i in ids if i != article.id))
                if current == wanted:
                    continue
                undo.updated.append({"id": article.id, "before": _state(article)})
                articles.set_related(session, article, ids)
                articles.update(session, article, index=False)
                if item.moment is not None:
                    article.updated_at = item.moment
                slug = article.slug
                if slug in report.unchanged:
                    report.unchanged.remove(slug)
                    report.updated.append(slug)
            session.add(ImportUndo(run_id=run_id, batch=10_000 + number, data=undo.data()))
        report.batch_seconds.append(_clock() - began)


# ------------------------------------------------------------------------ runs and undo


def _start_run(db: Database) -> int:
    with db.write("importing") as session:
        run = ImportRun(started_at=utcnow(), host=socket.gethostname()[:255], pid=os.getpid(), state="running")
        session.add(run)
        session.flush()
        return run.id


def _finish_run(db: Database, run_id: int) -> None:
    with db.write("importing") as session:
        session.execute(delete(ImportUndo).where(ImportUndo.run_id == run_id))
        session.execute(delete(ImportRun).where(ImportRun.id == run_id))


def _alive(host: str, pid: int) -> bool:
    if host != socket.gethostname()[:255]:
        return True  # another machine's import (a shared database): not ours to judge
    if pid == os.getpid():
        return False  # this process is not running that import any more
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(db: Database) -> list[int]:
    """Take back the imports that were killed half-way (their process is gone); returns
    their ids."""
    with db.read() as session:
        runs = session.execute(select(ImportRun.id, ImportRun.host, ImportRun.pid)
                               .where(ImportRun.state == "running")).all()
    undone = []
    for run_id, host, pid in runs:
        if not _alive(host, pid):
            undo_run(db, run_id)
            undone.append(run_id)
            log.warning("an interrupted import (run %s) was taken back", run_id)
    return undone


def undo_run(db: Database, run_id: int) -> None:
    """Put back what the committed batches of ``run_id`` changed, newest first, in one
    transaction."""
    with db.write("taking back an interrupted import") as session:
        rows = session.scalars(select(ImportUndo).where(ImportUndo.run_id == run_id)
                               .order_by(ImportUndo.batch.desc())).all()
        touched: set[int] = set()
        for row in rows:
            _undo_batch(session, row.data, touched)
        session.execute(delete(ImportUndo).where(ImportUndo.run_id == run_id))
        session.execute(delete(ImportRun).where(ImportRun.id == run_id))
        live = [i for i in touched if session.get(Article, i) is not None]
        search.index_articles(session, live)


def _undo_batch(session: Session, data: dict[str, Any], touched: set[int]) -> None:
    conn = session.connection()
    if data.get("revisions"):
        session.execute(delete(Revision).where(Revision.id.in_(data["revisions"])))
    for photo_id, value in reversed(data.get("credits", [])):
        session.execute(update(Photo).where(Photo.id == photo_id).values(credit_override=value))
    for entry in reversed(data.get("sources", [])):
        before = entry["before"]
        if before is None:
            session.execute(delete(ImportSource).where(ImportSource.path == entry["path"]))
        else:
            session.execute(update(ImportSource).where(ImportSource.path == entry["path"])
                            .values(article_id=before["article_id"], sha256=before["sha256"]))
    for entry in reversed(data.get("updated", [])):
        _restore(session, entry["id"], entry["before"])
        touched.add(entry["id"])
    for article_id in data.get("created", []):
        search.remove_article(session, article_id)
        session.execute(delete(Article).where(Article.id == article_id))
    session.expire_all()
    # Rows the batch created and nothing uses any more.
    for photo_id in data.get("photos", []):
        used = conn.execute(text("SELECT 1 FROM article_photos WHERE photo_id = :p LIMIT 1"), {"p": photo_id}).first()
        if used is None:
            session.execute(delete(Photo).where(Photo.id == photo_id))
    for tag_id in data.get("tags", []):
        used = conn.execute(text("SELECT 1 FROM article_tags WHERE tag_id = :t LIMIT 1"), {"t": tag_id}).first()
        if used is None:
            session.execute(delete(Tag).where(Tag.id == tag_id))
    for category_id in sorted(data.get("categories", []), reverse=True):  # children first
        used = conn.execute(text("SELECT 1 FROM articles WHERE category_id = :c UNION ALL "
                                 "SELECT 1 FROM categories WHERE parent_id = :c LIMIT 1"), {"c": category_id}).first()
        if used is None:
            session.execute(delete(Category).where(Category.id == category_id))
    session.expire_all()


def _restore(session: Session, article_id: int, before: dict[str, Any]) -> None:
    from desk.core.store.models import ArticleTag, RelatedArticle

    article = session.get(Article, article_id)
    if article is None:
        return
    columns = {name: before[name] for name in (
        "headline", "slug", "slug_locked", "standfirst", "body", "byline", "status", "category_id",
        "source_name", "source_url", "word_count")}
    columns["language"] = before.get("language")  # undo data written before 0004 has none
    for name in ("published_at", "updated_at"):
        columns[name] = dt.datetime.fromisoformat(before[name]) if before[name] else None
    # The version moves on (never back): a window holding the import's version must
    # reload before it saves.
    table = Article.__table__
    session.execute(update(table).where(table.c.id == article_id).values(
        **columns, version=table.c.version + 1))
    session.execute(delete(ArticleTag).where(ArticleTag.article_id == article_id))
    for pos, tag_id in enumerate(before["tags"]):
        session.add(ArticleTag(article_id=article_id, tag_id=tag_id, position=pos))
    session.execute(delete(RelatedArticle).where(RelatedArticle.article_id == article_id))
    for pos, related_id in enumerate(before["related"]):
        session.add(RelatedArticle(article_id=article_id, related_id=related_id, position=pos))
    session.execute(delete(ArticlePhoto).where(ArticlePhoto.article_id == article_id,
                                               ArticlePhoto.role == "hero"))
    hero = before["hero"]
    if hero is not None:
        session.add(ArticlePhoto(article_id=article_id, role="hero", position=0, photo_id=hero["photo_id"],
                                 alt_override=hero["alt"], caption_override=hero["caption"]))
    session.flush()
    session.expire(article)


__all__ = ["BATCH_PAUSE", "BATCH_SECONDS", "BATCH_SIZE", "ImportReport", "collect", "import_paths", "recover", "undo_run"]
