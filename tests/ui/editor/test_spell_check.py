"""Spell check in the window: misspellings typed are underlined, a suggestion from the
context menu replaces the word (undoably), and a word added to the dictionary is accepted
after a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from desk.core.articles import editing as articles
from desk.core.site import settings

SPELL = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


@pytest.fixture
def story(db):
    with db.write() as s:
        return articles.create(s, headline="Budget", body="", category="Politics", byline="Staff").id


def open_window(qtbot, services, article_id):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.load_initial()
    win.open_article(article_id)
    qtbot.waitUntil(lambda: win.editor.spelling.speller is not None, timeout=10000)
    return win


def underlined(edit, block_number: int = 0) -> list[str]:
    """The words the highlighter underlines in one block, from the block's formats."""
    block = edit.document().findBlockByNumber(block_number)
    text = block.text()
    return [text[r.start:r.start + r.length] for r in block.layout().formats()
            if r.format.underlineStyle() == SPELL]


def test_english_misspellings_typed_are_underlined(qtbot, services, story):
    win = open_window(qtbot, services, story)
    body = win.editor.body
    body.setFocus()
    qtbot.keyClicks(body, "Teh goverment recieved the report.")
    qtbot.waitUntil(lambda: underlined(body) == ["Teh", "goverment", "recieved"], timeout=5000)
    qtbot.keyClicks(win.editor.standfirst, "A shocking rport")
    qtbot.waitUntil(lambda: underlined(win.editor.standfirst) == ["rport"], timeout=5000)


def test_french_misspellings_are_underlined_in_a_french_site(qtbot, db, services, story):
    with db.write() as s:
        settings.save(s, language="fr")
    win = open_window(qtbot, services, story)
    body = win.editor.body
    qtbot.keyClicks(body, "Le gouvernemant a dit que ")
    # QTest types ASCII only: the accented rest goes in as a paste would.
    body.insertPlainText("l’État paiera aujourd’hui.")
    qtbot.waitUntil(lambda: underlined(body) == ["gouvernemant"], timeout=5000)


def test_markdown_syntax_and_code_are_not_underlined(qtbot, services, story):
    win = open_window(qtbot, services, story)
    body = win.editor.body
    qtbot.keyClicks(body, "See [the sitte](https://exampel.org/xqzt) and `codde` ![A crowd](photo:3)")
    qtbot.waitUntil(lambda: underlined(body) == ["sitte"], timeout=5000)


def pick(qtbot, choose: str, seen: list[str]) -> None:
    """Once the context menu is up: note its labels and click ``choose`` (or close it,
    so that a missing entry fails the test instead of leaving the menu open)."""
    menu = QApplication.activePopupWidget()
    if not isinstance(menu, QMenu):
        QTimer.singleShot(20, lambda: pick(qtbot, choose, seen))
        return
    seen.extend(a.text() for a in menu.actions())
    action = next((a for a in menu.actions() if a.text() == choose), None)
    if action is None:
        menu.close()
        return
    menu.setActiveAction(action)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def run_menu(qtbot, edit, word: str, choose: str) -> list[str]:
    """Open the real context menu on ``word`` and click ``choose``; the menu's labels."""
    text = edit.toPlainText()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(text.index(word) + 1)
    pos = edit.cursorRect(cursor).center()
    seen: list[str] = []

    QTimer.singleShot(0, lambda: pick(qtbot, choose, seen))
    menu = edit.spelling_menu(pos)
    menu.exec(edit.viewport().mapToGlobal(pos))
    return seen


def run_line_menu(qtbot, edit, word: str, choose: str) -> list[str]:
    """The same, on a one-line field (the headline)."""
    edit.setCursorPosition(edit.text().index(word) + 1)
    pos = edit.cursorRect().center()
    seen: list[str] = []

    QTimer.singleShot(0, lambda: pick(qtbot, choose, seen))
    menu = edit.spelling_menu(pos)
    menu.exec(edit.mapToGlobal(pos))
    return seen


def stored_headline(db, article_id: int) -> str:
    with db.read() as s:
        return articles.get(s, article_id).headline


def red_pixels(widget) -> int:
    """Pixels of the underline's red in the widget as drawn (text and cursor are black)."""
    image = widget.grab().toImage()
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if (c := image.pixelColor(x, y)).red() - c.green() > 50 and c.red() - c.blue() > 50)


