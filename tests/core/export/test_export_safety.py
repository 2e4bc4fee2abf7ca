"""The export under stress: kills at any moment, full and read-only disks, folders
that are not Desk's, hostile slugs, two articles wanting one file."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.cli.run import main
from desk.core.articles import editing as articles
from desk.core.export import ExportCancelled, ExportError, export_site, writer
from desk.core.store.models import Article
from desk.core.render.renderer import public_page

from tests.readonly import readonly_folder  # noqa: F401
from tests.core.export_helpers import (
    broken_links,
    demo_db,
    demo_template,
    killed_export,
    manifest_path,
    override_checklist,
    tree,
)

REPO = Path(__file__).resolve().parents[3]


def change_everything(db) -> None:
    """An edit, an unpublish and a new article: every kind of change at once."""
    with db.write() as session:
        live = session.scalars(select(Article).where(Article.status == "published")
                               .order_by(Article.id)).all()
        articles.update(session, live[0], headline="A changed headline for the test")
        articles.update(session, live[1], status="draft")
        articles.create(session, "A brand new story", category="Science", byline="Staff", status="published",
                        published_at=dt.datetime(2024, 7, 1, tzinfo=dt.timezone.utc), body="Fresh news.")


def expected_site(db, tmp_path: Path) -> dict[str, str]:
    reference = tmp_path / "reference"
    export_site(db, reference, full=True)
    return tree(reference)


KILLER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from desk.core.store.db import open_database
    from desk.core.export import export_site, writer
    db_path, out, phase, after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    calls = [0]
    def bump():
        calls[0] += 1
        if calls[0] > after:
            os.kill(os.getpid(), signal.SIGKILL)
    if phase == "stage":
        put = writer.Stager.put
        def killing_put(self, rel, data):
            bump()
            put(self, rel, data)
        writer.Stager.put = killing_put
    else:
        replace = os.replace
        def killing_replace(a, b):
            if str(a).find(".desk-staging") >= 0:
                bump()
            replace(a, b)
        writer.os.replace = killing_replace
    export_site(open_database(db_path), out)
""")


def export_killed(db_path: Path, out: Path, phase: str, after: int, tmp_path: Path) -> int:
    script = tmp_path / "killer.py"
    script.write_text(KILLER.format(repo=str(REPO)))
    result = subprocess.run([sys.executable, str(script), str(db_path), str(out), phase, str(after)],
                            capture_output=True, text=True, timeout=120)
    return result.returncode


@pytest.mark.parametrize("after", [0, 3, 12])
def test_killed_while_staging_leaves_the_previous_site_intact(demo_db, tmp_path, after):
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = tree(out)
    change_everything(demo_db)
    assert export_killed(demo_db.path, out, "stage", after, tmp_path) == -9
    assert tree(out) == before  # byte for byte, whatever was staged
    assert broken_links(out) == []
    export_site(demo_db, out)  # the second run completes the work
    assert not (out / writer.STAGING).exists() and not (out / writer.JOURNAL).exists()
    assert tree(out) == expected_site(demo_db, tmp_path)


def test_a_crash_in_the_writer_leaves_the_previous_site(demo_db, tmp_path, monkeypatch):
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = tree(out)
    change_everything(demo_db)
    real_put, calls = writer.Stager.put, [0]

    def failing_put(self, rel, data):
        calls[0] += 1
        if calls[0] == 4:
            raise RuntimeError("simulated crash")
        real_put(self, rel, data)

    monkeypatch.setattr(writer.Stager, "put", failing_put)
    with pytest.raises(RuntimeError):
        export_site(demo_db, out)
    assert tree(out) == before and not (out / writer.STAGING).exists()
    monkeypatch.setattr(writer.Stager, "put", real_put)
    export_site(demo_db, out)
    assert tree(out) == expected_site(demo_db, tmp_path)


