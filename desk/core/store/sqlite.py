"""Everything SQLite-only lives here: connection pragmas, transaction mode, the file
checks and the FTS5 search index. The rest of the core speaks portable SQL."""

from __future__ import annotations

import contextvars
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.core.errors import DatabaseError
from desk.core.store.sqlite_file import HEADER, check_file, connect_read_only  # noqa: F401  (stdlib only)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

# SQLite's own wait for a lock, per attempt. A writer that does not get the write lock
# within it is told the database is busy (the listener: a line on stderr, a status in the
# window) and keeps trying (begin_write) up to the wait of its unit of work: by default
# DEFAULT_ATTEMPTS of these timeouts (5 s: the window's autosave then shows its banner
# and tries again later); the command line waits DESK_BUSY_WAIT seconds, five minutes
# unless set.
BUSY_TIMEOUT_MS = 1000
DEFAULT_ATTEMPTS = 5
COMMAND_BUSY_WAIT = 300.0

# Called with a line to show when a write starts waiting for the lock, None when it stops.
BusyListener = Callable[[str | None], None]


def default_wait() -> float:
    return DEFAULT_ATTEMPTS * BUSY_TIMEOUT_MS / 1000


def command_wait() -> float:
    """How long a command waits for a busy database: DESK_BUSY_WAIT seconds."""
    try:
        return max(0.0, float(os.environ.get("DESK_BUSY_WAIT", COMMAND_BUSY_WAIT)))
    except ValueError:
        return COMMAND_BUSY_WAIT


@dataclass(frozen=True)
class Waiting:
    """How long a unit of work waits for the write lock, and whom it tells."""

    what: str
    seconds: float
    listener: BusyListener | None = None


# The unit of work being begun on this thread (Database.write sets it; the "begin"
# event, which SQLAlchemy calls without it, reads it).
waiting: contextvars.ContextVar[Waiting | None] = contextvars.ContextVar("desk_waiting", default=None)


def is_locked(exc: BaseException) -> bool:
    msg = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in msg or "database table is locked" in msg


def begin_write(begin: Callable[[], Any], wait: Waiting | None) -> None:
    """``begin()`` (a BEGIN IMMEDIATE), tried again while another program holds the
    write lock, up to ``wait.seconds``; the listener hears when the wait starts and ends."""
    started = time.monotonic()
    told = False
    try:
        while True:
            try:
                begin()
                return
            except Exception as exc:
                if not is_locked(exc) or wait is None or time.monotonic() - started >= wait.seconds:
                    raise
                if not told and wait.listener is not None:
                    told = True
                    wait.listener(f"{wait.what}: the database is busy (another program is writing "
                                  f"to it); waiting up to {_duration(wait.seconds)}")
    finally:
        if told and wait is not None and wait.listener is not None:
            wait.listener(None)


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"


def configure(engine: Engine, *, read_only: bool = False) -> None:
    """WAL, foreign keys, a busy timeout and synchronous=FULL on every connection.

    FULL (not NORMAL) because in WAL mode NORMAL may lose the last commits on a power cut.
    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN is the
    one that runs; writers ask for BEGIN IMMEDIATE (see begin_mode) so a read that turns
    into a write never fails with SQLITE_BUSY halfway through a unit of work, and wait for
    the lock (begin_write). ``read_only``: a file opened read-only (mode=ro or immutable),
    left in its journal mode; the temporary tables of the search tokenizer still work.
    """

    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = None if read_only else cur.execute("PRAGMA journal_mode = WAL").fetchone()
        cur.execute("PRAGMA foreign_keys = ON")
        if not read_only:  # (the file was opened mode=ro: nothing can write to it)
            cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA cache_size = -32000")
        create_tokenizer(cur)
        cur.close()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            raise DatabaseError(f"cannot switch the database to WAL (got {mode[0]})")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("desk_write", False):
            begin_write(lambda: conn.exec_driver_sql("BEGIN IMMEDIATE"), waiting.get())
        else:
            conn.exec_driver_sql("BEGIN")


def json_value(value: object) -> Any:
    """A JSON column's value as SQLAlchemy's JSON type gives it. The column has NUMERIC
    affinity, so SQLite keeps a JSON number as a number, not as its text."""
    return json.loads(value) if isinstance(value, str) else value


