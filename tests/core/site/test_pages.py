"""From the database to the page: the demo renders, related cards, the render cache and
`desk render` writing exactly what the pages module returns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk.cli.run import main
from desk.core.articles import editing as articles
from desk.core.site import demo, pages, settings
from desk.core.store.models import Article, RenderCache
from tests.postgres import cli_db

NK = "north-korea-marks-kim-il-sung-anniversary"
MAXPPP = ("©Kyodo/MAXPPP - 15/04/2024 ; Soldiers salute at Mansu Hill in Pyongyang on April 15, "
          "2024, as North Korea marks the 112th anniversary of the country's founder Kim Il Sung's "
          "birth. (Kyodo) ==Kyodo (MaxPPP TagID: maxnewsworldsix198966.jpg) [Photo via MaxPPP]")


def test_demo_page_has_the_maxppp_credit_and_source_line(db):
    demo.install(db)
    with db.write() as s:
        settings.save(s, base_url="https://example.org")
        html = pages.render_slug(s, NK)
    assert f'<span class="credit" dir="auto">{MAXPPP.replace(chr(39), "&#39;")}</span>' in html
    assert "This article was originally published on" in html
    assert 'href="https://www.lindependant.fr/"' in html
    assert '<link rel="canonical" href="https://example.org/2024/04/15/north-korea-marks-kim-il-sung-anniversary/">' in html
    assert "/category/asia/" in html


def test_a_site_without_a_base_url_renders_site_relative_links(db):
    """No invented address (it used to be https://example.org): the canonical is the path."""
    demo.install(db)
    with db.write() as s:
        html = pages.render_slug(s, NK)
    assert '<link rel="canonical" href="/2024/04/15/north-korea-marks-kim-il-sung-anniversary/">' in html
    assert "example.org" not in html


def test_related_are_pinned_then_suggested_and_published_only(db):
    demo.install(db)
    with db.read() as s:
        nk = articles.by_slug(s, NK)
        ids = pages.related_ids(s, nk)
        slugs = [s.get(Article, i).slug for i in ids]
    # Pinned in front matter first, then the same category; drafts never.
    assert slugs[:2] == ["seoul-spring-cherry-blossoms", "tokyo-rail-timetable-change"]
    assert "comet-visible-naked-eye" not in slugs and NK not in slugs


def test_render_cache_is_used_until_the_article_changes(db):
    demo.install(db)
    with db.write() as s:
        first = pages.render_slug(s, NK)
    with db.read() as s:
        cached = s.scalar(select(RenderCache))
        assert cached is not None and cached.html == first
    with db.write() as s:
        a = articles.by_slug(s, NK)
        articles.update(s, a, standfirst="A new standfirst.")
        second = pages.render_slug(s, NK)
    assert "A new standfirst." in second and second != first


def test_cli_render_writes_the_page(db, db_path, tmp_path, capsys):
    demo.install(db)
    out = tmp_path / "page.html"
    assert main(["render", NK, "--out", str(out), *cli_db(db_path)]) == 0
    with db.read() as s:
        expected = pages.render_article(s, articles.by_slug(s, NK))
    assert out.read_text(encoding="utf-8") == expected
    assert main(["render", "no-such-article", *cli_db(db_path)]) == 2
    assert "no article with slug" in capsys.readouterr().err


def test_article_url_uses_the_site_time_zone(db):
    with db.write() as s:
        a = articles.create(s, headline="Late night", published_at=dt.datetime(2024, 4, 14, 23, 30, tzinfo=dt.timezone.utc))
        # 23:30 UTC is already 15 April in Paris.
        assert pages.url_of(a, dt.timezone(dt.timedelta(hours=2))) == "/2024/04/15/late-night/"
