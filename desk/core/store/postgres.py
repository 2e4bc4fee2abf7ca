"""Everything PostgreSQL-only lives here, as sqlite.py beside it holds SQLite's: plain SQL that
gives the rows SQLite's would, the errors an editor can meet in plain words, and the
full-text index (a tsvector per article, unaccent, word prefixes).

No SQLAlchemy at import time: the first screen reads with psycopg alone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from desk.core.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# --- plain SQL as SQLite gives it -----------------------------------------------------

# A qmark placeholder outside quotes: the plain SQL of the export and the settings is
# written once, for sqlite3, and runs here with psycopg's %s.
_SQL_PART = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


def format_sql(sql: str) -> str:
    """``sql`` with qmark placeholders written as psycopg's %s (and a literal % doubled)."""
    def swap(match: re.Match[str]) -> str:
        part = match.group(0)
        if part == "?":
            return "%s"
        if part == "%":
            return "%%"
        return part.replace("%", "%%")

    return _SQL_PART.sub(swap, sql)


def _sqlite_like_loaders(cursor: Any) -> None:
    """Rows as sqlite3 gives them: timestamps and dates as ISO text, JSON as its text,
    booleans as 0 and 1. The callers of Database.read_sql decode them once, the same way
    on both backends."""
    from psycopg.adapt import Loader
    from psycopg.types.string import TextLoader

    class IntBoolLoader(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    for name in ("json", "jsonb", "timestamp", "timestamptz", "date"):
        cursor.adapters.register_loader(name, TextLoader)
    cursor.adapters.register_loader("bool", IntBoolLoader)


class PlainSql:
    """``run(sql, params)`` over one psycopg connection, in its transaction: the Sql
    callable of Database.read_sql (qmark SQL in, tuples out)."""

    def __init__(self, driver_connection: Any):
        self._conn = driver_connection

    def __call__(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        cursor = self._conn.cursor()
        _sqlite_like_loaders(cursor)
        cursor.execute(format_sql(sql), tuple(params) if params else None)
        rows = cursor.fetchall() if cursor.description is not None else []
        cursor.close()
        return Rows(rows)


class SqliteLikeConnection:
    """A psycopg connection of its own that the sqlite3 readers of the incremental
    export take for theirs: ``execute`` (qmark SQL, rows as sqlite3 gives them; BEGIN
    starts one read-only snapshot) and ``close``. Its errors are raised as
    sqlite3.OperationalError, so those readers' one error handling covers both."""

    def __init__(self, url: str):
        import sqlite3

        import psycopg

        try:
            self._conn = connect(url, connect_timeout=10)
        except psycopg.Error as exc:
            raise sqlite3.OperationalError(one_line(exc)) from exc
        self._run = PlainSql(self._conn)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        import sqlite3

        import psycopg

        try:
            if sql.strip().upper() == "BEGIN":
                self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                return Rows([])
            return self._run(sql, params)
        except psycopg.Error as exc:
            raise sqlite3.OperationalError(one_line(exc)) from exc

    def close(self) -> None:
        self._conn.close()


class Rows:
    """What sqlite3's execute gives, as far as Desk's plain SQL uses it."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows
        self._next = 0

    def __iter__(self) -> Iterator[tuple]:
        while self._next < len(self._rows):
            self._next += 1
            yield self._rows[self._next - 1]

    def fetchone(self) -> tuple | None:
        return next(iter(self), None)

    def fetchall(self) -> list[tuple]:
        return list(self)


def iso_text(value: Any) -> str:
    """A timestamp as PostgreSQL prints it, normalised to the text SQLite stores
    (``YYYY-MM-DD HH:MM:SS.ffffff``)."""
    return value.isoformat(sep=" ", timespec="microseconds") if hasattr(value, "isoformat") else value


# --- errors ---------------------------------------------------------------------------

# A window keeps a few connections (the UI's reads, autosave, the workers); the pool
# lets a burst of background work open a few more, then gives them back. What a newsroom
# budgets per editor: POOL's pool_size + max_overflow (README, "Connection budget").
POOL = {"pool_size": 3, "max_overflow": 5, "pool_recycle": 1800, "pool_timeout": 30}


def _message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return " ".join(str(orig).split())


def one_line(exc: BaseException) -> str:
    return _message(exc)


def is_disconnect(exc: BaseException) -> bool:
    msg = _message(exc).lower()
    return any(s in msg for s in (
        "server closed the connection", "connection refused", "terminating connection",
        "connection is closed", "consuming input failed", "the connection is lost",
        "could not receive data", "could not send data", "connection to server",
        "is the server running", "server conn crashed", "connection timeout expired",
        "the database system is shutting down", "the database system is starting up",
    ))


def translate_error(exc: BaseException, where: str, server: str | None = None) -> DatabaseError | None:
    """A plain-words, one-line message for the PostgreSQL errors an editor can meet."""
    msg = _message(exc)
    low = msg.lower()
    at = f" at {server}" if server else ""
    if "password authentication failed" in low or "no password supplied" in low \
            or "authentication failed" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} refused the log-in (wrong user "
                             f"name or password); nothing was changed")
    if re.search(r'database "[^"]+" does not exist', low):
        name = re.search(r'database "([^"]+)" does not exist', msg)
        return DatabaseError(f"{where}: the PostgreSQL server{at} has no database "
                             f"{name.group(1) if name else ''!s}; create it first (createdb)")
    if "permission denied to create extension" in low:
        return DatabaseError(f"{where}: this role may not create the unaccent extension on the "
                             f"PostgreSQL server{at}; ask its administrator to run CREATE "
                             f"EXTENSION unaccent in the database once")
    if 'extension "unaccent"' in low or "unaccent" in low and "not available" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} lacks the unaccent extension "
                             f"(Debian: postgresql-contrib); ask its administrator to install it")
    if "permission denied" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} denied it ({msg})")
    if "too many clients" in low or "remaining connection slots" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} has no connection left; "
                             f"try again in a moment")
    if "could not translate host name" in low or "name or service not known" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} cannot be found (unknown host)")
    if is_disconnect(exc) or "timeout" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} cannot be reached (down or "
                             f"restarting); nothing was changed, try again")
    if "deadlock detected" in low or "could not serialize" in low or "lock timeout" in low \
            or "canceling statement due to lock timeout" in low:
        return DatabaseError(f"{where}: another editor is writing the same rows; try again")
    if "disk full" in low or "no space left" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} is out of disk space; nothing "
                             f"was saved")
    if "read-only transaction" in low:
        return DatabaseError(f"{where}: the PostgreSQL server{at} is read-only")
    return None


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://...``) as libpq takes it."""
    return re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql://", url)


def connect(url: str, **kwargs: Any) -> Any:
    """A plain psycopg connection (no SQLAlchemy) to a SQLAlchemy-style URL."""
    import psycopg

    return psycopg.connect(libpq_url(url), **kwargs)


# --- full-text search -----------------------------------------------------------------

# Text is cut into words and lowercased here, as SQLite's unicode61 tokenizer does (a
# word: letters, digits and private-use characters; anything else separates), so both
# backends see the same words whatever the server's locale; PostgreSQL then folds the
# accents (unaccent) and keeps the words in a tsvector with the 'simple' configuration,
# which neither stems nor drops stop words, as FTS5 does not.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def token_words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def document_text(row: dict[str, Any], columns: Iterable[str]) -> str:
    return " ".join(" ".join(token_words(row[c] or "")) for c in columns)


def create_search_index(conn: Connection) -> None:
    """Migration 0006: the unaccent extension, the index table and its GIN index."""
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS article_search ("
        "article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
        "document TSVECTOR NOT NULL)"
    )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_article_search_document ON article_search USING GIN (document)"
    )


def drop_search_index(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE IF EXISTS article_search")


def search_upsert(conn: Connection, rows: list[dict[str, Any]], columns: Iterable[str]) -> None:
    from sqlalchemy import text

    if not rows:
        return
    cols = tuple(columns)
    conn.execute(text(
        "INSERT INTO article_search (article_id, document) "
        "VALUES (:id, to_tsvector('simple'::regconfig, unaccent(:doc))) "
        "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
    ), [{"id": r["id"], "doc": document_text(r, cols)} for r in rows])


def search_delete(conn: Connection, article_id: int) -> None:
    from sqlalchemy import text

    conn.execute(text("DELETE FROM article_search WHERE article_id = :id"), {"id": article_id})


def tsquery(words: list[str]) -> str | None:
    """A to_tsquery expression: every word must occur, the last one (two letters or more)
    may be the start of a word, as fts_query does for SQLite. A query word the tokenizer
    cuts in two ("covid_19") must match as a phrase. None: nothing to look for."""
    terms = []
    for i, word in enumerate(words):
        parts = token_words(word)
        if not parts:
            continue
        quoted = ["'" + p.replace("'", "''") + "'" for p in parts]
        if i == len(words) - 1 and len(word) >= 2:
            quoted[-1] += ":*"
        terms.append("(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0])
    return " & ".join(terms) if terms else None


def search(conn: Connection, words: list[str], limit: int) -> list[int]:
    """Ids of the articles matching every word, newest first (as SQLite's search)."""
    from sqlalchemy import text

    query = tsquery(words)
    if query is None:
        return []
    rows = conn.execute(text(
        "SELECT article_id FROM article_search "
        "WHERE document @@ to_tsquery('simple'::regconfig, unaccent(:q)) "
        "ORDER BY article_id DESC LIMIT :limit"
    ), {"q": query, "limit": limit})
    return list(rows.scalars())
