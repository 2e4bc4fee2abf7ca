"""Issue 20 item 1: hostile front matter gets a one-line reason and exit 2, never a
traceback or a long run; issue 21's YAML 1.1 surprises; the limits the README documents."""

from __future__ import annotations

import re
import sqlite3
import time
import traceback
import zoneinfo
from pathlib import Path

import pytest

from desk.cli.run import main
from desk.core.articles import frontmatter
from desk.core.errors import InputError
from tests.hostile_inputs import hostile_front_matters, refusal_for_raw_bytes
from tests.postgres import cli_db

TZ = zoneinfo.ZoneInfo("Europe/Paris")


def _articles(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_two_thousand_hostile_front_matters_exit_2_in_one_line(capsys, tmp_path, db_path):
    assert main(["init", *cli_db(db_path)]) == 0
    capsys.readouterr()
    cases = list(hostile_front_matters(seed=20, n=2000))
    cases += [(label, data) for label, data in refusal_for_raw_bytes(seed=20, n=50)]
    failures: list[str] = []
    slowest = 0.0
    for i, (label, content) in enumerate(cases):
        path = tmp_path / f"case-{i}.md"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        start = time.perf_counter()
        try:
            code = main(["import", str(path), *cli_db(db_path)])
        except BaseException:  # noqa: BLE001 - a traceback is what this test looks for
            failures.append(f"{label}: traceback {traceback.format_exc(limit=3)!r}")
            continue
        finally:
            elapsed = time.perf_counter() - start
            slowest = max(slowest, elapsed)
        out, err = capsys.readouterr()
        if code != 2:
            failures.append(f"{label}: exit {code} for {content[:80]!r}")
        elif err.count("\n") != 1 or not re.match(rf"desk: {re.escape(str(path))}:\d+: \S", err):
            failures.append(f"{label}: not one line naming the file and line: {err[:200]!r}")
        elif "Traceback" in err:
            failures.append(f"{label}: {err!r}")
        if elapsed > 5:
            failures.append(f"{label}: {elapsed:.1f} s")
        path.unlink()
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures[:20])
    assert _articles(db_path) == 0
    print(f"{len(cases)} hostile front matters, slowest {slowest * 1000:.0f} ms")


def _parse(tmp_path: Path, header: str, body: str = "Body.\n") -> frontmatter.Document:
    path = tmp_path / "a.md"
    return frontmatter.parse_text(f"---\n{header}\n---\n{body}", path, TZ)


def test_scalars_are_read_as_written(tmp_path):
    doc = _parse(tmp_path, "title: 1:30\nslug: '010'\ntags: [010, 1:30, yes, 1e3, null]\nbyline: no")
    assert doc.title == "1:30"
    assert doc.tags == ["010", "1:30", "yes", "1e3"]
    assert doc.byline == "no"
    doc = _parse(tmp_path, "title: x\nslug: 010")
    assert doc.slug == "010"


@pytest.mark.parametrize("header, expected", [
    ("date: 2024-04-15", "2024-04-14T22:00:00+00:00"),
    ("date: 2024-04-15T09:30:00+02:00", "2024-04-15T07:30:00+00:00"),
    ("date: '2024-04-15T09:30:00Z'", "2024-04-15T09:30:00+00:00"),
    ("date: 2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.100000+00:00"),
    ("date: 2024-04-15T09:30", "2024-04-15T07:30:00+00:00"),
])
def test_dates_that_are_accepted(tmp_path, header, expected):
    assert _parse(tmp_path, "title: x\n" + header).date.isoformat() == expected


@pytest.mark.parametrize("value", ["0000-00-00", "2024-13-45", "2024-02-30T10:00:00Z", "0001-01-01",
                                   "9999-12-31T23:59:59-12:00", "2024-04-15T10:00:00+25:00",
                                   "!!timestamp abc", "'2024-02-29T24:00:00'"])
def test_bad_dates_name_the_line(tmp_path, value):
    with pytest.raises(InputError) as caught:
        _parse(tmp_path, f"title: x\nslug: y\ndate: {value}")
    assert caught.value.line == 4, str(caught.value)
    assert "\n" not in str(caught.value)


def test_updated_is_accepted_and_checked(tmp_path):
    doc = _parse(tmp_path, "title: x\ndate: 2024-04-15T09:00:00Z\nupdated: 2024-04-16T09:00:00Z")
    assert doc.updated.isoformat() == "2024-04-16T09:00:00+00:00"
    with pytest.raises(InputError, match="before"):
        _parse(tmp_path, "title: x\ndate: 2024-04-15\nupdated: 2024-04-14")


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    levels = "\n".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10))
    start = time.perf_counter()
    with pytest.raises(InputError, match="anchors"):
        _parse(tmp_path, "title: x\na0: &a0 [lol]\n" + levels + "\nslug: *a9")
    assert time.perf_counter() - start < 1


def test_lists_are_capped(tmp_path):
    tags = ", ".join(f"t{i}" for i in range(frontmatter.MAX_TAGS))
    assert len(_parse(tmp_path, f"title: x\ntags: [{tags}]").tags) == frontmatter.MAX_TAGS
    with pytest.raises(InputError, match="at most 100"):
        _parse(tmp_path, f"title: x\ntags: [{tags}, one-more]")
    related = ", ".join(f"s-{i}" for i in range(frontmatter.MAX_RELATED + 1))
    with pytest.raises(InputError, match="at most 50"):
        _parse(tmp_path, f"title: x\nrelated: [{related}]")


def test_body_is_kept_as_written(tmp_path):
    path = tmp_path / "a.md"
    text = "---\r\ntitle: x\r\n---\r\n\r\n\r\nFirst line.\r\n\r\nSecond.\r\n"
    doc = frontmatter.parse_text(text, path, TZ)
    assert doc.body == "\r\n\r\nFirst line.\r\n\r\nSecond.\r\n"
    assert doc.title == "x"


def test_control_characters_leave_the_fields(tmp_path):
    doc = _parse(tmp_path, 'title: "A\\vB\\u0001C"\nbyline: "x\\ty"', body="One\x0btwo\x01.\n")
    assert doc.title == "A BC"
    assert doc.byline == "x y"
    assert doc.body == "One\ntwo.\n"


def test_bad_hero_image_names_the_markdown_file_and_line(capsys, tmp_path, db_path):
    (tmp_path / "broken.jpg").write_bytes(b"not a jpeg at all")
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: x\nslug: x\nhero:\n  file: broken.jpg\n  alt: y\n---\nBody\n")
    assert main(["import", str(path), *cli_db(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"desk: {path}:4: hero 'broken.jpg': "), err
    assert err.count("\n") == 1


def test_a_file_too_big_to_be_an_article_is_refused_unread(capsys, tmp_path, db_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as file:
        file.write(b"---\ntitle: x\n---\n")
        file.truncate(frontmatter.MAX_FILE_BYTES + 1)  # sparse: nothing written
    assert main(["import", str(path), *cli_db(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"desk: {path}:1: the file is over 16 MB") and err.count("\n") == 1, err
    assert _articles(db_path) == 0
