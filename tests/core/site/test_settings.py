"""Site settings: every rule with its one-line reason, `desk settings get|set|unset`, the
logo and share image stored as photos, and the export that no longer invents a base URL."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from desk.cli.run import main
from desk.core.site import settings
from desk.core.errors import InputError
from desk.core.export import export_site
from tests.postgres import cli_db


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def image(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (20, 90, 160)).save(path, "PNG")
    return path


def photo_count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM photos").fetchone()[0]


@pytest.mark.parametrize(("name", "value", "reason"), [
    ("base_url", "ftp://news.example.org", "must look like https://news.example.org"),
    ("base_url", "news.example.org", "must look like https://"),
    ("name", "   ", "cannot be empty"),
    ("language", "english please", "must be a language tag"),
    ("timezone", "Mars/Olympus", "unknown time zone"),
    ("headline_limit", "ten", "is not a whole number"),
    ("headline_limit", 5, "between 10 and 500"),
    ("standfirst_limit", 100000, "between 20 and 2000"),
    ("logo_photo_id", 99, "there is no photo 99"),
])
def test_a_bad_value_is_refused_with_its_reason_and_nothing_is_written(db, name, value, reason):
    with db.write() as s:
        settings.save(s, name="Le Quotidien")
    with pytest.raises(InputError) as info:
        with db.write() as s:
            settings.save(s, **{"author": "Desk newsroom", name: value})
    message = str(info.value)
    assert reason in message and "\n" not in message
    with db.read() as s:  # the good change given with it was not written either
        assert settings.load(s) == settings.SiteSettings(name="Le Quotidien")


def test_values_are_normalised(db):
    with db.write() as s:
        saved = settings.save(s, base_url=" https://news.example.org/ ", language="fr_ca",
                              headline_limit="90", name="  Le   Quotidien ")
    assert saved.base_url == "https://news.example.org"
    assert saved.language == "fr-CA"
    assert saved.headline_limit == 90
    assert saved.name == "Le Quotidien"
    with db.read() as s:
        assert settings.load(s) == saved
    assert settings.read(db) == saved  # the plain-SQL reader agrees


def test_unset_gives_back_the_default(db):
    with db.write() as s:
        settings.save(s, timezone="Asia/Tokyo")
    with db.write() as s:
        assert settings.save(s, timezone=None).timezone == settings.DEFAULTS.timezone
        assert "timezone" not in settings.stored_names(s)


def test_the_base_url_is_unset_until_given():
    assert settings.SiteSettings().base_url == ""


def test_export_refuses_an_unset_base_url_and_writes_nothing(db, tmp_path):
    out = tmp_path / "site"
    with pytest.raises(InputError, match="base URL is not set"):
        export_site(db, out)
    assert not out.exists()
    summary = export_site(db, out, base_url="https://news.example.org")
    assert summary.index.is_file()


def test_cli_export_refuses_without_base_url(capsys, tmp_path):
    db_path = tmp_path / "d.sqlite"
    code, _, err = run(capsys, "export", *cli_db(db_path), "--out", str(tmp_path / "site"))
    assert code == 2
    assert err.count("\n") == 1 and "base URL is not set" in err and "--base-url" in err
    assert not (tmp_path / "site").exists()
    assert run(capsys, "settings", "set", "base_url", "https://news.example.org", *cli_db(db_path))[0] == 0
    code, _, err = run(capsys, "export", *cli_db(db_path), "--out", str(tmp_path / "site"))
    assert code == 0, err
    assert "https://news.example.org/" in (tmp_path / "site" / "robots.txt").read_text()


def test_cli_get_set_unset(capsys, tmp_path):
    db = ["--db", str(tmp_path / "d.sqlite")]
    code, out, _ = run(capsys, "settings", "get", *db)
    assert code == 0
    lines = dict(line.split("\t", 1) for line in out.splitlines())
    assert lines["base_url"].strip() == "(not set)"
    assert lines["name"] == "Desk Daily  (default)"
    assert run(capsys, "settings", "set", "base-url", "https://news.example.org/", *db)[:2] == (
        0, "base_url: https://news.example.org\n")
    assert run(capsys, "settings", "get", "base_url", *db)[1] == "https://news.example.org\n"
    code, out, _ = run(capsys, "settings", "get", "--json", *db)
    values = json.loads(out)
    assert values["base_url"] == "https://news.example.org" and values["logo"] is None
    assert json.loads(run(capsys, "settings", "get", "headline_limit", "--json", *db)[1]) == 110
    assert run(capsys, "settings", "unset", "base_url", *db)[0] == 0
    assert run(capsys, "settings", "get", "base_url", *db)[1] == "\n"


@pytest.mark.parametrize("argv", [
    ("settings", "set", "colour", "red"),
    ("settings", "get", "colour"),
    ("settings", "set", "timezone", "Nowhere/Land"),
    ("settings", "set", "base_url"),
    ("settings",),
])
def test_cli_bad_input_exits_2_with_one_line(capsys, tmp_path, argv):
    code, out, err = run(capsys, *argv, "--db", str(tmp_path / "d.sqlite"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("desk")


def test_logo_and_share_image_are_photos_in_the_database(capsys, tmp_path):
    db_path = tmp_path / "d.sqlite"
    db = [*cli_db(db_path)]
    logo = image(tmp_path / "logo.png", (300, 80))
    code, out, err = run(capsys, "settings", "set", "logo", str(logo), *db)
    assert code == 0, err
    assert out == "logo: photo 1 (logo.png)\n"
    logo.unlink()  # the file may go: the bytes are in the database
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT data FROM photo_blobs WHERE photo_id = 1").fetchone()[0]
    assert Image.open(io.BytesIO(stored)).size == (300, 80)
    share = image(tmp_path / "share.png", (1200, 630))
    assert run(capsys, "settings", "set", "share_image", str(share), *db)[0] == 0
    values = json.loads(run(capsys, "settings", "get", "--json", *db)[1])
    assert values["logo"] == 1 and values["share_image"] == 2
    # A photo already in the library, by number.
    assert run(capsys, "settings", "set", "share_image", "2", *db)[0] == 0


def test_a_refused_image_leaves_no_photo_and_no_setting(capsys, tmp_path):
    db_path = tmp_path / "d.sqlite"
    db = [*cli_db(db_path)]
    small = image(tmp_path / "tiny.png", (120, 90))
    code, out, err = run(capsys, "settings", "set", "share_image", str(small), *db)
    assert code == 2 and out == ""
    assert "120 x 90" in err and "at least 200 x 200" in err and err.count("\n") == 1
    assert photo_count(db_path) == 0
    (tmp_path / "text.png").write_text("not an image")
    code, _, err = run(capsys, "settings", "set", "logo", str(tmp_path / "text.png"), *db)
    assert code == 2 and err.count(str(tmp_path / "text.png")) == 1
    assert photo_count(db_path) == 0
    assert json.loads(run(capsys, "settings", "get", "--json", *db)[1])["logo"] is None
