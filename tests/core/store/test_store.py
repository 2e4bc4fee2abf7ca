"""The database: creation, migrations, pragmas, refusals, and the model round-trip."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select, text

from desk.core.articles import editing as articles, categories
from desk.core.store import migrations
from desk.core.store.db import open_database
from desk.core.errors import ConflictError, DatabaseError, InputError, NotFoundError
from desk.core.store.models import (
    Article,
    ArticlePhoto,
    Photo,
    PhotoBlob,
    Preset,
    Publication,
    PublishTarget,
    RemoteMedia,
    Rendition,
    RenderCache,
    Revision,
    Setting,
    utcnow,
)
from tests.readonly import readonly_folder


def test_empty_file_is_migrated_to_head(db_path):
    db_path.write_bytes(b"")
    db = open_database(db_path)
    assert migrations.current_revision(db) == migrations.head_revision()
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert {"articles", "categories", "photos", "photo_blobs", "renditions", "revisions",
            "article_fts", "publications", "presets", "settings"} <= names
    db.close()


def test_migrations_match_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desk.core.store.models import Base

    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # The search indexes (SQLite's FTS5 and its term list, PostgreSQL's tsvector table)
    # are each backend's own and kept outside the models.
    assert [d for d in differences
            if not any(n in str(d) for n in ("article_fts", "search_terms", "article_search"))] == []


@pytest.mark.sqlite_only
def test_connection_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_head_constant_matches_the_migrations():
    assert migrations.HEAD == migrations.head_revision()


def test_reopening_does_not_migrate_again(db_path):
    open_database(db_path).close()
    db = open_database(db_path)
    assert migrations.upgrade(db) is False
    db.close()


def test_newer_schema_is_refused(db_path):
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseError, match="newer than this Desk"):
        open_database(db_path)


def test_not_a_database_is_refused(db_path):
    db_path.write_text("hello, I am a text file\n" * 10)
    with pytest.raises(DatabaseError, match="not a SQLite database"):
        open_database(db_path)
    assert db_path.read_text().startswith("hello")


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(tmp_path / "nope" / "desk.sqlite")
    assert not (tmp_path / "nope").exists()


def test_read_only_folder_is_refused(tmp_path):
    with readonly_folder(tmp_path) as folder:
        with pytest.raises(DatabaseError, match="read-only"):
            open_database(folder / "desk.sqlite")
        assert list(folder.iterdir()) == []


def test_article_round_trip(db):
    published = dt.datetime(2024, 4, 15, 1, 0, tzinfo=dt.timezone.utc)
    with db.write() as s:
        a = articles.create(
            s, headline="Soldiers salute at Mansu Hill", standfirst="A birthday.",
            body="Soldiers *saluted* on Monday.\n\n## Then\n\nMore words here.",
            byline="Jane Doe", status="published", category="World > Asia",
            tags=["North Korea", "Pyongyang"], source_name="lindependant.fr",
            source_url="https://www.lindependant.fr/", published_at=published,
        )
        articles.add_revision(s, a, "created", author="jane")
        article_id = a.id
    with db.read() as s:
        a = articles.get(s, article_id)
        assert a.slug == "soldiers-salute-at-mansu-hill"
        assert a.category.path_names() == "World > Asia"
        assert a.tags == ["North Korea", "Pyongyang"]
        assert a.published_at == published and a.published_at.tzinfo is not None
        assert a.word_count == 8
        assert a.version >= 1
        rev = articles.revisions(s, article_id)[0]
        assert rev.snapshot["body"] == a.body and rev.author == "jane"


def test_every_table_round_trips(db):
    with db.write() as s:
        a = articles.create(s, headline="With everything")
        target = PublishTarget(name="site", base_url="https://news.example", username="ed")
        preset = Preset(key="x", name="X", template="{credit_line}", match=["X"])
        photo = Photo(sha256="0" * 64, format="JPEG", width=10, height=5, creator=["A B"],
                      credit_line="Kyodo/MAXPPP", provenance={"credit_line": "iim"},
                      warnings=["w"], preset=preset)
        photo.blob = PhotoBlob(data=b"\xff\xd8bytes")
        s.add_all([target, photo])
        s.flush()
        s.add(Rendition(photo_id=photo.id, kind="web", width=800, height=400, format="WEBP", data=b"r"))
        a.photo_links.append(ArticlePhoto(photo_id=photo.id, role="hero", position=0, alt_override="alt"))
        s.flush()
        rev = articles.add_revision(s, a, "save")
        s.add(Publication(article_id=a.id, target_id=target.id, remote_id="12", url="https://x/1",
                          revision_id=rev.id, published_at=utcnow()))
        s.add(RemoteMedia(photo_id=photo.id, target_id=target.id, remote_id="7"))
        s.add(RenderCache(article_id=a.id, article_version=a.version, context_hash="h", html="<p>"))
        s.add(Setting(key="site.name", value="Le Journal"))
    with db.read() as s:
        a = s.scalar(select(Article))
        assert a.hero.photo.credit_line == "Kyodo/MAXPPP"
        assert a.hero.photo.preset.key == "x"
        assert s.scalar(select(PhotoBlob.data)) == b"\xff\xd8bytes"
        assert s.scalar(select(Publication)).remote_id == "12"
        assert s.scalar(select(RemoteMedia)).remote_id == "7"
        assert s.scalar(select(Revision)).snapshot["photos"][0]["alt_override"] == "alt"
        assert s.get(Setting, "site.name").value == "Le Journal"


def test_only_one_hero_per_article(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.write() as s:
            a = articles.create(s, headline="Two heroes")
            p1 = Photo(sha256="1" * 64, format="JPEG", width=1, height=1)
            p2 = Photo(sha256="2" * 64, format="JPEG", width=1, height=1)
            s.add_all([p1, p2])
            s.flush()
            a.photo_links.append(ArticlePhoto(photo_id=p1.id, role="hero", position=0))
            a.photo_links.append(ArticlePhoto(photo_id=p2.id, role="hero", position=0))
            s.flush()
    with db.read() as s:
        assert s.scalar(select(Article)) is None  # the whole unit of work rolled back


def test_duplicate_slug_names_the_other_article(db):
    with db.write() as s:
        articles.create(s, headline="Budget vote")
        other = articles.create(s, headline="Something else")
        with pytest.raises(ConflictError, match="'Budget vote'"):
            articles.update(s, other, slug="budget-vote")


def test_slug_follows_headline_until_set_by_hand(db):
    with db.write() as s:
        a = articles.create(s, headline="First try")
        articles.update(s, a, headline="Second try")
        assert a.slug == "second-try"
        articles.update(s, a, slug="my-own")
        articles.update(s, a, headline="Third try")
        assert a.slug == "my-own"


def test_headline_of_spaces_is_refused(db):
    with db.write() as s:
        a = articles.create(s, headline="Fine")
        with pytest.raises(InputError, match="only spaces"):
            articles.update(s, a, headline="   ")
        assert a.headline == "Fine"


def test_stale_version_is_refused(db):
    with db.write() as s:
        a = articles.create(s, headline="Shared")
        old = a.version
        articles.update(s, a, body="new text")
        with pytest.raises(ConflictError, match="changed elsewhere"):
            articles.update(s, a, body="older edit", expected_version=old)


def test_update_text_saves_like_update(db):
    """The autosave's lean path: the same row, count, index and version as update()."""
    from desk.core.articles import search

    with db.write() as s:
        a = articles.create(s, headline="Lean", body="one two")
        article_id, version, updated = a.id, a.version, a.updated_at
    with db.write() as s:
        saved = articles.update_text(s, article_id, expected_version=version,
                                     body="**three** four five volcano", standfirst=None)
        assert saved == (version + 1, "lean", "Lean", "draft")
    with db.read() as s:
        a = articles.get(s, article_id)
        assert (a.body, a.standfirst, a.word_count, a.version) == (
            "**three** four five volcano", "", 4, version + 1)
        assert a.updated_at > updated and a.updated_at.tzinfo is not None
        assert search.search_ids(s, "volcano") == [article_id]


