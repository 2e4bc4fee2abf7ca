"""The static site from the demo content: pages, links, feeds, sitemap, determinism,
incremental updates and removals."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from sqlalchemy import delete, func, select

from desk.core.articles import editing as articles
from desk.core.site import pages
from desk.core.site import settings as site_settings
from desk.core.export import export_site
from desk.core.render.renderer import public_page
from desk.core.export.snapshot import Snapshot
from desk.core.store.models import Article, RenderCache
from desk.core.site.settings import load as load_settings

from tests.core.export_helpers import (
    broken_links,
    copy_database,
    demo_db,
    demo_template,
    links_of,
    manifest_path,
    tree,
)

BASE = "https://news.example.org"


def published(db) -> list[SimpleNamespace]:
    with db.read() as session:
        return [SimpleNamespace(id=a.id, slug=a.slug, headline=a.headline)
                for a in session.scalars(select(Article).where(Article.status == "published")
                                         .order_by(Article.id))]


def test_every_published_article_is_exported_as_the_renderer_draws_it(demo_db, tmp_path):
    out = tmp_path / "site"
    summary = export_site(demo_db, out)
    assert summary.warnings == []
    with demo_db.read() as session:
        tz = load_settings(session).tz
        live = session.scalars(select(Article).where(Article.status == "published")).all()
        assert len(live) == 4
        for article in live:
            page = out / pages.url_of(article, tz).lstrip("/") / "index.html"
            assert page.read_text(encoding="utf-8") == public_page(pages.render_article(session, article))
        others = session.scalars(select(Article).where(Article.status != "published")).all()
        for article in others:
            assert not (out / pages.url_of(article, tz).lstrip("/")).exists()
    for name in ("index.html", "feed.xml", "atom.xml", "sitemap.xml", "robots.txt", "static/site.css"):
        assert (out / name).is_file(), name


def test_no_internal_link_is_broken(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    assert broken_links(out) == []
    # And the crawl saw what matters: media in both formats, categories, tags.
    home = (out / "index.html").read_text(encoding="utf-8")
    urls = links_of(home, "index.html")
    assert any(u.startswith("/media/") for u in urls)
    assert any(u.startswith("/category/") for u in urls)
    assert list(out.glob("media/*.webp")) and list(out.glob("media/*.jpg"))
    assert list(out.glob("tag/*/index.html"))


def test_home_category_and_tag_pages(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    home = (out / "index.html").read_text(encoding="utf-8")
    for article in published(demo_db):
        assert article.headline.replace("'", "&#39;") in home
    asia = (out / "category/asia/index.html").read_text(encoding="utf-8")
    world = (out / "category/world/index.html").read_text(encoding="utf-8")
    # The parent lists its children's articles; the child has the breadcrumb to it.
    assert 'href="../../category/world/"' in asia and 'aria-current="page">Asia<' in asia
    asia_cards = asia.count('<li class="card')
    assert asia_cards >= 2 and world.count('<li class="card') >= asia_cards
    tag = (out / "tag/north-korea/index.html").read_text(encoding="utf-8")
    assert "North Korea" in tag and tag.count('<li class="card') == 1


def test_listings_are_paged(demo_db, tmp_path):
    with demo_db.write() as session:
        for n in range(45):
            articles.create(session, f"Filler story number {n}", category="Science", byline="Staff", status="published",
                            published_at=dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=n),
                            body=f"Paragraph {n}.")
    out = tmp_path / "site"
    export_site(demo_db, out)
    assert (out / "page/2/index.html").is_file() and (out / "page/3/index.html").is_file()
    assert not (out / "page/4").exists()
    assert (out / "category/science/page/3/index.html").is_file()
    second = (out / "page/2/index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../../"' in second and 'href="../../page/3/"' in second
    assert second.count('<li class="card') == 20
    assert broken_links(out) == []


def test_feeds_parse_back_with_the_hero_image(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out, base_url=BASE + "/")
    live = published(demo_db)
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == len(live)
        links = {e.link for e in feed.entries}
        assert all(link.startswith(BASE + "/20") for link in links)
        with_image = [e for e in feed.entries if e.get("enclosures")]
        assert with_image, name
        for entry in with_image:
            enclosure = entry.enclosures[0]
            assert enclosure["type"] == "image/jpeg"
            local = out / enclosure["href"].removeprefix(BASE + "/")
            assert local.is_file() and int(enclosure["length"]) == local.stat().st_size
            assert entry.media_content and entry.media_credit
    category = feedparser.parse((out / "category/world/feed.xml").read_bytes())
    assert not category.bozo and 1 <= len(category.entries) < len(live)


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(out: Path, base: str) -> list[str]:
    """Every URL listed by sitemap.xml (an index) and the sitemaps it names."""
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    urls = []
    for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS):
        assert loc.text.startswith(base + "/sitemap-")
        part = ET.parse(out / loc.text.removeprefix(base + "/")).getroot()
        urls += [u.text for u in part.findall("s:url/s:loc", SITEMAP_NS)]
    return urls


def test_sitemap_and_robots(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out, base_url=BASE)
    locs = sitemap_urls(out, BASE)
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(BASE + "/")
        path = loc.removeprefix(BASE)
        assert (out / path.lstrip("/") / "index.html").is_file(), loc
    assert sum(1 for loc in locs if "/20" in loc) == len(published(demo_db))
    assert f"{BASE}/" in locs and f"{BASE}/category/world/" in locs
    assert f"Sitemap: {BASE}/sitemap.xml" in (out / "robots.txt").read_text()


def test_an_edit_rewrites_only_its_years_sitemap(demo_db, tmp_path):
    out = tmp_path / "site"
    with demo_db.write() as session:
        articles.create(session, "An older story", status="published", body="Old.", byline="Staff",
                        category="Science",
                        published_at=dt.datetime(2019, 5, 1, tzinfo=dt.timezone.utc))
    export_site(demo_db, out, base_url=BASE)
    assert (out / "sitemap-2019.xml").is_file() and (out / "sitemap-2024.xml").is_file()
    target = next(a for a in published(demo_db) if a.slug == "tokyo-rail-timetable-change")
    with demo_db.write() as session:
        articles.update(session, session.get(Article, target.id), body="Changed body.")
    summary = export_site(demo_db, out, base_url=BASE)
    assert "sitemap-2024.xml" in summary.written and "sitemap-2019.xml" not in summary.written


def test_base_url_overrides_the_setting_everywhere(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out, base_url="https://mirror.example.net/news")
    page = next(out.glob("20*/*/*/*/index.html")).read_text(encoding="utf-8")
    assert 'rel="canonical" href="https://mirror.example.net/news/20' in page
    assert "https://mirror.example.net/news/sitemap.xml" in (out / "robots.txt").read_text()


def test_two_full_exports_are_byte_identical(demo_db, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export_site(demo_db, a, full=True)
    export_site(demo_db, b, full=True)
    assert tree(a) == tree(b)
    # --full re-renders everything and checks every live file's bytes: a damaged file is
    # repaired, the identical ones are not rewritten.
    page = next(a.glob("20*/*/*/*/index.html"))
    damaged = page.read_bytes().replace(b"<h1", b"<h2", 1)
    page.write_bytes(damaged)
    again = export_site(demo_db, a, full=True)
    assert again.written == [page.relative_to(a).as_posix()]
    assert tree(a) == tree(b)


def test_incremental_rewrites_only_what_changed(demo_db, tmp_path):
    out = tmp_path / "site"
    first = export_site(demo_db, out)
    assert first.unchanged == 0
    nothing = export_site(demo_db, out)
    assert nothing.written == [] and nothing.removed == []

    target = next(a for a in published(demo_db) if a.slug == "tokyo-rail-timetable-change")
    with demo_db.write() as session:
        articles.update(session, session.get(Article, target.id), headline="Tokyo rail: the new timetable")
    summary = export_site(demo_db, out)
    written = set(summary.written)
    page = "2024/03/17/tokyo-rail-timetable-change/index.html"
    assert page in (out / page).relative_to(out).as_posix() and page in written
    for must in ("index.html", "feed.xml", "atom.xml", "sitemap.xml"):
        assert must in written
    # Never the media or the stylesheet, and not the pages that do not show the article.
    assert not any(w.startswith(("media/", "static/")) for w in written)
    assert "tag/museums/index.html" not in written
    for rel in written:
        assert "Tokyo rail: the new timetable" in (out / rel).read_text(encoding="utf-8") \
            or rel in ("sitemap.xml",) or rel.endswith((".xml",)), rel
    # The incremental result is the full export of the new state, byte for byte.
    fresh = tmp_path / "fresh"
    export_site(demo_db, fresh, full=True)
    assert tree(out) == tree(fresh)


def test_unpublished_and_trashed_articles_are_removed(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    live = published(demo_db)
    with demo_db.write() as session:
        articles.update(session, session.get(Article, live[0].id), status="draft")
        articles.trash(session, session.get(Article, live[1].id))
    summary = export_site(demo_db, out)
    with demo_db.read() as session:
        tz = load_settings(session).tz
        gone = [pages.url_of(session.get(Article, a.id), tz) for a in live[:2]]
    assert not (out / gone[0].lstrip("/")).exists()
    assert f"{gone[0].lstrip('/')}index.html" in summary.removed
    manifest = json.loads(manifest_path(out).read_text())
    assert all((out / rel).is_file() for rel in manifest["files"])
    assert broken_links(out) == []
    fresh = tmp_path / "fresh"
    export_site(demo_db, fresh, full=True)
    assert tree(out) == tree(fresh)


def test_a_photo_credit_change_rewrites_its_renditions_and_pages(demo_db, tmp_path):
    from desk.core.photos import records as photos

    out = tmp_path / "site"
    export_site(demo_db, out)
    hero_photo = _hero_photo_ids(demo_db)[0]
    with demo_db.write() as session:
        photos.update_fields(session, hero_photo, credit_line="Test Agency/NEWCREDIT", preset="")
    summary = export_site(demo_db, out)
    media = [w for w in summary.written if w.startswith("media/")]
    assert media and all(w.startswith(f"media/{hero_photo}-") for w in media)
    assert all(b"Test Agency/NEWCREDIT" in (out / w).read_bytes() for w in media)
    with demo_db.read() as session:
        line = photos.credit_text(photos.get(session, hero_photo))
    escaped = line.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")
    assert any(escaped in (out / w).read_text(encoding="utf-8")
               for w in summary.written if w.endswith(".html"))
    fresh = tmp_path / "fresh"
    export_site(demo_db, fresh, full=True)
    assert tree(out) == tree(fresh)


def _hero_photo_ids(db) -> list[int]:
    from desk.core.store.models import ArticlePhoto

    with db.read() as session:
        return list(session.scalars(select(ArticlePhoto.photo_id).join(Article).where(
            Article.status == "published", ArticlePhoto.role == "hero").order_by(ArticlePhoto.id)))


def test_related_suggestions_agree_with_the_renderer(demo_db):
    """The exporter decides which pages a change touches from its own batch answer of
    related_ids; it must be the renderer's answer for every article."""
    rnd_tags = ["Alpha", "Beta", "Gamma", "Delta"]
    with demo_db.write() as session:
        for n in range(40):
            articles.create(session, f"Story {n}", status="published", byline="Staff",
                            category=["World > Asia", "Science", "Culture"][n % 3],
                            tags=[rnd_tags[n % 4], rnd_tags[(n * 7) % 4]],
                            published_at=dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
                            + dt.timedelta(hours=n * 5 % 17, days=n))
    with demo_db.read_sql() as sql:
        mine = Snapshot(sql, site_settings.from_sql(sql)).related()
    with demo_db.read() as session:
        for article in session.scalars(select(Article).where(Article.status == "published")):
            assert mine[article.id] == pages.related_ids(session, article), article.slug


