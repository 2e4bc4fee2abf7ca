"""The incremental export after edits of every kind gives, byte for byte, the site (and
the manifest) a --full export of the same database writes into an empty folder; small
edits take the quick path (the manifest's index), the others the planner."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from desk.core.articles import editing as articles
from desk.core.photos import records as photos
from desk.core.export import export_site
from desk.core.export.pagebuild import PageBuilder
from desk.core.export.snapshot import Snapshot
from desk.core.store.models import Article, ArticlePhoto

from tests.core.export_helpers import broken_links, demo_db, demo_template, tree  # noqa: F401


def grow(db) -> None:
    """More live articles than a listing page holds, sharing categories and tags, so
    edits move cards across pages and Related blocks."""
    tags = ["Alpha", "Beta", "Gamma"]
    with db.write() as session:
        for n in range(30):
            articles.create(session, f"Story {n}", status="published", byline="Staff",
                            category=["World > Asia", "Science", "Culture"][n % 3],
                            tags=[tags[n % 3], tags[(n * 7) % 3]],
                            standfirst="" if n % 4 == 0 else f"Standfirst {n}.",
                            published_at=dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
                            + dt.timedelta(hours=n * 5 % 17, days=n * 11),
                            body=f"Paragraph {n} of the story.\n\nAnother paragraph.")


def _live(session) -> list[Article]:
    return session.scalars(select(Article).where(Article.status == "published",
                                                 Article.deleted_at.is_(None)).order_by(Article.id)).all()


def _with_hero(session) -> Article:
    return session.scalars(select(Article).join(ArticlePhoto).where(
        Article.status == "published", ArticlePhoto.role == "hero").order_by(Article.id)).first()


def body_only(session):
    article = _live(session)[2]
    articles.update(session, article, body=article.body + "\n\nOne more sentence.")


def body_of_an_article_without_standfirst(session):
    article = _live(session)[3]
    articles.update(session, article, standfirst="", body="A new first paragraph. " + article.body)


def headline(session):
    articles.update(session, _with_hero(session), headline="A headline changed for the test")


def category_and_tags(session):
    article = _live(session)[1]
    articles.update(session, article, category="Culture")
    articles.set_tags(session, article, ["Brand new tag", "Museums"])


def unpublish(session):
    articles.update(session, _live(session)[0], status="draft")


def delete(session):
    session.delete(_live(session)[4])


def trash(session):
    articles.trash(session, _live(session)[5])


def new_article(session):
    articles.create(session, "A brand new story", category="Science", byline="Staff", status="published",
                    tags=["Odd"],
                    published_at=dt.datetime(2024, 7, 1, tzinfo=dt.timezone.utc), body="Fresh news.")


def photo_credit(session):
    hero = session.scalars(select(ArticlePhoto.photo_id).where(ArticlePhoto.role == "hero")
                           .order_by(ArticlePhoto.id)).first()
    photos.update_fields(session, hero, credit_line="Test Agency/NEWCREDIT", preset="")


def raw_slug_change(session):
    """A change the ORM did not make (no new version): still seen."""
    article = _live(session)[6]
    session.execute(text("UPDATE articles SET slug = 'moved-by-hand' WHERE id = :i"), {"i": article.id})


EDITS = [body_only, body_of_an_article_without_standfirst, headline, category_and_tags, unpublish,
         delete, trash, new_article, photo_credit, raw_slug_change]
QUICK = {body_only, body_of_an_article_without_standfirst, headline}


@pytest.fixture
def planned(monkeypatch):
    """How many times the planner ran (it builds its Snapshot from the ORM)."""
    calls = []
    init = Snapshot.__init__

    def counting(self, *args, **kwargs):
        calls.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Snapshot, "__init__", counting)
    return calls


@pytest.mark.parametrize("edit", EDITS, ids=lambda f: f.__name__)
def test_incremental_after_an_edit_is_the_full_export(demo_db, tmp_path, planned, edit):
    grow(demo_db)
    out = tmp_path / "site"
    export_site(demo_db, out)
    again = export_site(demo_db, out)
    assert again.written == [] and again.removed == []
    planned.clear()
    with demo_db.write() as session:
        edit(session)
    summary = export_site(demo_db, out)
    assert summary.written or summary.removed
    assert (not planned) == (edit in QUICK), "quick path taken" if planned == [] else "planner ran"
    fresh = tmp_path / "fresh"
    export_site(demo_db, fresh, full=True)
    assert tree(out) == tree(fresh)
    assert broken_links(out) == []
    # And nothing more to do after it.
    planned.clear()
    after = export_site(demo_db, out)
    assert after.written == [] and after.removed == [] and not planned


def test_several_edits_in_a_row_stay_identical_to_full(demo_db, tmp_path):
    grow(demo_db)
    out = tmp_path / "site"
    export_site(demo_db, out)
    for edit in EDITS:
        with demo_db.write() as session:
            edit(session)
        export_site(demo_db, out)
    fresh = tmp_path / "fresh"
    export_site(demo_db, fresh, full=True)
    assert tree(out) == tree(fresh)


def test_the_quick_path_renders_only_what_shows_the_change(demo_db, tmp_path, monkeypatch):
    grow(demo_db)
    out = tmp_path / "site"
    export_site(demo_db, out)
    rendered = []
    page_of = PageBuilder.page

    def spy(builder, article, links, item, related):
        rendered.append(item.id)
        return page_of(builder, article, links, item, related)

    monkeypatch.setattr(PageBuilder, "page", spy)
    with demo_db.write() as session:
        article = _live(session)[2]
        target = article.id
        articles.update(session, article, body=article.body + "\n\nOne more sentence.")
    summary = export_site(demo_db, out)
    assert target in rendered
    with demo_db.read() as session:
        total = len(_live(session))
    assert len(rendered) < total
    assert any(w.endswith("index.html") and w.count("/") == 4 for w in summary.written)


def test_the_quick_path_never_imports_sqlalchemy(demo_db, tmp_path):
    """What keeps a one-article re-export under a second: no SQLAlchemy, ORM or Alembic."""
    import subprocess
    import sys

    out = tmp_path / "site"
    export_site(demo_db, out)
    with demo_db.write() as session:
        article = _live(session)[1]
        articles.update(session, article, body=article.body + "\n\nOne more sentence.")
    script = ("import sys\nfrom desk.core.store.db import open_database\nfrom desk.core.export import export_site\n"
              f"summary = export_site(open_database({str(demo_db.path)!r}), {str(out)!r})\n"
              "print(len(summary.written), sorted(m for m in sys.modules if m.split('.')[0] in "
              "('sqlalchemy', 'alembic', 'PIL')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    written, imported = done.stdout.strip().split(" ", 1)
    assert int(written) > 0
    assert imported == "[]"