def test_update_text_refuses_what_update_refuses(db):
    with db.write() as s:
        a = articles.create(s, headline="Shared")
        article_id, old = a.id, a.version
        articles.update(s, a, body="new text")
    with db.write() as s:
        with pytest.raises(ConflictError, match="'shared' changed elsewhere"):
            articles.update_text(s, article_id, expected_version=old, body="older edit")
        with pytest.raises(InputError, match="must be text"):
            articles.update_text(s, article_id, body=3)
        with pytest.raises(InputError, match="headline"):
            articles.update_text(s, article_id, headline="The slug follows it")
        with pytest.raises(NotFoundError):
            articles.update_text(s, 10_000, body="nowhere")
    with db.read() as s:
        assert articles.get(s, article_id).body == "new text"


def test_naive_times_are_refused(db):
    with db.write() as s:
        a = articles.create(s, headline="When")
        with pytest.raises(InputError, match="time zone"):
            articles.update(s, a, published_at=dt.datetime(2024, 1, 1))


def test_revision_restore_is_a_new_revision(db):
    with db.write() as s:
        a = articles.create(s, headline="Draft one", body="first body")
        first = articles.add_revision(s, a, "save")
        articles.update(s, a, headline="Draft two", body="second body")
        articles.add_revision(s, a, "save")
        articles.restore_revision(s, a, first.id)
        assert (a.headline, a.body) == ("Draft one", "first body")
        assert len(articles.revisions(s, a.id)) == 3


