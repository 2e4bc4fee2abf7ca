"""Checks on a SQLite database file, with the standard library only: they run before
the window's first screen is read (first_screen.py) as well as when the database is
opened with SQLAlchemy (db.py)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DatabaseError

HEADER = b"SQLite format 3\x00"


def check_file(path: Path) -> None:
    """Refuse, with a reason, a path Desk could not open or create as a database."""
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
        if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
            raise DatabaseError(f"cannot open database {path}: read-only")
    elif not os.access(folder, os.W_OK):
        raise DatabaseError(f"cannot create database {path}: folder {folder} is read-only")
