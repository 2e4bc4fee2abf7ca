"""The article page: every element of the anatomy in DESIGN.md, in order."""

from __future__ import annotations

import json

from desk.core.render import Card, Crumb, render_page
from desk.core.render.assets import site_css

from tests.core.htmltree import Node, parse
from tests.core.sample import HERO, INLINE, MAXPPP_CREDIT, sample_page


R = "../../../../"  # from an article page (/YYYY/MM/DD/slug/) back to the site's root


def _doc(**changes) -> Node:
    return parse(render_page(sample_page(**changes)))


def _meta(doc: Node, **attrs: str) -> str:
    return doc.one("meta", **attrs).attrs["content"]


def test_head_title_description_canonical_open_graph():
    doc = _doc()
    html = doc.one("html")
    assert html.attrs["lang"] == "en" and html.attrs["dir"] == "auto"
    head = doc.one("head")
    assert head.one("title").text == (
        "North Korea marks founder's birthday with ceremonies in Pyongyang \u2013 The Daily Desk"
    )
    assert _meta(head, name="description") == (
        "Soldiers and citizens gathered at Mansu Hill on the 112th anniversary."
    )
    canonical = "https://news.example.org/2024/04/15/north-korea-marks-founders-birthday/"
    assert head.one("link", rel="canonical").attrs["href"] == canonical
    assert _meta(head, property="og:type") == "article"
    assert _meta(head, property="og:title").startswith("North Korea marks founder's")
    assert _meta(head, property="og:description") == _meta(head, name="description")
    assert _meta(head, property="og:url") == canonical
    # The hero's 16:9 crop, with its size, type and alt text; the same for Twitter.
    assert _meta(head, property="og:image") == "https://news.example.org/media/7-16x9.jpg"
    assert (_meta(head, property="og:image:width"), _meta(head, property="og:image:height")) == ("1200", "675")
    assert _meta(head, property="og:image:type") == "image/jpeg"
    assert _meta(head, property="og:image:alt") == HERO.alt
    assert _meta(head, property="og:site_name") == "The Daily Desk"
    assert _meta(head, property="og:locale") == "en_US"
    assert _meta(head, name="twitter:card") == "summary_large_image"
    assert _meta(head, name="twitter:image") == _meta(head, property="og:image")
    assert _meta(head, name="twitter:image:alt") == HERO.alt
    assert _meta(head, name="twitter:title") == _meta(head, property="og:title")
    assert _meta(head, name="twitter:description") == _meta(head, name="description")
    assert _meta(head, name="robots") == "index, follow, max-image-preview:large"
    assert _meta(head, property="article:section") == "Asia"
    assert [m.attrs["content"] for m in head.find_all("meta", property="article:tag")] == [
        "North Korea", "Kim Il Sung"]
    assert _meta(head, property="article:author") == "https://news.example.org/author/jane-reporter/"
    # Links between the site's own files are relative to the page.
    assert head.one("link", rel="stylesheet").attrs["href"] == "../../../../static/site.css"
    assert head.find_all("link", rel="icon")[0].attrs["href"] == "../../../../favicon.ico"
    assert not head.find_all("style")