@pytest.mark.parametrize("first_export", [False, True])
def test_full_disk_is_one_clear_error_and_the_site_is_intact(demo_db, tmp_path, monkeypatch, capsys, first_export):
    """Over a site (files staged under numbers) and as a first export (the site's tree
    staged): one line, and the folder as it was."""
    out = tmp_path / "site"
    before: dict[str, str] = {}
    if not first_export:
        export_site(demo_db, out)
        before = tree(out)
        change_everything(demo_db)
    calls = [0]

    write_new = writer._write_new

    def full_disk(path, data):
        calls[0] += 1
        if calls[0] > 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write_new(path, data)

    monkeypatch.setattr(writer, "_write_new", full_disk)
    code = main(["--db", str(demo_db.path), "export", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "the disk is full" in err and "previous site is intact" in err
    assert tree(out) == before and not (out / writer.STAGING).exists()


def test_read_only_folder_is_one_clear_error(demo_db, tmp_path, capsys):
    with readonly_folder(tmp_path) as ro:
        code = main(["--db", str(demo_db.path), "export", "--out", str(ro)])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1
        assert "read-only" in err or "permission denied" in err
        assert list(ro.iterdir()) == []


def test_cancel_keeps_the_previous_site(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = tree(out)
    change_everything(demo_db)
    seen: list[tuple[str, int, int]] = []

    def progress(item: str, done: int, total: int) -> None:
        seen.append((item, done, total))

    with pytest.raises(ExportCancelled):
        export_site(demo_db, out, full=True, progress=progress, cancel=lambda: len(seen) >= 5)
    assert tree(out) == before and not (out / writer.STAGING).exists()
    seen.clear()
    summary = export_site(demo_db, out, progress=progress)
    assert [d for _, d, _ in seen] == list(range(1, len(seen) + 1))
    assert seen[-1][1] == seen[-1][2] == len(summary.written) + summary.unchanged


def test_a_folder_desk_did_not_write_is_refused_unless_forced(demo_db, tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "index.html").write_text("my own home page")
    code = main(["--db", str(demo_db.path), "export", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "not empty" in err and "--force" in err and err.count("\n") == 1
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "notes.txt"]
    assert main(["--db", str(demo_db.path), "export", "--out", str(out), "--force"]) == 0
    assert (out / "notes.txt").read_text() == "mine"
    # Unpublish everything: Desk removes its pages, never the editor's file.
    with demo_db.write() as session:
        for article in session.scalars(select(Article).where(Article.status == "published")):
            articles.update(session, article, status="archived")
    export_site(demo_db, out)
    assert (out / "notes.txt").read_text() == "mine"
    assert not list(out.glob("20*"))


def test_a_file_instead_of_a_folder_is_refused(demo_db, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_site(demo_db, target)


def test_a_tampered_manifest_never_reaches_outside(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    manifest = manifest_path(out)
    data = json.loads(manifest.read_text())
    data["files"]["../victim.txt"] = {"sha256": "0", "size": 1, "key": "k", "source": "x"}
    manifest.write_text(json.dumps(data))
    with pytest.raises(ExportError, match="damaged"):
        export_site(demo_db, out)
    assert victim.read_text() == "keep me"


HOSTILE = ["../../escape", "a/b", "back\\slash", "nul\x00byte", "CON", "lpt1.txt", "x" * 300, ".", "..",
           "trailing.", "what?#%20", "a/../../b"]


def test_hostile_slugs_stay_inside_the_folder_and_unique(demo_db, tmp_path):
    with demo_db.write() as session:
        ids = []
        for n, _ in enumerate(HOSTILE):
            a = articles.create(session, f"Hostile {n}", status="published", category="Science", byline="Staff",
                                tags=["Odd"], published_at=dt.datetime(2024, 5, 5, tzinfo=dt.timezone.utc),
                                body="Text.")
            ids.append(a.id)
        session.flush()
        for article_id, slug in zip(ids, HOSTILE):
            session.execute(text("UPDATE articles SET slug = :s WHERE id = :i"), {"s": slug, "i": article_id})
        session.execute(text("UPDATE categories SET slug = '../../cat' WHERE name = 'Science'"))
        session.execute(text("UPDATE tags SET slug = 'CON' WHERE name = 'Odd'"))
    out = tmp_path / "site"
    summary = export_site(demo_db, out)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    meta = writer.meta_of(out)
    assert all(p.resolve().is_relative_to(meta) or p.name.startswith("desk.sqlite") for p in files)
    pages = sorted(p.relative_to(out).as_posix() for p in out.glob("2024/05/05/*/index.html"))
    assert len(pages) == len(HOSTILE) == len({p.casefold() for p in pages})
    for page in pages:
        name = page.split("/")[3]
        assert name not in (".", "..") and "\\" not in name and "\x00" not in name
        assert len(name.encode()) <= 120 and name.upper() != "CON"
    assert len([w for w in summary.warnings if "not a safe file name" in w]) == len(HOSTILE)
    assert list(out.glob("category/*/index.html")) and list(out.glob("tag/*/index.html"))
    assert not (tmp_path / "cat").exists() and not (tmp_path / "escape").exists()
    # Every link Desk draws (navigation, breadcrumbs, kickers, tags, cards, related
    # blocks, listings) points at the sanitised place the file was written to.
    assert broken_links(out) == []


def test_links_to_unsafe_slugs_point_at_the_written_files(demo_db, tmp_path):
    """Unsafe article, category (top level: in the header) and tag slugs: no broken
    internal link anywhere, and `desk render` / the preview draw the exported page."""
    from desk.core.site import pages

    with demo_db.write() as session:
        made = []
        for n, slug in enumerate(["../up", "a/b", "CON", "y" * 300]):
            a = articles.create(session, f"Unsafe {n}", status="published", category="Science", byline="Staff",
                                tags=["Odd tag", "Plain"], body="Text.",
                                published_at=dt.datetime(2024, 6, 6, n, tzinfo=dt.timezone.utc))
            made.append((a.id, slug))
        session.flush()
        for article_id, slug in made:
            session.execute(text("UPDATE articles SET slug = :s WHERE id = :i"), {"s": slug, "i": article_id})
        session.execute(text("UPDATE categories SET slug = 'sci/ence\\..' WHERE name = 'Science'"))
        session.execute(text("UPDATE tags SET slug = 'lpt1' WHERE name = 'Odd tag'"))
    out = tmp_path / "site"
    export_site(demo_db, out)
    assert broken_links(out) == []
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "sci/ence" not in html and "tag/lpt1/" not in html
    with demo_db.read() as session:
        for article_id, _ in made:
            article = session.get(Article, article_id)
            page = pages.build_page(session, article)
            assert (out / page.url.lstrip("/") / "index.html").read_text(encoding="utf-8") \
                == public_page(pages.render_article(session, article))


def test_two_articles_that_would_share_a_file_one_is_refused_by_name(demo_db, tmp_path):
    when = dt.datetime(2024, 8, 8, 12, tzinfo=dt.timezone.utc)
    with demo_db.write() as session:
        first = articles.create(session, "The first one", status="published", published_at=when, body="A.",
                                byline="Staff", category="Science")
        second = articles.create(session, "The second one", status="published", published_at=when, body="B.",
                                 byline="Staff", category="Science")
        session.flush()
        session.execute(text("UPDATE articles SET slug = 'same-story' WHERE id = :i"), {"i": first.id})
        session.execute(text("UPDATE articles SET slug = 'Same-Story' WHERE id = :i"), {"i": second.id})
    # The checklist blocks both (their slugs differ only in case): overridden here, so
    # that the exporter's own refusal is what decides.
    override_checklist(demo_db, first.id, second.id)
    out = tmp_path / "site"
    summary = export_site(demo_db, out)
    clash = [w for w in summary.warnings if "already written by" in w]
    assert len(clash) == 1 and "The first one" in clash[0] and "The second one" in clash[0]
    assert (out / "2024/08/08/same-story/index.html").is_file()
    assert not (out / "2024/08/08/Same-Story").exists()
    assert "The first one" in (out / "2024/08/08/same-story/index.html").read_text()


# --- a first export: the site's tree is staged and its top-level folders moved ---------


@pytest.mark.parametrize("after", [0, 5, 30])
def test_a_first_export_killed_while_staging_leaves_no_site_and_the_next_run_makes_it(demo_db, tmp_path, after):
    out = tmp_path / "site"
    assert export_killed(demo_db.path, out, "stage", after, tmp_path) == -9
    assert not out.exists()  # no page, nothing half-written: the folder appears whole
    export_site(demo_db, out)
    meta = writer.meta_of(out)
    assert not (meta / "staging").exists() and not (meta / "journal.json").exists()
    assert tree(out) == expected_site(demo_db, tmp_path)


@pytest.mark.parametrize("after", [0, 2, 4])
def test_in_place_a_first_export_killed_while_committing_is_completed_by_the_next_run(demo_db, tmp_path, after):
    """Where no switch can be made, a first export commits by moving a handful of
    top-level folders, assets first; the next run finishes it."""
    out = tmp_path / "site"

    def in_place(w):
        w.switch_possible = lambda layout: False

    killed_export(demo_db.path, out, after + 3, setup=in_place)  # past the journal's own writes
    journal = json.loads((out / writer.JOURNAL).read_text())
    # A handful of moves (top-level folders and files), not one per file; assets first.
    assert len(journal["moves"]) < 20 and journal["moves"][0] == ["media", "media"]
    summary = export_site(demo_db, out)
    assert summary.written == []  # the commit was finished, nothing left to do
    assert out.is_symlink()  # and the folder is now served through the switch
    assert tree(out) == expected_site(demo_db, tmp_path)
    assert broken_links(out) == []


def test_a_staged_folder_is_merged_into_one_that_exists(tmp_path):
    """A tree commit moves whole folders; where the folder is already there (made
    meanwhile), its entries are moved into it and nothing else in it is lost."""
    out = tmp_path / "site"
    (out / writer.STAGING / "media").mkdir(parents=True)
    (out / writer.STAGING / "media" / "1-400.jpg").write_bytes(b"new")
    (out / writer.STAGING / "media" / "2-400.jpg").write_bytes(b"two")
    (out / "media").mkdir()
    (out / "media" / "1-400.jpg").write_bytes(b"old")
    (out / "media" / "notes.txt").write_bytes(b"someone's")
    (out / writer.JOURNAL).write_text(json.dumps({"moves": [["media", "media"]], "remove": []}))
    assert writer.apply_journal(out)
    assert {p.name: p.read_bytes() for p in (out / "media").iterdir()} == {
        "1-400.jpg": b"new", "2-400.jpg": b"two", "notes.txt": b"someone's"}
    assert not (out / writer.STAGING).exists() and not (out / writer.JOURNAL).exists()
