"""A page is written only with what it links to.

An export that cannot store a photo's renditions (the database locked by another
writer, read-only, or its disk full) still publishes them: they are made in memory and
stored afterwards if the database lets it. An export that cannot make them at all (the
original is damaged or gone) leaves the pages that show the photo unpublished: the
previous version stays, a page never published is left out (no listing, feed or Related
block links to it), the export says so and exits 1, and the manifest records what is
missing so that the next export, incremental or not, tries again. `desk export --check`
verifies every internal link and asset of the output."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.cli.run import main
from desk.core.articles import editing as articles, attachments
from desk.core.photos import records as photos
from desk.core.export import export_site
from desk.core.store.models import Article, Rendition
from tests.photo_factory import agency_jpeg

from tests.core.export_helpers import (
    broken_links,
    demo_db,
    demo_template,
    manifest_path,
    served,
    tree,
)

WHEN = dt.datetime(2024, 9, 3, 8, tzinfo=dt.timezone.utc)


def new_photo(db, credit: str = "Reuters") -> int:
    with db.write() as session:
        photo, _ = photos.store(session, agency_jpeg({110: credit, 120: "A harbour at dawn."},
                                                     width=1700, height=900), f"{credit}.jpg")
        return photo.id


def hero_story(db, photo_id: int, headline: str) -> int:
    """A newly published article with ``photo_id`` as its hero."""
    with db.write() as session:
        article = articles.create(session, headline, status="published", category="Science",
                                  tags=["Harbours"], published_at=WHEN, body="The harbour story.",
                                  byline="Desk test desk")
        session.flush()
        attachments.set_hero(session, article.id, photo_id, alt="Boats in a harbour at dawn")
        return article.id


def live_story(db) -> Article:
    with db.read() as session:
        return session.scalars(select(Article).where(Article.status == "published").order_by(Article.id)).first()


def damage_original(db, photo_id: int) -> bytes:
    with db.write() as session:
        data = session.execute(text("SELECT data FROM photo_blobs WHERE photo_id = :p"), {"p": photo_id}).scalar()
        session.execute(text("UPDATE photo_blobs SET data = :d WHERE photo_id = :p"),
                        {"d": b"\xff\xd8 not a photo any more", "p": photo_id})
        return data


def restore_original(db, photo_id: int, data: bytes) -> None:
    with db.write() as session:
        session.execute(text("UPDATE photo_blobs SET data = :d WHERE photo_id = :p"), {"d": data, "p": photo_id})


def web_renditions(db, photo_id: int) -> int:
    with db.read() as session:
        return len(session.scalars(select(Rendition).where(Rendition.photo_id == photo_id,
                                                           Rendition.kind == "web")).all())


# --- the database cannot store them: made in memory, published ------------------------------


def test_an_export_with_the_database_locked_publishes_its_photos(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    photo = new_photo(demo_db)
    hero_story(demo_db, photo, "Harbour reopens with a new photo")
    holder = sqlite3.connect(demo_db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, for the whole export
    try:
        summary = export_site(demo_db, out)
        assert broken_links(out) == []
        assert any(rel.startswith(f"media/{photo}-") for rel in summary.written)
        assert summary.warnings == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert web_renditions(demo_db, photo) == 0  # nothing could be stored meanwhile
    assert export_site(demo_db, out).written == []  # and nothing is missing from the site
    assert broken_links(out) == []


def test_an_export_from_a_read_only_database_publishes_its_photos(demo_db, tmp_path):
    from desk.core.store.db import open_database

    from tests.readonly import readonly_folder

    photo = new_photo(demo_db)
    hero_story(demo_db, photo, "Harbour reopens with a new photo")
    demo_db.close()
    with readonly_folder(tmp_path, {"desk.sqlite": demo_db.path.read_bytes()}) as ro:
        db = open_database(ro / "desk.sqlite", for_reading=True)
        out = tmp_path / "site"
        try:
            summary = export_site(db, out)
        finally:
            db.close()
        assert broken_links(out) == [] and summary.warnings == []
        assert any(rel.startswith(f"media/{photo}-") for rel in summary.written)


# --- they cannot be made: the page waits, the previous version stays ----------------------------


def test_a_photo_that_cannot_be_made_holds_back_the_pages_that_show_it(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    old = live_story(demo_db)
    old_rel = None
    photo = new_photo(demo_db)
    original = damage_original(demo_db, photo)
    with demo_db.write() as session:
        attachments.set_hero(session, old.id, photo, alt="Boats")  # an article on the site
        articles.update(session, session.get(Article, old.id), headline="A headline for the new photo")
    fresh = hero_story(demo_db, photo, "A story never published before")  # one that is not
    before = served(out)
    for rel in before:
        if rel.endswith("/index.html") and f"/{old.slug}/" in f"/{rel}":
            old_rel = rel
    assert old_rel is not None

    for attempt in range(2):  # the next export tries again, and is not silent about it
        summary = export_site(demo_db, out)
        held = [w for w in summary.warnings if "not published" in w]
        assert len(held) == 2, summary.warnings
        assert any(old.slug in w and "previous page stays" in w for w in held)
        assert any("never-published" in w or "A story never published before" in w for w in held)
        assert broken_links(out) == []
        now = served(out)
        assert now[old_rel] == before[old_rel]  # the previous version, byte for byte
        assert not any(f"media/{photo}-" in rel for rel in now)
        assert "A story never published before" not in (out / "index.html").read_text()
        index = json.loads(manifest_path(out).read_text())["index"]
        assert str(photo) in index["missing"]["photos"]
        assert sorted(index["missing"]["articles"]) == sorted([old.id, fresh])

    restore_original(demo_db, photo, original)
    summary = export_site(demo_db, out)
    assert summary.warnings == []
    assert broken_links(out) == []
    assert "A headline for the new photo" in (out / old_rel).read_text()
    assert "A story never published before" in (out / "index.html").read_text()
    assert "missing" not in json.loads(manifest_path(out).read_text())["index"]
    reference = tmp_path / "reference"
    export_site(demo_db, reference, full=True)
    assert tree(out) == tree(reference)


def test_a_held_back_page_exits_1_on_the_command_line(demo_db, tmp_path, capsys):
    out = tmp_path / "site"
    photo = new_photo(demo_db)
    damage_original(demo_db, photo)
    hero_story(demo_db, photo, "A story never published before")
    code = main(["--db", str(demo_db.path), "export", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "not published" in err and "the next export tries again" in err
    assert broken_links(out) == []


# --- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs (as root), unmounted after the test."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): " + done.stderr.decode(errors="replace").strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder``, leaving about ``leave`` bytes."""
    filler = folder / "filler"
    with filler.open("wb") as fh:
        chunk = b"\0" * 65536
        try:
            while True:
                fh.write(chunk)
                fh.flush()
        except OSError:
            pass
    if leave:
        size = filler.stat().st_size
        with filler.open("r+b") as fh:
            fh.truncate(max(0, size - leave))
    return filler


