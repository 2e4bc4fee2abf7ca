"""The centre of the window: headline, standfirst and the Markdown body."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.articles.word_count import markdown_word_count, reading_minutes
from desk.ui.editor.markdown_edit import MarkdownEdit
from desk.ui.editor.highlighter import MarkdownHighlighter
from desk.ui.editor.text_input import clean_lines, insert_clean, plain_text
from desk.ui.editor.spell_check import SpellChecker, SpellHighlighter, SpellMenu
from desk.ui.editor.spell_line import SpellLineEdit
from desk.ui.i18n.translation import translate

STATS_DELAY_MS = 250


class LimitLabel(QLabel):
    """"87 / 110", turning red past the site's limit."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def show_length(self, length: int) -> None:
        over = length > self.limit
        self.setText(f"{length} / {self.limit}" + (" — too long" if over else ""))
        self.setStyleSheet("color: #c62828; font-weight: bold;" if over else "color: palette(mid);")
        self.setAccessibleName(translate("LimitLabel", "{length} of {limit} characters").format(length=length, limit=self.limit))


class StandfirstEdit(SpellMenu, QPlainTextEdit):
    """A short plain-text field: Tab moves on instead of inserting a tab."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.fit_to_font()

    def fit_to_font(self) -> None:
        """Three lines of the current font (again after a zoom)."""
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt's name)
        insert_clean(self, source)


class ArticleEditor(QWidget):
    changed = Signal(str)  # the field that changed
    stats_changed = Signal(int, int, int)  # words, characters, reading minutes

    def __init__(self, headline_limit: int, standfirst_limit: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.article_id: int | None = None

        self.headline = SpellLineEdit()
        self.headline.setPlaceholderText(translate("ArticleEditor", "Headline"))
        self.headline.setAccessibleName(translate("ArticleEditor", "Headline"))
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(font)
        self.headline.setFrame(False)
        self.headline_limit = LimitLabel(headline_limit)
        clean_lines(self.headline)

        self.standfirst = StandfirstEdit()
        self.standfirst.setPlaceholderText(translate("ArticleEditor", "Standfirst: one or two sentences that sum up the story"))
        self.standfirst.setAccessibleName(translate("ArticleEditor", "Standfirst"))
        self.standfirst_limit = LimitLabel(standfirst_limit)

        self.body = MarkdownEdit()
        self.body.setAccessibleName(translate("ArticleEditor", "Body"))
        self.body.setPlaceholderText(translate("ArticleEditor", "Write the story in Markdown…"))
        self.body.setTabChangesFocus(False)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.15)
        self.body.setFont(mono)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.highlighter = MarkdownHighlighter(self.body.document())
        # Spell check: the window loads the article's speller (languages, personal words).
        self.spelling = SpellChecker(self)
        self.highlighter.attach_spelling(self.spelling)
        self.standfirst_spelling = SpellHighlighter(self.standfirst.document())
        self.standfirst_spelling.attach_spelling(self.spelling)
        self.body.spell_checker = self.standfirst.spell_checker = self.spelling
        self.headline.attach_spelling(self.spelling)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 0)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.headline_limit)
        layout.addLayout(top)
        mid = QHBoxLayout()
        mid.addWidget(self.standfirst, 1)
        mid.addWidget(self.standfirst_limit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(mid)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.body, 1)
        self.setTabOrder(self.headline, self.standfirst)
        self.setTabOrder(self.standfirst, self.body)

        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_DELAY_MS)
        self._stats_timer.timeout.connect(self._update_stats)

        self.headline.textEdited.connect(lambda: self._on_change("headline"))
        self.standfirst.textChanged.connect(lambda: self._on_change("standfirst"))
        self.body.textChanged.connect(lambda: self._on_change("body"))
        self.setEnabled(False)

    def load(self, article_id: int, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.article_id = article_id
            self.headline.setText(values.get("headline", ""))
            self.headline.setCursorPosition(0)
            self.standfirst.setPlainText(values.get("standfirst", ""))
            self.body.setPlainText(values.get("body", ""))
            self.body.document().clearUndoRedoStacks()
            self.body.moveCursor(self.body.textCursor().MoveOperation.Start)
        finally:
            self._loading = False
        self.setEnabled(True)
        self._update_limits()
        self._update_stats()

    def clear(self) -> None:
        self._loading = True
        try:
            self.article_id = None
            self.headline.clear()
            self.standfirst.clear()
            self.body.clear()
        finally:
            self._loading = False
        self.setEnabled(False)

    def values(self, fields: set[str] | None = None) -> dict[str, Any]:
        getters = {
            "headline": self.headline.text,
            "standfirst": lambda: plain_text(self.standfirst),
            "body": lambda: plain_text(self.body),
        }
        return {name: get() for name, get in getters.items() if fields is None or name in fields}

    def set_limits(self, headline_limit: int, standfirst_limit: int) -> None:
        self.headline_limit.limit = headline_limit
        self.standfirst_limit.limit = standfirst_limit
        self._update_limits()

    def _on_change(self, field: str) -> None:
        if self._loading:
            return
        if field == "body":
            self._stats_timer.start()
        else:
            self._update_limits()
        self.changed.emit(field)

    def _update_limits(self) -> None:
        self.headline_limit.show_length(len(self.headline.text()))
        self.standfirst_limit.show_length(len(self.standfirst.toPlainText()))

    def _update_stats(self) -> None:
        text = self.body.toPlainText()
        words = markdown_word_count(text)
        self.stats_changed.emit(words, len(text), reading_minutes(words))
