"""Articles: create, change, snapshot into revisions, trash and restore.

Every change goes through ``update`` so that validation, the slug rule, the word count,
the search index and optimistic concurrency are applied in one place; ``update_text`` is
its lean twin for the text autosave writes while the editor types (same checks, no ORM).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, undefer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from desk.core.articles import categories, release, search
from desk.core.store import concurrent_writes
from desk.core.errors import ConflictError, InputError, NotFoundError
from desk.core.store.models import (
    STATUSES,
    Article,
    ArticleTag,
    Category,
    RelatedArticle,
    Revision,
    Tag,
    utcnow,
)
from desk.core.articles.slugs import is_valid_slug, slugify, unique_slug
from desk.core.articles.word_count import markdown_word_count
from desk.core.site.languages import own_language

TEXT_FIELDS = ("headline", "standfirst", "body", "byline", "source_name", "source_url")
TIME_FIELDS = ("published_at", "scheduled_at")
EDITABLE = TEXT_FIELDS + TIME_FIELDS + ("status", "slug", "category_id", "tags", "language")
# Text that no other field follows (the slug follows the headline): what update_text saves.
PLAIN_TEXT_FIELDS = ("standfirst", "body", "byline", "source_name", "source_url")

# The publishing rule is applied to every article that becomes published or scheduled,
# when its unit of work commits (release.py).
release.install()


def get(session: Session, article_id: int, *, with_body: bool = True) -> Article:
    opts = [undefer(Article.body), undefer(Article.language)] if with_body else []
    article = session.get(Article, article_id, options=opts)
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    return article


def versions(session: Session, ids: Any) -> dict[int, int]:
    """Each article's current version (what a writer saw last: the window's autosave
    follows it so that its own writes are never taken for someone else's)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(Article.id, Article.version).where(Article.id.in_(wanted)))
    return {row.id: row.version for row in rows}


def by_slug(session: Session, slug: str) -> Article:
    article = session.scalar(
        select(Article).where(Article.slug == slug).options(undefer(Article.body), undefer(Article.language))
    )
    if article is None:
        raise NotFoundError(f"no article with slug {slug!r}")
    return article


def create(session: Session, headline: str = "", *, index: bool = True, **fields: Any) -> Article:
    """A new article. An empty headline is allowed for a fresh draft (the editor is about
    to type it); a headline of only spaces is not."""
    # Empty collections up front: a new article has none, and loading them would cost
    # three queries per article on a bulk import.
    article = Article(headline="", slug="", status="draft", body="", standfirst="", byline="",
                      source_name="", source_url="", word_count=0,
                      tag_links=[], photo_links=[], related_links=[])
    session.add(article)
    update(session, article, headline=headline, index=index, **fields)
    return article


def update(
    session: Session,
    article: Article,
    *,
    expected_version: int | None = None,
    index: bool = True,
    **changes: Any,
) -> Article:
    """Apply changes to an article. ``expected_version`` guards against overwriting a
    newer save made elsewhere (another window, another process). ``index=False`` leaves
    the search index to the caller (bulk import indexes in batches)."""
    with session.no_autoflush:
        _apply(session, article, expected_version, changes)
    # Read now: once a flush fails the object is expired and the session unusable.
    slug = article.slug
    try:
        if article in session.new and not article.slug_locked:
            _insert_with_free_slug(session, article)
        else:
            session.flush()
    except StaleDataError:
        raise ConflictError(f"article {slug!r} changed elsewhere; reload it") from None
    except IntegrityError as exc:
        if "slug" not in str(exc.orig).lower():
            raise
        raise ConflictError(f"slug {slug!r} was just taken by another article; try again") from None
    if index:
        search.index_articles(session, [article.id])
    return article


def update_text(
    session: Session, article_id: int, *, expected_version: int | None = None, **changes: Any
) -> tuple[int, str, str, str]:
    """``update`` for PLAIN_TEXT_FIELDS only, what autosave writes while the editor types:
    one UPDATE (the version checked and bumped in its WHERE clause, as the ORM does for
    ``update``) and the search index, without loading the article into the ORM. Its
    Python work is a small part of update's (issue 3: autosave runs in a thread, and the
    UI thread waits for the interpreter lock while that thread runs Python).
    Returns the article's new (version, slug, headline, status)."""
    unknown = set(changes) - set(PLAIN_TEXT_FIELDS)
    if unknown:
        raise InputError(f"not plain text field(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {name: _text(name, value) for name, value in changes.items()}
    if "body" in values:
        values["word_count"] = markdown_word_count(values["body"])
    table = Article.__table__
    values["updated_at"] = utcnow()
    values["version"] = table.c.version + 1
    statement = sql_update(table).where(table.c.id == article_id)
    if expected_version is not None:
        statement = statement.where(table.c.version == expected_version)
    row = session.execute(
        statement.values(**values).returning(table.c.version, table.c.slug, table.c.headline, table.c.status)
    ).first()
    if row is None:
        found = session.execute(select(table.c.slug, table.c.version).where(table.c.id == article_id)).first()
        if found is None:
            raise NotFoundError(f"no article with id {article_id}")
        raise _changed_elsewhere(found.slug, found.version, expected_version)
    search.index_articles(session, [article_id])
    return row.version, row.slug, row.headline, row.status


def _changed_elsewhere(slug: str, version: int, expected: int | None) -> ConflictError:
    return ConflictError(f"article {slug!r} changed elsewhere (version {version}, expected {expected}); reload it")


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name} must be text")
    # NUL is never part of an editor's text (a damaged paste or file), and PostgreSQL
    # cannot store it: gone on both backends, so both keep the same text.
    return value.replace("\x00", "") if "\x00" in value else value


