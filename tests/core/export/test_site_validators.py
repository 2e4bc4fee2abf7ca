"""The exported demo site through the validators a web editor would run: the Nu Html
Checker on every page and the stylesheet, axe-core in headless Chromium on every page
type at desktop and phone widths, and every image's `sizes` against the width the
stylesheet really gives it, across its breakpoints. Any error fails.

The site is exported under a base URL with a path (https://news.example.org/news), with a
default share image, an article with an inline photo and one without any photo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from desk.core.articles import editing as articles
from desk.core.site import settings as site_settings
from desk.core.export import export_site
from desk.core.store.models import Article, Photo

from tests.core.export_helpers import broken_links, copy_database, demo_template  # noqa: F401
from tests.core.site_browser import in_chromium, missing_tools, vnu

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"validators missing: {missing_tools()}")

# Viewport widths around every breakpoint of site.css (40rem, 44rem, 47rem, 54rem,
# 62.5rem, 72rem at 16px) and the usual phone, tablet and desktop widths.
WIDTHS = [320, 390, 480, 639, 641, 700, 703, 705, 751, 753, 800, 863, 865, 999, 1001, 1100,
          1151, 1153, 1280, 1366, 1600]


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory) -> Path:  # noqa: F811
    folder = tmp_path_factory.mktemp("validated")
    db = copy_database(demo_template, folder / "desk.sqlite")
    with db.write() as session:
        photo_ids = list(session.scalars(select(Photo.id).order_by(Photo.id)))
        site_settings.save(session, share_image_photo_id=photo_ids[0])
        articles.create(
            session, "Rail strike talks resume with a mediator", category="Politics",
            tags=["Transport"], byline="Jane Doe and John Smith", status="published",
            standfirst="Union and operators meet again after a week of cancelled trains.",
            published_at=dt.datetime(2024, 3, 1, 8, tzinfo=dt.timezone.utc),
            body=("Talks resumed on Friday.\n\n"
                  f"![Commuters on a platform](photo:{photo_ids[1]} \"Commuters waited for hours.\")\n\n"
                  "## What is on the table\n\nPay, and the night timetable."))
        articles.create(
            session, "A text-only brief on the council budget", category="Politics", status="published",
            byline="Desk newsroom", published_at=dt.datetime(2024, 2, 1, 8, tzinfo=dt.timezone.utc),
            body="The council approved its budget on Thursday night.")
    out = folder / "site"
    export_site(db, out, base_url="https://news.example.org/news")
    db.close()
    assert broken_links(out) == []
    return out


def _pages(site: Path) -> dict[str, str]:
    article = next(p for p in site.glob("2024/*/*/*/index.html") if "rail-strike" in str(p))
    return {"home": "/", "category": "/category/politics/",
            "article": "/" + article.parent.relative_to(site).as_posix() + "/",
            "hero": "/2024/04/15/north-korea-marks-kim-il-sung-anniversary/",
            "tag": "/tag/transport/", "author": "/author/jane-doe/"}


def test_every_page_and_the_stylesheet_pass_the_nu_html_checker(site):
    messages = vnu(site)
    problems = [f"{m['type']} {m.get('url', '')[-70:]}:{m.get('lastLine')}: {m['message']}"
                for m in messages if m["type"] in ("error", "non-document-error")
                or m.get("subType") == "warning"]
    assert problems == []
    checked = len(list(site.rglob("*.html")))
    assert checked > 20  # every page: articles, home, categories, tags, authors


def test_axe_finds_no_violation_on_any_page_type_at_desktop_and_phone_widths(site):
    jobs = [{"kind": "axe", "url": url, "width": width}
            for url in _pages(site).values() for width in (1366, 390)]
    results = in_chromium(site, jobs)
    assert len(results) == len(jobs)
    violations = [(r["job"]["url"], r["job"]["width"], v["id"], v["help"], v["nodes"][:2])
                  for r in results for v in r["violations"]]
    assert violations == []


def test_every_images_sizes_is_the_width_the_stylesheet_gives_it(site):
    pages = _pages(site)
    jobs = [{"kind": "sizes", "url": pages[name], "width": width}
            for name in ("home", "article", "hero", "category") for width in WIDTHS]
    results = in_chromium(site, jobs)
    seen = set()
    wrong = []
    for result in results:
        assert result["viewport"] == result["job"]["width"]
        for image in result["images"]:
            seen.add(image["where"].split()[-1] if image["where"] else "inline")
            # Within a pixel (the rem fractions of the sizes are rounded to 0.001).
            if image["slot"] is None or abs(image["rendered"] - image["slot"]) > 1:
                wrong.append((result["job"]["url"], result["viewport"], image["where"],
                              image["rendered"], image["slot"], image["sizes"]))
    assert wrong == []
    # Every kind of slot was measured: the hero, inline figures, cards and the lead story.
    assert {"hero", "figure", "card", "card-lead"} <= seen, seen


def test_the_checkers_do_report_what_this_site_once_had(tmp_path):
    """The tools are not silent by default: a page with the old credit grey (3.45:1), an
    element left open and a picture without its alt text fails both."""
    page = tmp_path / "index.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<main><p style="color:#8a8a8a;font-size:12.5px">©Kyodo/MAXPPP</p><img src="x.jpg">'
        '<span></div></main></body></html>', encoding="utf-8")
    assert any(m["type"] == "error" for m in vnu(tmp_path))
    found = {v["id"] for v in in_chromium(tmp_path, [{"kind": "axe", "url": "/", "width": 800}])[0]["violations"]}
    assert {"color-contrast", "image-alt"} <= found