def connect_raw(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection with the engine's settings (no SQLAlchemy): for the
    few hot paths that read many rows before anything else needs the ORM. Transactions
    are explicit (BEGIN / BEGIN IMMEDIATE)."""
    if read_only:
        conn = connect_read_only(path)
    else:
        # mode=rw: never create a file where the database was (deleted while Desk runs).
        conn = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=rw", uri=True,
                               isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    return conn


def translate_error(exc: BaseException, where: str) -> DatabaseError | None:
    """A plain-words message for the SQLite errors an editor can meet."""
    msg = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in msg or "database table is locked" in msg:
        return DatabaseError(f"{where}: the database is locked by another program; try again "
                             f"(or wait longer: DESK_BUSY_WAIT seconds)")
    if "readonly" in msg or "read-only" in msg:
        return DatabaseError(f"{where}: the database is read-only")
    if "disk is full" in msg or "database or disk is full" in msg:
        return DatabaseError(f"{where}: the disk is full; nothing was saved")
    if "disk i/o error" in msg or "no such table" in msg and "alembic" not in msg:
        return DatabaseError(f"{where}: the database file is unavailable ({msg})")
    if "file is not a database" in msg:
        return DatabaseError(f"{where}: not a SQLite database")
    return None


# --- full-text search (FTS5) --------------------------------------------------------------

FTS_COLUMNS = ("headline", "standfirst", "body", "byline", "tags", "credits")
TOKENIZE = "unicode61 remove_diacritics 2"

# A prefix query ("report"*) on a prefix longer than the index's prefix sizes makes FTS5
# read and merge the whole doclist of every matching term before the first row comes out
# (40 ms for a common word at 100,000 articles). Spelled out as an OR of the terms
# themselves, it walks those lists lazily from the newest row and stops at the limit
# (under a millisecond). search_terms keeps every term the index ever held (a superset:
# a term whose last article went away expands to a list that matches nothing), and a
# tokenizer table in the temp schema turns text into terms exactly as the index does.
PREFIX_SIZES = (2, 3)
MAX_EXPANSION = 128  # beyond this an OR costs more than FTS5's own prefix merge


def create_search_index(conn: Connection) -> None:
    cols = ", ".join(FTS_COLUMNS)
    sizes = " ".join(str(n) for n in PREFIX_SIZES)
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5({cols}, "
        f"tokenize = '{TOKENIZE}', prefix = '{sizes}')"
    )


def drop_search_index(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE IF EXISTS article_fts")


def create_search_terms(conn: Connection) -> None:
    """The term list, filled from the index as it stands (migration 0002)."""
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID"
    )
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_fts_vocab "
        "USING fts5vocab(main, article_fts, row)"
    )
    conn.exec_driver_sql("INSERT OR IGNORE INTO search_terms SELECT term FROM temp.article_fts_vocab")
    conn.exec_driver_sql("DROP TABLE temp.article_fts_vocab")


def drop_search_terms(conn: Connection) -> None:
    conn.exec_driver_sql("DROP TABLE IF EXISTS search_terms")


def create_tokenizer(cur: sqlite3.Cursor) -> None:
    """The tokenizer table, on every connection when it opens: created inside a
    transaction, a read's rollback would drop it again. Contentless, so that 'delete-all'
    empties it at once."""
    cur.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.desk_tokens "
        f"USING fts5(text, content = '', tokenize = '{TOKENIZE}')"
    )
    cur.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.desk_tokens_vocab "
        "USING fts5vocab(temp, desk_tokens, row)"
    )


def _clear_tokens(conn: Connection) -> None:
    conn.exec_driver_sql("INSERT INTO temp.desk_tokens (desk_tokens) VALUES ('delete-all')")


def tokens(conn: Connection, text: str) -> list[str]:
    """The terms the index makes of ``text``, in order of the term list."""
    conn.exec_driver_sql("INSERT INTO temp.desk_tokens (text) VALUES (?)", (text,))
    try:
        return [r[0] for r in conn.exec_driver_sql("SELECT term FROM temp.desk_tokens_vocab")]
    finally:
        _clear_tokens(conn)


def _remember_terms(conn: Connection, rows: list[dict[str, Any]]) -> None:
    conn.exec_driver_sql(
        "INSERT INTO temp.desk_tokens (text) VALUES (?)",
        [(" ".join(r[c] or "" for c in FTS_COLUMNS),) for r in rows],
    )
    try:
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO search_terms SELECT term FROM temp.desk_tokens_vocab"
        )
    finally:
        _clear_tokens(conn)


def fts_upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    from sqlalchemy import text

    if not rows:
        return
    conn.execute(text("DELETE FROM article_fts WHERE rowid = :id"), [{"id": r["id"]} for r in rows])
    cols = ", ".join(FTS_COLUMNS)
    params = ", ".join(f":{c}" for c in FTS_COLUMNS)
    conn.execute(text(f"INSERT INTO article_fts (rowid, {cols}) VALUES (:id, {params})"), rows)
    _remember_terms(conn, rows)


def fts_delete(conn: Connection, article_id: int) -> None:
    from sqlalchemy import text

    conn.execute(text("DELETE FROM article_fts WHERE rowid = :id"), {"id": article_id})


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(words: list[str]) -> str:
    """An FTS5 MATCH expression: every word must occur; the last one may be a prefix
    (results as you type). Words are quoted so that FTS syntax in input is inert."""
    terms = []
    for i, word in enumerate(words):
        # A one-letter prefix would expand to a good part of the vocabulary.
        prefix = i == len(words) - 1 and len(word) >= 2
        terms.append(_quote(word) + ("*" if prefix else ""))
    return " ".join(terms)


def fts_match(conn: Connection, words: list[str]) -> str | None:
    """``fts_query`` with the last word's prefix spelled out as the terms it stands for,
    when that is cheaper; None when no indexed term starts with it (nothing can match)."""
    last = words[-1]
    if len(last) <= max(PREFIX_SIZES):
        return fts_query(words)  # short prefixes have an index of their own
    normal = tokens(conn, last)
    if len(normal) != 1:
        return fts_query(words)  # the tokenizer splits it: let FTS5 treat it as a phrase
    start = normal[0]
    expansion = [r[0] for r in conn.exec_driver_sql(
        "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?",
        (start, start + "\U0010ffff", MAX_EXPANSION + 1),
    )]
    if not expansion:
        return None
    if len(expansion) > MAX_EXPANSION:
        return fts_query(words)
    alternatives = "(" + " OR ".join(_quote(t) for t in expansion) + ")"
    return " AND ".join([*(_quote(w) for w in words[:-1]), alternatives])


def rescue_copy(conn: Connection, target: Path) -> None:
    """Write the whole open database to ``target`` with SQLite's online backup.

    Used when the file was deleted while Desk had it open: the open connection still
    holds every page, so nothing is lost if it is copied out before closing."""
    raw = conn.connection.driver_connection
    tmp = target.with_name(target.name + ".rescue")
    dest = sqlite3.connect(tmp)
    try:
        raw.backup(dest)
    finally:
        dest.close()
    os.replace(tmp, target)
