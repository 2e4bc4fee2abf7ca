"""Opening a Desk database: the engine, its migrations, and sessions per unit of work."""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3 as sqlite3_driver
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk import paths
from desk.core.store import postgres, sqlite, sqlite_file
from desk.core.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

# SQLAlchemy (and the models) cost a good part of a second to import: a command that
# opens an up-to-date SQLite database imports them on the first session, not before
# (``desk export`` after one edit may never need them).

log = logging.getLogger(__name__)

# Plain SQL with qmark parameters, giving rows as tuples (Database.read_sql).
Sql = Callable[..., Iterable[Sequence[Any]]]


def database_url(db_path: str | Path | None = None, url: str | None = None) -> str:
    if url:
        # Desk's PostgreSQL driver is psycopg 3 (desk[postgres]), whatever the URL's
        # scheme says: SQLAlchemy's default for postgresql:// is psycopg2.
        return re.sub(r"^postgres(?:ql)?://", "postgresql+psycopg://", url)
    path = Path(db_path) if db_path else paths.default_database_path()
    if db_path is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(path.expanduser().absolute())


class Database:
    """One database: an engine plus session factories for reading and for writing.

    ``db.read()`` and ``db.write()`` each give one session for one unit of work; write
    sessions commit on success, roll back on any error, and on SQLite take the write lock
    up front. Reads never take it.

    A write that finds another program holding the lock waits for it (``busy_wait``
    seconds; by default five of SQLite's busy timeouts) and tells ``on_busy``: called with
    a one-line message when the wait starts and with None when it ends, from the thread
    doing the write (the window marshals it to its status bar; the command line prints it).

    ``read_only``: a SQLite file Desk cannot write (a read-only folder or medium), opened
    for the commands that only read; a write is refused at once with a one-line reason.
    """

    def __init__(self, engine: Engine | None = None, *, sqlite_file: Path | None = None,
                 read_only: bool = False):
        """An engine, or (lazily) the SQLite file ``sqlite_file``: its engine is made on
        first use."""
        self._engine: Engine | None = None
        self._sqlite_file = sqlite_file
        self.read_only = read_only
        self.on_busy: sqlite.BusyListener | None = None
        self.busy_wait: float | None = None  # None: sqlite.default_wait()
        if engine is not None:
            self._set_engine(engine)
        elif sqlite_file is None:
            raise ValueError("an engine or a SQLite file")
        self.is_sqlite = engine is None or engine.dialect.name == "sqlite"

    def _set_engine(self, engine: Engine) -> None:
        from sqlalchemy.orm import sessionmaker

        self._engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        writer_engine = engine.execution_options(desk_write=True)
        self._writer = sessionmaker(writer_engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            assert self._sqlite_file is not None
            self._set_engine(_make_engine("sqlite:///" + str(self._sqlite_file),
                                          read_only=self._sqlite_file if self.read_only else None))
        return self._engine

    @property
    def path(self) -> Path | None:
        if self._engine is None or self._sqlite_file is not None:
            return self._sqlite_file
        db = self._engine.url.database
        return Path(db) if self.is_sqlite and db and db != ":memory:" else None

    def raw_sqlite(self) -> sqlite3_driver.Connection | None:
        """A plain sqlite3 connection to the file (no SQLAlchemy), set up like the
        engine's; None for other databases. The caller closes it."""
        if not self.is_sqlite or self.path is None:
            return None
        return sqlite.connect_raw(self.path, read_only=self.read_only)

    def plain_reader(self) -> Any:
        """A connection of its own for the readers written for sqlite3 (``execute`` with
        qmark SQL, ``close``): raw_sqlite's, or on PostgreSQL one that gives the same rows
        (postgres.SqliteLikeConnection). None for an in-memory database."""
        if self.is_sqlite:
            return self.raw_sqlite()
        import sqlite3

        try:
            return postgres.SqliteLikeConnection(
                self.engine.url.render_as_string(hide_password=False))
        except sqlite3.Error:
            return None  # the caller's usual path meets the error and says it

    def _waiting(self, what: str, wait: float | None) -> sqlite.Waiting:
        seconds = wait if wait is not None else self.busy_wait
        return sqlite.Waiting(what, sqlite.default_wait() if seconds is None else seconds, self.on_busy)

    def _refuse_read_only(self, what: str) -> None:
        if self.read_only:
            raise DatabaseError(f"{what}: the database {self.path} is read-only; nothing was changed")

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the read transaction and keeps loaded objects
        # usable after the block.
        self.engine  # noqa: B018  (made on first use)
        with self._guard("reading"), self._reader() as session:
            yield session

    @contextlib.contextmanager
    def read_sql(self, what: str = "reading") -> Iterator[Sql]:
        """``run(sql, params)`` for plain SQL in one read transaction: on a database file,
        a sqlite3 connection (no SQLAlchemy: a full export needs no more); otherwise the
        engine's connection. SQL errors become the same DatabaseError ``read`` raises."""
        if not self.is_sqlite:
            with self.read() as session:
                driver = session.connection().connection.driver_connection
                yield postgres.PlainSql(driver)
            return
        if self.path is None:  # in memory
            with self.read() as session:
                connection = session.connection()
                yield lambda sql, params=(): connection.exec_driver_sql(sql, tuple(params))
            return
        with self._sqlite3(what, "BEGIN") as conn:
            yield conn.execute

    @contextlib.contextmanager
    def write_sql(self, what: str = "saving", *, wait: float | None = None) -> Iterator[sqlite3_driver.Connection]:
        """A sqlite3 connection to the database file in one write transaction, committed
        when the block ends without an error: many rows in one statement, no SQLAlchemy.
        Only for a database file (an in-memory one has a single connection, which may be
        in a read transaction). ``wait``: seconds to wait for a busy database."""
        if self.path is None:
            raise DatabaseError(f"{what}: the database is not a file")
        self._refuse_read_only(what)
        if self.file_missing():
            raise DatabaseError(f"{what}: the database file {self.path} was deleted or moved")
        with self._sqlite3(what, "BEGIN IMMEDIATE", self._waiting(what, wait)) as conn:
            yield conn

    @contextlib.contextmanager
    def _sqlite3(self, what: str, begin: str,
                 waiting: sqlite.Waiting | None = None) -> Iterator[sqlite3_driver.Connection]:
        """A sqlite3 connection to the file in one transaction, ended when the block ends
        (committed, or rolled back on an error); SQL errors in the words ``read`` uses."""
        assert self.path is not None
        conn = None
        try:
            conn = sqlite.connect_raw(self.path, read_only=self.read_only)
            if waiting is not None:
                sqlite.begin_write(lambda: conn.execute(begin), waiting)
            else:
                conn.execute(begin)
            yield conn
            conn.execute("COMMIT")
        except sqlite3_driver.Error as exc:
            friendly = sqlite.translate_error(exc, what)
            if friendly is not None:
                raise friendly from exc
            raise
        finally:
            if conn is not None:
                if conn.in_transaction:
                    conn.rollback()
                conn.close()

    @contextlib.contextmanager
    def write(self, what: str = "saving", *, wait: float | None = None) -> Iterator[Session]:
        """One unit of work that writes. ``wait``: seconds to wait for a busy database
        (``busy_wait`` unless given)."""
        self._refuse_read_only(what)
        if self.file_missing():
            raise DatabaseError(f"{what}: the database file {self.path} was deleted or moved")
        self.engine  # noqa: B018  (made on first use)
        token = sqlite.waiting.set(self._waiting(what, wait))
        try:
            with self._guard(what), self._writer() as session, session.begin():
                yield session
        finally:
            sqlite.waiting.reset(token)

    @contextlib.contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        from sqlalchemy.exc import DBAPIError, OperationalError

        try:
            yield
        except (OperationalError, DBAPIError) as exc:
            if self.is_sqlite:
                friendly = sqlite.translate_error(exc, what)
            else:
                friendly = postgres.translate_error(exc, what, self.server)
            if friendly is not None:
                raise friendly from exc
            raise

    @property
    def server(self) -> str | None:
        """Where a PostgreSQL database lives, for messages (host:port/name, no password)."""
        if self.is_sqlite or self._engine is None:
            return None
        url = self._engine.url
        return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"

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
        if self._engine is not None:
            self._engine.dispose()


def _make_engine(full_url: str, *, read_only: Path | None = None) -> Engine:
    """``read_only``: the SQLite file, opened so that nothing can write to it."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import configure_mappers

    from desk.core.store import models  # noqa: F401  (the mappers configure_mappers sets up)

    try:
        if read_only is not None:
            engine = create_engine("sqlite://", creator=lambda: sqlite.connect_read_only(read_only))
        elif full_url.startswith("sqlite"):
            engine = create_engine(full_url)
        else:
            # A server restarted or a connection dropped by the network while idle: the
            # pool tries each connection before handing it out and opens a new one.
            engine = create_engine(full_url, pool_pre_ping=True, **postgres.POOL)
    except ModuleNotFoundError as exc:
        raise DatabaseError(f"cannot open database {_shown(full_url)}: its driver ({exc.name}) is "
                            f"not installed; pip install 'desk[postgres]'") from exc
    except Exception as exc:  # bad URL
        raise DatabaseError(f"cannot open database {_shown(full_url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        sqlite.configure(engine, read_only=read_only is not None)
    # Mapper set-up happens on the first query otherwise: do it with the engine.
    configure_mappers()
    return engine


def _shown(url: str) -> str:
    """A URL fit for a message: the password hidden."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _plain_sqlite_file(full_url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL (as database_url makes them)."""
    prefix = "sqlite:///"
    if not full_url.startswith(prefix) or "?" in full_url:
        return None
    path = full_url[len(prefix):]
    return Path(path) if path and path != ":memory:" and Path(path).is_absolute() else None


def open_database(
    db_path: str | Path | None = None, url: str | None = None, *, migrate: bool = True,
    for_reading: bool = False,
) -> Database:
    """Open (creating or upgrading as needed) the database at a path or URL. A SQLite
    file with another program's tables is refused, untouched. ``for_reading``: the
    caller only reads, so a file Desk cannot write is opened read-only (it must be at
    this Desk's schema: it cannot be upgraded)."""
    full_url = database_url(db_path, url)
    plain = _plain_sqlite_file(full_url)
    if plain is not None and migrate:
        state = sqlite.check_file(plain, write=not for_reading)
        if for_reading and plain.exists() and not sqlite_file.writable(plain):
            if state is None or state.revision != _head():
                raise DatabaseError(
                    f"cannot open database {plain}: it is read-only and its schema "
                    f"({state.revision if state else 'unreadable'}) is not this Desk's; open it "
                    f"once where it can be written")
            return Database(sqlite_file=plain, read_only=True)
        if state is not None and state.journal_mode == "wal" and state.revision == _head():
            # Nothing to create or upgrade: SQLAlchemy is imported on first use.
            return Database(sqlite_file=plain)
    from sqlalchemy import make_url
    from sqlalchemy.exc import DBAPIError, OperationalError

    parsed = make_url(full_url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        sqlite.check_file(Path(parsed.database))
    engine = _make_engine(full_url)
    db = Database(engine)
    try:
        if migrate:
            from desk.core.store import migrations

            migrations.upgrade(db)
    except DatabaseError:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        where = f"cannot open database {parsed.database}"
        if not is_sqlite:
            friendly = postgres.translate_error(
                exc, where, f"{parsed.host or 'localhost'}:{parsed.port or 5432}")
            if friendly is not None:
                raise friendly from exc
            raise DatabaseError(f"{where}: {postgres.one_line(exc)}") from exc
        if is_sqlite and parsed.database and sqlite_file.disk_full(Path(parsed.database)):
            # SQLite says "disk I/O error" when it cannot size the shared-memory file.
            raise DatabaseError(f"{where}: the disk holding it is full; free some space and "
                                f"try again (nothing was changed)") from exc
        friendly = sqlite.translate_error(exc, where)
        if friendly is not None:
            raise friendly from exc
        raise DatabaseError(f"cannot open database {_shown(full_url)}: {exc.orig}") from exc
    return db


def _head() -> str:
    from desk.core.store.migrations import HEAD

    return HEAD
