"""The body pipeline: Markdown features, figures, source lines, incremental rendering."""

from __future__ import annotations

import random
import re

import pytest

from desk.core.render import BodyRenderer, Figure, render_body
from desk.core.render.guards import defuse
from desk.core.render.markdown_pipeline import DeskMarkdown
from desk.core.render.sanitize import sanitize

from .htmltree import parse
from .sample import BODY, INLINE

FIGURES = {8: INLINE}
LINE_ATTR = re.compile(r' data-src-line="\d+"')


def _lines(html: str) -> list[tuple[str, int]]:
    doc = parse(html)
    return [(el.tag, int(el.attrs["data-src-line"])) for el in doc.elements() if "data-src-line" in el.attrs]


def test_typographic_punctuation():
    html = render_body("\"Double\" and 'single', it's -- en, --- em, and dots...")
    text = parse(html).text
    assert text == "\u201cDouble\u201d and \u2018single\u2019, it\u2019s \u2013 en, \u2014 em, and dots\u2026"


def test_tables_footnotes_and_fenced_code():
    html = render_body(
        "| Name | Votes |\n|:-----|------:|\n| Ann | 12 |\n\nA claim.[^1]\n\n"
        "```\n<b>literal</b>\n```\n\n[^1]: The source.\n"
    )
    doc = parse(html)
    assert [th.attrs.get("align") for th in doc.find_all("th")] == ["left", "right"]
    assert doc.one("sup").one("a").attrs["href"] == "#fn:1"
    assert doc.one("div", class_="footnote").one("li").attrs["id"] == "fn:1"
    assert doc.one("pre").one("code").text == "<b>literal</b>\n"


def test_photo_figure_with_overrides():
    doc = parse(render_body('![Alt override](photo:8 "Caption override")', FIGURES))
    figure = doc.one("figure")
    img = figure.one("img")
    assert img.attrs["alt"] == "Alt override"
    assert img.attrs["src"] == INLINE.src
    assert img.attrs["srcset"] == (
        "/media/photos/8/480.jpg 480w, /media/photos/8/960.jpg 960w, /media/photos/8/1600.jpg 1600w"
    )
    assert img.attrs["loading"] == "lazy"
    assert (img.attrs["width"], img.attrs["height"]) == ("1600", "1067")
    assert figure.one("span", class_="caption").text == "Caption override"
    assert figure.one("span", class_="credit").text == INLINE.credit


def test_photo_figure_defaults_and_callable_source():
    figure = Figure(src="/p/1.jpg", srcset=(), width=0, height=0, alt="A quay", credit="©X", caption="Quay at dawn")
    doc = parse(render_body("![](photo:1)", lambda photo_id: figure if photo_id == 1 else None))
    img = doc.one("img")
    assert img.attrs["alt"] == "A quay"
    assert "width" not in img.attrs and "srcset" not in img.attrs
    assert doc.one("span", class_="caption").text == "Quay at dawn"


@pytest.mark.parametrize("ref", ["photo:404", "photo:abc", "photo:", "photo:12345678901234567890"])
def test_unknown_photo_is_a_visible_placeholder(ref):
    html = render_body(f"Before.\n\n![alt]({ref})\n\nAfter.", FIGURES)
    doc = parse(html)
    figure = doc.one("figure", class_="figure-missing")
    assert "not found" in figure.text
    assert "photo:" not in html
    assert [el.tag for el in doc.elements()] == ["p", "figure", "p"]


def test_photo_inside_text_or_link_is_an_image_not_a_figure():
    doc = parse(render_body("See ![x](photo:8) here and [![y](photo:8)](https://example.com/)", FIGURES))
    assert not doc.find_all("figure")
    assert [img.attrs["src"] for img in doc.find_all("img")] == [INLINE.src, INLINE.src]


