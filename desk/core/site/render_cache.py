"""Saving rendered pages into the render cache, best effort.

The cache is only a cache: the command or export that rendered the pages has done its
job without it, so saving waits briefly for a busy database and gives up quietly (a
locked or read-only database, a full disk, an article deleted meanwhile) rather than
fail or hold anything up. Plain sqlite3, one statement for many rows, and a newer
version saved meanwhile (by the preview) is never replaced by an older one."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from desk.core.errors import DeskError

if TYPE_CHECKING:
    from desk.core.store.db import Database

# How long a save waits for a busy database: one of SQLite's busy timeouts.
WAIT = 1.0

Row = tuple[int, int, str, str]  # article id, article version, context hash, html


SAVE = ("INSERT INTO render_cache (article_id, article_version, context_hash, html) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
        "article_version = excluded.article_version, context_hash = excluded.context_hash, "
        "html = excluded.html WHERE render_cache.article_version <= excluded.article_version")


def save(db: Database, rows: list[Row], *, wait: float = WAIT) -> bool:
    """Save ``rows``; True when they were saved. ``rows`` is emptied either way."""
    if rows and not db.is_sqlite and not db.read_only:
        try:
            return _save_on_server(db, rows)
        finally:
            rows.clear()
    if not rows or db.path is None or db.read_only:
        rows.clear()
        return False  # an in-memory database has one connection, maybe in a read transaction
    try:
        with db.write_sql("saving rendered pages", wait=wait) as conn:
            conn.executemany(SAVE, rows)
        return True
    except (DeskError, sqlite3.Error):
        return False
    finally:
        rows.clear()


def _save_on_server(db: Database, rows: list[Row]) -> bool:
    """PostgreSQL: the same statement in a unit of work of the engine's."""
    from sqlalchemy.exc import SQLAlchemyError

    from .postgres import format_sql

    try:
        with db.write("saving rendered pages") as session:
            session.connection().exec_driver_sql(format_sql(SAVE), list(rows))
        return True
    except (DeskError, SQLAlchemyError):
        return False
