"""Tags are one per name whatever its case, beyond ASCII too: SQLite's lower() folds only
ASCII, so "Élections" imported a second time used to miss itself and fail the unique
constraint."""

from __future__ import annotations

import textwrap

from sqlalchemy import select

from desk.cli import main
from desk.core import articles
from desk.core.models import Tag
from tests.postgres import cli_db


def test_a_non_ascii_tag_imported_twice_is_one_tag(db, db_path, tmp_path, capsys):
    src = tmp_path / "elections.md"
    src.write_text(textwrap.dedent("""\
        ---
        title: Les élections régionales
        tags: [Élections, Île-de-France]
        ---
        Le vote a lieu dimanche.
        """), encoding="utf-8")
    assert main(["import", str(src), *cli_db(db_path)]) == 0
    assert main(["import", str(src), *cli_db(db_path)]) == 0, capsys.readouterr().err
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: Second tour\ntags: [élections, ÎLE-DE-FRANCE]\n---\nText.\n",
                     encoding="utf-8")
    assert main(["import", str(other), *cli_db(db_path)]) == 0, capsys.readouterr().err
    with db.read() as s:
        assert sorted(s.scalars(select(Tag.name))) == ["Élections", "Île-de-France"]
        tagged = articles.by_slug(s, "second-tour")
        assert [link.tag.name for link in tagged.tag_links] == ["Élections", "Île-de-France"]


def test_tags_differing_beyond_case_stay_apart(db):
    with db.write() as s:
        a = articles.create(s, "One", tags=["Éléctions"])
        b = articles.create(s, "Two", tags=["Elections"])
        assert a.tag_links[0].tag is not b.tag_links[0].tag
    with db.read() as s:
        assert sorted(s.scalars(select(Tag.slug))) == ["elections", "elections-2"]
