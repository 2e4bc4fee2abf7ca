"""Two editors, two windows, one database file: each window has its own Database (its own
connections) and its own editor, as two machines on a shared database would."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desk.core import articles
from desk.core.db import open_database
from desk.core.newsroom import locks
from desk.core.newsroom.identity import new_actor
from desk.ui.main_window import MainWindow
from desk.ui.services import Services

WAIT_MS = 10000


def _window(qtbot, db_path, name):
    db = open_database(db_path)
    db.actor = new_actor(name)
    services = Services.create(db)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.load_initial()
    return window


@pytest.fixture
def newsroom(qtbot, db_path):
    seed = open_database(db_path)
    with seed.write() as session:
        article_id = articles.create(session, "Flooding in the valley", body="The river rose overnight.").id
    seed.close()
    marie = _window(qtbot, db_path, "Marie Lambert")
    qtbot.waitUntil(lambda: marie.editor.article_id == article_id, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not marie.newsroom.read_only and _holder(marie, article_id) == "Marie Lambert",
                    timeout=WAIT_MS)
    paul = _window(qtbot, db_path, "Paul Durand")
    qtbot.waitUntil(lambda: paul.editor.article_id == article_id, timeout=WAIT_MS)
    yield marie, paul, article_id
    for window in (paul, marie):
        window.close()
        window.services.shutdown()


def _holder(window, article_id):
    with window.services.db.read() as session:
        holder = locks.holder(session, article_id)
    return holder.user_name if holder else None


def _stored_body(window, article_id):
    with window.services.db.read() as session:
        return articles.get(session, article_id).body


def test_the_second_editor_sees_who_is_editing_and_opens_it_read_only(qtbot, newsroom):
    marie, paul, article_id = newsroom
    qtbot.waitUntil(lambda: paul.newsroom.read_only, timeout=WAIT_MS)
    assert paul.banner.isVisible()
    assert paul.banner.label.text() == "Marie Lambert is editing this article. It is open read-only."
    assert paul.editor.body.isReadOnly() and not paul.inspector.isEnabled()
    row = paul.model.row_of(article_id)
    assert paul.model.index(row, 1).data() == "draft · Marie Lambert is editing"
    assert not marie.newsroom.read_only and not marie.banner.isVisible()
    # Paul's keys do nothing to the text.
    paul.editor.body.setFocus()
    qtbot.keyClicks(paul.editor.body, "Paul was here")
    assert "Paul was here" not in paul.editor.body.toPlainText()


def test_closing_a_window_gives_up_its_lock_and_the_other_may_take_it(qtbot, newsroom):
    marie, paul, article_id = newsroom
    qtbot.waitUntil(lambda: paul.newsroom.read_only, timeout=WAIT_MS)
    marie.close()
    assert _holder(paul, article_id) is None
    row = lambda: paul.model.row_of(article_id)  # noqa: E731
    qtbot.waitUntil(lambda: paul.model.index(row(), 1).data() == "draft", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not paul.newsroom.read_only and not paul.editor.body.isReadOnly(), timeout=WAIT_MS)
    assert not paul.banner.isVisible()
    assert _holder(paul, article_id) == "Paul Durand"


def test_taking_over_tells_the_first_editor_and_keeps_their_text_as_a_revision(qtbot, newsroom):
    marie, paul, article_id = newsroom
    qtbot.waitUntil(lambda: paul.newsroom.read_only, timeout=WAIT_MS)
    # Marie types; the take-over comes before her autosave (the save timer is stopped).
    marie.editor.body.setFocus()
    marie.editor.body.moveCursor(marie.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(marie.editor.body, " Marie's unsaved line.")
    marie._save_timer.stop()
    take_over = next(b for b in paul.banner.buttons() if b.text() == "Take Over")
    qtbot.mouseClick(take_over, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not paul.newsroom.read_only and not paul.editor.body.isReadOnly(), timeout=WAIT_MS)
    # Marie is told within the change poll; her editor becomes read-only.
    qtbot.waitUntil(lambda: marie.newsroom.read_only and marie.editor.body.isReadOnly(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "took over" in marie.banner.label.text() and marie.banner.isVisible(),
                    timeout=WAIT_MS)
    assert "Paul Durand" in marie.banner.label.text()
    with marie.services.db.read() as session:
        kept = [r for r in articles.revisions(session, article_id) if r.reason.startswith(locks.TAKEN_OVER)]
    assert len(kept) == 1 and kept[0].author == "Marie Lambert"
    assert kept[0].snapshot["body"].endswith("Marie's unsaved line.")
    assert _stored_body(paul, article_id) == "The river rose overnight."  # the article is Paul's now
    # History shows who.
    qtbot.waitUntil(lambda: any(marie.history.revisions_view.topLevelItem(i).text(2) == "Marie Lambert"
                                for i in range(marie.history.revisions_view.topLevelItemCount())),
                    timeout=WAIT_MS)


def test_a_save_in_one_window_shows_in_the_others_list_editor_and_new_articles_appear(qtbot, newsroom):
    marie, paul, article_id = newsroom
    qtbot.waitUntil(lambda: paul.newsroom.read_only, timeout=WAIT_MS)
    marie.editor.headline.setFocus()
    marie.editor.headline.selectAll()
    qtbot.keyClicks(marie.editor.headline, "Flood waters recede")
    row = lambda: paul.model.row_of(article_id)  # noqa: E731
    qtbot.waitUntil(lambda: paul.model.index(row(), 0).data() == "Flood waters recede", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: paul.editor.headline.text() == "Flood waters recede", timeout=WAIT_MS)
    before = paul.model.total
    marie.new_article()
    qtbot.waitUntil(lambda: paul.model.total == before + 1, timeout=WAIT_MS)
    marie.trash_article()
    qtbot.waitUntil(lambda: paul.model.total == before, timeout=WAIT_MS)


def test_a_locked_database_keeps_edits_in_the_journal_and_sends_them_when_back(qtbot, newsroom, db_path):
    marie, paul, article_id = newsroom
    marie.services.db.busy_wait = 0.2
    blocker = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock, for long
    try:
        marie.editor.body.setFocus()
        marie.editor.body.moveCursor(marie.editor.body.textCursor().MoveOperation.End)
        qtbot.keyClicks(marie.editor.body, " Typed while away.")
        qtbot.waitUntil(lambda: marie.newsroom.offline_label.isVisible(), timeout=WAIT_MS)
        assert marie.newsroom.offline_label.text() == "Offline: edits kept on this computer"
        entries = marie.newsroom.journal.pending()
        assert entries[article_id].changes["body"].endswith("Typed while away.")
        assert marie.editor.body.toPlainText().endswith("Typed while away.")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: _stored_body(paul, article_id).endswith("Typed while away."), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not marie.newsroom.journal.path.exists(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not marie.newsroom.offline_label.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: paul.editor.body.toPlainText().endswith("Typed while away."), timeout=WAIT_MS)


def test_a_restart_with_a_journal_sends_its_edits(qtbot, db_path):
    from desk.core.newsroom.journal import Entry

    seed = open_database(db_path)
    with seed.write() as session:
        article = articles.create(session, "Council meeting", body="Draft.")
        article_id, version = article.id, article.version
    seed.close()
    # What a window killed while the database was away left behind.
    first = _window(qtbot, db_path, "Marie Lambert")
    journal = first.newsroom.journal
    first.close()
    first.services.shutdown()
    journal.append(Entry(article_id, version, {"body": "Draft, then typed offline."}, "Marie Lambert", "t"))
    again = _window(qtbot, db_path, "Marie Lambert")
    assert again.newsroom.replayed == 1
    qtbot.waitUntil(lambda: _stored_body(again, article_id) == "Draft, then typed offline.", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not journal.path.exists(), timeout=WAIT_MS)
    again.close()
    again.services.shutdown()
