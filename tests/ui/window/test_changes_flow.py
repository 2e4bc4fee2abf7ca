"""One way for changes to flow (issue 14): every write from the window goes through the
operations layer, off the UI thread, and every panel follows its "what changed" signal.
Each stale panel of the issue, and the smaller defects of the inspector and status bar."""

from __future__ import annotations

import datetime as dt
import textwrap
import threading
import zoneinfo
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from desk.core.articles import editing as articles, categories
from desk.core.photos import records as photos
from desk.core.site import settings as site_settings
from desk.core.store.db import Database

from tests.ui.driving import answer_next_dialog
from tests.ui.window.test_window_intent import choose_status
from tests.ui.window.test_writing_desk import open_window

REPO = Path(__file__).resolve().parents[3]


def stored(db, article_id):
    with db.read() as s:
        a = articles.get(s, article_id)
        return {"status": a.status, "body": a.body, "published_at": a.published_at,
                "category": a.category.path_names() if a.category else None, "slug": a.slug}


@pytest.fixture
def draft(db):
    with db.write() as s:
        categories.by_path(s, "Politics", create=True)
        a = articles.create(s, headline="Budget vote delayed", body="The vote was delayed.",
                            category="Politics", byline="Ann Lee", tags=["Budget"])
        articles.add_revision(s, a, "created")
    return a.id


def test_import_markdown_brings_its_new_category_to_the_picker(qtbot, services, db, draft,
                                                               tmp_path, monkeypatch):
    md = tmp_path / "comet.md"
    md.write_text(textwrap.dedent("""\
        ---
        title: A comet visible to the naked eye
        category: Science > Space
        byline: Kim Lee
        ---
        Look up tonight.
        """), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(md)], "Markdown (*.md)"))
    win = open_window(qtbot, services)
    win.open_article(draft)
    win.import_action.trigger()
    qtbot.waitUntil(lambda: any(p.endswith("Space") for p in win.inspector.category.visible_paths()),
                    timeout=5000)
    assert win.category_filter.findText("Space", Qt.MatchFlag.MatchContains) >= 0
    with db.read() as s:
        comet = articles.by_slug(s, "a-comet-visible-to-the-naked-eye").id
    qtbot.waitUntil(lambda: win.model.row_of(comet) >= 0, timeout=10000)
    win.open_article(comet)
    assert "Space" in win.inspector.category.current_label.text()
    assert win.inspector.category.current_id() is not None


def test_after_publishing_the_inspector_and_a_filtered_list_follow(qtbot, services, db, draft):
    win = open_window(qtbot, services)
    win.open_article(draft)
    win.status_filter.setCurrentText("published")
    qtbot.waitUntil(lambda: win.model.rowCount() == 0)
    win.open_article(draft)  # still open in the editor
    answer_next_dialog(qtbot, "Publish")
    choose_status(qtbot, win, "published")
    qtbot.waitUntil(lambda: stored(db, draft)["status"] == "published", timeout=10000)
    qtbot.waitUntil(lambda: win.model.row_of(draft) >= 0, timeout=10000)  # no F5
    assert win.inspector.has_date.isChecked() and win.inspector.published.text() != "Not set"
    assert win.count_label.text().startswith("1 ")


def test_saved_follows_attaching_a_photo_and_restoring_a_revision(qtbot, services, db, draft):
    with db.write() as s:
        photo_id = photos.store(s, (REPO / "resources/demo/photos/mansu-hill.jpg").read_bytes(),
                                "mansu-hill.jpg")[0].id
    win = open_window(qtbot, services)
    win.open_article(draft)
    win._set_save_state("(test)")
    # The panels around the editor are filled on the next turn of the event loop.
    qtbot.waitUntil(lambda: win.history.article_id() == win.editor.article_id)
    win.article_photos.set_candidate(photo_id)
    qtbot.mouseClick(win.article_photos.hero_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.save_label.text().startswith("Saved"), timeout=10000)
    qtbot.waitUntil(lambda: len(win.article_photos.links) == 1)

    win.editor.body.selectAll()
    qtbot.keyClicks(win.editor.body, "Rewritten.")
    qtbot.waitUntil(lambda: stored(db, draft)["body"] == "Rewritten.", timeout=10000)
    win._set_save_state("(test)")
    win.history_dock.show()
    win.history_dock.raise_()
    win.history.refresh()
    created = next(i for i, r in enumerate(win.history._rows) if r.reason == "created")
    win.history.select_revision(win.history._rows[created].id)
    qtbot.mouseClick(win.history.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored(db, draft)["body"] == "The vote was delayed.", timeout=10000)
    qtbot.waitUntil(lambda: win.editor.body.toPlainText() == "The vote was delayed.", timeout=10000)
    qtbot.waitUntil(lambda: win.save_label.text().startswith("Saved"), timeout=10000)
    # and typing goes on without a conflict
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor.body, " Again.")
    qtbot.waitUntil(lambda: stored(db, draft)["body"].endswith(" Again."), timeout=10000)
    assert win.banner.isHidden(), win.banner.label.text()


