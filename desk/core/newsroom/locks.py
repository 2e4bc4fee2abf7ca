"""Edit locks, as WordPress and Superdesk have them: soft, renewed, taken over openly.

Opening an article takes its lock for the editing session; the session renews it every
HEARTBEAT_S; a lock not renewed for TIMEOUT_S is free (its session crashed or lost the
network). Anyone may take a lock over explicitly; the session that held it learns it from
the change feed and at its next save (``guard``), and keeps its unsaved text as a revision
(``keep_as_revision``). The rule lives here: every writer that knows its actor obeys it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import ConflictError, NotFoundError
from ..models import EditLock, Revision, utcnow
from . import changes
from .identity import Actor

HEARTBEAT_S = 15.0
TIMEOUT_S = 60.0
TAKEN_OVER = "unsaved edits kept"


@dataclass(frozen=True)
class Holder:
    article_id: int
    user_name: str
    session_id: str
    renewed_at: dt.datetime

    def editing(self) -> str:
        return f"{self.user_name} is editing"


class LockTaken(ConflictError):
    """Another session holds the article's lock: this session's edits are not written."""

    def __init__(self, holder: Holder):
        super().__init__(f"{holder.user_name} took over this article; your unsaved text is "
                         f"kept as a revision")
        self.holder = holder


def _cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=TIMEOUT_S)


def _holder(lock: Any) -> Holder:
    return Holder(lock.article_id, lock.user_name, lock.session_id, lock.renewed_at)


def holder(session: Session, article_id: int, now: dt.datetime | None = None) -> Holder | None:
    """Who holds the article now (an expired lock is nobody's)."""
    lock = session.execute(
        select(EditLock.article_id, EditLock.user_name, EditLock.session_id, EditLock.renewed_at)
        .where(EditLock.article_id == article_id, EditLock.renewed_at >= _cutoff(now or utcnow()))
    ).first()
    return _holder(lock) if lock is not None else None


def holders(session: Session, now: dt.datetime | None = None) -> dict[int, Holder]:
    """Every live lock (a newsroom holds a few dozen at most)."""
    rows = session.execute(
        select(EditLock.article_id, EditLock.user_name, EditLock.session_id, EditLock.renewed_at)
        .where(EditLock.renewed_at >= _cutoff(now or utcnow()))
    )
    return {row.article_id: _holder(row) for row in rows}


def acquire(session: Session, article_id: int, actor: Actor, *, take_over: bool = False,
            now: dt.datetime | None = None) -> Holder:
    """Take (or renew) the article's lock for ``actor``'s session, unless another session
    holds it and ``take_over`` is not asked. Returns the holder afterwards: the actor's
    own lock when it got it. Safe when two sessions ask at once: one UPDATE guarded by its
    WHERE clause, or one INSERT that the primary key lets only one of them make."""
    now = now or utcnow()
    table = EditLock.__table__
    previous = session.scalar(select(EditLock.session_id).where(EditLock.article_id == article_id))
    statement = update(table).where(table.c.article_id == article_id)
    if not take_over:
        statement = statement.where(or_(table.c.session_id == actor.session_id,
                                        table.c.renewed_at < _cutoff(now)))
    result = session.execute(statement.values(user_name=actor.name, session_id=actor.session_id,
                                              renewed_at=now))
    if result.rowcount == 0 and previous is None:
        try:
            with session.begin_nested():
                session.execute(table.insert().values(
                    article_id=article_id, user_name=actor.name, session_id=actor.session_id,
                    acquired_at=now, renewed_at=now))
        except IntegrityError:
            pass  # another session inserted first: it holds the lock
    current = holder(session, article_id, now)
    if current is not None and current.session_id == actor.session_id and previous != actor.session_id:
        if previous is not None:  # the lock changed hands: its acquisition time is now
            session.execute(update(table).where(table.c.article_id == article_id).values(acquired_at=now))
        changes.note(session, article_id, changes.LOCK)
    if current is None:
        raise NotFoundError(f"no article with id {article_id}")
    return current


def renew(session: Session, actor: Actor, article_ids: list[int],
          now: dt.datetime | None = None) -> set[int]:
    """The heartbeat: renew the session's locks. Returns the ids it no longer holds
    (taken over; or expired and since taken)."""
    now = now or utcnow()
    lost: set[int] = set()
    table = EditLock.__table__
    for article_id in article_ids:
        result = session.execute(
            update(table).where(table.c.article_id == article_id,
                                table.c.session_id == actor.session_id).values(renewed_at=now))
        if result.rowcount == 0:
            current = holder(session, article_id, now)
            if current is None:  # expired and free (the database was away): take it again
                acquire(session, article_id, actor, now=now)
            else:
                lost.add(article_id)
    return lost


def release(session: Session, actor: Actor, article_id: int | None = None) -> None:
    """Give up the session's lock on the article (all of them when None)."""
    statement = delete(EditLock).where(EditLock.session_id == actor.session_id)
    if article_id is not None:
        statement = statement.where(EditLock.article_id == article_id)
    released = list(session.scalars(select(EditLock.article_id).where(statement.whereclause)))
    session.execute(statement)
    for released_id in released:
        changes.note(session, released_id, changes.LOCK)


def guard(session: Session, article_id: int, actor: Actor | None) -> None:
    """Refuse a write of ``actor`` to an article another live session holds."""
    if actor is None:
        return
    current = holder(session, article_id)
    if current is not None and current.session_id != actor.session_id:
        raise LockTaken(current)


def keep_as_revision(session: Session, article_id: int, unsaved: dict[str, Any], actor: Actor,
                     holder_name: str) -> int:
    """The edits a session could not write (its lock was taken over), kept as a revision
    of the article by its author: History shows them, Restore brings them back."""
    from .. import articles

    article = articles.get(session, article_id)
    snapshot = articles.snapshot(article)
    for name, value in unsaved.items():
        if name in snapshot:
            snapshot[name] = value.isoformat() if isinstance(value, dt.datetime) else value
    revision = Revision(article_id=article_id, author=actor.name,
                        reason=f"{TAKEN_OVER} ({holder_name} took over)"[:200],
                        article_version=article.version, snapshot=snapshot, created_at=utcnow())
    session.add(revision)
    session.flush()
    changes.note(session, article_id, changes.ARTICLE)
    return revision.id