def _apply(session: Session, article: Article, expected_version: int | None, changes: dict[str, Any]) -> None:
    if expected_version is not None and article.version != expected_version:
        raise _changed_elsewhere(article.slug, article.version, expected_version)
    unknown = set(changes) - set(EDITABLE) - {"category"}
    if unknown:
        raise InputError(f"unknown article field(s): {', '.join(sorted(unknown))}")

    if "headline" in changes:
        headline = changes["headline"] or ""
        if headline and not headline.strip():
            raise InputError("the headline is only spaces")
        changes["headline"] = headline.strip()
    for name in TEXT_FIELDS:
        if name in changes:
            setattr(article, name, _text(name, changes[name]))
    if "status" in changes:
        status = changes["status"]
        if status not in STATUSES:
            raise InputError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        if status == "published" and article.status != "published":
            release.note_transition(session, article, "publish")
        article.status = status
        if status == "published" and article.published_at is None:
            article.published_at = utcnow()
    for name in TIME_FIELDS:
        if name in changes:
            value = changes[name]
            if value is not None and (not isinstance(value, dt.datetime) or value.tzinfo is None):
                raise InputError(f"{name} must be a time with a time zone")
            if name == "scheduled_at" and value is not None and article.scheduled_at != value:
                release.note_transition(session, article, "schedule")
            setattr(article, name, value)
    if "category" in changes:
        path = changes["category"]
        article.category = categories.by_path(session, path, create=True) if path else None
    if "category_id" in changes:
        category_id = changes["category_id"]
        category = session.get(Category, category_id) if category_id is not None else None
        if category_id is not None and category is None:
            raise NotFoundError(f"no category with id {category_id}")
        article.category = category
    if "tags" in changes:
        set_tags(session, article, changes["tags"] or [])
    if "language" in changes:
        article.language = own_language(changes["language"])

    if "slug" in changes and changes["slug"] is not None:
        wanted = changes["slug"].strip()
        if not is_valid_slug(wanted):
            raise InputError(f"slug {wanted!r} must be lower-case words joined by hyphens")
        clash = session.scalar(select(Article).where(Article.slug == wanted, Article.id != article.id))
        if clash is not None:
            raise ConflictError(
                f"slug {wanted!r} is already used by {clash.headline or '(untitled)'!r} "
                f"(article {clash.id})"
            )
        article.slug = wanted
        article.slug_locked = True
    elif not article.slug or (
        "headline" in changes and not article.slug_locked and article.status == "draft"
    ):
        # The slug follows the headline until the editor sets one or the article leaves draft.
        article.slug = _free_slug(session, slugify(article.headline or "untitled"), article.id)

    if "body" in changes:
        article.word_count = markdown_word_count(article.body)
    article.updated_at = utcnow()


def set_tags(session: Session, article: Article, names: list[str]) -> None:
    clean: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise InputError(f"tag {name!r} must be text")
        name = " ".join(name.replace("\x00", "").split())
        if name and name.casefold() not in {c.casefold() for c in clean}:
            clean.append(name)
    wanted = [_tag(session, name) for name in clean]
    # Existing links are kept, never removed and re-added, so no flush is needed between
    # (the session's identity map makes link.tag the very object _tag returned).
    keep = {id(link.tag): link for link in article.tag_links}
    article.tag_links[:] = [keep.get(id(tag)) or ArticleTag(tag=tag) for tag in wanted]
    for pos, link in enumerate(article.tag_links):
        link.position = pos


def _tag(session: Session, name: str) -> Tag:
    # Tags met in this unit of work, by case-folded name: a bulk import asks for the same
    # few tags thousands of times.
    cache: dict[str, Tag] = session.info.setdefault("desk_tags", {})
    key = name.casefold()
    tag = cache.get(key)
    if tag is None:
        base = slugify(name, fallback="tag")

        def row() -> dict[str, str]:
            taken = set(session.scalars(select(Tag.slug).where(Tag.slug.startswith(base))))
            return {"name": name, "slug": unique_slug(base, taken)}

        tag = concurrent_writes.create_once(
            session, lambda: _find_tag(session, name, base), Tag.__table__, row, f"tag {name!r}")
    cache[key] = tag
    return tag


