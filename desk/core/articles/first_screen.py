"""The window's first screen, read with the standard library's sqlite3 module (or, for a
PostgreSQL URL, with psycopg alone).

Importing SQLAlchemy and the models takes longer than opening the window itself. So that
the editor sees the article list at once, the window first shows what this module reads
(site settings, the article count and the first page of the list, exactly the rows and
order the list model's own query gives), and the ORM is imported right after the first
paint. Read only: nothing is written, and a database this module cannot read as it
expects (another revision of the schema, not SQLite, any error) gives None, and the
window opens the usual way, which creates, upgrades or explains.

No Qt, no SQLAlchemy: the same queries on both backends.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desk.core.site import settings as site_settings
from desk.core.errors import DeskError
from desk.core.store.migrations import HEAD
from desk.core.store.sqlite_file import check_file

PAGE = 256  # rows in one page of the list
SORT_COLUMNS = ("articles.headline", "articles.status", "categories.name", "articles.updated_at")
BUSY_TIMEOUT_MS = 2000


@dataclass(frozen=True)
class Row:
    """One row of the article list."""

    id: int
    headline: str
    status: str
    category: str
    updated: dt.datetime  # aware UTC


@dataclass(frozen=True)
class FirstScreen:
    site: site_settings.SiteSettings
    total: int  # articles not in the trash
    rows: list[Row]  # the first page, in the list's order
    sort_column: int
    descending: bool


def read(path: str | Path, sort_column: int = 3, descending: bool = True,
         limit: int = PAGE) -> FirstScreen | None:
    """Settings, count and first page of the unfiltered list, sorted by a list column
    (0 headline, 1 status, 2 category, 3 updated; ties by id in the same direction).
    None when the database is not one this module reads (see the module docstring).
    ``path``: a SQLite file, or a PostgreSQL URL."""
    if isinstance(path, str) and path.startswith("postgres"):
        return _read_postgres(path, sort_column, descending, limit)
    path = Path(path).expanduser().absolute()
    try:
        check_file(path)
        if not path.is_file() or path.stat().st_size == 0:
            return None  # created and migrated by the usual opening
        # mode=rw: never create a file; query_only: never write to it.
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except (DeskError, OSError, sqlite3.Error):
        return None
    try:
        conn.execute("PRAGMA query_only = 1")
        conn.execute("BEGIN")  # one snapshot for the count and the rows
        return _first_screen(conn.execute, sort_column, descending, limit)
    except (sqlite3.Error, ValueError, TypeError, LookupError):
        return None
    finally:
        conn.close()


def _read_postgres(url: str, sort_column: int, descending: bool, limit: int) -> FirstScreen | None:
    try:
        import psycopg

        from desk.core.store import postgres
    except ImportError:
        return None
    try:
        conn = postgres.connect(url, connect_timeout=5)
    except psycopg.Error:
        return None  # the usual opening explains
    try:
        # One snapshot for the count and the rows, and nothing written.
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _first_screen(postgres.PlainSql(conn), sort_column, descending, limit)
    except (psycopg.Error, ValueError, TypeError, LookupError):
        return None
    finally:
        conn.close()


def _first_screen(run, sort_column: int, descending: bool, limit: int) -> FirstScreen | None:
    """The reads, as qmark SQL through ``run(sql, params)`` (sqlite3's execute, or
    postgres.PlainSql)."""
    version = next(iter(run("SELECT version_num FROM alembic_version")), None)
    if version is None or version[0] != HEAD:
        return None
    site = site_settings.from_sql(run)
    site.tz  # an unknown time zone: let the usual opening deal with it
    total = next(iter(run("SELECT count(articles.id) FROM articles "
                          "WHERE articles.deleted_at IS NULL")))[0]
    direction = "DESC" if descending else "ASC"
    # NULLS the way SQLite sorts them (smallest), so both backends give the same page.
    nulls = "NULLS LAST" if descending else "NULLS FIRST"
    rows = list(run(
        "SELECT articles.id, articles.headline, articles.status, categories.name, "
        "articles.updated_at FROM articles "
        "LEFT OUTER JOIN categories ON categories.id = articles.category_id "
        "WHERE articles.deleted_at IS NULL "
        f"ORDER BY {SORT_COLUMNS[sort_column]} {direction} {nulls}, articles.id {direction} "
        "LIMIT ? OFFSET 0", (limit,)))
    return FirstScreen(site=site, total=total, rows=[row(*r) for r in rows],
                       sort_column=sort_column, descending=descending)


def row(article_id: int, headline: str | None, status: str, category: str | None,
        updated: dt.datetime | str) -> Row:
    """A list row from the columns both readers select (the ORM gives aware datetimes,
    sqlite3 the stored naive-UTC text)."""
    if isinstance(updated, str):
        updated = dt.datetime.fromisoformat(updated)
    if updated.tzinfo is None:
        updated = updated.replace(tzinfo=dt.timezone.utc)
    return Row(article_id, headline or "(untitled)", status, category or "", updated)