def test_source_lines_of_top_level_blocks():
    text = (
        "# Title\n"           # 0
        "\n"
        "Para one\n"          # 2
        "continues.\n"
        "\n"
        "- a\n"               # 5
        "- b\n"
        "\n"
        "- loose\n"           # 8 (same list)
        "\n"
        "```python\n"         # 10
        "x = 1\n"
        "\n"
        "y = 2\n"
        "```\n"
        "\n"
        "> quote\n"           # 16
        "\n"
        "| a | b |\n"         # 18
        "|---|---|\n"
        "| 1 | 2 |\n"
        "\n"
        "---\n"               # 22
        "\n"
        "![](photo:8)\n"      # 24
    )
    expected = [("h1", 0), ("p", 2), ("ul", 5), ("pre", 10), ("blockquote", 16), ("table", 18),
                ("hr", 22), ("figure", 24)]
    assert _lines(render_body(text, FIGURES)) == expected
    # The same lines when footnotes force a single full pass.
    with_note = text.replace("Para one\n", "Para one[^n]\n") + "\n[^n]: Note.\n"
    assert _lines(render_body(with_note, FIGURES)) == expected
    # And with raw HTML, which also forces one pass.
    with_html = text + "\n<div>raw</div>\n\nLast.\n"
    assert _lines(render_body(with_html, FIGURES)) == expected + [("div", 26), ("p", 28)]


def test_windows_line_endings_and_tabs_keep_lines():
    assert _lines(render_body("One\r\n\r\nTwo\r\n\r\n\tcode\r\n")) == [("p", 0), ("p", 2), ("pre", 4)]


FIDELITY_CORPUS = [
    BODY,
    "- a\n\n- b\n\n    continued\n\nnot list",
    "1. one\n\n2. two\n\n- bullet joins\n\npara",
    "> a\n\n> b\n\nc\n\n> d",
    "para\n\n    code\n\n\n\n    more code\n\nend",
    "```\nfence\n\n\nstill\n```\nafter\n\n~~~\nx\n~~~",
    "```\nunclosed fence\n\npara",
    "Title\n=====\n\nSub\n---\n\ntext\n***\n\n* * *",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n| c |\n|---|\n| 3 |",
    "* item\n\n        code in item\n\n* next\n\nafter",
    "para\n- not a list\n\n- a list",
    "> quote\nlazy line\n\n> > nested\n\n>",
    "text  \nhard break\n\n\n\n\ntext after many blanks",
    "'Single' \"double\" -- --- ... <<angle>>",
    "![](photo:8)\n\n![](photo:9)\n\ntext ![](photo:8) text",
    "1. a\n\n    1. nested\n\n    para in a\n\n2. b",
    "",
    "\n\n\n",
    "   indented by three\n\nnormal",
    "para\n\n    code after para\n\n# h\n\n    code after heading",
    "> q\n\n    code after quote\n\n  two-space para",
    "- a\n\n  two-space continuation\n\n   three\n\nout",
    "A footnote-like [^1] without a definition.",
    "---\n\n- - -\n\n* * * x",
    "A claim[^a] and another[^b].\n\n- item with [^a] again\n\n[^b]: Second.\n\n[^a]: First.\n",
    "[ref link][r], [r][], [r] and [inline](http://x/).\n\n> [^n] in a quote\n\n[r]: http://r/\n[^n]: N.",
    "Para [^x]\n\n    code [^x]\n\n[^x]: Note\n    with an indented second paragraph.\n\nAfter.",
    "Inline <b>bold</b>, <sup>2</sup> and <abbr title=\"x\">X</abbr>.\n\n- <em>li</em>\n\n> q <i>i</i>",
    "<div>\nblock\n\nstill raw\n</div>\n\npara <span>s</span>\n\n<!-- c -->\n\nend",
]

PIECES = [
    "Plain paragraph with \"quotes\" and 'apostrophes'.", "Lazy\ncontinuation", "# Heading",
    "Setext\n------", "- item", "- item\n- item", "1. first", "    indented code", "  two spaces",
    "> quote", "> > nested quote", "```\nfenced\n```", "```\nunclosed", "~~~\nx\n\ny\n~~~",
    "| a | b |\n|---|---|\n| 1 | 2 |", "---", "* * *", "![](photo:8)", "text ![](photo:8)",
    "        deep code", "\t- tabbed item", "   - three-space item", "*emphasis* and **strong**",
    "Note[^1] here", "Again[^1] and [^2]", "[^1]: One.", "[^2]: Two\n    continued", "[a link][r]",
    "[r]: https://example.com/", "[inline](https://example.com/)", "- item[^2]", "> quote[^1]",
]


