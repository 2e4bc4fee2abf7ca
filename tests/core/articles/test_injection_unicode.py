"""Fields are data: template syntax, closing tags, quotes and any script round-trip."""

from __future__ import annotations

import json

import pytest

from desk.core.articles import bylines
from desk.core.render import Card, Crumb, Figure, render_body, render_page

from tests.core.htmltree import parse
from tests.core.sample import sample_page

NASTY = [
    "{{ 7 * 7 }} {% raw %}{{ config }}{% endraw %} {# comment #}",
    '</script><script>alert("x")</script>',
    "\"double\" 'single' `back` & ampersand <b>tag</b>",
    "<!-- --> ]]> \u2028\u2029 line separators",
]


@pytest.mark.parametrize("value", NASTY)
def test_fields_cannot_break_the_page_or_the_json_ld(value):
    page = sample_page(
        headline=value, standfirst=value, byline=value, source_name=value,
        source_url="https://example.com/?q=" + value,
    )
    page.category_path = [Crumb(value, "/category/x/")]
    page.tags = [Crumb(value, "/tag/x/")]
    page.related = [Card("/r/", value, value, "/category/x/", value,
                         Figure(src="/r.jpg", srcset=(), width=10, height=10, alt=value, credit=value))]
    page.hero = Figure(src="/h.jpg", srcset=(), width=10, height=10, alt=value, credit=value, caption=value)
    html = render_page(page)
    doc = parse(html)
    scripts = doc.find_all("script")
    assert len(scripts) == 1  # no injected script element
    data = json.loads(scripts[0].text)
    assert data["headline"] == value
    # The byline's names (bylines.authors), each as typed.
    assert [a["name"] for a in data["author"]] == [a.name for a in bylines.authors(value)]
    assert all(a["name"] in " ".join(value.split()) for a in data["author"])
    assert data["articleSection"] == value
    assert data["description"] == " ".join(value.split())
    assert doc.one("h1").text == value
    assert doc.one("p", class_="standfirst").text == value
    assert doc.one("p", class_="byline").text == "By " + " ".join(value.split())
    assert doc.one("p", class_="source-line").one("a").text == value.strip()
    assert doc.one("meta", property="og:title").attrs["content"] == value
    assert doc.one("figure", class_="hero").one("img").attrs["alt"] == " ".join(value.split())
    assert "49" not in doc.one("h1").text  # never evaluated
    assert not doc.find_all("b")


def test_template_syntax_in_the_body_is_text():
    html = render_body("Price: {{ 7 * 7 }} and {% if x %}y{% endif %}")
    assert parse(html).text == "Price: {{ 7 * 7 }} and {% if x %}y{% endif %}"


UNICODE = {
    "arabic": "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645 \u2014 \u062e\u0628\u0631 \u0639\u0627\u062c\u0644",
    "hebrew": "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "korean": "\ud55c\uad6d\uc5b4 \uae30\uc0ac \uc81c\ubaa9",
    "japanese": "\u65e5\u672c\u8a9e\u306e\u898b\u51fa\u3057\u3001\u300c\u5f15\u7528\u300d",
    "emoji": "Flags \U0001f1eb\U0001f1f7 family \U0001f468\u200d\U0001f469\u200d\U0001f467 thumbs \U0001f44d\U0001f3fd",
    "combining": "Cafe\u0301 nai\u0308ve \u1e9b\u0323 Zalgo z\u0351\u0352\u0353",
}


@pytest.mark.parametrize("name", sorted(UNICODE))
def test_unicode_round_trips_everywhere(name):
    value = UNICODE[name]
    page = sample_page(headline=value, standfirst=value, byline=value, body_markdown=f"{value}\n\n## {value}\n")
    page.tags = [Crumb(value, "/tag/x/")]
    doc = parse(render_page(page))
    assert doc.one("h1").text == value
    assert doc.one("h1").attrs["dir"] == "auto"
    assert doc.one("div", class_="article-body").attrs["dir"] == "auto"
    body = doc.one("div", class_="article-body")
    assert body.one("p").text == value
    assert body.one("h2").text == value
    assert doc.one("nav", class_="tags").one("a").text == value
    assert json.loads(doc.one("script").text)["headline"] == value


def test_right_to_left_site_language():
    page = sample_page()
    page.site = page.site.__class__(**{**page.site.__dict__, "language": "ar"})
    doc = parse(render_page(page))
    assert doc.one("html").attrs["lang"] == "ar"
    assert doc.one("html").attrs["dir"] == "auto"