def test_a_year_past_the_sitemap_limit_is_split(demo_db, tmp_path, monkeypatch):
    from desk.core.export import feeds

    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 2)
    out = tmp_path / "site"
    export_site(demo_db, out, base_url=BASE)
    assert (out / "sitemap-2024.xml").is_file() and (out / "sitemap-2024-2.xml").is_file()
    urls = sitemap_urls(out, BASE)
    assert len(urls) == len(set(urls)) and sum(1 for u in urls if "/2024/" in u) == 4
    again = export_site(demo_db, out, base_url=BASE)
    assert again.written == [] and again.removed == []


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_pages_rendered_by_worker_processes_are_the_same_site(demo_template, tmp_path, monkeypatch, method):
    """A first export of many articles renders in worker processes (forked from the
    command line, spawned from the window): same bytes as here."""
    from desk.core.export import render_pool

    from tests.core.export_helpers import copy_database

    here = copy_database(demo_template, tmp_path / "here.sqlite")
    export_site(here, tmp_path / "here", full=True)
    monkeypatch.setattr(render_pool, "POOL_FROM", 1)
    monkeypatch.setattr(render_pool, "worker_count", lambda: 2)
    monkeypatch.setattr(render_pool, "start_method", lambda: method)
    started = []
    real_pool = render_pool._process_pool
    monkeypatch.setattr(render_pool, "_process_pool", lambda workers: started.append(workers) or real_pool(workers))
    pooled = copy_database(demo_template, tmp_path / "pooled.sqlite")
    summary = export_site(pooled, tmp_path / "pooled", full=True)
    assert started, "the export did not use worker processes"
    assert summary.warnings == export_site(here, tmp_path / "again", full=True).warnings
    assert tree(tmp_path / "pooled") == tree(tmp_path / "here")
    # What the workers rendered was cached like the rest: a second export renders nothing.
    with pooled.read() as session:
        assert session.scalar(select(func.count()).select_from(RenderCache)) == len(
            list((tmp_path / "pooled").glob("20*/*/*/*/index.html")))


