"""Writers share the database, and Desk opens only its own.

* a busy database (another writer holds the lock) is waited for with a one-line message,
  up to a limit (DESK_BUSY_WAIT seconds), then refused with exit 2, for every command;
* commands that only read never take the write lock (`desk render` saves its render
  cache afterwards, best effort);
* a SQLite file with another program's tables is refused (exit 2) and left untouched:
  no table added, no switch to WAL;
* a read-only database opens read-only for list, search, render, check and export."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from desk.cli.run import main
from desk.core.articles import editing as articles
from desk.core.store.db import open_database
from desk.core.errors import DatabaseError

from tests.readonly import readonly_folder
from tests.cli.test_cli import jpeg_bytes, run, write_md


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A Desk database with one published article, closed."""
    path = tmp_path / "desk.sqlite"
    db = open_database(path)
    with db.write() as session:
        articles.create(session, "Harbour reopens after the storm", status="published",
                        byline="Desk test desk", category="Local", body="The harbour reopened on Monday.")
    db.close()
    return path


class Holder:
    """Another program holding the write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn is not None:
            self.conn.execute("ROLLBACK")
            self.conn.close()
            self.conn = None

    def release_after(self, seconds: float) -> threading.Thread:
        thread = threading.Timer(seconds, self.release)
        thread.start()
        return thread


# --- busy ---------------------------------------------------------------------------------


def test_a_busy_database_is_waited_for_with_one_line_then_written(library, tmp_path, capsys):
    md = write_md(tmp_path, "story.md", "title: Ferry timetable changes\nstatus: draft")
    holder = Holder(library)
    timer = holder.release_after(1.5)
    try:
        code, out, err = run(capsys, "--db", str(library), "import", str(md))
    finally:
        timer.join()
        holder.release()
    assert code == 0, err
    assert "imported 1 new" in out
    waiting = [line for line in err.splitlines() if "busy" in line]
    assert len(waiting) == 1 and "waiting" in waiting[0], err


def test_a_database_busy_for_too_long_is_refused_with_exit_2(library, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DESK_BUSY_WAIT", "0.5")
    md = write_md(tmp_path, "story.md", "title: Ferry timetable changes\nstatus: draft")
    holder = Holder(library)
    try:
        started = time.monotonic()
        code, _, err = run(capsys, "--db", str(library), "import", str(md))
        took = time.monotonic() - started
    finally:
        holder.release()
    assert code == 2 and "locked by another program" in err
    assert took < 4.0
    assert err.strip().splitlines()[-1].startswith("desk: ")


def test_photo_import_on_a_locked_database_exits_2_like_other_commands(library, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DESK_BUSY_WAIT", "0.3")
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(jpeg_bytes())
    holder = Holder(library)
    try:
        code, _, err = run(capsys, "--db", str(library), "photo", "import", str(photo))
    finally:
        holder.release()
    assert code == 2, err
    assert "locked by another program" in err


def test_render_never_takes_the_write_lock(library, capsys, monkeypatch):
    monkeypatch.setenv("DESK_BUSY_WAIT", "0.2")
    holder = Holder(library)
    try:
        started = time.monotonic()
        code, out, err = run(capsys, "--db", str(library), "render", "harbour-reopens-after-the-storm")
        took = time.monotonic() - started
    finally:
        holder.release()
    assert code == 0, err
    assert "<h1" in out and "Harbour reopens after the storm" in out
    assert took < 3.0


def test_render_saves_its_cache_after_when_it_can(library, capsys):
    code, out, _ = run(capsys, "--db", str(library), "render", "harbour-reopens-after-the-storm")
    assert code == 0
    with sqlite3.connect(library) as conn:
        assert conn.execute("SELECT html FROM render_cache").fetchone()[0] == out


def test_the_window_can_be_told_the_database_is_busy(library):
    """Database.on_busy: called with a message when a write starts waiting, with None
    when it stops (the window's status bar shows it)."""
    db = open_database(library)
    seen: list[str | None] = []
    db.on_busy = seen.append
    holder = Holder(library)
    timer = holder.release_after(1.2)
    try:
        with db.write("saving the article") as session:
            articles.create(session, "Written once the lock was free")
    finally:
        timer.join()
        holder.release()
        db.close()
    assert len(seen) == 2 and "saving the article" in seen[0] and "busy" in seen[0] and seen[1] is None


# --- foreign files --------------------------------------------------------------------------


def foreign_database(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("argv", [["list"], ["search", "ada"], ["init"], ["render", "x"],
                                  ["export", "--out", "SITE"], ["photo", "list"]])
def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path, capsys, argv):
    path = tmp_path / "accounts.sqlite"
    before = foreign_database(path)
    argv = [str(tmp_path / "site") if a == "SITE" else a for a in argv]
    code, _, err = run(capsys, "--db", str(path), *argv)
    assert code == 2, err
    assert err.count("\n") == 1 and "not a Desk database" in err and "customers" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.sqlite"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["customers"]


def test_open_database_refuses_a_foreign_file(tmp_path):
    path = tmp_path / "accounts.sqlite"
    before = foreign_database(path)
    with pytest.raises(DatabaseError, match="not a Desk database"):
        open_database(path)
    assert path.read_bytes() == before


def test_the_list_of_desk_tables_is_every_table_desk_makes(library):
    from desk.core.store.sqlite_file import DESK_TABLES

    with sqlite3.connect(library) as conn:
        made = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {t for t in made if not t.startswith("sqlite_")} <= DESK_TABLES


# --- read-only --------------------------------------------------------------------------------


def test_a_read_only_database_opens_read_only_for_the_commands_that_read(library, tmp_path, capsys):
    with readonly_folder(tmp_path, {"desk.sqlite": library.read_bytes()}) as ro:
        path = str(ro / "desk.sqlite")
        before = sorted(p.name for p in ro.iterdir())
        code, out, err = run(capsys, "--db", path, "list")
        assert code == 0 and "harbour-reopens-after-the-storm" in out, err
        code, out, err = run(capsys, "--db", path, "search", "harbour")
        assert code == 0 and "harbour-reopens-after-the-storm" in out, err
        code, out, err = run(capsys, "--db", path, "render", "harbour-reopens-after-the-storm")
        assert code == 0 and "Harbour reopens after the storm" in out, err
        code, out, err = run(capsys, "--db", path, "check", "harbour-reopens-after-the-storm")
        assert code in (0, 1) and "Traceback" not in err, err
        site = tmp_path / "site"
        code, out, err = run(capsys, "--db", path, "export", "--out", str(site), "--base-url", "https://news.example.org")
        assert code in (0, 1) and (site / "index.html").is_file(), err
        md = write_md(tmp_path, "new.md", "title: A new story")
        code, _, err = run(capsys, "--db", path, "import", str(md))
        assert code == 2 and "read-only" in err and err.count("\n") == 1
        assert sorted(p.name for p in ro.iterdir()) == before
        import gc

        gc.collect()  # the commands' connections, before the folder is unmounted
