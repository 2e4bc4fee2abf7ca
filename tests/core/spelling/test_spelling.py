"""Spell checking in the core: the words read from Markdown, the dictionaries, the
personal dictionary and the checklist's warning, with `desk check` showing it."""

from __future__ import annotations

import json

import pytest

from desk.cli.run import main
from desk.core.articles import editing as articles
from desk.core.spelling import checker as spelling, personal_words as spelling_store
from desk.core.errors import InputError
from desk.core.spelling.checker import Speller, find_dictionary, tokens

from tests.postgres import cli_db


def words(text: str) -> list[str]:
    return [t.word for t in tokens(text)]


def test_markdown_syntax_urls_code_and_photos_are_not_words():
    text = ("## Heading **bold** and _it_\n"
            "A [link text](https://example.org/path-to-page) and <https://auto.example.com/x>\n"
            "mail desk@newsroom.example.org or www.example.net/page\n"
            "Code `xyzzy_code` and ![A crowd](photo:42 \"caption\") <span class=\"klass\">in</span>\n"
            "```python\nnot_checked = qwertyuiop\n```\n"
            "after the fence")
    assert words(text) == ["Heading", "bold", "and", "it", "A", "link", "text", "and", "mail", "or",
                           "Code", "and", "A", "crowd", "in", "after", "the", "fence"]


def test_offsets_point_at_the_words():
    text = "Teh [goverment](http://x.org) `no` recieved"
    for token in tokens(text):
        assert text[token.start:token.start + len(token.word)] == token.word


def test_apostrophes_hyphens_and_numbers():
    assert words("l’État aujourd'hui don't porte-parole 'quoted' 2026 G7 3e") == [
        "l’État", "aujourd'hui", "don't", "porte-parole", "quoted"]


def test_photo_references_follow_the_renderers_syntax():
    from desk.core.render.markdown_pipeline import PHOTO_SCHEME

    assert words(f"see {PHOTO_SCHEME}123 here") == ["see", "here"]


def test_english_and_french_dictionaries_are_found():
    assert find_dictionary("en") is not None and find_dictionary("fr") is not None
    assert find_dictionary("xx") is None


def test_desk_ships_english_and_french_with_their_licences():
    from desk import paths

    shipped = paths.resources_dir() / "dictionaries"
    for name in ("en_US", "fr"):
        assert (shipped / f"{name}.dic").stat().st_size > 100_000
        assert (shipped / f"{name}.aff").is_file()
    assert "SCOWL" in (shipped / "en_US.copyright").read_text()
    assert "MPL-2.0" in (shipped / "fr.copyright").read_text()


def test_shipped_dictionaries_are_used_where_the_system_has_none(monkeypatch, tmp_path):
    monkeypatch.setattr(spelling, "SYSTEM_DIRS", (tmp_path,))
    folder, name = find_dictionary("fr")
    assert folder.name == "dictionaries" and name == "fr"
    assert not Speller(["fr"]).correct("gouvernemant")


def test_english_misspellings_are_flagged_with_suggestions():
    speller = Speller(["en"])
    assert [t.word for t in speller.misspelled("Teh goverment recieved the report.")] == [
        "Teh", "goverment", "recieved"]
    assert "government" in speller.suggest("goverment")
    assert speller.correct("don't") and speller.correct("don’t")


def test_french_with_elisions_and_a_second_language():
    french = Speller(["fr"])
    assert [t.word for t in french.misspelled("Le gouvernemant a dit aujourd’hui que l’État…")] == [
        "gouvernemant"]
    assert "gouvernement" in french.suggest("gouvernemant")
    both = Speller(["en", "fr"])
    assert not both.misspelled("The minister said « le gouvernement »")


def test_the_personal_dictionary_is_kept_per_user(db):
    with db.write() as s:
        spelling_store.add_personal_word(s, "Kyodo", user="marie")
    with db.read() as s:
        assert spelling_store.personal_words(s, "marie") == {"Kyodo"}
        assert spelling_store.personal_words(s, "paul") == set()
    with pytest.raises(InputError):
        with db.write() as s:
            spelling_store.add_personal_word(s, "two words")


def test_the_checklist_warns_about_flagged_words_and_desk_check_lists_them(db, db_path, capsys):
    with db.write() as s:
        article = articles.create(s, "Teh budget", body="The goverment recieved it.",
                                  byline="Staff", category="World")
        slug = article.slug
        spelling_store.ignore_word(s, article.id, "Teh")
        spelling_store.add_personal_word(s, "recieved")  # for this user only
    code = main(["check", slug, *cli_db(db_path)])
    out = capsys.readouterr().out
    assert code == 0  # a warning does not block
    assert "warn\tbody\tSpell check flags 1 word: goverment." in out
    code = main(["check", slug, *cli_db(db_path), "--json"])
    items = json.loads(capsys.readouterr().out)
    spelled = [i for i in items if i["code"] == "spelling"]
    assert spelled and spelled[0]["severity"] == "warn" and "goverment" in spelled[0]["message"]


def test_the_warning_lists_the_first_few():
    from desk.core.articles import checklist

    class Site:
        headline_limit = standfirst_limit = 1000

    facts = checklist.Facts("H", "", "", "b", 1, "", "", "h", (),
                            misspelled=tuple(f"w{i}" for i in range(8)))
    items = checklist.evaluate(facts, Site(), clash=None, photo_of=lambda i: None)
    assert [i.message for i in items if i.code == "spelling"] == [
        "Spell check flags 8 words: w0, w1, w2, w3, w4 and 3 more."]