def _find_tag(session: Session, name: str, base: str) -> Tag | None:
    """The tag of that name, case aside. Compared in Python: SQLite's lower() folds only
    ASCII ("Élections" would never meet "élections"). Names that differ only in case
    slugify alike, so the candidates are the tags whose slug starts with this one's."""
    exact = session.scalar(select(Tag).where(Tag.name == name))
    if exact is not None:
        return exact
    key = name.casefold()
    candidates = session.scalars(
        select(Tag).where(Tag.slug >= base, Tag.slug < base + "\U0010ffff").order_by(Tag.id))
    return next((t for t in candidates if t.name.casefold() == key), None)


def set_related(session: Session, article: Article, related_ids: list[int]) -> None:
    article.related_links.clear()
    session.flush()
    seen: set[int] = set()
    for pos, rid in enumerate(related_ids):
        if rid == article.id or rid in seen:
            continue
        seen.add(rid)
        article.related_links.append(RelatedArticle(related_id=rid, position=pos))


def snapshot(article: Article) -> dict[str, Any]:
    """Everything needed to show or restore the article as it is now."""
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "status": article.status,
        "category": article.category.path_names() if article.category else "",
        "category_id": article.category_id,
        "tags": article.tags,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "language": article.language,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "scheduled_at": article.scheduled_at.isoformat() if article.scheduled_at else None,
        "photos": [
            {
                "photo_id": link.photo_id,
                "role": link.role,
                "position": link.position,
                "caption_override": link.caption_override,
                "alt_override": link.alt_override,
            }
            for link in article.photo_links
        ],
        "related": [link.related_id for link in article.related_links],
    }


def add_revision(session: Session, article: Article, reason: str, author: str = "") -> Revision:
    revision = Revision(
        article_id=article.id,
        reason=reason,
        author=author,
        article_version=article.version,
        snapshot=snapshot(article),
        created_at=utcnow(),
    )
    session.add(revision)
    session.flush()
    return revision


def revisions(session: Session, article_id: int) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.article_id == article_id)
            .order_by(Revision.created_at.desc(), Revision.id.desc())
        )
    )


def restore_revision(session: Session, article: Article, revision_id: int, author: str = "") -> Revision:
    """Put the article back as the revision had it; the restore is itself a revision."""
    revision = session.get(Revision, revision_id)
    if revision is None or revision.article_id != article.id:
        raise NotFoundError(f"no revision {revision_id} for article {article.slug!r}")
    snap = revision.snapshot
    changes: dict[str, Any] = {name: snap.get(name, "") for name in TEXT_FIELDS}
    changes["status"] = snap.get("status", article.status)
    changes["tags"] = snap.get("tags", [])
    changes["category_id"] = snap.get("category_id")
    if "language" in snap:  # revisions made before articles had a language keep it
        changes["language"] = snap["language"]
    if snap.get("slug") and snap["slug"] != article.slug:
        changes["slug"] = snap["slug"]
    update(session, article, **changes)
    set_related(session, article, snap.get("related", []))
    return add_revision(session, article, f"restored revision {revision.id}", author)


def trash(session: Session, article: Article) -> None:
    article.deleted_at = utcnow()
    article.updated_at = utcnow()
    session.flush()
    search.remove_article(session, article.id)


def restore_from_trash(session: Session, article: Article) -> None:
    article.deleted_at = None
    article.updated_at = utcnow()
    session.flush()
    search.index_articles(session, [article.id])


def duplicate(session: Session, article: Article) -> Article:
    copy = create(
        session,
        headline=article.headline,
        standfirst=article.standfirst,
        body=article.body,
        byline=article.byline,
        category_id=article.category_id,
        tags=article.tags,
        source_name=article.source_name,
        source_url=article.source_url,
        language=article.language,
    )
    return copy


def _insert_with_free_slug(session: Session, article: Article) -> None:
    """Flush a new article whose slug follows its headline. Another editor may take the
    same slug between the look-up and the insert (PostgreSQL runs writers side by side):
    the insert is then tried again, in a savepoint, with the next free slug."""
    session.expunge(article)  # (cascades to its links) added again inside the savepoint
    session.flush()
    for attempt in range(concurrent_writes.ATTEMPTS):
        try:
            with session.begin_nested():
                session.add(article)
            return
        except IntegrityError as exc:
            if attempt == concurrent_writes.ATTEMPTS - 1 or "slug" not in str(exc.orig).lower():
                raise
            article.slug = _free_slug(session, slugify(article.headline or "untitled"), None)


def _free_slug(session: Session, base: str, article_id: int | None) -> str:
    others = Article.id != article_id if article_id is not None else True
    if session.scalar(select(Article.id).where(Article.slug == base, others)) is None:
        return base
    # Range, not LIKE: SQLite's LIKE ignores case and cannot use the slug index.
    taken = set(session.scalars(
        select(Article.slug).where(Article.slug >= base, Article.slug < base + "\U0010ffff", others)
    ))
    return unique_slug(base, taken)