def test_the_status_bar_time_is_the_sites(qtbot, db, draft):
    """It said UTC while the preview said CET."""
    from desk.ui.window.services import Services

    with db.write() as s:
        site_settings.save(s, timezone="Asia/Tokyo")
    services = Services.create(db)
    win = open_window(qtbot, services)
    win.open_article(draft)
    win.editor.body.setFocus()
    qtbot.keyClicks(win.editor.body, " More.")
    qtbot.waitUntil(lambda: win.save_label.text().startswith("Saved "), timeout=10000)
    tokyo = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Tokyo"))
    shown = win.save_label.text().removeprefix("Saved ")
    assert shown.startswith(tokyo.strftime("%H:")) or shown.startswith(
        (tokyo - dt.timedelta(minutes=1)).strftime("%H:")), shown
    assert "JST" in shown
    services.pool.waitForDone(10000)


def test_no_database_write_on_the_ui_thread(qtbot, services, db, draft, monkeypatch, tmp_path):
    threads: list[tuple[str, bool]] = []
    real_write = Database.write

    def watched(self, what="saving"):
        threads.append((what, threading.current_thread() is threading.main_thread()))
        return real_write(self, what)

    with db.write() as s:
        photo_id = photos.store(s, (REPO / "resources/demo/photos/mansu-hill.jpg").read_bytes(),
                                "mansu-hill.jpg")[0].id
    monkeypatch.setattr(Database, "write", watched)
    win = open_window(qtbot, services)
    win.open_article(draft)
    # typing, a revision, a status, a category, a photo, a restore, a new article, trash, undo
    win.editor.body.setFocus()
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor.body, " Typed.")
    qtbot.keyClick(win.editor.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(db, draft)["body"].endswith(" Typed."), timeout=10000)
    answer_next_dialog(qtbot, "Cancel")
    choose_status(qtbot, win, "review")
    qtbot.waitUntil(lambda: stored(db, draft)["status"] == "review", timeout=10000)
    # The panels around the editor are filled on the next turn of the event loop.
    qtbot.waitUntil(lambda: win.history.article_id() == win.editor.article_id)
    win.article_photos.set_candidate(photo_id)
    qtbot.mouseClick(win.article_photos.hero_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(win.article_photos.links) == 1, timeout=10000)
    win.history.refresh()
    win.history.select_revision(win.history._rows[-1].id)
    qtbot.mouseClick(win.history.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not stored(db, draft)["body"].endswith(" Typed."), timeout=10000)
    win.new_action.trigger()
    qtbot.waitUntil(lambda: win.editor.article_id not in (None, draft), timeout=10000)
    new_id = win.editor.article_id
    win.trash_action.trigger()
    qtbot.waitUntil(lambda: win.editor.article_id is None, timeout=10000)
    win.list_view.setFocus()
    qtbot.keyClick(win.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor.article_id == new_id, timeout=10000)
    win.show_photo(photo_id)
    win.photo_panel.edits["source"].setFocus()
    qtbot.keyClicks(win.photo_panel.edits["source"], " Pyongyang")
    qtbot.waitUntil(lambda: win.photo_panel.save_state.text() == "Saved", timeout=5000)
    win.close()
    on_ui = sorted({what for what, main in threads if main})
    assert threads and on_ui == []


# --- smaller defects ------------------------------------------------------------------


def test_the_tag_completer_does_not_swallow_the_click_on_byline(qtbot, services, db, draft):
    """"transportMarie Lambert": the popup covered Byline and ate the click."""
    with db.write() as s:
        articles.create(s, headline="Trains", tags=["transport", "trade"])
    win = open_window(qtbot, services)
    win.open_article(draft)
    tags, byline = win.inspector.tags, win.inspector.byline
    tags.setFocus()
    tags.end(False)
    qtbot.keyClicks(tags, ", tr")
    popup = tags._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert not popup.geometry().intersects(
        type(popup.geometry())(byline.mapToGlobal(QPoint(0, 0)), byline.size()))
    byline.selectAll()
    qtbot.mouseClick(byline, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(byline.hasFocus)
    byline.selectAll()
    qtbot.keyClicks(byline, "Marie Lambert")
    assert byline.text() == "Marie Lambert"
    assert "Marie" not in tags.text()
    qtbot.waitUntil(lambda: stored(db, draft)["body"] is not None)


def test_a_refused_slug_message_goes_when_the_slug_is_valid(qtbot, services, db, draft):
    with db.write() as s:
        articles.create(s, headline="Other story", slug="taken-slug")
    win = open_window(qtbot, services)
    win.open_article(draft)
    slug = win.inspector.slug
    slug.setFocus()
    slug.selectAll()
    qtbot.keyClicks(slug, "taken-slug")
    qtbot.keyClick(slug, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.inspector.slug_error.isVisible(), timeout=10000)
    slug.selectAll()
    qtbot.keyClicks(slug, "budget-vote-next-week")
    qtbot.keyClick(slug, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(db, draft)["slug"] == "budget-vote-next-week", timeout=10000)
    qtbot.waitUntil(lambda: not win.inspector.slug_error.isVisible(), timeout=10000)
    qtbot.waitUntil(win.banner.isHidden, timeout=10000)
