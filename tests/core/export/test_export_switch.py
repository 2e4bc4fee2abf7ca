"""Readers see the old site or the new one, never a mix: an export over a live site is
killed at every file-system change of its commit (a forked child that dies like kill -9),
and each time the folder a web server serves is checked: exactly the old site or exactly
the new one, no broken link, none of Desk's own files (staging, journal, manifest). The
next run then finishes the site.

Where the switch cannot be made (the folder's parent is read-only, another file system),
the files are replaced in place: assets first, then pages, then listings and feeds, so no
page links to an image or stylesheet that is not there yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.core.export import export_site, writer

from tests.core.export_helpers import (
    broken_links,
    demo_db,
    demo_template,
    killed_export,
    restore_folder,
    served,
    snapshot_folder,
    tree,
)
from tests.core.export.test_export_safety import change_everything


def reference_site(db, tmp_path: Path) -> dict[str, str]:
    reference = tmp_path / "reference" / "site"
    export_site(db, reference, full=True)
    return served(reference)


def desk_names(files: dict[str, str]) -> list[str]:
    """Files of Desk's own machinery found among the served ones."""
    return sorted(rel for rel in files if any(part.startswith(".desk") for part in rel.split("/")))


def kill_everywhere(db, out: Path, tmp_path: Path, before: dict[str, str], after: dict[str, str],
                    *, setup=None, phase: str = "commit", whole: bool = True,
                    points: list[int] | None = None, as_one: tuple[str, ...] = ("clone_tree",)) -> int:
    """Kill the export at each change of ``phase`` (or at ``points``); check the served
    folder each time, then that the next run finishes the site. The copy of a tree by
    hard links (changes to a folder nobody serves) counts as one change, killed inside
    by test_killed_while_copying_the_live_tree. Returns how many points were tried."""
    saved = snapshot_folder(tmp_path, out)
    total = killed_export(db.path, out, None, phase=phase, setup=setup, whole=as_one)
    assert total > 0
    restore_folder(saved, out)
    for point in points if points is not None else range(total):
        killed_export(db.path, out, point, phase=phase, setup=setup, whole=as_one)
        now = served(out)
        if whole:
            assert now in (before, after), f"a mixed tree after a kill at change {point} of {total}"
        if now != before:  # a folder written in place by an older Desk served its manifest
            assert desk_names(now) == [], f"Desk's files served after a kill at change {point}"
        assert broken_links(out) == [], f"broken links after a kill at change {point}"
        export_site(db, out)
        assert served(out) == after, f"the next run did not finish the site (kill at {point})"
        restore_folder(saved, out)
    return total


