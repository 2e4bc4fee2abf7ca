"""Writes that two editors may make at the same moment, safe on both backends.

On SQLite a writer holds the whole file (BEGIN IMMEDIATE), so a look-up followed by an
insert cannot race. On PostgreSQL two units of work run side by side: both may find no
tag "Elections" and both insert it, and the second then meets the unique constraint.
``create_once`` inserts in a savepoint and, when another writer got there first, finds
the row that writer made; ``upsert`` is one INSERT ... ON CONFLICT statement."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.core.errors import ConflictError

T = TypeVar("T")

ATTEMPTS = 4


def create_once(session: Session, find: Callable[[], T | None], make: Callable[[], T],
                what: str) -> T:
    """``find()``, or else the object ``make()`` builds, added and flushed in a
    savepoint. A unique constraint met on the way (another writer inserted the same row
    since the look-up) rolls back only the savepoint; then ``find()`` sees that writer's
    row. ``make`` is called again for each attempt (a slug taken meanwhile is chosen
    afresh). ``what`` names the row in the message when every attempt collides."""
    session.flush()  # what was pending before is not this savepoint's business
    for _attempt in range(ATTEMPTS):
        found = find()
        if found is not None:
            return found
        obj = make()
        try:
            with session.begin_nested():
                session.add(obj)
        except IntegrityError:
            continue
        return obj
    raise ConflictError(f"{what}: other editors kept creating the same row; try again")


def upsert(session: Session, table: Any, values: Mapping[str, Any] | Sequence[Mapping[str, Any]],
           keys: Sequence[str], update: Sequence[str] | None = None) -> None:
    """INSERT the row(s), or on a clash of ``keys`` UPDATE the ``update`` columns (all
    other columns by default; none: keep the row as it is)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - Desk runs on these two
        raise NotImplementedError(dialect)
    rows = [values] if isinstance(values, Mapping) else list(values)
    if not rows:
        return
    stmt = insert(table)
    columns = list(update) if update is not None else [c for c in rows[0] if c not in keys]
    if columns:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={c: stmt.excluded[c] for c in columns})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    session.execute(stmt, rows)
