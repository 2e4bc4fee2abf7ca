"""The body editor: a plain-text Markdown editor with formatting commands and safe paste."""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from desk.core.clean_text import clean_text
from desk.ui.editor.spell_check import SpellMenu

_RAW_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")
HEADING = re.compile(r"^(#{1,6})\s+")


def html_to_markdown(html: str) -> str:
    """Rich text from a browser or a word processor, as Markdown; never raw HTML."""
    doc = QTextDocument()
    doc.setHtml(html)
    markdown = doc.toMarkdown(QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    return _RAW_TAG.sub("", markdown).strip("\n")


class MarkdownEdit(SpellMenu, QPlainTextEdit):
    def insertFromMimeData(self, source: QMimeData) -> None:
        # Control characters out of whatever comes in (Word's manual line break is a
        # vertical tab in its plain text): the one rule import applies too.
        if source.hasHtml() and not source.hasText():
            self.insertPlainText(clean_text(html_to_markdown(source.html()), multiline=True))
            return
        if source.hasHtml():
            text = html_to_markdown(source.html())
            if text.strip():
                self.insertPlainText(clean_text(text, multiline=True))
                return
        if source.hasText():
            self.insertPlainText(clean_text(source.text(), multiline=True))

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or source.hasHtml()

    # --- formatting commands ----------------------------------------------------------
    def wrap_selection(self, marker: str, placeholder: str) -> None:
        """**bold** / *italic*: wrap the selection, or insert a placeholder to type over."""
        cursor = self.textCursor()
        text = cursor.selectedText() or placeholder
        cursor.beginEditBlock()
        cursor.insertText(f"{marker}{text}{marker}")
        cursor.endEditBlock()
        if not self.textCursor().hasSelection():
            end = cursor.position() - len(marker)
            cursor.setPosition(end - len(text))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def insert_link(self, url: str) -> None:
        cursor = self.textCursor()
        label = cursor.selectedText() or "link text"
        cursor.insertText(f"[{label}]({url})")
        self.setTextCursor(cursor)

    def prefix_lines(self, prefix: str, *, toggle: bool = True) -> None:
        """Quote ("> ") or list ("- ") every selected line; a second time removes it."""
        cursor = self.textCursor()
        start, end = sorted((cursor.selectionStart(), cursor.selectionEnd()))
        doc = self.document()
        first = doc.findBlock(start)
        last = doc.findBlock(end)
        blocks = []
        block = first
        while block.isValid():
            blocks.append(block)
            if block == last:
                break
            block = block.next()
        remove = toggle and all(b.text().startswith(prefix) for b in blocks)
        cursor.beginEditBlock()
        for block in blocks:
            c = QTextCursor(block)
            if remove:
                c.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len(prefix))
                c.removeSelectedText()
            else:
                c.insertText(prefix)
        cursor.endEditBlock()

    def set_heading(self, level: int) -> None:
        """Make the current line a heading of this level (or a paragraph when level=0)."""
        cursor = self.textCursor()
        block = cursor.block()
        text = block.text()
        stripped = HEADING.sub("", text)
        new = ("#" * level + " " + stripped) if level else stripped
        if new == text:
            return
        c = QTextCursor(block)
        c.beginEditBlock()
        c.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        c.insertText(new)
        c.endEditBlock()
