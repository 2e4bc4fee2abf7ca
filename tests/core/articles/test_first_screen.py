"""The window's first screen, read with sqlite3 before SQLAlchemy is imported: the same
settings, count and rows as the ORM gives, nothing written, and None (the usual opening
then decides) for whatever it does not expect."""

from __future__ import annotations

import pytest

import datetime as dt
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text

from desk.core.articles import editing as articles, first_screen, release
from desk.core.site import settings
from desk.core.store.models import Article, Category
from tests.postgres import where

REPO = Path(__file__).resolve().parents[3]
UTC = dt.timezone.utc


def seed(db) -> None:
    """Ties on every sort column, an article without category, one without headline,
    and trashed articles, which the list does not show."""
    with db.write() as s:
        release.grant(s, "test: published without a category", by="test")
        for i in range(12):
            articles.create(s, headline=f"Story {i % 4}", body="Text.", byline="Staff",
                            category=("Politics", "World > Asia", None)[i % 3],
                            status=("draft", "review", "published")[i % 3])
        articles.create(s, headline="", body="No headline yet.")
        gone = articles.create(s, headline="Trashed story", body="Gone.", category="Politics")
        articles.trash(s, gone)
        # Several articles share one update time, so the id decides between them.
        s.execute(text("UPDATE articles SET updated_at = '2024-04-15 10:00:00.000000' WHERE id % 3 = 0"))
        s.execute(text("UPDATE articles SET updated_at = '2024-04-15 10:00:00' WHERE id % 5 = 0"))


def orm_rows(db, column: int, descending: bool, limit: int) -> tuple[int, list[first_screen.Row]]:
    order = (Article.headline, Article.status, Category.name, Article.updated_at)[column]
    with db.read() as s:
        total = s.scalar(select(func.count(Article.id)).where(Article.deleted_at.is_(None)))
        stmt = (select(Article.id, Article.headline, Article.status, Category.name, Article.updated_at)
                .select_from(Article).outerjoin(Category, Category.id == Article.category_id)
                .where(Article.deleted_at.is_(None))
                .order_by(order.desc().nulls_last() if descending else order.asc().nulls_first(),
                          Article.id.desc() if descending else Article.id.asc())
                .limit(limit))
        return total, [first_screen.row(*r) for r in s.execute(stmt)]


def test_first_page_is_what_the_orm_reads_for_every_sort(db, db_path):
    seed(db)
    for column in range(4):
        for descending in (True, False):
            for limit in (5, first_screen.PAGE):
                first = first_screen.read(where(db_path), column, descending, limit)
                assert first is not None
                total, rows = orm_rows(db, column, descending, limit)
                assert (first.total, first.rows) == (total, rows), (column, descending, limit)
    first = first_screen.read(where(db_path))
    assert first.total == 13 and len(first.rows) == 13
    assert "(untitled)" in [r.headline for r in first.rows]
    assert "" in [r.category for r in first.rows]
    assert all(r.updated.tzinfo == UTC for r in first.rows)


def test_site_settings_are_those_the_orm_loads(db, db_path):
    with db.write() as s:
        settings.save(s, timezone="Asia/Tokyo", headline_limit=90, name="Le Quotidien")
    with db.read() as s:
        expected = settings.load(s)
    assert first_screen.read(where(db_path)).site == expected
    assert expected.timezone == "Asia/Tokyo"


@pytest.mark.sqlite_only
def test_reading_writes_nothing(db, db_path):
    seed(db)
    db.close()
    before = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    assert first_screen.read(where(db_path)) is not None
    after = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    assert after == before


def test_what_it_does_not_read_is_left_to_the_usual_opening(tmp_path, db, db_path):
    assert first_screen.read(tmp_path / "missing.sqlite") is None
    assert not (tmp_path / "missing.sqlite").exists()
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert first_screen.read(tmp_path / "empty.sqlite") is None
    (tmp_path / "notes.sqlite").write_text("not a database")
    assert first_screen.read(tmp_path / "notes.sqlite") is None
    assert first_screen.read(tmp_path) is None
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999'"))  # a newer Desk's
    assert first_screen.read(where(db_path)) is None
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        s.execute(text("""INSERT INTO settings (key, value) VALUES ('site.timezone', '"Mars/Olympus"')"""))
    assert first_screen.read(where(db_path)) is None  # the usual opening reports it


def test_reading_imports_no_sqlalchemy(db, db_path):
    seed(db)
    code = (
        "import sys\n"
        "from desk.core.articles import first_screen\n"
        f"first = first_screen.read({where(db_path)!r})\n"
        "assert first is not None and first.total == 13, first\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'PySide6')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
