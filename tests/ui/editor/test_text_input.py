"""Issue 21 item 3, the window's edge: control characters never get in by typing or
paste (a vertical tab from Word made feed.xml invalid XML), and the editor's characters
are saved as shown (no-break spaces included)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QMimeData, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desk.core.articles import editing as articles
from desk.core.clean_text import has_controls

# Word's manual line break (VT), a NUL, a C1 control, a form feed, a line separator.
HOSTILE = "Talks\x0bresume\x00 on\x85 Monday\x0c\u2028now\x01"


@pytest.fixture
def seeded(db):
    with db.write() as s:
        a = articles.create(s, headline="Budget vote delayed", body="Il a dit\u00a0: «\u00a0non\u00a0».",
                            standfirst="Le vote\u00a0? Reporté.")
    return a.id


def stored(db, article_id):
    with db.read() as s:
        a = articles.get(s, article_id)
        return {"headline": a.headline, "standfirst": a.standfirst, "body": a.body, "byline": a.byline,
                "tags": a.tags, "source_name": a.source_name}


def open_window(qtbot, services, article_id):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.load_initial()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.open_article(article_id)
    return win


def paste(qtbot, widget, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasted_control_characters_are_removed_everywhere(qtbot, services, db, seeded):
    win = open_window(qtbot, services, seeded)
    headline = win.editor.headline
    headline.selectAll()
    paste(qtbot, headline, HOSTILE)
    assert headline.text() == "Talks resume on  Monday  now"

    body = win.editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    paste(qtbot, body, "\n\n" + HOSTILE)
    standfirst = win.editor.standfirst
    standfirst.moveCursor(standfirst.textCursor().MoveOperation.End)
    paste(qtbot, standfirst, " " + HOSTILE)
    inspector = win.inspector
    for edit in (inspector.byline, inspector.tags, inspector.source_name):
        paste(qtbot, edit, HOSTILE)
        qtbot.keyClick(edit, Qt.Key.Key_Tab)

    def saved() -> bool:
        row = stored(db, seeded)
        return (row["headline"] == "Talks resume on  Monday  now"
                and row["body"].endswith("Talks\nresume on\n Monday\n\nnow")
                and row["standfirst"].endswith("Talks\nresume on\n Monday\n\nnow")
                and row["byline"] == "Talks resume on  Monday  now"
                and row["source_name"] == "Talks resume on  Monday  now")

    qtbot.waitUntil(saved, timeout=5000)
    row = stored(db, seeded)
    assert row["tags"] == ["Talks resume on Monday now"]  # tags also squash spaces
    assert not any(has_controls(v, multiline=True) for v in row.values() if isinstance(v, str))
    # The French no-break spaces of the text as loaded are still there.
    assert row["body"].startswith("Il a dit\u00a0: «\u00a0non\u00a0».")
    assert row["standfirst"].startswith("Le vote\u00a0? Reporté.")


def test_control_characters_typed_do_not_get_in(qtbot, services, db, seeded):
    win = open_window(qtbot, services, seeded)
    body = win.editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    headline = win.editor.headline
    headline.end(False)
    for edit in (body, headline):
        # A key whose text is a control character (QTest cannot type one).
        for text in (" a", "\x0b", "b", "\x01", "c"):
            QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                   Qt.KeyboardModifier.NoModifier, text))
    qtbot.waitUntil(lambda: stored(db, seeded)["body"].endswith(" abc"), timeout=5000)
    assert stored(db, seeded)["headline"] == "Budget vote delayed abc"


def test_a_drop_of_rich_text_is_cleaned(qtbot, services, db, seeded):
    win = open_window(qtbot, services, seeded)
    body = win.editor.body
    body.selectAll()
    mime = QMimeData()
    mime.setText("plain\x0bversion")
    mime.setHtml("<p>Rich\x0bversion\x01 <b>bold</b></p>")
    body.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: "**bold**" in stored(db, seeded)["body"], timeout=5000)
    assert not has_controls(stored(db, seeded)["body"], multiline=True)


def test_editing_keeps_no_break_spaces(qtbot, services, db, seeded):
    win = open_window(qtbot, services, seeded)
    body = win.editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " Fin.")
    qtbot.waitUntil(lambda: stored(db, seeded)["body"].endswith("Fin."), timeout=5000)
    assert stored(db, seeded)["body"] == "Il a dit\u00a0: «\u00a0non\u00a0». Fin."
