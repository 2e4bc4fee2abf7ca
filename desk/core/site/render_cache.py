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


def save(db: Database, rows: list[Row], *, wait: float = WAIT) -> bool:
    """Save ``rows``; True when they were saved. ``rows`` is emptied either way."""
    if not rows or db.path is None or db.read_only:
        rows.clear()
        return False  # an in-memory database has one connection, maybe in a read transaction
    try:
        with db.write_sql("saving rendered pages", wait=wait) as conn:
            conn.executemany(
                "INSERT INTO render_cache (article_id, article_version, context_hash, html) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                "article_version = excluded.article_version, context_hash = excluded.context_hash, "
                "html = excluded.html WHERE render_cache.article_version <= excluded.article_version",
                rows)
        return True
    except (DeskError, sqlite3.Error):
        return False
    finally:
        rows.clear()
