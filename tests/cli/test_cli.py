"""The command-line contract: exit codes, one-line reasons, nothing half-written."""

from __future__ import annotations

import io
import json
import sqlite3
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from desk import __version__
from desk.cli.run import main
from tests.postgres import cli_db


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_md(folder: Path, name: str, front: str, body: str = "Body text.") -> Path:
    path = folder / name
    path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n{body}\n", encoding="utf-8")
    return path


def article_count(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def jpeg_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"desk {__version__}"


def test_init_creates_the_database(capsys, db_path):
    code, out, _ = run(capsys, "init", *cli_db(db_path))
    assert code == 0 and "database ready" in out
    assert db_path.exists()


def test_import_then_list_json(capsys, tmp_path, db_path):
    src = tmp_path / "src"
    src.mkdir()
    write_md(src, "a.md", """
        title: North Korea marks founder's birthday
        category: World > Asia
        byline: Kim Lee
        tags: [North Korea]
        status: published
        date: 2024-04-15T10:00:00+09:00
    """, "Soldiers saluted on Monday in Pyongyang.")
    write_md(src, "b.md", "title: Budget vote delayed\ncategory: Politics\nslug: budget")
    code, out, err = run(capsys, "import", str(src), *cli_db(db_path))
    assert code == 0, err
    code, out, _ = run(capsys, *cli_db(db_path), "list", "--json")
    rows = {r["slug"]: r for r in json.loads(out)}
    assert set(rows) == {"north-korea-marks-founder-s-birthday", "budget"}
    first = rows["north-korea-marks-founder-s-birthday"]
    assert first["title"] == "North Korea marks founder's birthday"
    assert first["status"] == "published" and first["category"] == "World > Asia"
    assert first["words"] == 6 and first["updated"].endswith("+00:00")
    assert rows["budget"]["status"] == "draft"


def test_same_slug_again_updates(capsys, tmp_path, db_path):
    path = write_md(tmp_path, "a.md", "title: First\nslug: story")
    assert run(capsys, "import", str(path), *cli_db(db_path))[0] == 0
    write_md(tmp_path, "a.md", "title: Second\nslug: story", "New body")
    code, out, _ = run(capsys, "import", str(path), *cli_db(db_path))
    assert code == 0 and "0 new, 1 updated" in out
    rows = json.loads(run(capsys, "list", "--json", *cli_db(db_path))[1])
    assert [(r["slug"], r["title"]) for r in rows] == [("story", "Second")]


BAD_FRONT_MATTER = {
    "not yaml": ("title: [unclosed\n", "not valid YAML"),
    "no title": ("byline: Someone", "lacks 'title'"),
    "unknown key": ("title: T\nauthor: X", "unknown front matter key 'author'"),
    "bad status": ("title: T\nstatus: live", "status 'live' is not one of"),
    "bad date": ("title: T\ndate: next tuesday", "not ISO 8601"),
    "missing hero": ("title: T\nhero: {file: missing.jpg, alt: x}", "hero file 'missing.jpg' does not exist"),
}


@pytest.mark.parametrize("case", sorted(BAD_FRONT_MATTER))
def test_bad_front_matter_is_refused_with_one_line(capsys, tmp_path, db_path, case):
    front, reason = BAD_FRONT_MATTER[case]
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front}\n---\nBody\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), *cli_db(db_path))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err and reason in err
    assert article_count(db_path) == 0


def test_reason_names_the_line(capsys, tmp_path, db_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: T\nstatus: live\n---\nBody\n", encoding="utf-8")
    _, _, err = run(capsys, "import", str(path), *cli_db(db_path))
    assert f"{path}:3:" in err


def test_hero_that_is_not_an_image(capsys, tmp_path, db_path):
    (tmp_path / "fake.jpg").write_text("this is not a picture")
    path = write_md(tmp_path, "a.md", "title: T\nhero: {file: fake.jpg, alt: A fake}")
    code, _, err = run(capsys, "import", str(path), *cli_db(db_path))
    assert code == 2 and "fake.jpg" in err and len(err.strip().splitlines()) == 1
    assert article_count(db_path) == 0


def test_hero_is_imported_with_the_article(capsys, tmp_path, db_path):
    (tmp_path / "photo.jpg").write_bytes(jpeg_bytes())
    path = write_md(tmp_path, "a.md", "title: With photo\nhero: {file: photo.jpg, alt: A red square}")
    assert run(capsys, "import", str(path), *cli_db(db_path))[0] == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 1
        assert conn.execute("SELECT role, alt_override FROM article_photos").fetchone() == ("hero", "A red square")
    # Importing again does not store the photo twice.
    assert run(capsys, "import", str(path), *cli_db(db_path))[0] == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 1


def test_folder_with_one_bad_file_imports_nothing(capsys, tmp_path, db_path):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        write_md(src, f"good{i}.md", f"title: Good {i}")
    bad = write_md(src, "zbad.md", "title: T\nstatus: nope")
    code, _, err = run(capsys, "import", str(src), *cli_db(db_path))
    assert code == 2 and str(bad) in err
    assert article_count(db_path) == 0
    code, _, err = run(capsys, "import", str(src), "--keep-going", *cli_db(db_path))
    assert code == 1 and str(bad) in err
    assert article_count(db_path) == 3


def test_bad_database_paths(capsys, tmp_path):
    code, _, err = run(capsys, "list", "--db", str(tmp_path / "missing" / "x.sqlite"))
    assert code == 2 and "does not exist" in err and len(err.strip().splitlines()) == 1
    not_db = tmp_path / "notes.sqlite"
    not_db.write_text("plain text, not a database\n")
    code, _, err = run(capsys, "list", "--db", str(not_db))
    assert code == 2 and "not a SQLite database" in err
    assert not_db.read_text() == "plain text, not a database\n"


def test_newer_schema_via_cli(capsys, db_path):
    run(capsys, "init", *cli_db(db_path))
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    code, _, err = run(capsys, "list", *cli_db(db_path))
    assert code == 2 and "newer than this Desk" in err


def test_usage_error_is_one_line(capsys):
    code, _, err = run(capsys, "list", "--bogus")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_database_url_option(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'via-url.sqlite'}"
    assert run(capsys, "init", "--database-url", url)[0] == 0
    assert (tmp_path / "via-url.sqlite").exists()


def test_search_json(capsys, tmp_path, db_path):
    write_md(tmp_path, "a.md", "title: Volcano erupts\nbyline: Kim Lee", "Lava flows near the village.")
    run(capsys, "import", str(tmp_path / "a.md"), *cli_db(db_path))
    code, out, _ = run(capsys, "search", "lava village", "--json", *cli_db(db_path))
    assert code == 0 and [r["slug"] for r in json.loads(out)] == ["volcano-erupts"]
    assert json.loads(run(capsys, "search", "kim", "--json", *cli_db(db_path))[1])[0]["title"] == "Volcano erupts"


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-1", "abc", "1e3", "100001"])
def test_search_limit_out_of_range_is_one_line(capsys, db_path, limit):
    code, _, err = run(capsys, "search", "korea", "--limit", limit, *cli_db(db_path))
    assert code == 2
    assert err.count("\n") == 1 and "--limit" in err, err
