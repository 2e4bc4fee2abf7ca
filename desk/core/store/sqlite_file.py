"""Checks on a SQLite database file, with the standard library only: they run before
the window's first screen is read (first_screen.py) as well as when the database is
opened with SQLAlchemy (db.py). Nothing here writes to the file: it is opened read-only
(``mode=ro``), so a file Desk then refuses is left exactly as it was (no table made, no
switch to WAL, no -wal or -shm file)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desk.core.errors import DatabaseError

HEADER = b"SQLite format 3\x00"

# Every table a Desk database has ever held (the models, Alembic's, the FTS5 index and
# its shadow tables, the search terms). A migration that adds a table adds it here; one
# that drops a table keeps its name (an older file may still hold it). SQLite's own
# tables (sqlite_*) are always allowed. tests/core/store/test_db_sharing.py checks the list.
DESK_TABLES = frozenset({
    "alembic_version", "article_fts", "article_fts_config", "article_fts_content",
    "article_fts_data", "article_fts_docsize", "article_fts_idx", "article_photos",
    "article_spelling", "personal_words",
    "article_tags", "articles", "categories", "import_runs", "import_sources", "import_undo",
    "photo_blobs", "photos", "presets",
    "publications", "publish_targets", "related_articles", "remote_media", "render_cache",
    "renditions", "revisions", "search_terms", "settings", "tags",
})


@dataclass(frozen=True)
class FileState:
    """What a database file holds, read without changing it."""

    tables: frozenset[str]
    journal_mode: str
    revision: str | None

    @property
    def foreign(self) -> list[str]:
        return sorted(t for t in self.tables - DESK_TABLES if not t.startswith("sqlite_"))


def connect_read_only(path: Path, timeout: float = 1.0) -> sqlite3.Connection:
    """A connection that cannot write. ``mode=ro`` needs the -shm file of a WAL database
    (made when the folder can be written); where it cannot be made (a read-only folder
    or medium) the file is opened ``immutable``: nobody can be writing to it there."""
    uri = Path(path).absolute().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=timeout,
                               check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, timeout=timeout,
                           check_same_thread=False)


def inspect(path: Path) -> FileState | None:
    """The tables, journal mode and Alembic revision of an existing, non-empty database
    file; None when it cannot be read as one."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return FileState(tables, mode, revision)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def writable(path: Path) -> bool:
    """Can Desk write to this database (the file, and its folder for the -wal and -shm
    files)? A file that does not exist yet needs only its folder."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def check_file(path: Path, *, write: bool = True) -> FileState | None:
    """Refuse, with a reason, a path Desk could not open (``write``: or write to) as its
    database: no folder, a folder, unreadable, not SQLite, another program's tables.
    Returns what the file holds (None for a new or empty file)."""
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseError(f"cannot open database {path}: folder {folder} does not exist")
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"cannot open database {path}: it is a folder")
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"cannot open database {path}: not readable")
        size = path.stat().st_size
        if size:
            with path.open("rb") as fh:
                if fh.read(len(HEADER)) != HEADER:
                    raise DatabaseError(f"cannot open database {path}: not a SQLite database")
            state = inspect(path)
            refuse_foreign(path, state)
        else:
            state = None
        if write and not writable(path):
            raise DatabaseError(f"cannot open database {path}: read-only")
        return state
    if not os.access(folder, os.W_OK):
        raise DatabaseError(f"cannot create database {path}: folder {folder} is read-only")
    return None


def refuse_foreign(path: Path, state: FileState | None) -> None:
    if state is None:
        return  # unreadable as a database: the opening says why, in SQLite's words
    foreign = state.foreign
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise DatabaseError(f"cannot open database {path}: not a Desk database (it holds tables "
                            f"Desk did not make: {shown}); nothing was changed")


def disk_full(path: Path, margin: int = 64 * 1024) -> bool:
    """The file system holding ``path`` has (almost) no space left for Desk."""
    try:
        stats = os.statvfs(path.parent if not path.is_dir() else path)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return stats.f_bavail * stats.f_frsize < margin