@pytest.mark.parametrize("seed", range(12))
def test_chunked_rendering_matches_single_pass_on_random_documents(seed):
    rng = random.Random(seed)
    renderer = BodyRenderer(FIGURES)
    for _ in range(40):
        parts = [rng.choice(PIECES) for _ in range(rng.randrange(1, 12))]
        text = "".join(part + rng.choice(["\n", "\n\n", "\n\n\n", "\n\n"]) for part in parts)
        chunked = renderer.render(text)
        single = sanitize(DeskMarkdown(FIGURES).convert(defuse(text)))
        assert LINE_ATTR.sub("", chunked) == LINE_ATTR.sub("", single), text


@pytest.mark.parametrize("text", FIDELITY_CORPUS)
def test_chunked_rendering_matches_a_single_markdown_pass(text):
    """The block splitter must never change what Python-Markdown would render."""
    chunked = BodyRenderer(FIGURES).render(text)
    single = sanitize(DeskMarkdown(FIGURES).convert(defuse(text)))
    assert LINE_ATTR.sub("", chunked) == LINE_ATTR.sub("", single)


def _edits(text: str, rng: random.Random) -> list[str]:
    versions = []
    for step in range(80):
        kind = step % 8
        pos = rng.randrange(len(text) + 1)
        if kind == 0:
            text = text[:pos] + rng.choice("abc xyz.,'\"") + text[pos:]
        elif kind == 1 and text:
            text = text[:pos] + text[pos + 1:]
        elif kind == 2:
            text = text[:pos] + "\n\n" + text[pos:]
        elif kind == 3:
            text = text[:pos] + "\n- item\n" + text[pos:]
        elif kind == 4:
            text = text[:pos] + "\n```\n" + text[pos:]
        elif kind == 5:
            text = text[:pos] + "\n> quoted\n" + text[pos:]
        elif kind == 6:
            text = text[:pos] + "\n    indented\n" + text[pos:]
        else:
            text = text[:pos] + "\n\n![x](photo:8)\n\n" + text[pos:]
        versions.append(text)
    return versions


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_renderer_equals_full_render_after_every_edit(seed):
    rng = random.Random(seed)
    renderer = BodyRenderer(FIGURES)
    for version in _edits(BODY * 3, rng):
        assert renderer.render(version) == render_body(version, FIGURES)


def test_incremental_renderer_through_global_constructs_and_back():
    renderer = BodyRenderer(FIGURES)
    steps = [BODY, BODY + "\n[^1]: A note.\n", BODY + "\n[ref]: https://example.com/\n",
             BODY.replace("Monday", "Monday[^1]") + "\n[^1]: A note.\n",
             BODY.replace("agency report]", "agency report][r]").replace("(https://example.com/report)", "")
             + "\n[r]: https://example.com/r\n",
             BODY + "\n<div>raw</div>\n", BODY, BODY.replace("Monday", "Tuesday")]
    for text in steps:
        assert renderer.render(text) == render_body(text, FIGURES)


def test_a_keystroke_rerenders_one_chunk():
    renderer = BodyRenderer(FIGURES)
    renderer.render(BODY)
    assert renderer.last_stats["rendered"] == renderer.last_stats["chunks"] > 5
    edited = BODY.replace("ceremonies across", "ceremonies all across")
    renderer.render(edited)
    assert renderer.last_stats == {"chunks": renderer.last_stats["chunks"], "rendered": 1, "mode": "chunks"}
    # Inserting a line above shifts every later line number, without re-rendering them.
    shifted = "New first paragraph.\n\n" + edited
    html = renderer.render(shifted)
    assert renderer.last_stats["rendered"] == 1
    assert _lines(html)[1] == ("p", 2)