def test_a_suggestion_from_the_context_menu_replaces_the_word_undoably(qtbot, services, story):
    win = open_window(qtbot, services, story)
    body = win.editor.body
    qtbot.keyClicks(body, "The goverment said so.")
    qtbot.waitUntil(lambda: underlined(body) == ["goverment"], timeout=5000)
    labels = run_menu(qtbot, body, "goverment", "government")
    assert labels[:1] == ["government"] and "Add to Dictionary" in labels and "Ignore" in labels
    assert body.toPlainText() == "The government said so."
    qtbot.waitUntil(lambda: underlined(body) == [], timeout=5000)
    body.undo()
    assert body.toPlainText() == "The goverment said so."


def test_a_word_added_to_the_dictionary_is_accepted_after_a_restart(qtbot, db, services, story):
    win = open_window(qtbot, services, story)
    body = win.editor.body
    qtbot.keyClicks(body, "Kyodo reported it.")
    qtbot.waitUntil(lambda: underlined(body) == ["Kyodo"], timeout=5000)
    run_menu(qtbot, body, "Kyodo", "Add to Dictionary")
    qtbot.waitUntil(lambda: underlined(body) == [], timeout=5000)
    qtbot.waitUntil(lambda: not win.operations.busy(), timeout=5000)
    win.close()

    from desk.core.store.db import open_database
    from desk.ui.window.services import Services

    again = Services.create(open_database(db.path))  # a new window on the same database
    try:
        win2 = open_window(qtbot, again, story)
        qtbot.keyClicks(win2.editor.body, "Kyodo and Reutters.")
        qtbot.waitUntil(lambda: underlined(win2.editor.body) == ["Reutters"], timeout=5000)
        win2.close()
    finally:
        again.pool.waitForDone(10000)


def test_ignore_keeps_the_word_for_this_article(qtbot, services, story):
    win = open_window(qtbot, services, story)
    body = win.editor.body
    qtbot.keyClicks(body, "Zorbleton spoke.")
    qtbot.waitUntil(lambda: underlined(body) == ["Zorbleton"], timeout=5000)
    run_menu(qtbot, body, "Zorbleton", "Ignore")
    qtbot.waitUntil(lambda: underlined(body) == [], timeout=5000)


def test_spell_check_can_be_turned_off_from_the_view_menu(qtbot, services, story):
    win = open_window(qtbot, services, story)
    body = win.editor.body
    qtbot.keyClicks(body, "Teh end.")
    qtbot.waitUntil(lambda: underlined(body) == ["Teh"], timeout=5000)
    win.spelling_action.trigger()
    qtbot.waitUntil(lambda: underlined(body) == [], timeout=5000)
    win.spelling_action.trigger()
    qtbot.waitUntil(lambda: underlined(body) == ["Teh"], timeout=5000)


def test_a_dictionary_that_cannot_load_is_said_once_not_raised(qtbot, monkeypatch):
    """A broken binding or dictionary file: no underlines, one message, no thread traceback."""
    from desk.ui.editor import spell_check

    def broken(*_args, **_kwargs):
        raise OSError("fr.aff: unreadable")

    monkeypatch.setattr(spell_check, "Speller", broken)
    checker = spell_check.SpellChecker()
    with qtbot.waitSignal(checker.unavailable, timeout=5000) as said:
        checker.load(["fr"], [])
    assert said.args == ["fr.aff: unreadable"]
    assert checker.speller is None and checker.known("Teh") is True


def test_headline_misspellings_are_underlined_and_fixed_from_the_menu(qtbot, db, services, story):
    win = open_window(qtbot, services, story)
    headline = win.editor.headline
    headline.setFocus()
    headline.selectAll()
    qtbot.keyClicks(headline, "The goverment is late")
    qtbot.waitUntil(lambda: headline.flagged == ["goverment"], timeout=5000)
    assert red_pixels(headline) > 0  # drawn under the word, not only recorded
    labels = run_line_menu(qtbot, headline, "goverment", "government")
    assert labels[:1] == ["government"] and "Add to Dictionary" in labels and "Ignore" in labels
    assert headline.text() == "The government is late"
    qtbot.waitUntil(lambda: headline.flagged == [], timeout=5000)
    assert red_pixels(headline) == 0
    qtbot.waitUntil(lambda: stored_headline(db, story) == "The government is late", timeout=10000)  # saved
    headline.undo()
    assert headline.text() == "The goverment is late"


def test_french_headline_is_checked_in_french(qtbot, db, services, story):
    with db.write() as s:
        settings.save(s, language="fr")
    win = open_window(qtbot, services, story)
    headline = win.editor.headline
    headline.selectAll()
    qtbot.keyClicks(headline, "Le gouvernemant recule")
    qtbot.waitUntil(lambda: headline.flagged == ["gouvernemant"], timeout=5000)
    run_line_menu(qtbot, headline, "gouvernemant", "Add to Dictionary")
    qtbot.waitUntil(lambda: headline.flagged == [] and red_pixels(headline) == 0, timeout=5000)