@pytest.mark.slow
def test_an_export_over_a_live_site_is_seen_whole_at_every_kill_point(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    change_everything(demo_db)
    export_site(demo_db, out)  # both trees exist from here on
    before = served(out)
    assert desk_names(before) == []
    change_everything(demo_db)
    after = reference_site(demo_db, tmp_path)
    assert after != before
    kill_everywhere(demo_db, out, tmp_path, before, after)


@pytest.mark.slow
def test_the_first_export_over_a_site_is_seen_whole_at_every_kill_point(demo_db, tmp_path):
    """The second tree is made by this export (a copy of the live one, by hard links)."""
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = served(out)
    change_everything(demo_db)
    after = reference_site(demo_db, tmp_path)
    kill_everywhere(demo_db, out, tmp_path, before, after)


@pytest.mark.parametrize("inside", [1, 7, 30, 80])
def test_killed_while_copying_the_live_tree(demo_db, tmp_path, inside):
    """The first export over a site copies the live tree by hard links: a kill in the
    middle leaves the old site served, and the next run copies it again."""
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = served(out)
    change_everything(demo_db)
    after = reference_site(demo_db, tmp_path)
    kill_everywhere(demo_db, out, tmp_path, before, after, as_one=(), points=[inside])


def test_a_first_export_is_served_whole_or_not_at_all(demo_db, tmp_path):
    out = tmp_path / "site"
    after = reference_site(demo_db, tmp_path)
    kill_everywhere(demo_db, out, tmp_path, {}, after)


@pytest.mark.slow
def test_killed_while_staging_nothing_is_served_but_the_old_site(demo_db, tmp_path):
    out = tmp_path / "site"
    export_site(demo_db, out)
    before = served(out)
    change_everything(demo_db)
    after = reference_site(demo_db, tmp_path)
    kill_everywhere(demo_db, out, tmp_path, before, after, phase="stage")


@pytest.mark.slow
def test_a_site_exported_in_place_by_an_older_desk_is_switched_atomically(demo_db, tmp_path):
    """An output folder written in place (an older Desk, or a folder whose parent was
    read-only) becomes the switched layout at its next export: its files are kept and
    the folder goes from the old site to the new one in one step."""
    out = tmp_path / "site"
    in_place = lambda w: setattr(w, "switch_possible", lambda layout: False)  # noqa: E731
    killed_export(demo_db.path, out, None, setup=in_place)
    assert out.is_dir() and not out.is_symlink() and (out / ".desk-export.json").is_file()
    (out / "notes.txt").write_text("the editor's own file")
    before = served(out)
    change_everything(demo_db)
    after = reference_site(demo_db, tmp_path)
    after["notes.txt"] = before["notes.txt"]
    kill_everywhere(demo_db, out, tmp_path, {k: v for k, v in before.items()}, after, whole=False)
    export_site(demo_db, out)
    assert out.is_symlink() and served(out) == after


# --- in place, where no switch can be made -----------------------------------------------


def in_place(w) -> None:
    w.switch_possible = lambda layout: False


def test_in_place_a_first_export_moves_media_and_static_before_pages(demo_db, tmp_path, monkeypatch):
    out = tmp_path / "site"
    monkeypatch.setattr(writer, "switch_possible", lambda layout: False)
    seen: list[list] = []
    apply = writer.apply_journal

    def spy(*args, **kwargs):
        journal = Path(args[0]) / writer.JOURNAL if isinstance(args[0], Path) else None
        if journal is not None and journal.exists():
            seen.append(json.loads(journal.read_text())["moves"])
        return apply(*args, **kwargs)

    monkeypatch.setattr(writer, "apply_journal", spy)
    export_site(demo_db, out)
    moves = [target for _, target in seen[-1]]
    assert moves[:2] == ["media", "static"], moves


@pytest.mark.slow
def test_in_place_no_page_links_to_a_missing_asset_at_any_kill_point(demo_db, tmp_path):
    out = tmp_path / "site"
    killed_export(demo_db.path, out, None, setup=in_place)
    change_everything(demo_db)
    saved = snapshot_folder(tmp_path, out)
    total = killed_export(demo_db.path, out, None, setup=in_place)
    restore_folder(saved, out)
    for point in range(total):
        killed_export(demo_db.path, out, point, setup=in_place)
        assets = [b for b in broken_links(out) if "/media/" in b or "/static/" in b]
        assert assets == [], f"a page links to a missing asset after a kill at change {point}"
        restore_folder(saved, out)


def test_in_place_a_first_export_killed_at_every_point_shows_no_missing_asset(demo_db, tmp_path):
    """In place, pages and listings link to each other: during a first export's commit a
    page can link to a listing not moved yet (the switch is what prevents that), but
    never to an image or the stylesheet."""
    out = tmp_path / "site"
    saved = snapshot_folder(tmp_path, tmp_path / "site")
    total = killed_export(demo_db.path, out, None, setup=in_place)
    for point in range(total):
        restore_folder(saved, out)
        killed_export(demo_db.path, out, point, setup=in_place)
        if out.exists():
            assets = [b for b in broken_links(out) if "/media/" in b or "/static/" in b]
            assert assets == [], f"a page links to a missing asset after a kill at change {point}"


@pytest.mark.parametrize("layout", ["switch", "in place"])
def test_nothing_of_desk_is_left_in_the_served_folder(demo_db, tmp_path, layout):
    out = tmp_path / "site"
    setup = in_place if layout == "in place" else None
    killed_export(demo_db.path, out, None, setup=setup)
    change_everything(demo_db)
    killed_export(demo_db.path, out, 3, setup=setup)  # killed in the commit
    if layout == "switch":
        assert desk_names(served(out)) == []