def test_a_keystroke_in_a_body_with_footnotes_rerenders_one_chunk():
    text = BODY.replace("Monday", "Monday[^1]") + "\n[^1]: The agency's own account.\n"
    renderer = BodyRenderer(FIGURES)
    first = renderer.render(text)
    assert renderer.last_stats["mode"] == "linked"
    assert parse(first).one("div", class_="footnote")
    edited = text.replace("state news agency", "state news agency KCNA")
    assert renderer.render(edited) == render_body(edited, FIGURES)
    assert renderer.last_stats["rendered"] == 1
    # Editing a chunk with a footnote reference re-renders only the footnote group.
    edited2 = edited.replace("on Monday[^1]", "on Monday[^1] morning")
    assert renderer.render(edited2) == render_body(edited2, FIGURES)
    assert renderer.last_stats["rendered"] == 2


def test_inline_html_keeps_incremental_rendering_and_raw_blocks_do_not():
    renderer = BodyRenderer()
    renderer.render("Text with <sup>2</sup> and <br> inline.\n\nMore.")
    assert renderer.last_stats["mode"] == "chunks"
    renderer.render("Text.\n\n<div class=\"embed\">\n\nInside.\n\n</div>")
    assert renderer.last_stats["mode"] == "single"
    renderer.render("Text <!-- note --> here.")
    assert renderer.last_stats["mode"] == "single"


def test_invalidate_after_figures_change():
    figures = {8: INLINE}
    renderer = BodyRenderer(figures)
    assert INLINE.credit in renderer.render("![](photo:8)")
    figures[8] = Figure(src="/x.jpg", srcset=(), width=1, height=1, alt="a", credit="©New credit")
    renderer.invalidate()
    assert "©New credit" in renderer.render("![](photo:8)")


def test_body_rendering_is_deterministic():
    first = render_body(BODY, FIGURES)
    assert render_body(BODY, FIGURES) == first
    assert BodyRenderer(FIGURES).render(BODY) == first


def test_render_body_reuses_its_converter_but_never_stale_figures():
    other = Figure(src="/y.jpg", srcset=(), width=2, height=1, alt="b", credit="\u00a9Other credit")
    assert INLINE.credit in render_body("![](photo:8)", FIGURES)
    assert "\u00a9Other credit" in render_body("![](photo:8)", {8: other})
    assert "Photo 8 not found" in render_body("![](photo:8)")
    assert "/cdn/y.jpg" in render_body("![](photo:8)", {8: other}, lambda path: "/cdn" + path)
    assert 'src="/y.jpg"' in render_body("![](photo:8)", {8: other})


INLINE_SYNTAX = [
    "'Single' \"double\" -- --- ... <<angle>> 'tis the '90s, \"'nested'\" and '\"other\"', it's",
    "*em* _em_ **strong** __strong__ ***both*** a*b*c snake_case_word * lone _ lone",
    "`code` ``co`de`` \\`escaped\\` \\* \\_ \\\\ &amp; &copy; &#169; &#xA9; & alone",
    "<b>x</b> <http://example.com/a> <a@b.example> <notatag a <3",
    ("Line with break  \nnext [link](http://x/ \"t\") [ref][r] [r] ![i](photo:8) ![i][r] [^1]\n\n"
     "[r]: http://r/\n[^1]: Note with 'quotes' -- and *em*."),
    "> Quote with \"quotes\" -- and...\n\n- item 'one'\n- item *two*\n\n| a 'x' | b |\n|---|---|\n| \"1\" | -- |",
    "    code 'not' \"educated\" -- ...\n\n```\nfenced 'x' -- *y*\n```",
    "Don't stop -- 'cause it's the \"best\"... 1990s' '80s --- \"'What?'\"",
]


