"""Ctrl+Delete deletes a word; trashing is Article › Move to Trash with Undo; a restored
article is edited without a false conflict; a real conflict offers both ways out
(issue 14)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desk.core.articles import editing as articles, categories

from tests.ui.window.test_writing_desk import open_window


def stored(db, article_id):
    with db.read() as s:
        a = articles.get(s, article_id)
        return {"headline": a.headline, "body": a.body, "deleted": a.deleted_at is not None,
                "version": a.version}


@pytest.fixture
def two(db):
    with db.write() as s:
        categories.by_path(s, "Politics", create=True)
        a = articles.create(s, headline="Budget vote delayed", body="Alpha beta gamma.",
                            category="Politics")
        b = articles.create(s, headline="Volcano erupts", body="Lava flows near the village.")
    return a.id, b.id


@pytest.fixture
def no_close_question(monkeypatch):
    """Fails the test if closing the window asks anything (it said the changes could not
    be saved)."""
    asked: list[str] = []

    def refuse(self, *args, **kwargs):
        asked.append(self.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    return asked


def test_ctrl_delete_in_the_body_deletes_the_next_word_only(qtbot, services, db, two):
    a_id, _ = two
    win = open_window(qtbot, services)
    win.open_article(a_id)
    body = win.editor.body
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.Start)
    qtbot.keyClick(body, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "beta gamma."
    assert win.editor.article_id == a_id
    qtbot.waitUntil(lambda: stored(db, a_id)["body"] == "beta gamma.", timeout=10000)
    assert not stored(db, a_id)["deleted"]
    # and in the headline too
    win.editor.headline.setFocus()
    win.editor.headline.setCursorPosition(0)
    qtbot.keyClick(win.editor.headline, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert win.editor.headline.text() == "vote delayed"
    assert not stored(db, a_id)["deleted"]


def test_move_to_trash_leaves_the_editor_and_undo_brings_it_back(qtbot, services, db, two,
                                                                no_close_question):
    a_id, _ = two
    win = open_window(qtbot, services)
    win.open_article(a_id)
    qtbot.waitUntil(lambda: "Budget vote delayed" in win.preview.current_html, timeout=10000)
    assert win.trash_action.shortcut().isEmpty() or win.trash_action.shortcut().toString() != "Ctrl+Del"
    win.trash_action.trigger()
    qtbot.waitUntil(lambda: stored(db, a_id)["deleted"], timeout=10000)
    qtbot.waitUntil(lambda: win.editor.article_id is None)
    assert win.editor.headline.text() == "" and not win.editor.isEnabled()
    assert "Budget vote delayed" not in win.windowTitle()
    assert win.model.row_of(a_id) < 0
    qtbot.waitUntil(lambda: "Budget vote delayed" not in win.preview.current_html, timeout=10000)
    assert "Undo" in win.statusBar().currentMessage() or win.undo_trash_button.isVisible()

    # Ctrl+Z restores it (the focus is no longer in a text field).
    win.list_view.setFocus()
    qtbot.keyClick(win.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not stored(db, a_id)["deleted"], timeout=10000)
    qtbot.waitUntil(lambda: win.editor.article_id == a_id, timeout=10000)
    assert win.model.row_of(a_id) >= 0
    assert "Budget vote delayed" in win.windowTitle()

    # Typing after the restore saves, with no "changed elsewhere" conflict.
    win.editor.body.setFocus()
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor.body, " Delta.")
    qtbot.waitUntil(lambda: stored(db, a_id)["body"] == "Alpha beta gamma. Delta.", timeout=10000)
    assert win.banner.isHidden()
    assert win.save_label.text().startswith("Saved")
    win.close()
    assert no_close_question == []


def test_restore_from_trash_works_and_typing_after_it_saves(qtbot, services, db, two,
                                                           no_close_question):
    """The defect: restore did nothing, then typing gave "changed elsewhere (version 6,
    expected 5)", and closing said the changes could not be saved."""
    a_id, _ = two
    win = open_window(qtbot, services)
    win.open_article(a_id)
    win.trash_action.trigger()
    qtbot.waitUntil(lambda: stored(db, a_id)["deleted"], timeout=10000)
    win.status_filter.setCurrentText("Trash")
    qtbot.waitUntil(lambda: win.model.row_of(a_id) >= 0)
    win.list_view.selectRow(win.model.row_of(a_id))
    win.restore_action.trigger()
    qtbot.waitUntil(lambda: not stored(db, a_id)["deleted"], timeout=10000)
    qtbot.waitUntil(lambda: win.editor.article_id == a_id, timeout=10000)
    qtbot.waitUntil(lambda: win.model.row_of(a_id) >= 0)  # the list shows it again
    # Typed once the restore has settled (no operation running, the list re-shown). Typing
    # while it settles lost the keys in 1 of ~20 runs under heavy CPU load: an open issue.
    qtbot.waitUntil(lambda: not win.operations.busy() and win._after_list_change is None)
    win.editor.body.setFocus()
    qtbot.keyClicks(win.editor.body, "New first words. ")
    qtbot.waitUntil(lambda: stored(db, a_id)["body"].startswith("New first words. "), timeout=10000)
    assert win.banner.isHidden(), win.banner.label.text()
    win.close()
    assert no_close_question == []


def test_a_real_conflict_offers_keep_mine_and_reload(qtbot, services, db, two, no_close_question):
    a_id, _ = two
    win = open_window(qtbot, services)
    win.open_article(a_id)
    with db.write() as s:  # another Desk saves the same article meanwhile
        articles.update(s, articles.get(s, a_id), body="Theirs.")
    win.editor.body.setFocus()
    qtbot.keyClicks(win.editor.body, "Mine ")
    qtbot.waitUntil(lambda: win.banner.isVisible(), timeout=10000)
    assert "changed elsewhere" in win.banner.label.text()
    buttons = {b.text().replace("&", ""): b for b in win.banner.buttons() if b.isVisible()}
    assert set(buttons) == {"Keep Mine", "Reload"}
    qtbot.mouseClick(buttons["Reload"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.editor.body.toPlainText() == "Theirs.", timeout=10000)
    assert win.banner.isHidden()
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor.body, " And more.")
    qtbot.waitUntil(lambda: stored(db, a_id)["body"].endswith(" And more."), timeout=10000)
    win.close()
    assert no_close_question == []


def test_keep_mine_overwrites_and_leaves_the_headline_as_it_was(qtbot, services, db, two):
    a_id, _ = two
    win = open_window(qtbot, services)
    win.open_article(a_id)
    with db.write() as s:
        articles.update(s, articles.get(s, a_id), body="Theirs.")
    headline = win.editor.headline
    headline.setFocus()
    headline.end(False)
    qtbot.keyClicks(headline, " again")
    qtbot.waitUntil(lambda: win.banner.isVisible(), timeout=10000)
    keep = next(b for b in win.banner.buttons() if b.text().replace("&", "") == "Keep Mine")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored(db, a_id)["headline"] == "Budget vote delayed again", timeout=10000)
    qtbot.waitUntil(lambda: win.banner.isHidden())
    assert not headline.hasSelectedText()
    assert QApplication.focusWidget() is headline