def test_trash_and_restore_keep_search_in_step(db):
    from desk.core.articles import search

    with db.write() as s:
        a = articles.create(s, headline="Volcano erupts", body="Lava everywhere")
    with db.read() as s:
        assert search.search_ids(s, "lava") == [a.id]
    with db.write() as s:
        articles.trash(s, articles.get(s, a.id))
    with db.read() as s:
        assert search.search_ids(s, "lava") == []
    with db.write() as s:
        articles.restore_from_trash(s, articles.get(s, a.id))
    with db.read() as s:
        assert search.search_ids(s, "volc") == [a.id]  # prefix while typing


def test_search_input_cannot_inject_fts_syntax(db):
    from desk.core.articles import search

    with db.write() as s:
        articles.create(s, headline='He said "NEAR" OR AND')
    with db.read() as s:
        assert len(search.search_ids(s, '"near" OR AND (')) == 1
        assert search.search_ids(s, "*") == []


def test_categories_tree_move_and_delete(db):
    with db.write() as s:
        world = categories.by_path(s, "World", create=True)
        asia = categories.by_path(s, "World > Asia", create=True)
        europe = categories.by_path(s, "World > Europe", create=True)
        a = articles.create(s, headline="In Asia", category="World > Asia")
        categories.move(s, europe.id, world.id, 0)
        assert [c.name for c in categories.tree(s)] == ["World", "Europe", "Asia"]
        with pytest.raises(ConflictError, match="still files 1"):
            categories.delete(s, asia.id)
        with pytest.raises(InputError, match="into itself"):
            categories.move(s, world.id, asia.id, 0)
        assert categories.delete(s, asia.id, move_articles_to=europe.id) == 1
        s.refresh(a)
        assert a.category.name == "Europe"


@pytest.mark.sqlite_only
def test_locked_database_gives_a_plain_message(db, db_path):
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        import desk.core.store.sqlite as sq

        old = sq.BUSY_TIMEOUT_MS
        sq.BUSY_TIMEOUT_MS = 50
        db.engine.dispose()
        try:
            with pytest.raises(DatabaseError, match="locked by another program"):
                with db.write() as s:
                    articles.create(s, headline="Blocked")
        finally:
            sq.BUSY_TIMEOUT_MS = old
    finally:
        other.execute("ROLLBACK")
        other.close()
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM articles")) == 0