def test_a_worker_that_dies_is_replaced_by_rendering_here(monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from desk.core.export import render_pool

    class DeadPool:
        def submit(self, *args):
            future = Future()
            future.set_exception(BrokenProcessPool("a worker was killed"))
            return future

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(render_pool, "_render_all", lambda pages: [f"<p>{p}</p>" for p in pages])
    renderer = render_pool.PageRenderer()
    renderer._pool, renderer._workers = DeadPool(), 2
    got = []
    for batch in (["a", "b"], ["c"], ["d"], ["e"]):
        renderer.submit(batch, got.extend)
    renderer.drain()
    renderer.close()
    assert got == ["<p>a</p>", "<p>b</p>", "<p>c</p>", "<p>d</p>", "<p>e</p>"]
    assert renderer._pool is None


def test_saving_rendered_pages_never_replaces_a_newer_version(demo_db):
    from desk.core.export.exporter import _save_render_cache

    with demo_db.write() as session:
        first, second = session.scalars(select(Article.id).order_by(Article.id).limit(2)).all()
        session.execute(delete(RenderCache))
    _save_render_cache(demo_db, [(first, 7, "k7", "<p>seven</p>")])
    _save_render_cache(demo_db, [(first, 5, "k5", "<p>older</p>"), (second, 1, "k1", "<p>one</p>")])
    with demo_db.read() as session:
        rows = {r.article_id: (r.article_version, r.context_hash, r.html)
                for r in session.scalars(select(RenderCache))}
    assert rows[first] == (7, "k7", "<p>seven</p>")
    assert rows[second] == (1, "k1", "<p>one</p>")
    _save_render_cache(demo_db, [(first, 8, "k8", "<p>eight</p>")])
    with demo_db.read() as session:
        assert session.get(RenderCache, first).html == "<p>eight</p>"


def test_a_locked_database_leaves_the_render_cache_as_it_was(demo_db, monkeypatch):
    """The cache is only a cache: another program holding the write lock makes the save
    give up (after the busy timeout), not the export fail."""
    import sqlite3

    from desk.core.store import sqlite as desk_sqlite
    from desk.core.export.exporter import _save_render_cache

    monkeypatch.setattr(desk_sqlite, "BUSY_TIMEOUT_MS", 50)
    with demo_db.read() as session:
        before = {r.article_id: r.context_hash for r in session.scalars(select(RenderCache))}
        first = session.scalars(select(Article.id).order_by(Article.id)).first()
    holder = sqlite3.connect(demo_db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        _save_render_cache(demo_db, [(first, 99, "new", "<p>new</p>")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with demo_db.read() as session:
        assert {r.article_id: r.context_hash for r in session.scalars(select(RenderCache))} == before


def test_a_full_export_of_a_database_file_needs_no_sqlalchemy(demo_template, tmp_path):
    """A full export reads with plain sqlite3 (Database.read_sql): SQLAlchemy's import was
    a fifth of a first export of 1,000 articles. Run in a fresh interpreter, which has
    imported nothing yet; the demo's renditions are already stored."""
    import subprocess
    import sys

    db_path = tmp_path / "desk.sqlite"
    copy_database(demo_template, db_path).close()
    script = ("import sys\n"
              "from desk.core.store.db import open_database\n"
              "from desk.core.export import export_site\n"
              "s = export_site(open_database(sys.argv[1]), sys.argv[2], full=True)\n"
              "print(len(s.written), s.warnings, 'sqlalchemy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script, str(db_path), str(tmp_path / "site")],
                          capture_output=True, text=True, check=True)
    written, warnings, imported = done.stdout.split(" ", 1)[0], *done.stdout.rsplit(" ", 1)
    assert int(written) > 20 and warnings.endswith("[]") and imported.strip() == "False", done.stdout
    # And it is the site an export from this process (SQLAlchemy loaded) makes.
    export_site(copy_database(demo_template, tmp_path / "again.sqlite"), tmp_path / "here", full=True)
    assert tree(tmp_path / "site") == tree(tmp_path / "here")


def test_a_database_that_is_not_a_file_exports_the_same_site(demo_template, tmp_path):
    """Without a file for sqlite3 to open (an in-memory database), the same SQL runs on
    the engine's connection: the same pages."""
    import sqlite3

    from desk.core.store.db import open_database

    memory = open_database(url="sqlite://", migrate=False)
    source = sqlite3.connect(demo_template)
    with memory.engine.connect() as conn:
        source.backup(conn.connection.dbapi_connection)
    source.close()
    assert memory.raw_sqlite() is None
    with memory.write() as session:
        session.execute(delete(RenderCache))
    export_site(memory, tmp_path / "memory", full=True, base_url=BASE)
    export_site(copy_database(demo_template, tmp_path / "file.sqlite"), tmp_path / "file", full=True,
                base_url=BASE)
    # The manifests differ: only a file has the index of the quick incremental path.
    memory_site, file_site = tree(tmp_path / "memory"), tree(tmp_path / "file")
    assert memory_site.pop(".desk-export.json") != file_site.pop(".desk-export.json")
    assert memory_site == file_site