@pytest.mark.parametrize("seed", range(6))
def test_prefiltered_inline_passes_equal_python_markdowns_own(seed):
    """Skipping patterns that cannot match must not change a byte."""
    rng = random.Random(seed)
    texts = FIDELITY_CORPUS + INLINE_SYNTAX
    texts += ["".join(rng.choice(PIECES + INLINE_SYNTAX) + rng.choice(["\n", "\n\n", " "])
                      for _ in range(rng.randrange(1, 10))) for _ in range(60)]
    fast = DeskMarkdown(FIGURES)
    assert type(fast.md.treeprocessors["inline"]).__name__ == "PrefilteredInlineProcessor"
    stock = DeskMarkdown(FIGURES, stock_inline=True)
    assert type(stock.md.treeprocessors["inline"]).__name__ == "InlineProcessor"
    for text in texts:
        text = defuse(text)
        assert fast.convert(text) == stock.convert(text), text


BLOCK_SYNTAX = [
    "# Title #\n## Sub\nText\n###### Six\n####### seven # not\nA#b",
    "Setext\n======\n\nOther\n---\n\nNot - a header\n-- x\n=not",
    "***\n\n- - -\n\n___\n\n* * * *\ntext -- with - dashes _ and * stars",
    "> quote\nlazy\n> > nested\n\n>no space\n\na > b",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\na | b\n--|--\n1|2\n\n| one |\n|-----|\n| x |\n\nnot | a table",
    "[^n]: Note\n    more\n\n[^m]:\n    indented\n\ntext [^n] [^m] [^x]\n\n[r]: http://r/ \"T\"\n [s]:\n  http://s/\n\n[r] [s] [x]: no",
    "1. one\n2. two\n\n    code in list\n\n- a\n    - b\n        > q | x\n\n3) not\n\n    # indented code\n    ---",
    "Para\n# Header inside\nafter\n> quote inside\n***\n| tail |\n|---|",
    "Entities only: AT&T &amp &amp; &#169 &copy &copy; &#xA9; & alone",
    "AT&T &amp &amp; &#169 &copy; a < b <div>raw</div>\n\n<p>block</p>\n\ntext <span>x</span>",
    "~~~\ntilde\n~~~\n\n```python\ncode\n```\n\n``` not a fence\n\ntrailing  \n  \nspaces",
]


@pytest.mark.parametrize("seed", range(6))
def test_prefiltered_blocks_equal_python_markdowns_own(seed):
    """Skipping block processors that cannot act on a block, and preprocessors that
    cannot change the text, must not change a byte."""
    rng = random.Random(seed)
    texts = FIDELITY_CORPUS + INLINE_SYNTAX + BLOCK_SYNTAX
    texts += ["".join(rng.choice(PIECES + INLINE_SYNTAX + BLOCK_SYNTAX) + rng.choice(["\n", "\n\n", " "])
                      for _ in range(rng.randrange(1, 10))) for _ in range(60)]
    fast = DeskMarkdown(FIGURES)
    assert "parseBlocks" in vars(fast.md.parser)  # the prefiltered loop is in place
    assert "run" in vars(fast.md.preprocessors["html_block"])
    stock = DeskMarkdown(FIGURES, stock_blocks=True)
    assert "parseBlocks" not in vars(stock.md.parser)
    assert "run" not in vars(stock.md.preprocessors["html_block"])
    for text in texts:
        text = defuse(text)
        assert fast.convert(text) == stock.convert(text), text
        assert fast.convert(text, wrap=True) == stock.convert(text, wrap=True), text


@pytest.mark.parametrize("text", FIDELITY_CORPUS)
def test_one_pass_reference_equals_the_chunked_renderer_byte_for_byte(text):
    """render_body (one pass, for exports) and BodyRenderer (by chunk, for the preview)
    must give the same bytes, source lines included: they share the render cache."""
    assert render_body(text, FIGURES) == BodyRenderer(FIGURES).render(text)


QUOTE_ALPHABET = ["'", '"', "'", '"', " ", "a", "s", "s ", "1", "90", "-", "--", "---", ".", "...",
                  "\n", "(", "[", "&nbsp;", "\u2014", "*", "`", "_", "\\", "\\'", "<b>", "'s", "x'"]