def test_json_ld_news_article():
    doc = _doc()
    data = json.loads(doc.one("script", type="application/ld+json").text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == sample_page().headline
    assert data["datePublished"] == "2024-04-15T10:30:00+02:00"
    assert data["dateModified"] == "2024-04-15T14:00:00+02:00"
    assert data["author"] == [{"@type": "Person", "name": "Jane Reporter",
                               "url": "https://news.example.org/author/jane-reporter/"}]
    # Three ratios, from the crops Desk makes.
    assert data["image"] == [
        {"@type": "ImageObject", "url": "https://news.example.org/media/7-16x9.jpg", "width": 1200, "height": 675},
        {"@type": "ImageObject", "url": "https://news.example.org/media/7-4x3.jpg", "width": 1200, "height": 900},
        {"@type": "ImageObject", "url": "https://news.example.org/media/7-1x1.jpg", "width": 1067, "height": 1067}]
    assert data["articleSection"] == "Asia"
    assert data["inLanguage"] == "en"
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["url"] == "https://news.example.org/"
    canonical = "https://news.example.org/2024/04/15/north-korea-marks-founders-birthday/"
    page = data["mainEntityOfPage"]
    assert (page["@type"], page["@id"]) == ("WebPage", canonical)
    assert [(i["position"], i["name"], i["item"]) for i in page["breadcrumb"]["itemListElement"]] == [
        (1, "Home", "https://news.example.org/"), (2, "World", "https://news.example.org/category/world/"),
        (3, "Asia", "https://news.example.org/category/asia/"), (4, sample_page().headline, canonical)]


def test_body_elements_come_in_the_designed_order():
    doc = _doc()
    body = doc.one("body")
    header, main, footer = body.elements()
    assert (header.tag, main.tag, footer.tag) == ("header", "main", "footer")
    article, related = main.elements()
    assert article.tag == "article" and related.tag == "section"
    order = []
    for node in article.iter():
        cls = node.attrs.get("class") or ""
        for name, test in (
            ("breadcrumb", node.tag == "nav" and "breadcrumb" in cls),
            ("kicker", "kicker" in cls.split()),
            ("headline", node.tag == "h1"),
            ("standfirst", "standfirst" in cls.split()),
            ("byline", "byline" in cls.split()),
            ("dates", "dates" in cls.split()),
            ("hero", node.tag == "figure" and "hero" in cls.split()),
            ("body", "article-body" in cls.split()),
            ("source", "source-line" in cls.split()),
            ("tags", node.tag == "nav" and "tags" in cls.split()),
        ):
            if test:
                order.append(name)
    assert order == [
        "breadcrumb", "kicker", "headline", "standfirst", "byline", "dates", "hero", "body",
        "source", "tags",
    ]
    assert related.one("h2").text == "Related Articles"


def test_site_header_navigation():
    header = _doc().one("header", class_="site-header")
    assert header.one("a", class_="site-name").text == "The Daily Desk"
    links = [(a.text, a.attrs["href"]) for a in header.one("nav").find_all("a")]
    assert links == [
        ("World", R + "category/world/"), ("Politics", R + "category/politics/"),
        ("Business", R + "category/business/"),
    ]
    # The article is in World: its section is marked, not as the page itself.
    assert header.one("nav").find_all("a")[0].attrs["aria-current"] == "true"
    assert "aria-current" not in header.one("nav").find_all("a")[1].attrs


def test_breadcrumb_and_kicker():
    doc = _doc()
    crumbs = doc.one("nav", class_="breadcrumb")
    assert crumbs.clean_text == "Home › World › Asia"
    assert [a.attrs["href"] for a in crumbs.find_all("a")] == [R, R + "category/world/", R + "category/asia/"]
    # The page is the article, not the category: no crumb claims to be the current page.
    assert all("aria-current" not in a.attrs for a in crumbs.find_all("a"))
    kicker = doc.one("p", class_="kicker").one("a")
    assert (kicker.text, kicker.attrs["href"]) == ("Asia", R + "category/asia/")


def test_headline_standfirst_byline_dates_in_site_time_zone():
    doc = _doc()
    assert doc.one("h1").text == sample_page().headline
    assert doc.one("p", class_="standfirst").text == sample_page().standfirst
    assert doc.one("p", class_="byline").clean_text == "By Jane Reporter"
    published = doc.one("span", class_="published").one("time")
    assert published.attrs["datetime"] == "2024-04-15T10:30:00+02:00"
    assert published.text == "15 April 2024, 10:30 CEST"
    updated = doc.one("span", class_="updated").one("time")
    assert updated.attrs["datetime"] == "2024-04-15T14:00:00+02:00"


def test_unpublished_draft_shows_only_the_update_time():
    doc = _doc(published=None)
    assert not doc.find_all("span", class_="published")
    assert doc.one("span", class_="updated").one("time").attrs["datetime"].startswith("2024-04-15T14")
    assert "datePublished" not in json.loads(doc.one("script", type="application/ld+json").text)


def test_hero_figure_with_alt_and_credit():
    hero = _doc().one("figure", class_="hero")
    img = hero.one("img")
    assert img.attrs["alt"] == HERO.alt
    assert img.attrs["src"] == R + "media/photos/7/1600.jpg"
    assert img.attrs["srcset"] == (
        f"{R}media/photos/7/480.jpg 480w, {R}media/photos/7/960.jpg 960w, {R}media/photos/7/1600.jpg 1600w"
    )
    # WebP first, JPEG the fallback; the first image on screen fetched at once, first.
    source = hero.one("picture").one("source")
    assert source.attrs["type"] == "image/webp" and source.attrs["sizes"] == img.attrs["sizes"]
    assert source.attrs["srcset"].startswith(f"{R}media/photos/7/480.webp 480w")
    assert (img.attrs["loading"], img.attrs["fetchpriority"]) == ("eager", "high")
    assert (img.attrs["width"], img.attrs["height"]) == ("1600", "1067")
    assert hero.one("figcaption").one("span", class_="credit").text == MAXPPP_CREDIT


def test_body_has_typographic_quotes_inline_figure_and_links():
    body = _doc().one("div", class_="article-body")
    text = body.text
    for char in "\u201c\u201d\u2018\u2019\u2013\u2014\u2026":
        assert char in text, char
    assert '"' not in text and "--" not in text and "..." not in text
    figure = body.one("figure")
    img = figure.one("img")
    assert img.attrs["alt"] == INLINE.alt
    assert img.attrs["loading"] == "lazy"
    assert img.attrs["sizes"]
    assert figure.one("span", class_="caption").text == "Citizens lay flowers at Mansu Hill."
    assert figure.one("span", class_="credit").text == INLINE.credit
    assert body.one("h2").text == "A day of ceremonies"
    assert body.one("blockquote").find("p").text.startswith("\u201cWe will carry on")
    assert len(body.one("ul").find_all("li")) == 2
    assert body.one("a").attrs["href"] == "https://example.com/report"
    assert all("data-src-line" in el.attrs for el in body.elements())


def test_source_line_only_when_set():
    line = _doc().one("p", class_="source-line")
    assert line.clean_text == "This article was originally published on lindependant.fr"
    assert line.one("a").attrs["href"] == "https://www.lindependant.fr/2024/04/15/article.html"
    assert not _doc(source_name="", source_url="").find_all("p", class_="source-line")


def test_tags():
    tags = _doc().one("nav", class_="tags")
    assert [(a.text, a.attrs["href"]) for a in tags.find_all("a")] == [
        ("North Korea", R + "tag/north-korea/"), ("Kim Il Sung", R + "tag/kim-il-sung/"),
    ]


def test_related_cards():
    cards = _doc().one("section", class_="related").find_all("li", class_="card")
    assert len(cards) == 4
    for i, card in enumerate(cards, start=1):
        img = card.one("img")
        assert img.attrs["alt"] == f"Thumbnail alt text {i}"
        kicker = card.one("p", class_="card-kicker").one("a")
        assert (kicker.text, kicker.attrs["href"]) == ("Asia", R + "category/asia/")
        link = card.one("h3").one("a")
        assert (link.text, link.attrs["href"]) == (f"Related story number {i}", f"{R}2024/04/1{i}/related-{i}/")
        assert "fetchpriority" not in img.attrs and img.attrs["loading"] == "lazy"
        teaser = card.one("p", class_="card-teaser").text
        assert teaser.endswith("...") and len(teaser) <= 160
        assert not teaser[:-3].endswith(" ")
        assert "A long teaser sentence that keeps going".startswith(teaser[:-3].split()[-1]) or (
            teaser[:-3].split()[-1] in "A long teaser sentence that keeps going".split()
        )


def test_card_alt_never_a_url_or_file_name():
    from tests.core.sample import figure

    page = sample_page()
    page.related = [
        Card("/a/", "Headline A", image=figure(1, "https://cdn.example.org/a.jpg", "c")),
        Card("/b/", "Headline B", image=figure(2, "IMG_1234.JPG", "c")),
        Card("/c/", "Headline C", image=figure(3, "", "c")),
    ]
    cards = parse(render_page(page)).one("section", class_="related").find_all("li")
    assert [c.one("img").attrs["alt"] for c in cards] == ["Headline A", "Headline B", "Headline C"]


def test_without_optional_parts():
    page = sample_page(standfirst="", hero=None, related=[], tags=[], category_path=[], byline="")
    doc = parse(render_page(page))
    assert not doc.find_all("p", class_="standfirst")
    assert not doc.find_all("figure", class_="hero")
    assert not doc.find_all("section", class_="related")
    assert not doc.find_all("p", class_="kicker")
    assert doc.one("nav", class_="breadcrumb").clean_text == "Home"
    # No photo and no default share image: the site's logo, as a small card.
    assert doc.one("meta", property="og:image").attrs["content"] == "https://news.example.org/static/logo.png"
    assert doc.one("meta", name="twitter:card").attrs["content"] == "summary"
    # No byline: the newsroom is the author.
    data = json.loads(doc.one("script", type="application/ld+json").text)
    assert data["author"] == [{"@type": "Organization", "name": "The Daily Desk", "url": "https://news.example.org/"}]
    # No standfirst: the description is the body's first sentences.
    description = doc.one("meta", name="description").attrs["content"]
    assert description.startswith("North Korea marked the \u201cDay of the Sun\u201d on Monday")
    assert len(description) <= 160


def test_inline_css_and_asset_urls():
    page = sample_page()
    html = render_page(page, inline_css=True, asset_url=lambda path: "desk-asset:" + path)
    doc = parse(html)
    assert not doc.find_all("link", rel="stylesheet")
    assert doc.one("style").text.strip() == site_css().strip()
    srcs = [img.attrs["src"] for img in doc.find_all("img")]
    assert srcs and all(src.startswith("desk-asset:/media/") for src in srcs)
    # Public URLs stay public.
    assert doc.one("meta", property="og:image").attrs["content"].startswith("https://news.example.org/")
    custom = parse(render_page(page, css_href="../static/site.css"))
    assert custom.one("link", rel="stylesheet").attrs["href"] == "../static/site.css"


def test_unsafe_links_from_data_are_not_links():
    page = sample_page(source_url="java\nscript:alert(1)")
    page.tags = [Crumb("x", "javascript:alert(1)")]
    doc = parse(render_page(page))
    source = doc.one("p", class_="source-line")
    assert source.clean_text == "This article was originally published on lindependant.fr"
    assert not source.find_all("a")
    assert doc.one("nav", class_="tags").one("a").attrs["href"] == ""
    assert "javascript" not in render_page(page).lower()


def test_render_is_deterministic():
    first = render_page(sample_page())
    assert all(render_page(sample_page()) == first for _ in range(3))
    assert render_page(sample_page(), inline_css=True) == render_page(sample_page(), inline_css=True)


def test_fingerprint_follows_inputs():
    from desk.core.render import page_fingerprint

    base = page_fingerprint(sample_page())
    assert page_fingerprint(sample_page()) == base
    assert page_fingerprint(sample_page(headline="Other")) != base
    assert page_fingerprint(sample_page(), inline_css=True) != base
    changed = sample_page()
    changed.figures = {8: INLINE.__class__(**{**INLINE.__dict__, "credit": "©Other"})}
    assert page_fingerprint(changed) != base


def test_json_ld_text_is_what_jsons_indenting_encoder_writes():
    from desk.core.render.renderer import _indented_json

    values = [{}, [], "x", 3, None, True, {"a": []}, {"k": [[], {}, [[1]]]},
              {"b": {"y": 1, "x": "\u00e9\u2028<\"\\"}, "a": [1, "x", None, True, False, 2.5, -0.0]},
              {"nested": ({"t": 1}, [2]), "ints": {2: "b", 1: "a"}}, [1e100, float("inf")]]
    for value in values:
        assert _indented_json(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def test_a_card_is_drawn_the_same_remembered_or_not():
    """Cards are remembered by value (card_markup): an equal card gives the same markup,
    a changed one its own, and one that cannot be hashed (a list of srcset pairs) is
    drawn every time, the same way."""
    from desk.core.render import Figure
    from desk.core.render.renderer import _identity, card_markup

    def card(srcset, headline="Headline"):
        image = Figure("/media/1-800.jpg", srcset, 800, 600, "Alt", "©Kyodo/MAXPPP")
        return Card("/2024/04/15/a/", headline, "World", "/category/world/", "A teaser.", image)

    pairs = [("/media/1-800.jpg", 800), ("/media/1-400.jpg", 400)]
    remembered = card_markup(card(tuple(pairs)), "h3", "lazy", _identity)
    assert card_markup(card(tuple(pairs)), "h3", "lazy", _identity) is remembered
    assert card_markup(card(pairs), "h3", "lazy", _identity) == remembered
    assert 'srcset="/media/1-400.jpg 400w, /media/1-800.jpg 800w"' in remembered
    other = card_markup(card(tuple(pairs), "Another headline"), "h3", "lazy", _identity)
    assert "Another headline" in other and other != remembered
    assert card_markup(card(tuple(pairs)), "h2", "eager", _identity) != remembered
