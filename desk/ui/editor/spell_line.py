"""Spell check in a one-line field (the headline).

A QLineEdit has no QTextDocument, so no QSyntaxHighlighter. What it has is the input
method's way of showing formatted text: a QInputMethodEvent with no preedit and no commit
string changes nothing in the text and only replaces the formats its layout draws with.
The underlines are sent that way after each change, and again when the words waiting for
Hunspell have been checked. While an input method is composing (a real preedit), none
are sent: ours would end the composition.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QInputMethodEvent
from PySide6.QtWidgets import QLineEdit, QMenu

from desk.core.spelling.checker import tokens
from desk.ui.editor.spell_check import (SpellChecker, add_word_actions, flagged_format, misspelled_spans,
                                       utf16_offsets)


class SpellLineEdit(QLineEdit):
    """A QLineEdit whose misspelled words are underlined, with spelling in its menu."""

    def __init__(self) -> None:
        super().__init__()
        self.spell_checker: SpellChecker | None = None
        self.flagged: list[str] = []  # the words underlined now, in order
        self._composing = False
        self._sending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.underline)

    def attach_spelling(self, checker: SpellChecker) -> None:
        self.spell_checker = checker
        self.textChanged.connect(self._timer.start)
        checker.words_checked.connect(self._timer.start)
        checker.ready.connect(self._timer.start)

    def underline(self) -> None:
        checker = self.spell_checker
        if checker is None or self._composing:
            return
        text = self.text()
        spans = [] if not checker.enabled else [
            (start, length) for start, length, flagged in misspelled_spans(checker, text) if flagged]
        words = [text[start:start + length] for start, length in spans]
        if words == self.flagged and not words:
            return  # nothing drawn, nothing to draw: no event
        self.flagged = words
        to16 = utf16_offsets(text)
        cursor = self.cursorPosition()
        underline = flagged_format()
        # Attribute offsets count from the cursor; the line edit stores them absolute.
        attributes = [
            QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat,
                                        to16(start) - cursor, to16(start + length) - to16(start),
                                        underline)
            for start, length in spans]
        self._sending = True
        try:
            QCoreApplication.sendEvent(self, QInputMethodEvent("", attributes))
        finally:
            self._sending = False

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._sending:
            self._composing = bool(event.preeditString())
        super().inputMethodEvent(event)
        if not self._sending and not self._composing:
            self._timer.start()  # the composition's formats replaced ours

    # --- the context menu ---------------------------------------------------------------
    def spelling_menu(self, pos) -> QMenu:
        menu = self.createStandardContextMenu()
        found = self._word_at(self.cursorPositionAt(pos))
        if found is not None:
            start, length, word = found
            add_word_actions(menu, word, lambda s: self._replace(start, length, s), self.spell_checker)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt's name)
        menu = self.spelling_menu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def _word_at(self, offset16: int) -> tuple[int, int, str] | None:
        """(UTF-16 start, UTF-16 length, word) of the checked word at this offset."""
        text = self.text()
        to16 = utf16_offsets(text)
        for token in tokens(text):
            start, end = to16(token.start), to16(token.start + len(token.word))
            if start <= offset16 <= end:
                return start, end - start, token.word
        return None

    def _replace(self, start: int, length: int, word: str) -> None:
        # insert() is one undoable step and a user edit (textEdited: the save follows).
        self.setSelection(start, length)
        self.insert(word)


__all__ = ["SpellLineEdit"]
