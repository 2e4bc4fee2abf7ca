"""Two editors on one database at the same moment, each with their own connection, and
the server going away under them. PostgreSQL runs writers side by side, so these races
are real there; on SQLite the file's write lock serialises them (the version check is
shared and runs on both)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desk.cli.run import main
from desk.core.articles import categories, editing as articles
from desk.core.errors import ConflictError, DatabaseError
from desk.core.photos import records as photos
from desk.core.site import settings
from desk.core.store import concurrent_writes
from desk.core.store.db import open_database
from desk.core.store.models import Category, Photo, Setting, Tag
from tests import postgres


postgres_only = pytest.mark.skipif(not postgres.server_url(),
                                   reason="needs PostgreSQL (DESK_TEST_DATABASE_URL)")
needs_server_control = pytest.mark.skipif(
    not postgres.server_url() or not __import__("os").environ.get(postgres.DATA_VARIABLE),
    reason="needs PostgreSQL and its data folder (DESK_TEST_PGDATA)")


@pytest.fixture
def second(db_url):
    """A second editor: another Database (its own engine and connections) on the same URL."""
    other = open_database(url=db_url)
    yield other
    other.close()


def test_stale_version_is_a_conflict_on_both_backends(db, second):
    with db.write() as s:
        article_id = articles.create(s, "Harbour reopens", body="First.").id
    with second.read() as s:
        seen = articles.get(s, article_id).version
    with db.write() as s:
        articles.update(s, articles.get(s, article_id), body="Edited by the first editor.",
                        expected_version=seen)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        with second.write() as s:
            articles.update(s, articles.get(s, article_id), body="Second editor's text.",
                            expected_version=seen)
    with db.read() as s:
        assert articles.get(s, article_id).body == "Edited by the first editor."


@postgres_only
def test_orm_update_losing_the_race_raises_desks_conflict(db, second):
    """The second editor loaded the article; the first saves meanwhile; the second's
    flush finds the version moved: ConflictError, not SQLAlchemy's InvalidRequestError."""
    with db.write() as s:
        article_id = articles.create(s, "Harbour reopens", body="First.").id
    loaded, saved = threading.Event(), threading.Event()
    outcome: dict[str, BaseException | None] = {}

    def second_editor() -> None:
        try:
            with second.write() as s:
                article = articles.get(s, article_id)
                loaded.set()
                assert saved.wait(30)
                articles.update(s, article, body="Second editor's text.")
            outcome["error"] = None
        except BaseException as exc:  # noqa: BLE001  (the test looks at it)
            outcome["error"] = exc

    thread = threading.Thread(target=second_editor)
    thread.start()
    assert loaded.wait(30)
    with db.write() as s:
        articles.update(s, articles.get(s, article_id), body="First editor's text.")
    saved.set()
    thread.join(60)
    assert isinstance(outcome["error"], ConflictError), outcome
    assert "changed elsewhere" in str(outcome["error"])
    with db.read() as s:
        assert articles.get(s, article_id).body == "First editor's text."


def _both_miss_first(monkeypatch, module, name: str, barrier: threading.Barrier) -> None:
    """Make ``module.name`` (a look-up) wait for the other thread the first time it finds
    nothing, so both writers miss the row and both insert it: the race, every time."""
    original = getattr(module, name)
    waited = threading.local()

    def look_up(*args, **kwargs):
        found = original(*args, **kwargs)
        if found is None and not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()
        return found

    monkeypatch.setattr(module, name, look_up)


def _run_pair(work) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@postgres_only
def test_two_editors_create_the_same_tag_and_slug(db, second, monkeypatch):
    barrier = threading.Barrier(2, timeout=30)
    _both_miss_first(monkeypatch, articles, "_find_tag", barrier)
    databases = [db, second]

    def work(n: int) -> None:
        with databases[n].write() as s:
            articles.create(s, "Élections régionales", tags=["Élections"])

    assert _run_pair(work) == []
    with db.read() as s:
        assert [t.name for t in s.query(Tag)] == ["Élections"]
        slugs = sorted(a.slug for a in articles_list(s))
    assert slugs == ["elections-regionales", "elections-regionales-2"]


