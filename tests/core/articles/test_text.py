"""Teasers and meta descriptions."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.render import meta_description, teaser
from desk.core.render.text import display_time, first_sentences, local_time

from tests.core.sample import sample_page


def test_short_text_is_unchanged_but_whitespace_normalised():
    assert teaser("  A short\n teaser.  ") == "A short teaser."


def test_cut_at_a_word_boundary_with_three_dots():
    text = "The minister said the budget would be presented next week, after talks with unions."
    out = teaser(text, limit=40)
    assert out == "The minister said the budget would be..."
    assert len(out) <= 40
    assert text.startswith(out[:-3])


def test_trailing_punctuation_is_dropped_before_the_dots():
    assert teaser("One, two, three, four, five", limit=12) == "One, two..."


def test_text_without_spaces_is_cut_between_characters():
    out = teaser("\u65e5\u672c\u8a9e" * 100, limit=20)
    assert out.endswith("...") and len(out) == 20


@pytest.mark.parametrize("glue", ["\u0301", "\u200d\U0001f469", "\U0001f3fd", "\ufe0f"])
def test_never_splits_a_visible_character(glue):
    unit = "a" + glue
    out = teaser(unit * 100, limit=30)
    body = out[:-3]
    assert body.endswith(unit[-1]) or body.endswith(unit)
    assert not out[:-3].endswith("\u200d")


def test_a_single_huge_word():
    out = teaser("x" * 500)
    assert out == "x" * 157 + "..."


def test_meta_description_prefers_the_standfirst():
    assert meta_description(sample_page()) == sample_page().standfirst


def test_meta_description_from_the_first_sentences_of_the_body():
    page = sample_page(
        standfirst="",
        body_markdown="![](photo:8)\n\n## Heading\n\nFirst sentence is here. Second one "
        "follows! Third sentence is long enough that it will not fit into the limit of one "
        "hundred and sixty characters at all, not even nearly.[^1]\n\n[^1]: A footnote.\n",
    )
    assert meta_description(page) == "First sentence is here. Second one follows!"


def test_first_sentences_falls_back_to_a_word_cut():
    out = first_sentences("word " * 100, 50)
    assert out.endswith("...") and len(out) <= 50


def test_times_in_the_site_zone_and_unknown_zone():
    moment = dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.timezone.utc)
    local = local_time(moment, "Asia/Seoul")
    assert local.isoformat() == "2026-01-06T08:30:00+09:00"
    assert display_time(local) == "6 January 2026, 08:30 KST"
    assert local_time(moment, "Not/AZone").utcoffset() == dt.timedelta(0)


def test_meta_description_of_an_empty_draft_is_the_headline():
    assert meta_description(sample_page(standfirst="", body_markdown="")) == sample_page().headline
