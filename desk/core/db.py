"""Opening a Desk database: the engine, its migrations, and sessions per unit of work."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, configure_mappers, sessionmaker

from .. import paths
from . import models, sqlite  # noqa: F401  (models: the mappers configure_mappers sets up)
from .errors import DatabaseError

log = logging.getLogger(__name__)


def database_url(db_path: str | Path | None = None, url: str | None = None) -> str:
    if url:
        return url
    path = Path(db_path) if db_path else paths.default_database_path()
    if db_path is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(path.expanduser().absolute())


class Database:
    """One database: an engine plus session factories for reading and for writing.

    ``db.read()`` and ``db.write()`` each give one session for one unit of work; write
    sessions commit on success, roll back on any error, and on SQLite take the write lock
    up front.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._reader = sessionmaker(engine, expire_on_commit=False)
        writer_engine = engine.execution_options(desk_write=True)
        self._writer = sessionmaker(writer_engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        db = self.engine.url.database
        return Path(db) if self.is_sqlite and db and db != ":memory:" else None

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the read transaction and keeps loaded objects
        # usable after the block.
        with self._guard("reading"), self._reader() as session:
            yield session

    @contextlib.contextmanager
    def write(self, what: str = "saving") -> Iterator[Session]:
        if self.file_missing():
            raise DatabaseError(f"{what}: the database file {self.path} was deleted or moved")
        with self._guard(what), self._writer() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        try:
            yield
        except (OperationalError, DBAPIError) as exc:
            friendly = sqlite.translate_error(exc, what) if self.is_sqlite else None
            if friendly is not None:
                raise friendly from exc
            raise

    def file_missing(self) -> bool:
        """True when the SQLite file was deleted or moved away while open."""
        return self.path is not None and not self.path.exists()

    def rescue_file(self) -> Path:
        """Recreate a deleted database file from the open connection; returns its path."""
        assert self.path is not None
        with self.engine.connect() as conn:
            sqlite.rescue_copy(conn, self.path)
        # Connections still point at the deleted file: start afresh on the new one.
        self.engine.dispose()
        return self.path

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    db_path: str | Path | None = None, url: str | None = None, *, migrate: bool = True
) -> Database:
    """Open (creating or upgrading as needed) the database at a path or URL."""
    full_url = database_url(db_path, url)
    parsed = make_url(full_url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        sqlite.check_file(Path(parsed.database))
    try:
        engine = create_engine(full_url)
    except Exception as exc:  # bad URL, missing driver
        raise DatabaseError(f"cannot open database {full_url}: {exc}") from exc
    if is_sqlite:
        sqlite.configure(engine)
    db = Database(engine)
    try:
        if migrate:
            from . import migrations

            migrations.upgrade(db)
    except DatabaseError:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        friendly = sqlite.translate_error(exc, f"cannot open database {parsed.database}")
        if friendly is not None:
            raise friendly from exc
        raise DatabaseError(f"cannot open database {full_url}: {exc.orig}") from exc
    # Mapper set-up happens on the first query otherwise: do it now, with the opening.
    configure_mappers()
    return db
