"""Issue 17 items 1-2 and issue 21 items 5 and 7: import identity, unchanged means
unchanged, true 'updated' times, and imports in batches that stay all-or-nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.core.articles import editing as articles
from desk.core.store.db import open_database
from desk.core.errors import InputError
from desk.core.export import export_site
from desk.core.articles.importer import import_paths, recover
from desk.core.store.models import Article, Category, ImportRun, ImportSource, Revision, Tag

REPO = Path(__file__).resolve().parents[3]


def write(folder: Path, name: str, header: str, body: str = "Body text.\n") -> Path:
    path = folder / name
    if "status: published" in header:
        # What the checklist requires of a published article (release.py); not the subject here.
        header += "\nbyline: Ann Lee" + ("" if "category:" in header else "\ncategory: World")
    path.write_text(f"---\n{header}\n---\n{body}", encoding="utf-8", newline="")
    return path


def state(db) -> dict[str, tuple]:
    with db.read() as session:
        rows = session.execute(select(Article.slug, Article.version, Article.updated_at, Article.status))
        result = {slug: (version, updated, status) for slug, version, updated, status in rows}
        result["#revisions"] = (session.scalar(select(func.count()).select_from(Revision)),)
        return result


def folder_of_five(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(5):
        write(src, f"story-{i}.md", f"title: Story number {i}\nstatus: published\ndate: 2024-11-04T10:00:00Z\n"
              f"category: World > Asia\ntags: [Korea, Story {i}]", f"Paragraph {i}.\n")
    return src


def test_a_folder_imported_three_times(db, tmp_path):
    src = folder_of_five(tmp_path)
    first = import_paths(db, [src])
    assert len(first.created) == 5 and first.updated == [] and first.unchanged == []
    before = state(db)

    again = import_paths(db, [src])  # unchanged
    assert again.created == [] and again.updated == [] and len(again.unchanged) == 5
    assert state(db) == before

    write(src, "story-1.md", "title: Story number 1\nstatus: published\ndate: 2024-11-04T10:00:00Z\n"
          "category: World > Asia\ntags: [Korea, Story 1]", "Paragraph 1, corrected.\n")
    write(src, "story-2.md", "title: Story number 2\nstatus: draft\ndate: 2024-11-04T10:00:00Z\n"
          "category: World > Asia\ntags: [Korea, Story 2]", "Paragraph 2.\n")
    third = import_paths(db, [src])
    assert third.created == []
    assert sorted(third.updated) == ["story-number-1", "story-number-2"]
    assert len(third.unchanged) == 3
    after = state(db)
    assert sorted(k for k in after if not k.startswith("#")) == [f"story-number-{i}" for i in range(5)]
    assert after["story-number-2"][2] == "draft"
    assert after["story-number-1"][0] > before["story-number-1"][0]
    for i in (0, 3, 4):
        assert after[f"story-number-{i}"] == before[f"story-number-{i}"]
    assert after["#revisions"][0] == before["#revisions"][0] + 2


def test_a_file_without_slug_keeps_its_article_when_its_title_changes(db, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "a.md", "title: First title\nstatus: published\ndate: 2024-01-01")
    import_paths(db, [src])
    write(src, "a.md", "title: A new title\nstatus: published\ndate: 2024-01-01")
    report = import_paths(db, [src])
    assert report.updated == ["first-title"] and report.created == []
    with db.read() as session:
        assert session.scalars(select(Article.headline)).all() == ["A new title"]


def test_an_older_import_without_remembered_paths_is_found_by_its_slug(db, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "a.md", "title: Same story")
    import_paths(db, [src])
    with db.write() as session:  # as a database imported by an older Desk
        session.query(ImportSource).delete()
    report = import_paths(db, [src])
    assert report.unchanged == ["same-story"] and report.created == []


def test_two_files_with_one_title_are_two_articles_every_time(db, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "a.md", "title: Same title", "A.\n")
    write(src, "b.md", "title: Same title", "B.\n")
    assert sorted(import_paths(db, [src]).created) == ["same-title", "same-title-2"]
    assert len(import_paths(db, [src]).unchanged) == 2
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 2


def test_unchanged_reimport_rewrites_no_page(db, tmp_path):
    src = folder_of_five(tmp_path)
    import_paths(db, [src])
    out = tmp_path / "site"
    export_site(db, out, base_url="https://news.example.org")
    import_paths(db, [src])
    summary = export_site(db, out, base_url="https://news.example.org")
    assert summary.written == [], summary.line()


def test_stored_markdown_is_the_files_text(db, tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(b"---\r\ntitle: Windows file\r\n---\r\n\r\n\r\nFirst.\r\n\r\nSecond.\r\n")
    import_paths(db, [path])
    with db.read() as session:
        assert articles.by_slug(session, "windows-file").body == "\r\n\r\nFirst.\r\n\r\nSecond.\r\n"
    assert import_paths(db, [path]).unchanged == ["windows-file"]


def test_updated_follows_the_file_not_the_import(db, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "a.md", "title: Dated\nstatus: published\ndate: 2024-11-04T10:00:00Z")
    write(src, "b.md", "title: Edited later\nstatus: published\ndate: 2024-11-04T10:00:00Z\n"
          "updated: 2024-11-05T08:00:00Z")
    import_paths(db, [src])
    with db.read() as session:
        a = articles.by_slug(session, "dated")
        b = articles.by_slug(session, "edited-later")
        assert a.updated_at == a.published_at == dt.datetime(2024, 11, 4, 10, tzinfo=dt.timezone.utc)
        assert b.updated_at == dt.datetime(2024, 11, 5, 8, tzinfo=dt.timezone.utc)
    import_paths(db, [src])
    with db.read() as session:
        assert articles.by_slug(session, "dated").updated_at == dt.datetime(2024, 11, 4, 10, tzinfo=dt.timezone.utc)


def counts(db) -> tuple[int, ...]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Article, Revision, Category, Tag, ImportSource, ImportRun))


def many_files(folder: Path, n: int, prefix: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        write(folder, f"{prefix}{i:04d}.md", f"title: {prefix}Article {i}\ncategory: Batch > Sub {i % 7}\n"
              f"tags: [Tag {i % 11}]", f"Paragraph {i}.\n")
    return folder


def test_an_import_stopped_half_way_takes_every_batch_back(db, tmp_path):
    write(tmp_path, "keep.md", "title: Kept article\nslug: kept\ntags: [Old]", "Old body.\n")
    import_paths(db, [tmp_path / "keep.md"])
    before = counts(db)
    src = many_files(tmp_path / "src", 50)
    write(src, "zz-keep.md", "title: Kept article changed\nslug: kept\ntags: [New]", "New body.\n")

    def stop(batch: int) -> None:
        if batch == 2:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_paths(db, [src], batch_size=10, after_batch=stop)
    assert counts(db) == before
    with db.read() as session:
        kept = articles.by_slug(session, "kept")
        assert (kept.headline, kept.body, kept.tags) == ("Kept article", "Old body.\n", ["Old"])


def test_a_killed_import_is_taken_back_by_the_next(db, db_url, tmp_path):
    before = counts(db)
    src = many_files(tmp_path / "src", 40)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from desk.core.store.db import open_database\n"
        "from desk.core.articles.importer import import_paths\n"
        "def kill(n):\n"
        "    if n == 1: os._exit(9)\n"
        f"import_paths(open_database(url={db_url!r}), [Path({str(src)!r})], batch_size=10, after_batch=kill)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, timeout=120)
    assert result.returncode == 9
    # Two batches were committed (up to 10 articles each; fewer if a batch ran out of time).
    assert before[0] < counts(db)[0] <= before[0] + 20
    assert recover(db) != []
    assert counts(db) == before
    report = import_paths(db, [src])  # and the next import does it whole
    assert len(report.created) == 40


def test_other_writers_get_in_between_batches(db, db_url, tmp_path):
    src = many_files(tmp_path / "src", 400)
    other = open_database(url=db_url)
    waits: list[float] = []
    done = threading.Event()
    errors: list[BaseException] = []

    def importer() -> None:
        try:
            import_paths(db, [src], batch_size=50)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=importer)
    thread.start()
    n = 0
    while not done.is_set():
        start = time.perf_counter()
        with other.write("saving") as session:
            articles.create(session, headline=f"Typed while importing {n}")
        waits.append(time.perf_counter() - start)
        n += 1
        time.sleep(0.05)
    thread.join()
    other.close()
    assert errors == []
    assert len(waits) >= 3, "the import finished before anything could be written"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 400 + n


def test_a_batch_ends_when_its_time_is_up(db, tmp_path, monkeypatch):
    import desk.core.articles.importer as importer

    monkeypatch.setattr(importer, "BATCH_SECONDS", 0.0)  # every article passes the time
    report = import_paths(db, [many_files(tmp_path / "src", 6)], batch_size=50)
    assert report.batches == 6 and len(report.created) == 6


def test_a_bad_related_slug_is_refused_before_anything_is_written(db, tmp_path):
    src = many_files(tmp_path / "src", 5)
    write(src, "r.md", "title: With related\nrelated: [no-such-article]")
    with pytest.raises(InputError, match="no-such-article"):
        import_paths(db, [src])
    assert counts(db)[0] == 0
    assert os.path.exists(src)
