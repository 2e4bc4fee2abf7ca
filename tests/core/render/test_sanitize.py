"""Hostile and broken bodies: nothing executable gets through, and rendering stays fast."""

from __future__ import annotations

import time

import pytest

from desk.core.render import BodyRenderer, render_body, render_page
from desk.core.render.guards import MAX_DEPTH, bound_nesting

from tests.core.htmltree import parse
from tests.core.sample import sample_page

DANGEROUS = [
    ("<script>alert(1)</script>\n\ntext", ["<script", "alert(1)"]),
    ('Para <script type="module">alert(2)</script> more', ["<script", "alert(2)"]),
    ('<iframe src="https://evil.example/"></iframe>\n\ntext', ["<iframe", "evil.example"]),
    ('<img src="x.jpg" onerror="alert(3)">', ["onerror", "alert(3)"]),
    ('<p onclick="alert(4)" onmouseover=alert(5)>hi</p>', ["onclick", "onmouseover", "alert("]),
    ("[click](javascript:alert(6))", ["javascript:"]),
    ("[click](JaVaScRiPt:alert(7))", ["javascript:"]),
    ('<a href="java&#x0A;script:alert(8)">x</a>', ["script:alert"]),
    ("![pixel](data:image/png;base64,iVBORw0KGgo=)", ["data:"]),
    ('<img srcset="data:image/png;base64,AAAA 1x" src="a.jpg">', ["data:"]),
    ('<a href="data:text/html,<script>alert(9)</script>">x</a>', ["data:", "alert(9)"]),
    ("<style>body{display:none}</style>\n\ntext", ["<style", "display:none"]),
    ('<p style="background:url(javascript:alert(10))">x</p>', ["style=", "javascript"]),
    ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed", "x.swf"]),
    ('<form action="https://evil.example/"><input name=a></form>', ["<form", "<input"]),
    ("<svg><script>alert(11)</script></svg>", ["<svg", "alert(11)"]),
    ("<!-- a comment --><p>x</p>", ["<!--", "a comment"]),
    ("![x](photo:abc) and [y](photo:12)", ["photo:"]),
    ('<math><mi xlink:href="javascript:alert(12)">x</mi></math>', ["javascript", "<math"]),
    ('<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x">', ["<base", "<meta"]),
]


@pytest.mark.parametrize(("source", "forbidden"), DANGEROUS)
def test_dangerous_markup_is_removed(source, forbidden):
    html = render_body(source)
    for needle in forbidden:
        assert needle.lower() not in html.lower(), (needle, html)
    parse(html)  # still well-formed


def test_allowed_markup_survives():
    html = render_body(
        'Text with <sup>1</sup>, <kbd>Ctrl</kbd>, <abbr title="Agence France-Presse">AFP</abbr> '
        'and <a href="mailto:desk@example.org">mail</a>, <a href="/2024/01/01/x/">relative</a>.'
    )
    doc = parse(html)
    assert doc.one("abbr").attrs["title"] == "Agence France-Presse"
    assert [a.attrs["href"] for a in doc.find_all("a")] == ["mailto:desk@example.org", "/2024/01/01/x/"]
    assert doc.one("kbd").text == "Ctrl"


def test_unclosed_tags_are_closed_and_contained():
    html = render_body("Some <b>bold and <i>italic\n\n<div><p>open\n\nNext paragraph.")
    doc = parse(html)  # strict: every element closed
    assert "Next paragraph." in doc.text


def _timed(text: str) -> tuple[str, float]:
    start = time.perf_counter()
    html = render_body(text)
    return html, time.perf_counter() - start


@pytest.mark.parametrize(
    "text",
    [
        "- " * 50_000 + "deep",
        "> " * 50_000 + "deep",
        ">" * 50_000 + "deep",
        "1. " * 50_000 + "deep",
        "> - " * 25_000 + "deep",
        "\n".join("> " * i + "x" for i in range(0, 400)),
        "- x\n" + "".join(" " * (4 * i) + "- y\n" for i in range(1, 700)),
    ],
    ids=["list", "quote-spaced", "quote-tight", "ordered", "mixed", "quote-staircase", "list-staircase"],
)
def test_deep_nesting_renders_fast_without_recursion_error(text):
    html, seconds = _timed(text)
    assert seconds < 5, seconds
    doc = parse(html)
    depth = max(_depth(node) for node in doc.iter())
    assert depth <= 2 * MAX_DEPTH + 4  # a list level is <ul><li>, two elements


def _depth(node) -> int:
    depth = 0
    while node.parent is not None:
        depth += 1
        node = node.parent
    return depth


@pytest.mark.parametrize(
    "text",
    ["[" * 50_000, "![" * 25_000, "[a](" * 20_000, "<div>" * 50_000 + "x", "<blockquote>" * 50_000,
     "*" * 50_000, "`" * 50_000, "_a" * 25_000, "[^" * 25_000 + "]:", "[x]: /u\n" * 20_000,
     "a[^1] " * 10_000 + "\n\n[^1]: n", "```\n" * 20_000],
    ids=["brackets", "images", "open-links", "raw-divs", "raw-quotes", "stars", "backticks",
         "underscores", "footnote-openers", "many-definitions", "many-footnote-refs", "fences"],
)
def test_pathological_inline_input_is_bounded(text):
    html, seconds = _timed(text)
    assert seconds < 5, seconds
    parse(html)


def test_whole_page_with_hostile_body_is_bounded():
    page = sample_page(body_markdown="> " * 50_000 + "x\n\n" + "- " * 50_000 + "y")
    start = time.perf_counter()
    parse(render_page(page))
    assert time.perf_counter() - start < 5


def test_nesting_cap_keeps_shallow_text_and_line_count():
    text = "> quote\n\n- a\n    - b\n\n1. one\n\n" + "> " * 40 + "deep"
    bounded = bound_nesting(text)
    assert bounded.count("\n") == text.count("\n")
    assert bounded.startswith("> quote\n\n- a\n    - b\n\n1. one\n\n")
    assert bounded.endswith("> " * (MAX_DEPTH - 1) + ">deep") or bounded.endswith("> " * MAX_DEPTH + "deep")
    assert bound_nesting("> " * 10 + "x") == "> " * 10 + "x"


def test_editor_text_is_not_modified():
    text = "> " * 100 + "x\r\n\tTabbed [link](javascript:x)\n"
    copy = str(text)
    BodyRenderer().render(text)
    render_body(text)
    assert text == copy


def test_a_python_markdown_failure_is_contained_and_visible():
    # Python-Markdown 3.11's footnotes extension raises "OrderedDict mutated during
    # iteration" on this; the body still renders, showing the failing chunk as-is.
    text = "[^3]: Three.\n\n[^3]: Three.\n\n    [^1]: indented def\n[^2]: Two\n    continued\n"
    html = render_body(text)
    error = parse(html).one("pre", class_="render-error")
    assert error.text == text.rstrip("\n")
    assert BodyRenderer().render(text) == html
