"""Edit locks between two editors, each with its own Database on one file."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core import articles
from desk.core.db import open_database
from desk.core.models import Revision
from desk.core.newsroom import changes, locks
from desk.core.newsroom.identity import new_actor


@pytest.fixture
def two(db, db_path):
    other = open_database(db_path)
    db.actor, other.actor = new_actor("Marie Lambert"), new_actor("Paul Durand")
    with db.write() as session:
        article_id = articles.create(session, "Flooding in the valley", body="First text.").id
    yield db, other, article_id
    other.close()


def test_the_first_editor_holds_the_article_and_the_second_sees_who(two):
    marie_db, paul_db, article_id = two
    with marie_db.write() as session:
        got = locks.acquire(session, article_id, marie_db.actor)
    assert got.session_id == marie_db.actor.session_id
    with paul_db.write() as session:
        seen = locks.acquire(session, article_id, paul_db.actor)
    assert seen.user_name == "Marie Lambert" and seen.editing() == "Marie Lambert is editing"
    with paul_db.read() as session:
        assert locks.holders(session)[article_id].user_name == "Marie Lambert"


def test_a_lock_not_renewed_expires_and_the_next_editor_gets_it(two):
    marie_db, paul_db, article_id = two
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=locks.TIMEOUT_S + 1)
    with marie_db.write() as session:
        locks.acquire(session, article_id, marie_db.actor, now=long_ago)  # then Marie's window crashed
    with paul_db.read() as session:
        assert locks.holder(session, article_id) is None
    with paul_db.write() as session:
        assert locks.acquire(session, article_id, paul_db.actor).user_name == "Paul Durand"


def test_taking_over_tells_the_first_at_renewal_and_refuses_their_writes(two):
    marie_db, paul_db, article_id = two
    with marie_db.write() as session:
        locks.acquire(session, article_id, marie_db.actor)
    with paul_db.write() as session:
        assert locks.acquire(session, article_id, paul_db.actor, take_over=True).user_name == "Paul Durand"
    with marie_db.write() as session:
        assert locks.renew(session, marie_db.actor, [article_id]) == {article_id}
    with pytest.raises(locks.LockTaken, match="Paul Durand took over"), marie_db.write() as session:
        locks.guard(session, article_id, marie_db.actor)
    with marie_db.write() as session:
        revision_id = locks.keep_as_revision(session, article_id, {"body": "Marie's unsaved text."},
                                             marie_db.actor, "Paul Durand")
    with paul_db.read() as session:
        revision = session.get(Revision, revision_id)
        assert revision.author == "Marie Lambert"
        assert revision.snapshot["body"] == "Marie's unsaved text."
        assert "Paul Durand took over" in revision.reason
        assert articles.get(session, article_id).body == "First text."  # the article is Paul's


def test_lock_moves_are_in_the_change_feed_but_renewals_are_not(two):
    marie_db, paul_db, article_id = two
    with paul_db.read() as session:
        start = changes.latest(session)
    with marie_db.write() as session:
        locks.acquire(session, article_id, marie_db.actor)
    with marie_db.write() as session:
        locks.renew(session, marie_db.actor, [article_id])
        locks.acquire(session, article_id, marie_db.actor)
    with paul_db.read() as session:
        rows = changes.since(session, start)
    assert [(r.article_id, r.kind, r.origin) for r in rows] == [
        (article_id, changes.LOCK, marie_db.actor.session_id)]
    with marie_db.write() as session:
        locks.release(session, marie_db.actor)
    with paul_db.read() as session:
        assert locks.holder(session, article_id) is None
        assert changes.since(session, rows[-1].id)[0].kind == changes.LOCK