@pytest.mark.parametrize("seed", range(4))
def test_linear_typographic_quotes_equal_the_stock_loop(seed):
    """Issue 21: smarty's patterns (and the escape) take one scan instead of the stock
    loop's string rebuild per match; the output must not change by a byte."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(QUOTE_ALPHABET) for _ in range(rng.randrange(1, 120)))
             for _ in range(400)]
    fast = DeskMarkdown(FIGURES)
    stock = DeskMarkdown(FIGURES, stock_inline=True)
    for text in texts:
        text = defuse(text)
        assert fast.convert(text) == stock.convert(text), repr(text)



MARKUP_ALPHABET = ["*", "**", "***", "_", "__", " ", "a", "b ", "\n", "`", "[x](/y)", "[", "]", "(", ")",
                   "<b>", "</b>", "&amp;", "&", "<https://x.org>", "\\*", "'", '"', "  \n", "![i](/i.jpg)"]


@pytest.mark.parametrize("seed", range(3))
def test_inline_patterns_tried_after_a_match_equal_the_stock_loop(seed):
    """Issue 21: after a match the eligible patterns are not worked out again (that scan
    per match was quadratic); texts dense with every kind of inline markup render as the
    stock loop renders them."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(MARKUP_ALPHABET) for _ in range(rng.randrange(1, 300)))
             for _ in range(300)]
    fast = DeskMarkdown(FIGURES)
    stock = DeskMarkdown(FIGURES, stock_inline=True)
    for text in texts:
        text = defuse(text)
        assert fast.convert(text) == stock.convert(text), repr(text)


def test_long_lists_and_tables_render_as_markdown_not_verbatim():
    """The inline guard counts each list item and table row on its own: a results list
    or table of 20 KB with bold in every line is not shown as code."""
    items = "".join(f"- **Candidate {i}:** {i * 37 % 1000} votes, *{i % 50} %*\n" for i in range(600))
    table = "| Town | Votes |\n|---|---|\n" + "".join(f"| **Town {i}** | *{i}* |\n" for i in range(1500))
    for text in (items, table):
        assert len(text) > 20_000
        html = render_body(text)
        assert "<pre" not in html and html.count("<strong>") >= 600
    # One paragraph that dense with markup is still shown verbatim rather than parsed
    # in quadratic time.
    dense = "***a** _b_ *c* __d__ " * 20_000
    assert "<pre" in render_body(dense)


def test_the_markdown_fast_path_is_on_for_the_pinned_release():
    """Fails loudly (with the reason) when a Markdown release changed the internals the
    fast inline and block passes override: renders would stay correct but slow."""
    converter = DeskMarkdown(FIGURES)
    assert converter.fast_path_off == ()
    assert type(converter.md.treeprocessors["inline"]).__name__ == "PrefilteredInlineProcessor"
    assert "parseBlocks" in vars(converter.md.parser)


def test_a_fast_path_that_turns_itself_off_says_why_in_the_log(monkeypatch, caplog):
    from markdown.treeprocessors import InlineProcessor

    from desk.core.render import markdown_inline_speed, markdown_pipeline

    # A release that renamed one of the private members the fast pass relies on.
    monkeypatch.setattr(markdown_inline_speed, "_STOCK_MEMBERS",
                        (*markdown_inline_speed._STOCK_MEMBERS, "_InlineProcessor__renamed"))
    monkeypatch.setattr(markdown_pipeline, "_warned", set())
    with caplog.at_level("WARNING", logger="desk.core.render.markdown_pipeline"):
        converter = DeskMarkdown(FIGURES)
    assert len(converter.fast_path_off) == 1
    assert "InlineProcessor lacks _InlineProcessor__renamed" in converter.fast_path_off[0]
    assert "Markdown fast path off" in caplog.text and "__renamed" in caplog.text
    assert type(converter.md.treeprocessors["inline"]) is InlineProcessor
    assert converter.convert("'Quoted' -- *em*") == "<p>‘Quoted’ – <em>em</em></p>"