def articles_list(session):
    from desk.core.store.models import Article

    return list(session.query(Article))


@postgres_only
def test_two_editors_create_the_same_category(db, second, monkeypatch):
    barrier = threading.Barrier(2, timeout=30)
    _both_miss_first(monkeypatch, categories, "find", barrier)
    databases = [db, second]

    def work(n: int) -> None:
        with databases[n].write() as s:
            categories.by_path(s, "Sport", create=True)

    assert _run_pair(work) == []
    with db.read() as s:
        assert [c.name for c in s.query(Category)] == ["Sport"]


@postgres_only
def test_two_editors_store_the_same_photo_and_setting(db, second, monkeypatch, tmp_path: Path):
    from tests.photo_factory import base_jpeg

    data = base_jpeg(640, 480)
    barrier = threading.Barrier(2, timeout=30)
    _both_miss_first(monkeypatch, photos, "find_by_hash", barrier)
    databases = [db, second]

    def work(n: int) -> None:
        with databases[n].write() as s:
            photos.store(s, data, "harbour.jpg")
            settings.save(s, name=f"Desk Daily {n}")

    assert _run_pair(work) == []
    with db.read() as s:
        assert s.query(Photo).count() == 1
        names = [r.value for r in s.query(Setting).filter(Setting.key == settings.PREFIX + "name")]
    assert names in (["Desk Daily 0"], ["Desk Daily 1"])


@postgres_only
def test_create_once_gives_up_with_a_one_line_conflict(db):
    from sqlalchemy.exc import IntegrityError

    with db.write() as s:
        s.add(Tag(name="Port", slug="port"))

    def never_found():
        return None

    with pytest.raises(ConflictError, match="tag 'Port'"):
        with db.write() as s:
            concurrent_writes.create_once(s, never_found, Tag.__table__, lambda: {"name": "Port", "slug": "port"},
                                          "tag 'Port'")
    assert IntegrityError  # (what each attempt met, kept inside the savepoint)


@needs_server_control
def test_server_restart_costs_no_error(db):
    with db.write() as s:
        articles.create(s, "Before the restart")
    postgres.pg_ctl("restart")
    # The pool's connections died with the server: the pre-ping replaces them.
    with db.write() as s:
        articles.create(s, "After the restart")
    with db.read() as s:
        assert sorted(a.headline for a in articles_list(s)) == ["After the restart", "Before the restart"]


@needs_server_control
def test_server_gone_gives_one_line_and_keeps_what_was_saved(db, db_url, capsys):
    with db.write() as s:
        article_id = articles.create(s, "Saved before", body="Kept.").id
    postgres.pg_ctl("stop")
    try:
        with pytest.raises(DatabaseError) as caught:
            with db.write("saving the article") as s:
                articles.update(s, articles.get(s, article_id), body="Typed while down.")
        message = str(caught.value)
        assert "\n" not in message
        assert message.startswith("saving the article: the PostgreSQL server at 127.0.0.1:")
        assert "cannot be reached" in message
        assert main(["list", "--database-url", db_url]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "cannot be reached" in err, err
    finally:
        postgres.pg_ctl("start")
    with db.read() as s:
        assert articles.get(s, article_id).body == "Kept."


@postgres_only
def test_log_in_refused_and_missing_database_are_one_line(db_url, capsys):
    from sqlalchemy import make_url

    url = make_url(db_url)
    wrong_user = url.set(username="nobody_here", password="wrong").render_as_string(hide_password=False)
    assert main(["list", "--database-url", wrong_user]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "refused the log-in" in err, err
    assert "wrong@" not in err
    missing = url.set(database="desk_no_such_database").render_as_string(hide_password=False)
    assert main(["list", "--database-url", missing]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "has no database desk_no_such_database" in err, err
