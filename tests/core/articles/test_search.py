"""Search as you type: a long last word is spelled out as the indexed terms it starts,
which must find exactly what FTS5's own prefix query finds."""

from __future__ import annotations

import random

import pytest

from desk.core.articles import editing as articles, search
from desk.core.store import migrations, sqlite
from desk.core.store.db import open_database

WORDS = ["report", "reporter", "reported", "reportage", "Réponse", "répondre", "police",
         "policy", "minister", "ministère", "storm", "stormy", "café", "CAFÉS", "naïve",
         "vote", "voter", "votes", "government", "said", "harvest", "harvests", "東京",
         "東京都", "o'brien", "x_y", "ünïcödé", "Straße", "strasse"]


def _prefix_query(session, query: str) -> list[int]:
    rows = session.connection().exec_driver_sql(
        "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT 200",
        (sqlite.fts_query(search.words(query)),),
    )
    return [r[0] for r in rows]


@pytest.fixture
def corpus(db):
    rnd = random.Random(7)
    with db.write() as s:
        for i in range(120):
            body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 12)))
            articles.create(s, headline=f"Story {i} {rnd.choice(WORDS)}", body=body,
                            byline=rnd.choice(["Ann Report", "Bo Storm", ""]))
    return db


@pytest.mark.sqlite_only
def test_spelled_out_prefixes_find_what_the_prefix_query_finds(corpus):
    queries = []
    for word in WORDS:
        for end in range(4, len(word) + 1):
            queries.append(word[:end])
            queries.append("said " + word[:end])
    queries += ["REPORT", "Repo", "cafe", "reponse", "strass", "zzzz", "police reportx"]
    with corpus.read() as s:
        for q in queries:
            assert search.search_ids(s, q) == _prefix_query(s, q), q


@pytest.mark.sqlite_only
def test_a_prefix_that_starts_too_many_terms_falls_back_to_fts5(corpus, monkeypatch):
    monkeypatch.setattr(sqlite, "MAX_EXPANSION", 2)
    with corpus.read() as s:
        conn = s.connection()
        assert sqlite.fts_match(conn, ["repo"]) == '"repo"*'  # report, reporter, …
        assert sqlite.fts_match(conn, ["polic"]) == '("police" OR "policy")'
        assert search.search_ids(s, "repo") == _prefix_query(s, "repo")


def test_terms_of_a_saved_edit_are_found_by_prefix(db):
    with db.write() as s:
        a = articles.create(s, headline="Quiet day", body="nothing")
    with db.write() as s:
        articles.update(s, articles.get(s, a.id), body="An unprecedented eruption")
    with db.read() as s:
        assert search.search_ids(s, "unprece") == [a.id]
        assert search.search_ids(s, "erupt") == [a.id]
        assert search.search_ids(s, "nothi") == []  # the old text is gone from the index


def test_the_migration_fills_the_term_list_from_an_existing_index(db_path):
    """A database made before the term list (revision 0001) finds by prefix after opening."""
    from alembic import command

    db = open_database(db_path, migrate=False)
    cfg = migrations.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO article_fts (rowid, headline, standfirst, body, byline, tags, credits) "
            "VALUES (1, 'Harvest festival', '', 'Farmers celebrate', '', '', '')"
        )
    db.close()

    db = open_database(db_path)
    assert migrations.current_revision(db) == migrations.HEAD
    with db.engine.connect() as conn:
        terms = {r[0] for r in conn.exec_driver_sql("SELECT term FROM search_terms")}
    assert {"harvest", "festival", "farmers", "celebrate"} <= terms
    with db.read() as s:
        assert sqlite.fts_match(s.connection(), ["celeb"]) == '("celebrate")'
        assert search.search_ids(s, "celeb") == [1]
    db.close()
