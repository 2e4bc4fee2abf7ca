"""Spell check in the editor: red wavy underlines, and the context menu's suggestions,
"Add to Dictionary" and "Ignore".

Typing never waits for Hunspell: a block is underlined from the words already known;
words not yet checked are checked a few milliseconds at a time on later turns of the
event loop, and the blocks that hold them are highlighted again. Dictionaries load on a
thread of their own. Suggestions are computed only when the menu opens.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from desk.core.spelling.checker import Speller, tokens
from desk.ui.i18n.translation import translate

log = logging.getLogger(__name__)

SLICE_MS = 4  # Hunspell work per turn of the event loop
UNDERLINE = QColor("#d32f2f")


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Python offset -> the UTF-16 offset setFormat counts in."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    return lambda i: len(text[:i].encode("utf-16-le")) // 2


class SpellChecker(QObject):
    """The speller of the article on screen, shared by its fields."""

    words_checked = Signal()  # some words waiting for Hunspell were checked
    ready = Signal()  # a new speller was loaded (dictionaries read)
    add_word = Signal(str)  # "Add to Dictionary": the window stores it
    ignore_word = Signal(str)  # "Ignore": the window stores it with the article

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = True
        self.speller: Speller | None = None
        self._generation = 0
        self._pending: dict[str, None] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._check_some)
        self._loaded.connect(self._on_loaded, Qt.ConnectionType.QueuedConnection)

    _loaded = Signal(int, object)
    unavailable = Signal(str)  # the dictionaries could not be loaded: why

    def load(self, languages: Iterable[str], accepted: Iterable[str]) -> None:
        """Build the speller for these languages on a thread (reading a dictionary takes
        hundreds of ms); until it is there, nothing is underlined."""
        self._generation += 1
        generation, languages, accepted = self._generation, list(languages), set(accepted)
        self.speller = None
        self._pending.clear()

        def build() -> None:
            try:
                speller = Speller(languages, accepted)
            except Exception as exc:  # a broken dictionary or binding: no underlines, said once
                log.warning("spell check unavailable (%s): %s", ", ".join(languages), exc)
                self.unavailable.emit(str(exc))
                return
            self._loaded.emit(generation, speller)

        threading.Thread(target=build, name="dictionaries", daemon=True).start()

    def _on_loaded(self, generation: int, speller: Speller) -> None:
        if generation == self._generation:
            self.speller = speller
            self.ready.emit()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self.ready.emit()

    def known(self, word: str) -> bool | None:
        """True/False when the word was checked; None (and queued) when not yet."""
        if self.speller is None:
            return True
        known = self.speller.known(word)
        if known is None:
            self._pending.setdefault(word, None)
            if not self._timer.isActive():
                self._timer.start()
        return known

    def _check_some(self) -> None:
        speller = self.speller
        deadline = time.perf_counter() + SLICE_MS / 1000
        while self._pending and speller is not None and time.perf_counter() < deadline:
            word = next(iter(self._pending))
            del self._pending[word]
            speller.correct(word)
        if not self._pending or speller is None:
            self._timer.stop()
            self.words_checked.emit()

    def accept(self, word: str) -> None:
        if self.speller is not None:
            self.speller.accept(word)
        self.ready.emit()

    def suggest(self, word: str) -> list[str]:
        return self.speller.suggest(word) if self.speller is not None else []


def flagged_format(base: QTextCharFormat | None = None) -> QTextCharFormat:
    """How a flagged word is drawn: its own format, with the red wavy underline."""
    f = QTextCharFormat(base) if base is not None else QTextCharFormat()
    f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    f.setUnderlineColor(UNDERLINE)
    return f


def misspelled_spans(checker: SpellChecker, text: str) -> list[tuple[int, int, bool]]:
    """(start, length, flagged-or-waiting) in Python offsets; waiting words are left out
    here and underlined once checked."""
    out = []
    for token in tokens(text):
        known = checker.known(token.word)
        if known is None:
            out.append((token.start, len(token.word), False))
        elif not known:
            out.append((token.start, len(token.word), True))
    return out


class SpellUnderlines:
    """Mixed into a QSyntaxHighlighter: underline the flagged words of each block."""

    checker: SpellChecker | None = None

    def attach_spelling(self: QSyntaxHighlighter, checker: SpellChecker) -> None:
        self.checker = checker
        self._waiting: list[QTextBlock] = []
        checker.words_checked.connect(self._rehighlight_waiting)
        checker.ready.connect(self.rehighlight)

    def underline(self: QSyntaxHighlighter, text: str) -> None:
        checker = self.checker
        if checker is None or not checker.enabled or not text:
            return
        to16 = utf16_offsets(text)
        waiting = False
        for start, length, flagged in misspelled_spans(checker, text):
            if not flagged:
                waiting = True
                continue
            begin = to16(start)
            self.setFormat(begin, to16(start + length) - begin, flagged_format(self.format(begin)))
        if waiting:
            self._waiting.append(self.currentBlock())

    def _rehighlight_waiting(self: QSyntaxHighlighter) -> None:
        waiting, self._waiting = self._waiting, []
        for block in waiting:
            if block.isValid():
                self.rehighlightBlock(block)


class SpellHighlighter(SpellUnderlines, QSyntaxHighlighter):
    """Underlines only: for the standfirst, a plain-text field."""

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.underline(text)


def word_at(edit: QPlainTextEdit, cursor: QTextCursor) -> tuple[QTextCursor, str] | None:
    """The checked word under this cursor, selected, with its text."""
    block = cursor.block()
    offset = cursor.position() - block.position()
    text = block.text()
    to16 = utf16_offsets(text)
    for token in tokens(text):
        start, end = to16(token.start), to16(token.start + len(token.word))
        if start <= offset <= end:
            selected = QTextCursor(block)
            selected.setPosition(block.position() + start)
            selected.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            return selected, token.word
    return None


def add_spelling_actions(edit: QPlainTextEdit, menu: QMenu, cursor: QTextCursor,
                         checker: SpellChecker | None) -> None:
    """Suggestions, "Add to Dictionary" and "Ignore" on top of the menu, when the word
    under the cursor is flagged."""
    found = word_at(edit, cursor)
    if found is not None:
        selected, word = found
        add_word_actions(menu, word, lambda s: _replace(edit, selected, s), checker)


def add_word_actions(menu: QMenu, word: str, replace: Callable[[str], None],
                     checker: SpellChecker | None) -> None:
    """The spelling part of a context menu, for any kind of field: nothing unless the
    word is flagged; its suggestions (computed now, when the menu opens) call
    ``replace``."""
    if checker is None or not checker.enabled or checker.speller is None:
        return
    if checker.speller.correct(word):
        return
    first = menu.actions()[0] if menu.actions() else None
    actions: list[QAction] = []
    suggestions = checker.suggest(word)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(lambda _c=False, s=suggestion: replace(s))
        actions.append(action)
    if not suggestions:
        none = QAction(translate("SpellMenu", "(no suggestions)"), menu)
        none.setEnabled(False)
        actions.append(none)
    add = QAction(translate("SpellMenu", "Add to Dictionary"), menu)
    add.triggered.connect(lambda _c=False: (checker.accept(word), checker.add_word.emit(word)))
    ignore = QAction(translate("SpellMenu", "Ignore"), menu)
    ignore.triggered.connect(lambda _c=False: (checker.accept(word), checker.ignore_word.emit(word)))
    separator = QAction(menu)
    separator.setSeparator(True)
    menu.insertActions(first, [*actions, add, ignore, separator])


def _replace(edit: QPlainTextEdit, selected: QTextCursor, word: str) -> None:
    # One edit block: Undo puts the misspelled word back in one step.
    selected.beginEditBlock()
    selected.insertText(word)
    selected.endEditBlock()
    edit.setTextCursor(selected)


class SpellMenu:
    """Mixed into a QPlainTextEdit: the standard context menu with spelling on top."""

    spell_checker: SpellChecker | None = None

    def spelling_menu(self: QPlainTextEdit, pos) -> QMenu:
        menu = self.createStandardContextMenu(pos)
        add_spelling_actions(self, menu, self.cursorForPosition(pos), self.spell_checker)
        return menu

    def contextMenuEvent(self: QPlainTextEdit, event) -> None:  # noqa: N802 (Qt's name)
        menu = self.spelling_menu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())
