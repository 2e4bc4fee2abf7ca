"""Full-text search over articles: headline, standfirst, body, byline, tags and the
credits of their photos.

The index is kept by application code (``index_articles`` after each write) so that one
row can gather text from several tables. SQLite uses FTS5 (desk/core/store/sqlite.py),
PostgreSQL a tsvector per article with unaccent (desk/core/store/postgres.py, migration
0006): the same words match, the same articles come back, newest first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desk.core.store import postgres, sqlite
from desk.core.errors import InputError
from desk.core.store.models import Article, ArticlePhoto, ArticleTag, Photo, Tag

_WORD = re.compile(r"\w+", re.UNICODE)
# The most results one search returns (a bigger number could not even reach SQLite).
MAX_RESULTS = 100_000


def words(query: str) -> list[str]:
    return _WORD.findall(query)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def index_articles(session: Session, article_ids: Iterable[int]) -> None:
    ids = list(article_ids)
    if not ids:
        return
    rows = _documents(session, ids)
    # An article in the trash (or gone) has no document: it leaves the index.
    for gone in sorted(set(ids) - {r["id"] for r in rows}):
        remove_article(session, gone)
    if _is_sqlite(session):
        sqlite.fts_upsert(session.connection(), rows)
    else:
        postgres.search_upsert(session.connection(), rows, sqlite.FTS_COLUMNS)


def remove_article(session: Session, article_id: int) -> None:
    if _is_sqlite(session):
        sqlite.fts_delete(session.connection(), article_id)
    else:
        postgres.search_delete(session.connection(), article_id)


def _documents(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    docs: dict[int, dict[str, Any]] = {}
    for row in session.execute(
        select(
            Article.id, Article.headline, Article.standfirst, Article.body, Article.byline,
            Article.deleted_at,
        ).where(Article.id.in_(ids))
    ):
        if row.deleted_at is not None:
            continue
        docs[row.id] = {
            "id": row.id, "headline": row.headline, "standfirst": row.standfirst,
            "body": row.body or "", "byline": row.byline, "tags": "", "credits": "",
        }
    for article_id, name in session.execute(
        select(ArticleTag.article_id, Tag.name)
        .join(Tag, Tag.id == ArticleTag.tag_id)
        .where(ArticleTag.article_id.in_(list(docs)))
    ):
        docs[article_id]["tags"] += name + " "
    for row in session.execute(
        select(
            ArticlePhoto.article_id, Photo.caption, Photo.credit_line, Photo.creator,
            Photo.source, Photo.agency_ref, Photo.distributor, ArticlePhoto.caption_override,
        )
        .join(Photo, Photo.id == ArticlePhoto.photo_id)
        .where(ArticlePhoto.article_id.in_(list(docs)))
    ):
        parts = [row.caption, row.credit_line, " ".join(row.creator or []), row.source,
                 row.agency_ref, row.distributor, row.caption_override]
        docs[row.article_id]["credits"] += " ".join(p for p in parts if p) + " "
    return list(docs.values())


def reindex_all(session: Session, batch: int = 500) -> int:
    ids = list(session.scalars(select(Article.id).where(Article.deleted_at.is_(None))))
    for i in range(0, len(ids), batch):
        index_articles(session, ids[i : i + batch])
    return len(ids)


def search_ids(session: Session, query: str, limit: int = 200) -> list[int]:
    """Article ids matching every word of the query, newest first; the last word may be
    the start of a word (results as you type)."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
        raise InputError(f"search limit {limit!r} must be between 1 and {MAX_RESULTS:,}")
    terms = words(query)
    if not terms:
        return []
    if _is_sqlite(session):
        conn = session.connection()
        match = sqlite.fts_match(conn, terms)
        if match is None:
            return []
        # Newest first by id, not by rank: FTS5 walks its lists in rowid order and stops at
        # the limit, while ranking a word found in most of the archive means scoring it all.
        rows = conn.exec_driver_sql(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (match, limit),
        )
        return rows.scalars().all()
    return postgres.search(session.connection(), terms, limit)


def among(session: Session, ids: list[int]) -> Callable[[Any], ColumnElement[bool]]:
    """``column IN ids`` for the ids a search found. On SQLite the ids travel as one JSON
    parameter: a thousand bound values cost SQLAlchemy ~5 ms to coerce and expand on every
    statement, the largest part of a search as you type, while one parameter keeps the
    compiled statement cached."""
    if _is_sqlite(session):
        packed = json.dumps(ids)

        def condition(column: Any) -> ColumnElement[bool]:
            each = func.json_each(packed).table_valued("value")
            return column.in_(select(each.c.value))

        return condition
    # PostgreSQL: one array parameter (= ANY), for the same reason.
    from sqlalchemy import Integer, any_, literal
    from sqlalchemy.dialects.postgresql import ARRAY

    packed_ids = literal(list(ids), ARRAY(Integer))
    return lambda column: column == any_(packed_ids)
