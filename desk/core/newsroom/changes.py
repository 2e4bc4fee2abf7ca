"""The change feed: every committed change to an article leaves a row in ``changes``,
in the same transaction, so that other editors' windows can follow it.

What writes articles through the ORM is noticed at flush (a new article, a trash or a
status move changes which articles a list holds: kind LIST; any other change: ARTICLE);
plain UPDATEs call ``note`` (articles.update_text). Lock moves are LOCK. A reader asks
``since(last_id)``: one indexed query, cheap enough to poll several times a second; a
``Feed`` hides how the reader learns that it is worth asking (polling on SQLite; a
PostgreSQL LISTEN/NOTIFY feed can wake the reader instead, on the same rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from ..models import Article, Change, utcnow
from .identity import actor_of

ARTICLE = "article"
LIST = "list"
LOCK = "lock"
KEEP_FOR = dt.timedelta(hours=1)  # older rows are pruned: a window that slept longer reloads
# A bulk import touching thousands of articles is one "the list changed" row.
MANY = 200
_KEY = "desk_changes"


@dataclass(frozen=True)
class ChangeRow:
    id: int
    article_id: int | None
    kind: str
    origin: str


def note(session: Session, article_id: int | None, kind: str) -> None:
    session.info.setdefault(_KEY, set()).add((article_id, kind))


def _after_flush(session: Session, _context: Any) -> None:
    for obj in session.new:
        if isinstance(obj, Article):
            note(session, obj.id, LIST)
    for obj in session.dirty:
        if isinstance(obj, Article) and session.is_modified(obj):
            state = inspect(obj)
            moved = any(state.attrs[name].history.has_changes() for name in ("status", "deleted_at"))
            note(session, obj.id, LIST if moved else ARTICLE)
    for obj in session.deleted:
        if isinstance(obj, Article):
            note(session, obj.id, LIST)


def _before_commit(session: Session) -> None:
    if not session.info.get(_KEY):
        return
    session.flush()  # what the commit's own flush would notice is noticed now
    noted = session.info.pop(_KEY, set())
    if not noted:
        return
    origin = actor_of(session).session_id
    now = utcnow()
    if len(noted) > MANY:
        noted = {(None, LIST)}
    # LIST says all ARTICLE says (the window reloads what it shows of the article).
    listed = {article_id for article_id, kind in noted if kind == LIST}
    rows = sorted((a, k) for a, k in noted if not (k == ARTICLE and a in listed) and a is not None)
    rows += [(a, k) for a, k in noted if a is None]
    session.execute(insert(Change), [
        {"article_id": article_id, "kind": kind, "origin": origin, "at": now}
        for article_id, kind in rows
    ])


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def install() -> None:
    """Record changes at every commit (articles.py calls it, as it does release's rule)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_soft_rollback", lambda session, _tx: _after_rollback(session))


def latest(session: Session) -> int:
    return session.scalar(select(func.max(Change.id))) or 0


def since(session: Session, last_id: int, limit: int = 500) -> list[ChangeRow]:
    rows = session.execute(
        select(Change.id, Change.article_id, Change.kind, Change.origin)
        .where(Change.id > last_id).order_by(Change.id).limit(limit)
    )
    return [ChangeRow(*row) for row in rows]


def prune(session: Session, now: dt.datetime | None = None) -> None:
    session.execute(delete(Change).where(Change.at < (now or utcnow()) - KEEP_FOR))


class Feed:
    """How a window learns of others' changes: ``since(last_id)`` returns what was
    committed after ``last_id``; ``poll_s`` is how often it is worth asking. This one
    asks the table, which works on both backends; a PostgreSQL feed woken by LISTEN/NOTIFY
    would keep ``since`` and ask only when notified (not written: see the README)."""

    poll_s = 0.25

    def __init__(self, db: Any):
        self._db = db

    def latest(self) -> int:
        with self._db.read() as session:
            return latest(session)

    def since(self, last_id: int) -> list[ChangeRow]:
        with self._db.read() as session:
            return since(session, last_id)


def feed_for(db: Any) -> Feed:
    return Feed(db)
