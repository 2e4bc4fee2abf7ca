"""What an export would put on the site for the first time (issue 14: going to published,
the export of a newly published article included, is an explicit act that names what
happens). The window asks before such an export; the list comes from the core."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk.core.articles import editing as articles, release
from desk.core.export import export_site
from desk.core.export.outgoing import outgoing
from desk.core.store.models import Article

from tests.core.export_helpers import demo_db, demo_template  # noqa: F401

WHEN = dt.datetime(2024, 5, 6, 8, tzinfo=dt.timezone.utc)


def live_ids(db) -> list[int]:
    with db.read() as s:
        return list(s.scalars(select(Article.id).where(Article.status == "published",
                                                       Article.deleted_at.is_(None))
                              .order_by(Article.id)))


def publish_new(db, headline: str) -> int:
    """A draft that passes the checklist, then published (as the window does)."""
    with db.write() as s:
        article = articles.create(s, headline, body="The council met.", byline="Marie Lambert",
                                  category="World", published_at=WHEN)
        s.flush()
        article_id = article.id
    with db.write() as s:
        release.grant(s, "test: no hero photo", by="test")
        articles.update(s, articles.get(s, article_id), status="published")
    return article_id


def test_a_first_export_puts_every_published_article_on_the_site(demo_db, tmp_path):  # noqa: F811
    going = outgoing(demo_db, tmp_path / "site")
    assert going.first_export
    assert [a.id for a in going.first_time] == live_ids(demo_db)
    assert going.updated == [] and going.leaving == [] and going.held == []
    assert going.asks
    assert going.headline().startswith(f"{len(going.first_time)} articles go on the site for the first time")


def test_nothing_new_after_an_export_means_no_question(demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    going = outgoing(demo_db, out)
    assert not going.first_export and going.first_time == [] and not going.asks
    assert going.updated == [] and going.leaving == []


def test_newly_published_updated_and_removed_articles_are_named(demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    first, second = publish_new(demo_db, "Council votes the budget"), publish_new(demo_db, "Bridge reopens")
    live = live_ids(demo_db)
    edited, trashed = live[0], live[1]
    with demo_db.write() as s:
        articles.update(s, articles.get(s, edited), standfirst="A new standfirst.")
        articles.trash(s, articles.get(s, trashed))
        trashed_headline = articles.get(s, trashed).headline
    going = outgoing(demo_db, out)
    assert [(a.id, a.headline) for a in going.first_time] == [
        (first, "Council votes the budget"), (second, "Bridge reopens")]
    assert [a.id for a in going.updated] == [edited]
    assert [(a.id, a.headline) for a in going.leaving] == [(trashed, trashed_headline)]
    assert going.asks
    text = going.describe()
    assert text.startswith("2 articles go on the site for the first time: "
                           "“Council votes the budget”, “Bridge reopens”.")
    assert "1 article already on the site is updated" in text
    assert f"1 article is taken off the site: “{trashed_headline}”" in text
    # Exported, nothing is new any more.
    export_site(demo_db, out)
    assert outgoing(demo_db, out).first_time == []


def test_an_article_the_checklist_blocks_is_held_back_not_announced(demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "site"
    export_site(demo_db, out)
    with demo_db.write() as s:
        article = articles.create(s, "No byline yet", body="Text.", published_at=WHEN)
        s.flush()
        article_id = article.id
    with demo_db.write() as s:
        # Published behind the rule's back (a database from before the rule).
        s.execute(Article.__table__.update().where(Article.id == article_id).values(status="published"))
    going = outgoing(demo_db, out)
    assert going.first_time == [] and [a.id for a in going.held] == [article_id]
    assert not going.asks  # nothing goes out for the first time


def test_a_long_list_is_cut_with_a_count(demo_db, tmp_path):  # noqa: F811
    going = outgoing(demo_db, tmp_path / "site")
    text = going.describe(limit=2)
    shown = going.first_time[:2]
    assert all(f"“{a.headline}”" in text for a in shown)
    assert f"and {len(going.first_time) - 2} more" in text
