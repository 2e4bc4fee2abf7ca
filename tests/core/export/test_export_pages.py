"""The exporter builds article pages in batches; the bytes must be render_article's,
whatever the article holds (no standfirst, inline photos, pinned and suggested related
articles, nested categories, tags), and the render cache must be the preview's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk.core.articles import editing as articles, release
from desk.core.site import pages
from desk.core.export import export_site
from desk.core.render.renderer import public_page
from desk.core.store.models import Article, ArticlePhoto, Photo, RenderCache
from desk.core.render import page_fingerprint
from desk.core.site.settings import load as load_settings

from tests.core.export_helpers import demo_db, demo_template  # noqa: F401


def add_varied_articles(db) -> None:
    with db.write() as session:
        # Pages showing a missing photo must still render: published by an explicit
        # override of the checklist (release.grant).
        release.grant(session, "test: pages with a missing photo", by="test")
        photo_ids = list(session.scalars(select(Photo.id).order_by(Photo.id)))
        made = []
        for n in range(24):
            inline = photo_ids[n % len(photo_ids)]
            body = (f"First words of story {n} with *emphasis* and a [link](https://example.org).\n\n"
                    f"![An inline picture](photo:{inline} \"Caption {n}\")\n\nMore text, \"quoted\".")
            if n % 5 == 0:
                body += "\n\n![Missing](photo:999999)"  # blocks publishing: overridden below
            a = articles.create(
                session, f"Varied story {n}", status="published" if n % 6 else "draft",
                category=["World > Asia", "World > Europe > East", "Science"][n % 3],
                tags=[["Alpha", "Beta"], ["Beta"], []][n % 3],
                standfirst="" if n % 2 else f"Standfirst {n}.",
                byline=f"Reporter {n}", body=body,
                published_at=dt.datetime(2023, 3, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=7 * n))
            if n % 4 == 0:
                a.photo_links.append(ArticlePhoto(role="hero", position=0,
                                                  photo_id=photo_ids[(n + 1) % len(photo_ids)],
                                                  alt_override="" if n % 8 else f"Hero alt {n}"))
            made.append(a)
        session.flush()
        for n, a in enumerate(made):
            if n % 3 == 1:
                articles.set_related(session, a, [made[(n + 5) % 24].id, made[0].id, made[6].id])
                articles.update(session, a)


def test_exported_pages_are_render_article_byte_for_byte(demo_db, tmp_path):
    add_varied_articles(demo_db)
    out = tmp_path / "site"
    export_site(demo_db, out)
    with demo_db.read() as session:
        tz = load_settings(session).tz
        live = session.scalars(select(Article).where(Article.status == "published")).all()
        assert len(live) > 20
        for article in live:
            page = out / pages.url_of(article, tz).lstrip("/") / "index.html"
            assert page.read_text(encoding="utf-8") == public_page(pages.render_article(session, article)), article.slug


def test_the_export_fills_the_previews_render_cache(demo_db, tmp_path):
    add_varied_articles(demo_db)
    export_site(demo_db, tmp_path / "site")
    with demo_db.read() as session:
        live = session.scalars(select(Article).where(Article.status == "published")).all()
        for article in live:
            cached = session.get(RenderCache, article.id)
            assert cached is not None and cached.article_version == article.version
            assert cached.context_hash == page_fingerprint(pages.build_page(session, article))


def test_a_self_contained_article_is_the_rendered_page_with_everything_inside(demo_db):
    import base64
    import re

    from desk.core.export import standalone_html

    with demo_db.write() as session:
        article = session.scalar(select(Article).where(Article.status == "published").order_by(Article.id))
        page = pages.render_article(session, article)
        html = standalone_html(session, article)
    # The renderer's page, only the stylesheet link and the /media/ sources replaced.
    assert page.count('src="../../../../media/') == html.count('src="data:image/jpeg;base64,') > 0
    assert "<style>" in html and 'rel="stylesheet"' not in html and "srcset=" not in html
    assert "<source" not in html and "data-src-line" not in html
    # Links to the site's pages become absolute: the file opens anywhere.
    assert 'href="https://' in html and 'href="../' not in html
    data = re.search(r'src="data:image/jpeg;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(data)[:2] == b"\xff\xd8"  # a JPEG, with the credit embedded
    assert re.sub(r"<[^>]+>", "", page).split() == re.sub(r"<[^>]+>", "", re.sub(
        r"<style>.*?</style>", "", html, flags=re.S)).split()


def test_rows_read_with_plain_sql_are_what_the_orm_gives(demo_db):
    """The full export reads settings and photos with sqlite3 (export/rows.py): the same
    settings as settings.load, the same credit lines and hashes as photos.credit_text
    and photos.credit_hash, whatever the photo's preset and override."""
    from desk.core.photos import records as photos
    from desk.core.site import settings as site_settings
    from desk.core.export import rows
    from desk.core.store.models import Preset

    with demo_db.write() as session:
        site_settings.save(session, name="Le Quotidien", timezone="Asia/Tokyo", headline_limit=90)
        all_photos = session.scalars(select(Photo).order_by(Photo.id)).all()
        assert len(all_photos) >= 3
        all_photos[0].credit_override = "©Someone else - by hand"
        all_photos[1].preset = None
        all_photos[2].preset = session.scalar(select(Preset).where(Preset.key != "generic").limit(1))
        all_photos[2].creator = ["First Creator", "Second"]
        all_photos[2].keywords = ["one", "two"]
    with demo_db.read() as session:
        expected_settings = site_settings.load(session)
        expected = [(p.id, p.width, p.height, p.alt_text, photos.credit_text(p), photos.credit_hash(p),
                     photos.web_widths(p)) for p in session.scalars(select(Photo).order_by(Photo.id))]
    with demo_db.read_sql() as sql:
        assert site_settings.from_sql(sql) == expected_settings
        got = rows.photos(sql, [e[0] for e in expected], rows.presets(sql))
    assert got == expected
    assert got[0][4] == "©Someone else - by hand"
