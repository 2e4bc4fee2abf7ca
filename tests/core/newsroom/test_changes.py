"""The change feed: one editor's commits, as another editor's window reads them."""

from __future__ import annotations

from desk.core import articles
from desk.core.db import open_database
from desk.core.newsroom import changes
from desk.core.newsroom.identity import new_actor


def _feed_after(db, start):
    with db.read() as session:
        return [(r.article_id, r.kind) for r in changes.since(session, start)]


def test_saves_status_moves_new_articles_and_trash_are_in_the_feed(db, db_path):
    reader = open_database(db_path)
    db.actor = new_actor("Marie Lambert")
    start = changes.Feed(reader).latest()
    with db.write() as session:
        article = articles.create(session, "Storm warning")
    assert _feed_after(reader, start) == [(article.id, changes.LIST)]
    start = changes.Feed(reader).latest()
    with db.write() as session:
        articles.update_text(session, article.id, body="Winds of 120 km/h.")
    with db.write() as session:
        articles.update(session, articles.get(session, article.id), headline="Storm warning lifted")
    with db.write() as session:
        articles.update(session, articles.get(session, article.id), status="review")
    with db.write() as session:
        articles.trash(session, articles.get(session, article.id))
    assert _feed_after(reader, start) == [(article.id, changes.ARTICLE), (article.id, changes.ARTICLE),
                                          (article.id, changes.LIST), (article.id, changes.LIST)]
    rows = changes.Feed(reader).since(start)
    assert {r.origin for r in rows} == {db.actor.session_id}
    reader.close()


def test_a_rolled_back_unit_of_work_leaves_nothing_in_the_feed(db):
    start = changes.Feed(db).latest()
    try:
        with db.write() as session:
            articles.create(session, "Never saved")
            raise RuntimeError("the editor's machine lost power")
    except RuntimeError:
        pass
    with db.write() as session:
        session.flush()
    assert changes.Feed(db).since(start) == []


def test_a_bulk_change_is_one_row_saying_the_list_changed(db):
    start = changes.Feed(db).latest()
    with db.write() as session:
        for n in range(changes.MANY + 1):
            articles.create(session, f"Wire story {n}", index=False)
    assert [(r.article_id, r.kind) for r in changes.Feed(db).since(start)] == [(None, changes.LIST)]


def test_revisions_record_the_editor_of_the_unit_of_work(db):
    db.actor = new_actor("Marie Lambert")
    with db.write() as session:
        article = articles.create(session, "Budget vote")
        revision = articles.add_revision(session, article, "created")
    assert revision.author == "Marie Lambert"