def test_a_full_disk_under_the_database_still_publishes_whole_pages(demo_db, small_disk, tmp_path):
    """The database's disk is full: renditions cannot be stored, and are published."""
    from desk.core.store.db import open_database

    demo_db.close()
    shutil.copy(demo_db.path, small_disk / "desk.sqlite")
    db = open_database(small_disk / "desk.sqlite")
    try:
        photo = new_photo(db)
        hero_story(db, photo, "Harbour reopens with a new photo")
        fill(small_disk)
        out = tmp_path / "site"
        summary = export_site(db, out)
        assert broken_links(out) == [] and summary.warnings == []
        assert any(rel.startswith(f"media/{photo}-") for rel in summary.written)
    finally:
        db.close()


def test_a_full_disk_under_the_site_leaves_the_previous_site_then_the_next_export_completes(
        demo_db, small_disk, capsys):
    out = small_disk / "site"
    export_site(demo_db, out)
    before = served(out)
    photo = new_photo(demo_db)
    hero_story(demo_db, photo, "Harbour reopens with a new photo")
    filler = fill(small_disk, leave=20_000)
    code = main(["--db", str(demo_db.path), "export", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "the disk is full" in err and err.count("\n") == 1
    assert served(out) == before and broken_links(out) == []
    filler.unlink()
    assert main(["--db", str(demo_db.path), "export", "--out", str(out)]) == 0
    assert broken_links(out) == []
    assert any(rel.startswith(f"media/{photo}-") for rel in served(out))


# --- desk export --check ----------------------------------------------------------------------


def test_check_of_a_whole_site_finds_nothing(demo_db, tmp_path, capsys):
    out = tmp_path / "site"
    export_site(demo_db, out)
    capsys.readouterr()
    assert main(["export", "--check", "--out", str(out)]) == 0
    assert "no problem" in capsys.readouterr().out


def test_check_names_every_broken_link_damaged_file_and_leftover(demo_db, tmp_path, capsys):
    out = tmp_path / "site"
    export_site(demo_db, out)
    media = sorted((out / "media").iterdir())[0]
    media.unlink()
    page = next(p for p in sorted(out.rglob("index.html")) if p.parent.name not in ("site",))
    page.write_text(page.read_text() + "<!-- edited by hand -->")
    (out / "sitemap-pages.xml").unlink()
    capsys.readouterr()
    code = main(["export", "--check", "--out", str(out)])
    report = capsys.readouterr()
    assert code == 1
    lines = report.out.splitlines()
    assert any(f"/media/{media.name}" in line and "missing" in line for line in lines), report.out
    assert any(page.relative_to(out).as_posix() in line and "changed" in line for line in lines), report.out
    assert any("sitemap-pages.xml" in line for line in lines), report.out
    assert "problem" in lines[-1]


def test_check_of_a_folder_desk_did_not_write_is_exit_2(tmp_path, capsys):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "index.html").write_text("<a href='/nowhere/'>x</a>")
    assert main(["export", "--check", "--out", str(folder)]) == 2
    assert "not a site Desk exported" in capsys.readouterr().err


def test_a_photo_named_only_in_the_body_holds_back_its_page_too(demo_db, tmp_path):
    """No link row names the photo: the page's own Markdown does. The page stays off the
    site, and so does every link to it (listings, Related blocks of the others)."""
    out = tmp_path / "site"
    export_site(demo_db, out)
    photo = new_photo(demo_db)
    damage_original(demo_db, photo)
    with demo_db.write() as session:
        articles.create(session, "Inline photo story", status="published", category="Science",
                        tags=["Harbours"], published_at=WHEN, byline="Desk test desk",
                        body=f"Before the photo.\n\n![Boats at dawn](photo:{photo})\n\nAfter it.")
    summary = export_site(demo_db, out)
    held = [w for w in summary.warnings if "not published" in w]
    assert len(held) == 1 and "Inline photo story" in held[0] and f"photo {photo}" in held[0]
    assert broken_links(out) == []
    assert not any("inline-photo-story" in rel for rel in served(out))
    assert not any("inline-photo-story" in (out / rel).read_text(errors="replace")
                   for rel in served(out) if rel.endswith((".html", ".xml")))


def test_a_database_on_a_full_disk_is_one_line_saying_so(demo_db, small_disk, tmp_path, capsys):
    """Closed cleanly, the database has no shared-memory file: on a full disk SQLite
    cannot make one and says 'disk I/O error'. The editor is told the disk is full."""
    demo_db.close()
    shutil.copy(demo_db.path, small_disk / "desk.sqlite")
    fill(small_disk)
    before = (small_disk / "desk.sqlite").read_bytes()
    code = main(["--db", str(small_disk / "desk.sqlite"), "export", "--out", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "the disk holding it is full" in err, err
    assert (small_disk / "desk.sqlite").read_bytes() == before
    assert not (tmp_path / "site").exists() or broken_links(tmp_path / "site") == []
