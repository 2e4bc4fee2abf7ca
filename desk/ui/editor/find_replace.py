"""An inline find-and-replace bar attached to a QPlainTextEdit, as in browsers and IDEs.

Matching uses QRegularExpression on the document's plain text: its offsets are UTF-16
code units, the same unit QTextCursor positions count in, so an emoji in the text never
shifts a selection.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from desk.core.articles.word_count import plural
from desk.ui.i18n import locale_format
from desk.ui.i18n.translation import translate

# A backreference in the replacement: \1 … \99, \g<name>, or an escaped backslash.
_TEMPLATE = re.compile(r"\\(?:(\d{1,2})|g<(\w+)>|(\\)|(n)|(t))")
# Re-counting after each keystroke in the editor would tax long documents; wait for a pause.
RECOUNT_DELAY_MS = 150


class FindReplaceBar(QWidget):
    """Find and replace in ``editor``. Hidden until ``show_find()`` or ``show_replace()``."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.setAccessibleName(translate("FindReplaceBar", "Find and replace"))
        self._matches: list[tuple[int, int]] | None = None  # (start, end), UTF-16 offsets
        self._starts: list[int] = []
        self._regex: QRegularExpression | None = None

        self.find_edit = QLineEdit()
        self.find_edit.setAccessibleName(translate("FindReplaceBar", "Find"))
        self.find_edit.setPlaceholderText(translate("FindReplaceBar", "Find (Enter: next, Shift+Enter: previous)"))
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = QLineEdit()
        self.replace_edit.setAccessibleName(translate("FindReplaceBar", "Replace with"))
        self.replace_edit.setPlaceholderText(translate("FindReplaceBar", "Replace with (\\1 or \\g<name> for groups)"))

        self.case_box = QCheckBox(translate("FindReplaceBar", "&Case sensitive"))
        self.word_box = QCheckBox(translate("FindReplaceBar", "&Whole word"))
        self.regex_box = QCheckBox(translate("FindReplaceBar", "Regular e&xpression"))
        for box in (self.case_box, self.word_box, self.regex_box):
            box.setAccessibleName(box.text().replace("&", ""))

        self.previous_button = QPushButton(translate("FindReplaceBar", "Previous"))
        self.previous_button.setAccessibleName(translate("FindReplaceBar", "Find previous"))
        self.next_button = QPushButton(translate("FindReplaceBar", "Next"))
        self.next_button.setAccessibleName(translate("FindReplaceBar", "Find next"))
        self.replace_button = QPushButton(translate("FindReplaceBar", "&Replace"))
        self.replace_button.setAccessibleName(translate("FindReplaceBar", "Replace"))
        self.replace_all_button = QPushButton(translate("FindReplaceBar", "Replace &all"))
        self.replace_all_button.setAccessibleName(translate("FindReplaceBar", "Replace all"))
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(translate("FindReplaceBar", "Close find bar"))
        self.close_button.setToolTip(translate("FindReplaceBar", "Close (Escape)"))

        self.count_label = QLabel()
        self.count_label.setAccessibleName(translate("FindReplaceBar", "Matches"))
        self.message_label = QLabel()
        self.message_label.setAccessibleName(translate("FindReplaceBar", "Find message"))
        self.message_label.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(self.previous_button, 0, 1)
        grid.addWidget(self.next_button, 0, 2)
        grid.addWidget(self.count_label, 0, 3)
        grid.addWidget(self.close_button, 0, 4)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2)
        options = QHBoxLayout()
        for box in (self.case_box, self.word_box, self.regex_box):
            options.addWidget(box)
        options.addWidget(self.message_label, 1)
        grid.addLayout(options, 2, 0, 1, 5)
        grid.setColumnStretch(0, 1)

        # Actions, so the main window can also put them in its Edit menu. They live on
        # the editor and on the bar: F3 works wherever the editor's focus is.
        self.find_action = self._action(translate("FindReplaceBar", "&Find…"), QKeySequence.StandardKey.Find, self.show_find)
        self.replace_action = self._action(
            translate("FindReplaceBar", "Find and &Replace…"), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_H), self.show_replace
        )
        self.find_next_action = self._action(
            translate("FindReplaceBar", "Find &Next"), QKeySequence(Qt.Key.Key_F3), self.find_next
        )
        self.find_previous_action = self._action(
            translate("FindReplaceBar", "Find Pre&vious"), QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F3), self.find_previous
        )
        for action in (self.find_action, self.replace_action, self.find_next_action,
                       self.find_previous_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            editor.addAction(action)
            self.addAction(action)

        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.find_edit.textChanged.connect(self._on_query_changed)
        for box in (self.case_box, self.word_box, self.regex_box):
            box.toggled.connect(self._on_query_changed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_edit.installEventFilter(self)
        self.replace_edit.installEventFilter(self)

        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(RECOUNT_DELAY_MS)
        self._recount_timer.timeout.connect(self._update_count)
        editor.document().contentsChanged.connect(self._on_document_changed)
        self.hide()

    def _action(self, text: str, key, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        return action

    # --- showing and hiding ---------------------------------------------------------------
    def show_find(self) -> None:
        selected = self.editor.textCursor().selectedText()
        # A selection within one line is what the editor wants to find; a multi-line one
        # (U+2029 is Qt's paragraph separator) is more likely a range, not a query.
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()
        self._update_count()

    def show_replace(self) -> None:
        self.show_find()
        if self.find_edit.text():
            self.replace_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.replace_edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if watched is self.find_edit:
                self.find_previous() if backwards else self.find_next()
                return True
            if watched is self.replace_edit:
                self.replace()
                return True
        return super().eventFilter(watched, event)

    # --- matching -------------------------------------------------------------------------
    def _on_query_changed(self, *_args) -> None:
        self._invalidate()
        # Incremental search, as in browsers: the first match from where the editor was.
        if self.find_edit.text() and self._compile() is not None:
            self._select_from(self.editor.textCursor().selectionStart(), forward=True)
        self._update_count()

    def _on_document_changed(self) -> None:
        self._invalidate()
        if self.isVisible():
            self._recount_timer.start()

    def _invalidate(self) -> None:
        self._matches = None
        self._regex = None

    def _compile(self) -> QRegularExpression | None:
        """The query as a valid expression, or None (with the reason shown) if invalid."""
        if self._regex is not None:
            return self._regex
        text = self.find_edit.text()
        pattern = text if self.regex_box.isChecked() else QRegularExpression.escape(text)
        if self.word_box.isChecked():
            pattern = rf"\b(?:{pattern})\b"
        options = QRegularExpression.PatternOption.UseUnicodePropertiesOption
        if not self.case_box.isChecked():
            options |= QRegularExpression.PatternOption.CaseInsensitiveOption
        regex = QRegularExpression(pattern, options)
        if not regex.isValid():
            offset = regex.patternErrorOffset()
            self.message_label.setText(translate("FindReplaceBar", "Invalid expression at {offset}: {error}").format(offset=offset, error=regex.errorString()))
            return None
        self.message_label.clear()
        regex.optimize()
        self._regex = regex
        return regex

    def matches(self) -> list[tuple[int, int]]:
        """Every match as (start, end) positions in the document, in order."""
        if self._matches is not None:
            return self._matches
        regex = self._compile() if self.find_edit.text() else None
        found: list[tuple[int, int]] = []
        if regex is not None:
            iterator = regex.globalMatch(self.editor.document().toPlainText())
            while iterator.hasNext():
                m = iterator.next()
                found.append((m.capturedStart(), m.capturedEnd()))
        self._matches = found
        self._starts = [s for s, _ in found]
        return found

    def _current_index(self) -> int | None:
        cursor = self.editor.textCursor()
        span = (cursor.selectionStart(), cursor.selectionEnd())
        matches = self.matches()
        i = bisect.bisect_left(self._starts, span[0])
        if i < len(matches) and matches[i] == span:
            return i
        return None

    def _update_count(self) -> None:
        if not self.find_edit.text():
            self.count_label.clear()
            self.message_label.clear()
            return
        if self._compile() is None:
            self.count_label.setText(translate("FindReplaceBar", "Invalid"))
            return
        total = len(self.matches())
        current = self._current_index()
        if total == 0:
            self.count_label.setText(translate("FindReplaceBar", "No matches"))
        elif current is None:
            self.count_label.setText(translate("FindReplaceBar", "%Ln match(es)", "", total))
        else:
            self.count_label.setText(translate("FindReplaceBar", "{current} of {total}").format(
                current=locale_format.number(current + 1), total=locale_format.number(total)))

    def _select(self, index: int) -> None:
        start, end = self.matches()[index]
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def _select_from(self, position: int, *, forward: bool) -> bool:
        matches = self.matches()
        if not matches:
            return False
        if forward:
            i = bisect.bisect_left(self._starts, position)
            wrapped = i >= len(matches)
            i = 0 if wrapped else i
        else:
            i = bisect.bisect_left(self._starts, position) - 1
            wrapped = i < 0
            i = len(matches) - 1 if wrapped else i
        self.message_label.setText(translate("FindReplaceBar", "Search wrapped") if wrapped else "")
        self._select(i)
        return True

    def find_next(self) -> bool:
        """Select the next match after the cursor, wrapping at the end. False if none."""
        return self._step(forward=True)

    def find_previous(self) -> bool:
        return self._step(forward=False)

    def _step(self, *, forward: bool) -> bool:
        if not self.find_edit.text() or self._compile() is None:
            self._update_count()
            return False
        current = self._current_index()
        matches = self.matches()
        if current is not None and matches:
            wrapped = (current + 1 >= len(matches)) if forward else (current == 0)
            self._select((current + (1 if forward else -1)) % len(matches))
            self.message_label.setText(translate("FindReplaceBar", "Search wrapped") if wrapped else "")
            found = True
        else:
            cursor = self.editor.textCursor()
            found = self._select_from(
                cursor.selectionEnd() if forward else cursor.selectionStart(), forward=forward
            )
        self._update_count()
        return found

    # --- replacing ------------------------------------------------------------------------
    def _expand(self, m) -> str:
        """The replacement for one QRegularExpressionMatch, with its groups filled in."""
        template = self.replace_edit.text()
        if not self.regex_box.isChecked():
            return template

        def group(found: re.Match[str]) -> str:
            number, name, backslash, newline, tab = found.groups()
            if backslash:
                return "\\"
            if newline:
                return "\n"
            if tab:
                return "\t"
            return m.captured(int(number)) if number is not None else m.captured(name)

        return _TEMPLATE.sub(group, template)

    def replace(self) -> bool:
        """Replace the selected match and move to the next one; if no match is selected,
        find the next one first (nothing is replaced until the editor has seen it)."""
        regex = self._compile() if self.find_edit.text() else None
        if regex is None:
            self._update_count()
            return False
        current = self._current_index()
        if current is None:
            self.find_next()
            return False
        start, end = self.matches()[current]
        # Matching from the start of the selected match finds that same match again, with
        # its groups, and still sees the text before it for look-behinds.
        replacement = self._expand(regex.match(self.editor.document().toPlainText(), start))
        cursor = self.editor.textCursor()
        cursor.insertText(replacement)
        after = cursor.position()
        self._invalidate()
        self._select_from(after if end > start else after + 1, forward=True)
        self._update_count()
        return True

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        regex = self._compile() if self.find_edit.text() else None
        if regex is None:
            self._update_count()
            return 0
        # Worked out in one pass over the text, then written as ONE edit spanning the first
        # to the last match: one undo step, one re-layout, and thousands of matches in a
        # long article cost milliseconds instead of one document edit each.
        text = self.editor.document().toPlainText()
        edits: list[tuple[int, int, str]] = []
        iterator = regex.globalMatch(text)
        while iterator.hasNext():
            m = iterator.next()
            edits.append((m.capturedStart(), m.capturedEnd(), self._expand(m)))
        if not edits:
            self._update_count()
            return 0
        # Python indexes code points, Qt UTF-16 units: slice the UTF-16 encoding.
        units = text.encode("utf-16-le")
        first, last = edits[0][0], edits[-1][1]
        pieces: list[str] = []
        previous_end = first
        for start, end, replacement in edits:
            pieces.append(units[2 * previous_end:2 * start].decode("utf-16-le"))
            pieces.append(replacement)
            previous_end = end
        caret = self.editor.textCursor().position()
        shift = sum(len(r.encode("utf-16-le")) // 2 - (e - s) for s, e, r in edits if e <= caret)
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("".join(pieces))
        cursor.endEditBlock()
        # Put the caret back where it was relative to the text around it.
        restored = self.editor.textCursor()
        restored.setPosition(min(max(0, caret + shift), self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(restored)
        self._invalidate()
        self._update_count()
        self.message_label.setText(translate("FindReplaceBar", "Replaced {count}").format(count=len(edits)))
        return len(edits)
