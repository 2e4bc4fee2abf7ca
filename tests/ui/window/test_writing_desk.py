"""The writing desk driven through the real window: writing, filing, searching,
revisions, trash, and what happens with bad input or a failing database."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from desk.core.articles import editing as articles, categories


def stored(db, article_id):
    with db.read() as s:
        a = articles.get(s, article_id)
        return {"headline": a.headline, "standfirst": a.standfirst, "body": a.body,
                "status": a.status, "slug": a.slug, "category": a.category.name if a.category else None,
                "tags": a.tags, "deleted": a.deleted_at is not None}


@pytest.fixture
def seeded(db):
    with db.write() as s:
        categories.by_path(s, "World > Asia", create=True)
        categories.by_path(s, "Politics", create=True)
        a = articles.create(s, headline="Budget vote delayed", body="The vote was delayed.",
                            category="Politics", tags=["Budget"])
        b = articles.create(s, headline="Volcano erupts", body="Lava flows near the village.",
                            category="World > Asia")
    return a.id, b.id


def open_window(qtbot, services):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.load_initial()
    # Window shortcuts (Ctrl+N, Ctrl+S, Ctrl+B...) only reach an active window.
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def test_new_article_typed_and_autosaved(qtbot, services, db):
    win = open_window(qtbot, services)
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor.headline.hasFocus())
    article_id = win.editor.article_id
    qtbot.keyClicks(win.editor.headline, "Floods hit the valley")
    qtbot.keyClick(win.editor.headline, Qt.Key.Key_Tab)
    assert win.editor.standfirst.hasFocus()
    qtbot.keyClicks(win.editor.standfirst, "Rivers burst their banks.")
    qtbot.keyClick(win.editor.standfirst, Qt.Key.Key_Tab)
    assert win.editor.body.hasFocus()
    qtbot.keyClicks(win.editor.body, "Water rose overnight.")
    qtbot.waitUntil(lambda: stored(db, article_id)["body"] == "Water rose overnight.", timeout=10000)
    row = stored(db, article_id)
    assert row["headline"] == "Floods hit the valley"
    assert row["standfirst"] == "Rivers burst their banks."
    assert row["slug"] == "floods-hit-the-valley"
    qtbot.waitUntil(lambda: "3 words" in win.stats_label.text())
    qtbot.waitUntil(lambda: win.model.data(win.model.index(win.model.row_of(article_id), 0))
                    == "Floods hit the valley")


def test_filing_under_a_category_and_status_revision(qtbot, services, db, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    picker = win.inspector.category
    qtbot.keyClicks(picker.filter_edit, "Asia")
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(db, a_id)["category"] == "Asia", timeout=10000)
    before = len(articles_revisions(db, a_id))
    win.inspector.status.setCurrentText("review")
    qtbot.waitUntil(lambda: stored(db, a_id)["status"] == "review", timeout=10000)
    qtbot.waitUntil(lambda: len(articles_revisions(db, a_id)) == before + 1, timeout=10000)
    assert articles_revisions(db, a_id)[0].reason == "status: review"


def articles_revisions(db, article_id):
    with db.read() as s:
        return articles.revisions(s, article_id)


def test_search_as_you_type(qtbot, services, seeded):
    _, b_id = seeded
    win = open_window(qtbot, services)
    qtbot.keyClicks(win.search_box, "lav")
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    assert win.model.article_id(0) == b_id
    win.search_box.clear()
    qtbot.waitUntil(lambda: win.model.rowCount() == 2)


def test_filters_by_status_and_category(qtbot, services, seeded):
    win = open_window(qtbot, services)
    win.category_filter.setCurrentIndex(win.category_filter.findData(
        _category_id(services.db, "World")))
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)  # World includes Asia
    win.category_filter.setCurrentIndex(0)
    win.status_filter.setCurrentText("published")
    qtbot.waitUntil(lambda: win.model.rowCount() == 0)


def _category_id(db, name):
    with db.read() as s:
        return categories.by_path(s, name).id


def test_save_revision_history_and_restore(qtbot, services, db, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    win.editor.body.setFocus()
    qtbot.keyClick(win.editor.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(articles_revisions(db, a_id)) == 1, timeout=10000)
    win.editor.body.selectAll()
    qtbot.keyClicks(win.editor.body, "Rewritten entirely.")
    qtbot.keyClick(win.editor.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(articles_revisions(db, a_id)) == 2, timeout=10000)
    assert stored(db, a_id)["body"] == "Rewritten entirely."
    first = articles_revisions(db, a_id)[-1]
    # The panel follows the save's Changes a turn later: restore from what it lists.
    qtbot.waitUntil(lambda: win.history.revisions_view.topLevelItemCount() == 2)
    win.history.select_revision(first.id)
    qtbot.waitUntil(lambda: win.history.selected_revision_id() == first.id
                    and win.history.restore_button.isEnabled())
    with qtbot.waitSignal(win.history.restored, timeout=5000):
        qtbot.mouseClick(win.history.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.editor.body.toPlainText() == "The vote was delayed.")
    assert stored(db, a_id)["body"] == "The vote was delayed."
    assert len(articles_revisions(db, a_id)) == 3


def test_trash_and_restore(qtbot, services, db, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    win.trash_action.trigger()  # Article › Move to Trash (Ctrl+Delete deletes a word)
    qtbot.waitUntil(lambda: stored(db, a_id)["deleted"])
    qtbot.waitUntil(lambda: win.model.row_of(a_id) == -1)
    win.status_filter.setCurrentText("Trash")
    qtbot.waitUntil(lambda: win.model.row_of(a_id) == 0)
    win.list_view.selectRow(0)
    win.restore_action.trigger()
    qtbot.waitUntil(lambda: not stored(db, a_id)["deleted"])


def test_open_with_enter_focuses_the_body(qtbot, services, seeded):
    win = open_window(qtbot, services)
    win.list_view.setFocus()
    win.list_view.selectRow(1)
    qtbot.keyClick(win.list_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.editor.body.hasFocus())
    assert win.editor.article_id == win.model.article_id(1)


def test_duplicate_slug_is_refused_naming_the_other(qtbot, services, db, seeded):
    a_id, b_id = seeded
    win = open_window(qtbot, services)
    win.open_article(b_id)
    win.inspector.slug.setFocus()
    win.inspector.slug.selectAll()
    qtbot.keyClicks(win.inspector.slug, stored(db, a_id)["slug"])
    qtbot.keyClick(win.inspector.slug, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.banner.isVisible(), timeout=10000)
    assert "Budget vote delayed" in win.banner.label.text()
    assert stored(db, b_id)["slug"] == "volcano-erupts"


def test_headline_of_spaces_is_not_saved(qtbot, services, db, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    # The window opens its first article on a later turn of the event loop: let it, so
    # that nothing opened after the test's own article loads over the typed spaces.
    qtbot.waitUntil(lambda: win.editor.article_id is not None, timeout=10000)
    win.open_article(a_id)
    qtbot.waitUntil(lambda: win.editor.isEnabled() and not win.operations.busy(), timeout=10000)
    win.editor.headline.selectAll()
    qtbot.keyClicks(win.editor.headline, "    ")
    assert win.editor.headline.text() == "    "
    qtbot.waitUntil(lambda: "only spaces" in win.banner.label.text(), timeout=10000)
    assert not win.banner.isHidden()
    assert stored(db, a_id)["headline"] == "Budget vote delayed"
    # The rest of the article still saves, and the refusal stays until the headline does.
    win.editor.standfirst.setFocus()
    qtbot.keyClicks(win.editor.standfirst, " More.")
    qtbot.waitUntil(lambda: stored(db, a_id)["standfirst"].endswith("More."), timeout=10000)
    assert not win.banner.isHidden() and "only spaces" in win.banner.label.text()
    win.editor.headline.selectAll()
    qtbot.keyClicks(win.editor.headline, "Budget vote held")
    qtbot.waitUntil(lambda: stored(db, a_id)["headline"] == "Budget vote held", timeout=10000)
    qtbot.waitUntil(lambda: win.banner.isHidden(), timeout=10000)


def test_pasted_rich_text_becomes_markdown(qtbot, services, db, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    body = win.editor.body
    body.selectAll()
    mime = QMimeData()
    mime.setHtml('<p>Hello <b>bold</b> <a href="https://example.org">link</a><script>x()</script></p>')
    body.insertFromMimeData(mime)
    text = body.toPlainText()
    assert "**bold**" in text and "[link](https://example.org)" in text
    assert "<" not in text
    qtbot.waitUntil(lambda: stored(db, a_id)["body"] == text, timeout=10000)


def test_one_megabyte_paste(qtbot, services, db, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    big = ("A sentence of filler text for the paste test. " * 22000)[:1_000_000]
    QApplication.clipboard().setText(big)
    win.editor.body.selectAll()
    win.editor.body.paste()
    qtbot.waitUntil(lambda: len(stored(db, a_id)["body"]) == len(big), timeout=10000)


def test_locked_database_keeps_edits_and_saves_later(qtbot, services, db, seeded, monkeypatch):
    import desk.core.store.sqlite as sq
    import desk.ui.editor.autosave as autosave

    monkeypatch.setattr(sq, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(autosave, "RETRY_MS", 300)
    db.engine.dispose()
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    blocker = sqlite3.connect(db.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        win.editor.body.selectAll()
        qtbot.keyClicks(win.editor.body, "Typed while locked.")
        qtbot.waitUntil(lambda: win.banner.isVisible(), timeout=5000)
        assert "locked" in win.banner.label.text()
        assert win.editor.body.toPlainText() == "Typed while locked."
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: stored(db, a_id)["body"] == "Typed while locked.", timeout=5000)
    qtbot.waitUntil(lambda: not win.banner.isVisible())


def test_deleted_database_file_is_recreated_without_loss(qtbot, services, db, seeded, monkeypatch):
    import desk.ui.editor.autosave as autosave

    monkeypatch.setattr(autosave, "RETRY_MS", 300)
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    # The history and photo panels read the article on the next turn: before the file goes.
    qtbot.waitUntil(lambda: win.history.article_id() == a_id)
    db.path.unlink()
    win.editor.body.selectAll()
    qtbot.keyClicks(win.editor.body, "Written after the file vanished.")
    qtbot.waitUntil(lambda: win.banner.isVisible() and "deleted" in win.banner.label.text(), timeout=5000)
    qtbot.mouseClick(win.banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.path.exists(), timeout=5000)
    qtbot.waitUntil(lambda: stored(db, a_id)["body"] == "Written after the file vanished.", timeout=5000)
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_formatting_shortcuts(qtbot, services, seeded):
    a_id, _ = seeded
    win = open_window(qtbot, services)
    win.open_article(a_id)
    body = win.editor.body
    body.setFocus()
    body.selectAll()
    qtbot.keyClicks(body, "word")
    body.selectAll()
    qtbot.keyClick(body, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "**word**"
    qtbot.keyClick(body, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "## **word**"
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "**word**"


def test_no_ctrl_p_except_print(window):
    from PySide6.QtGui import QKeySequence

    bound = [a for a in window.findChildren(type(window.new_action))
             if a.shortcut() == QKeySequence("Ctrl+P")]
    assert all("Print" in a.text() for a in bound)
