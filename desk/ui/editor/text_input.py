"""Text as it comes into the window: control characters out on typing and paste, and the
editor's characters read back exactly as they are shown.

The rule itself is the core's (``clean_text``, the one import uses too); this module
only puts it where Qt lets text in. Qt already refuses control characters typed on the
keyboard, but a paste or a drop inserts them as they come: Word's manual line break
arrives as a vertical tab, and a line break pasted into a one-line field stays in it.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from desk.core.clean_text import clean_text, has_controls


class CleanLine(QValidator):
    """For a one-line field: every edit (typing, paste, drop, setText) comes out with
    control characters removed and line breaks and tabs as spaces."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if has_controls(text):
            pos = len(clean_text(text[:pos]))
            text = clean_text(text)
        return QValidator.State.Acceptable, text, pos


def clean_lines(*edits: QLineEdit) -> None:
    """Give each one-line field the control-character rule."""
    for edit in edits:
        edit.setValidator(CleanLine(edit))


def insert_clean(edit: QPlainTextEdit, source: QMimeData, *, multiline: bool = True) -> bool:
    """Insert the plain text of a paste or a drop, cleaned; False when it has none."""
    if not source.hasText():
        return False
    edit.insertPlainText(clean_text(source.text(), multiline=multiline))
    return True


def plain_text(edit: QPlainTextEdit) -> str:
    """The text as shown. ``toPlainText`` turns every no-break space into a plain one
    (French punctuation loses its spacing on the next save); the raw text keeps it, with
    Qt's block and line separators as line breaks."""
    return edit.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


__all__ = ["CleanLine", "clean_lines", "insert_clean", "plain_text"]
