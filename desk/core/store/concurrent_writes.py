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
# session.info key: callables told of each object create_once inserted (the import's
# undo record keeps the rows it made, and these never pass through session.new).
ON_INSERT = "desk_on_insert"


def create_once(session: Session, find: Callable[[], T | None], table: Any,
                row: Callable[[], Mapping[str, Any]], what: str) -> T:
    """``find()``, or else the row ``row()`` gives inserted into ``table`` with INSERT ...
    ON CONFLICT DO NOTHING, then found. When another writer inserted the same row since
    the look-up, the insert does nothing and ``find()`` sees that writer's row; when
    another row took a unique value of this one (a slug), ``row()`` is asked again. No
    flush: the unit of work may hold a half-made article (create_once runs while its
    fields are applied)."""
    with session.no_autoflush:
        for _attempt in range(ATTEMPTS):
            found = find()
            if found is not None:
                return found
            inserted = session.execute(
                _insert(session, table).values(**row()).on_conflict_do_nothing()
                .returning(*table.primary_key.columns)).first()
            if inserted is not None:
                found = find()
                for listener in session.info.get(ON_INSERT, ()):
                    listener(found)
                return found
        found = find()
    if found is None:
        raise ConflictError(f"{what}: other editors kept creating the same row; try again")
    return found


def add_once(session: Session, find: Callable[[], T | None], obj: T, what: str) -> T:
    """``find()``, or else ``obj`` (with what it cascades to) added in a savepoint. A
    unique constraint met on the way rolls back only the savepoint; then ``find()`` sees
    the other writer's row."""
    for _attempt in range(ATTEMPTS):
        found = find()
        if found is not None:
            return found
        try:
            with session.begin_nested():
                session.add(obj)
        except IntegrityError:
            continue
        return obj
    raise ConflictError(f"{what}: other editors kept creating the same row; try again")


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - Desk runs on these two
        raise NotImplementedError(dialect)
    return insert(table)


def upsert(session: Session, table: Any, values: Mapping[str, Any] | Sequence[Mapping[str, Any]],
           keys: Sequence[str], update: Sequence[str] | None = None) -> None:
    """INSERT the row(s), or on a clash of ``keys`` UPDATE the ``update`` columns (all
    other columns by default; none: keep the row as it is)."""
    rows = [values] if isinstance(values, Mapping) else list(values)
    if not rows:
        return
    stmt = _insert(session, table)
    columns = list(update) if update is not None else [c for c in rows[0] if c not in keys]
    if columns:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={c: stmt.excluded[c] for c in columns})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    session.execute(stmt, rows)
