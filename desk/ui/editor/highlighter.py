"""Markdown syntax colouring for the article editor.

highlightBlock runs for every line the editor lays out, so everything here is compiled
once. QRegularExpression (not Python's re) gives offsets in UTF-16 units, the unit
setFormat counts in, so an emoji earlier in the line never shifts a format.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

# Block states. Fences remember their marker so ``` is not closed by ~~~.
NORMAL = -1
IN_BACKTICK_FENCE = 1
IN_TILDE_FENCE = 2


def _rx(pattern: str) -> QRegularExpression:
    regex = QRegularExpression(pattern, QRegularExpression.PatternOption.UseUnicodePropertiesOption)
    assert regex.isValid(), (pattern, regex.errorString())
    regex.optimize()
    return regex


FENCE = _rx(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = _rx(r"^\s{0,3}#{1,6}(?:\s.*)?$")
BLOCKQUOTE = _rx(r"^\s{0,3}>.*$")
LIST_MARKER = _rx(r"^\s*(?:[-*+]|\d{1,9}[.)])(?=\s)")
HORIZONTAL_RULE = _rx(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
BOLD = _rx(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
ITALIC = _rx(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)|(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])")
INLINE_CODE = _rx(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
IMAGE = _rx(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
LINK = _rx(r"(?<!!)\[([^\]]+)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
AUTOLINK = _rx(r"<https?://[^>\s]+>")
PHOTO_URL = "photo:"

from desk.ui.editor.spell_check import SpellUnderlines  # noqa: E402


class MarkdownHighlighter(SpellUnderlines, QSyntaxHighlighter):
    """Colours headings, emphasis, code, links, images (``photo:`` ones apart), quotes
    and list markers. Colours come from ``palette`` (default: the application's), so
    they read on dark and light themes; call ``set_palette`` when the theme changes."""

    def __init__(self, document: QTextDocument, palette: QPalette | None = None):
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self._build_formats(palette or QGuiApplication.palette())

    def set_palette(self, palette: QPalette) -> None:
        self._build_formats(palette)
        self.rehighlight()

    # --- formats --------------------------------------------------------------------------
    def _build_formats(self, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < text.lightness()

        def tint(hue: int) -> QColor:
            # Same hue on both themes, lightness chosen against the editor's background.
            return QColor.fromHsl(hue, 170, 175 if dark else 85)

        def mix(a: QColor, b: QColor, amount: float) -> QColor:
            return QColor(
                round(a.red() * (1 - amount) + b.red() * amount),
                round(a.green() * (1 - amount) + b.green() * amount),
                round(a.blue() * (1 - amount) + b.blue() * amount),
            )

        muted = mix(text, base, 0.45)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        def fmt(color: QColor | None = None, *, bold: bool = False, italic: bool = False,
                underline: bool = False, code: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            if color is not None:
                f.setForeground(color)
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if underline:
                f.setFontUnderline(True)
            if code:
                f.setFontFamilies([fixed.family()])
                f.setBackground(mix(base, text, 0.08))
            return f

        link = palette.color(QPalette.ColorRole.Link)
        if abs(link.lightness() - base.lightness()) < 90:  # some dark themes keep a dark link
            link = tint(210)
        self.formats = {
            "heading": fmt(tint(215), bold=True),
            "bold": fmt(bold=True),
            "italic": fmt(italic=True),
            "code": fmt(tint(25), code=True),
            "fence": fmt(muted, code=True),
            "link_text": fmt(link, underline=True),
            "url": fmt(muted),
            "image": fmt(tint(285), bold=True),
            "photo": fmt(tint(285), underline=True),
            "quote": fmt(muted, italic=True),
            "list": fmt(tint(30), bold=True),
            "rule": fmt(muted),
        }

    # --- highlighting ---------------------------------------------------------------------
    def highlightBlock(self, text: str) -> None:
        previous = self.previousBlockState()
        fence = FENCE.match(text)
        if previous in (IN_BACKTICK_FENCE, IN_TILDE_FENCE):
            closing = fence.hasMatch() and (
                (fence.captured(1)[0] == "`") == (previous == IN_BACKTICK_FENCE)
            ) and not text[fence.capturedEnd():].strip()
            self.setFormat(0, len(text), self.formats["fence"])
            self.setCurrentBlockState(NORMAL if closing else previous)
            return
        if fence.hasMatch():
            self.setFormat(0, len(text), self.formats["fence"])
            opening = IN_BACKTICK_FENCE if fence.captured(1)[0] == "`" else IN_TILDE_FENCE
            self.setCurrentBlockState(opening)
            return
        self.setCurrentBlockState(NORMAL)
        if not text:
            return

        if HEADING.match(text).hasMatch():
            self.setFormat(0, len(text), self.formats["heading"])
            self._inline(text, headings=True)
            self.underline(text)
            return
        if HORIZONTAL_RULE.match(text).hasMatch():
            self.setFormat(0, len(text), self.formats["rule"])
            return
        if BLOCKQUOTE.match(text).hasMatch():
            self.setFormat(0, len(text), self.formats["quote"])
        marker = LIST_MARKER.match(text)
        if marker.hasMatch():
            self.setFormat(marker.capturedStart(), marker.capturedLength(), self.formats["list"])
        self._inline(text, headings=False)
        # Last: the underline merges into whatever format the word already has.
        self.underline(text)

    def _inline(self, text: str, *, headings: bool) -> None:
        # Cheap exits: most lines of prose have no markup characters at all.
        if not headings and not any(c in text for c in "*_`[<"):
            return
        if "*" in text or "_" in text:
            self._each(BOLD, text, "bold", merge=True)
            self._each(ITALIC, text, "italic", merge=True)
        if "[" in text:
            self._links(text)
        if "<" in text:
            self._each(AUTOLINK, text, "url")
        # Last, so code spans win over emphasis markers inside them.
        if "`" in text:
            self._each(INLINE_CODE, text, "code")

    def _each(self, regex: QRegularExpression, text: str, name: str, *, merge: bool = False) -> None:
        it = regex.globalMatch(text)
        while it.hasNext():
            m = it.next()
            start, length = m.capturedStart(), m.capturedLength()
            if merge:
                # Bold inside a heading or a quote keeps that line's colour; what lies
                # under one emphasis span is uniform (a line format, or the outer span).
                f = QTextCharFormat(self.format(start))
                f.merge(self.formats[name])
                self.setFormat(start, length, f)
            else:
                self.setFormat(start, length, self.formats[name])

    def _links(self, text: str) -> None:
        it = IMAGE.globalMatch(text)
        while it.hasNext():
            m = it.next()
            self.setFormat(m.capturedStart(), m.capturedLength(), self.formats["image"])
            url = "photo" if m.captured(2).startswith(PHOTO_URL) else "url"
            self.setFormat(m.capturedStart(2), m.capturedLength(2), self.formats[url])
        it = LINK.globalMatch(text)
        while it.hasNext():
            m = it.next()
            self.setFormat(m.capturedStart(1), m.capturedLength(1), self.formats["link_text"])
            self.setFormat(m.capturedStart(2), m.capturedLength(2), self.formats["url"])
