"""The find-and-replace bar, driven through its real fields, buttons and shortcuts."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from desk.ui.editor.find_replace import FindReplaceBar

TEXT = "The cat sat.\nA Cat and a concatenation.\nThe cat again, the CAT. 🐈 cat"


@pytest.fixture
def bar(qtbot):
    host = QWidget()
    editor = QPlainTextEdit()
    editor.setPlainText(TEXT)
    find_bar = FindReplaceBar(editor)
    layout = QVBoxLayout(host)
    layout.addWidget(editor)
    layout.addWidget(find_bar)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    yield find_bar
    host.close()


def selected(bar: FindReplaceBar) -> str:
    return bar.editor.textCursor().selectedText()


def test_ctrl_f_opens_the_bar_and_typing_counts_matches(qtbot, bar):
    assert not bar.isVisible()
    qtbot.keyClick(bar.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.find_edit.hasFocus()
    qtbot.keyClicks(bar.find_edit, "cat")
    # Case-insensitive by default: cat, Cat, (con)cat(enation), cat, CAT, cat.
    assert bar.count_label.text() == "1 of 6"
    assert selected(bar) == "cat"


def test_enter_and_f3_step_forward_shift_steps_back_and_wraps(qtbot, bar):
    bar.show_find()
    qtbot.keyClicks(bar.find_edit, "cat")
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 6"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "1 of 6"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "6 of 6"
    assert bar.message_label.text() == "Search wrapped"
    bar.editor.setFocus()
    qtbot.waitUntil(bar.editor.hasFocus)
    qtbot.keyClick(bar.editor, Qt.Key.Key_F3)
    assert bar.count_label.text() == "1 of 6"
    qtbot.keyClick(bar.editor, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "6 of 6"


def test_match_after_an_emoji_selects_the_right_characters(qtbot, bar):
    bar.show_find()
    qtbot.keyClicks(bar.find_edit, "cat")
    bar.find_previous()  # wraps to the last one, after the emoji
    assert bar.count_label.text() == "6 of 6"
    assert selected(bar) == "cat"


def test_case_sensitive_and_whole_word_options(qtbot, bar):
    bar.show_find()
    qtbot.keyClicks(bar.find_edit, "cat")
    qtbot.mouseClick(bar.word_box, Qt.MouseButton.LeftButton)
    assert bar.count_label.text().endswith("of 5")  # not inside "concatenation"
    qtbot.mouseClick(bar.case_box, Qt.MouseButton.LeftButton)
    assert bar.count_label.text().endswith("of 3")


def test_regular_expression_with_groups(qtbot, bar):
    bar.show_replace()
    qtbot.mouseClick(bar.regex_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_edit, r"(\w+) cat")
    qtbot.keyClicks(bar.replace_edit, r"cat of \1")
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    text = bar.editor.toPlainText()
    assert text.startswith("cat of The sat.")
    assert "cat of The again" in text
    assert bar.message_label.text() == "Replaced 4"


def test_invalid_expression_is_reported_and_changes_nothing(qtbot, bar):
    bar.show_replace()
    qtbot.mouseClick(bar.regex_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.find_edit, "ca(t")
    assert "Invalid expression" in bar.message_label.text()
    assert bar.count_label.text() == "Invalid"
    qtbot.keyClicks(bar.replace_edit, "dog")
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.replace_button, Qt.MouseButton.LeftButton)
    assert bar.editor.toPlainText() == TEXT
    assert not bar.find_next()


def test_replace_replaces_the_selected_match_then_moves_on(qtbot, bar):
    bar.show_replace()
    qtbot.keyClicks(bar.find_edit, "cat")
    qtbot.mouseClick(bar.word_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(bar.replace_edit, "dog")
    assert bar.count_label.text() == "1 of 5"
    qtbot.keyClick(bar.replace_edit, Qt.Key.Key_Return)
    assert bar.editor.toPlainText().startswith("The dog sat.\nA Cat")
    assert bar.count_label.text() == "1 of 4"
    assert selected(bar) == "Cat"


def test_replace_all_is_one_undo_step(qtbot, bar):
    bar.show_replace()
    qtbot.keyClicks(bar.find_edit, "cat")
    qtbot.keyClicks(bar.replace_edit, "dog")
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert "cat" not in bar.editor.toPlainText().lower()
    assert bar.editor.toPlainText().count("dog") == 6
    assert bar.editor.toPlainText().endswith("the dog. 🐈 dog")
    assert bar.count_label.text() == "No matches"
    bar.editor.undo()
    assert bar.editor.toPlainText() == TEXT


def test_replace_all_on_twenty_thousand_words_is_quick(qtbot, bar):
    paragraph = " ".join(["the quick brown fox jumps over the lazy dog"] * 10)
    bar.editor.setPlainText("\n\n".join([paragraph] * 223))  # 20,070 words
    bar.show_replace()
    qtbot.keyClicks(bar.find_edit, "the")
    qtbot.keyClicks(bar.replace_edit, "a")
    assert bar.replace_all() == 2 * 10 * 223
    assert " the " not in bar.editor.toPlainText()
    bar.editor.undo()
    assert bar.editor.toPlainText().count("the") == 2 * 10 * 223


def test_escape_hides_the_bar_and_returns_to_the_editor(qtbot, bar):
    bar.show_find()
    qtbot.keyClicks(bar.find_edit, "cat")
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(bar.editor.hasFocus)


def test_editing_the_text_updates_the_count(qtbot, bar):
    bar.show_find()
    qtbot.keyClicks(bar.find_edit, "sat")
    assert bar.count_label.text() == "1 of 1"
    cursor = bar.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(" sat")
    qtbot.waitUntil(lambda: bar.count_label.text() == "1 of 2")
    bar.editor.moveCursor(cursor.MoveOperation.Start)
    cursor.insertText("sat ")
    qtbot.waitUntil(lambda: bar.count_label.text() == "3 matches")


def test_selection_prefills_the_find_field(qtbot, bar):
    cursor = bar.editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(7, cursor.MoveMode.KeepAnchor)
    bar.editor.setTextCursor(cursor)
    qtbot.keyClick(bar.editor, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert bar.find_edit.text() == "cat"
    assert bar.replace_edit.hasFocus()
