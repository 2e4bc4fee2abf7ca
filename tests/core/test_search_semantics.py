"""What a search finds, the same on both backends (this file runs in the SQLite and the
PostgreSQL run of the suite): whole words with accents folded, the last word typed as the
start of a word, every word required, tags and photo credits included, newest first.
Issue 18 found a PostgreSQL ILIKE search that differed on half of these."""

from __future__ import annotations

import pytest

from desk.core import articles, photos, search
from desk.core.models import ArticlePhoto
from tests.photo_factory import base_jpeg


@pytest.fixture
def library(db):
    with db.write() as s:
        ids = {
            "zurich": articles.create(s, "Floods in Zürich", body="The lake rose overnight.").id,
            "support": articles.create(s, "Support for farmers", body="A new fund.").id,
            "port": articles.create(s, "The port reopens", body="Ships are back.").id,
            "tagged": articles.create(s, "Council meeting", body="Long evening.",
                                      tags=["Élections"]).id,
            "credited": articles.create(s, "Harbour at dawn", body="Fishing boats.").id,
            "cafe": articles.create(s, "Un café à Montréal", body="Le CAFÉ ouvre.").id,
        }
        photo, _ = photos.store(s, base_jpeg(640, 480), "harbour.jpg")
        photo.credit_line = "Kyodo/MAXPPP"
        photo.distributor = "MaxPPP"
        s.add(ArticlePhoto(article_id=ids["credited"], photo_id=photo.id, role="hero", position=0))
        s.flush()
        search.index_articles(s, [ids["credited"]])
    return ids


def found(db, query: str) -> list[int]:
    with db.read() as s:
        return search.search_ids(s, query, limit=50)


def test_accents_fold_both_ways(db, library):
    assert found(db, "zurich") == [library["zurich"]]
    assert found(db, "Zürich") == [library["zurich"]]
    assert found(db, "montreal cafe") == [library["cafe"]]
    assert found(db, "MONTRÉAL") == [library["cafe"]]


def test_whole_words_not_substrings(db, library):
    assert found(db, "port reopens") == [library["port"]]
    assert library["support"] not in found(db, "ort")
    # The last word is the start of a word: "por" finds port, not support.
    assert found(db, "por") == [library["port"]]


def test_every_word_is_required(db, library):
    assert found(db, "floods lake") == [library["zurich"]]
    assert found(db, "floods ships") == []


def test_tags_and_photo_credits_are_searched(db, library):
    assert found(db, "elections") == [library["tagged"]]
    assert found(db, "maxppp") == [library["credited"]]
    assert found(db, "kyod") == [library["credited"]]


def test_newest_first(db, library):
    with db.write() as s:
        newer = articles.create(s, "More floods", body="Again.").id
    assert found(db, "floods") == [newer, library["zurich"]]


def test_a_one_letter_last_word_is_a_whole_word(db, library):
    assert found(db, "the p") == []
    assert found(db, "the po") == [library["port"]]


def test_search_syntax_in_the_query_is_plain_text(db, library):
    assert found(db, "port & !ships | ( :* '") == [library["port"]]
    assert found(db, '"near" OR AND (') == []


def test_a_trashed_article_is_not_found(db, library):
    with db.write() as s:
        articles.trash(s, articles.get(s, library["port"]))
    assert found(db, "port") == []
