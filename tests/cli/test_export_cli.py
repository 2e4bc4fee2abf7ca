"""`desk export --out DIR [--full] [--force] [--base-url URL]`: the command-line contract."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from desk.cli.run import main
from desk.core.articles import editing as articles

from tests.core.export_helpers import demo_db, demo_template, override_checklist  # noqa: F401


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_prints_the_summary_and_exits_0(demo_db, capsys, tmp_path):
    out = tmp_path / "site"
    code, stdout, err = run(capsys, "export", "--db", str(demo_db.path), "--out", str(out))
    assert code == 0 and err == ""
    assert stdout.startswith(f"exported to {out}: ") and "written" in stdout and stdout.count("\n") == 1
    code, stdout, _ = run(capsys, "export", "--db", str(demo_db.path), "--out", str(out))
    assert code == 0 and " 0 written" in stdout
    code, stdout, _ = run(capsys, "export", "--db", str(demo_db.path), "--out", str(out), "--full",
                          "--base-url", "https://other.example.org")
    assert code == 0 and "https://other.example.org/" in (out / "robots.txt").read_text()


def test_usage_and_bad_input_exit_2_with_one_line(demo_db, capsys, tmp_path):
    code, _, err = run(capsys, "export", "--db", str(demo_db.path))
    assert code == 2 and "--out" in err and err.count("\n") == 1
    code, _, err = run(capsys, "export", "--db", str(demo_db.path), "--out", str(tmp_path / "s"),
                       "--base-url", "not a url")
    assert code == 2 and "base URL" in err and err.count("\n") == 1
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_problems_found_exit_1_with_the_site_written(demo_db, capsys, tmp_path):
    when = dt.datetime(2024, 8, 8, 12, tzinfo=dt.timezone.utc)
    with demo_db.write() as session:
        a = articles.create(session, "One", status="published", published_at=when, body="A.",
                            byline="Staff", category="Science")
        b = articles.create(session, "Two", status="published", published_at=when, body="B.",
                            byline="Staff", category="Science")
        session.flush()
        session.execute(text("UPDATE articles SET slug = 'x' WHERE id = :i"), {"i": a.id})
        session.execute(text("UPDATE articles SET slug = 'X' WHERE id = :i"), {"i": b.id})
    # The checklist blocks both (slugs that differ only in case): overridden, so that the
    # exporter's own refusal of the second is the problem found.
    override_checklist(demo_db, a.id, b.id)
    out = tmp_path / "site"
    code, stdout, err = run(capsys, "export", "--db", str(demo_db.path), "--out", str(out))
    assert code == 1 and "1 warning in" in stdout
    assert err.startswith("desk: warning: ") and "'Two' not exported" in err and "'One'" in err
    assert (out / "index.html").is_file()
