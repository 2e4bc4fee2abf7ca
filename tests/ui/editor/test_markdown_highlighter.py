"""Markdown highlighting: the formats really applied to each block's layout."""

from __future__ import annotations


import pytest
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from desk.ui.editor.highlighter import IN_BACKTICK_FENCE, MarkdownHighlighter

SAMPLE = """# Soldiers salute at Mansu Hill
Plain words, **bold words**, *italic* and `code_here` in 🐈 one **line**.
> A quote with **emphasis**
- first item
12. numbered item
See [the agency](https://example.org/x) and ![A soldier](photo:42) and ![Map](maps/a.png).
```python
# not a heading inside code
**not bold**
```
snake_case_name stays plain, _real italic_ does not.
"""


@pytest.fixture
def doc(qtbot):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    highlighter = MarkdownHighlighter(editor.document(), editor.palette())
    editor.setPlainText(SAMPLE)
    highlighter.rehighlight()
    editor.highlighter = highlighter
    yield editor.document()


def fmt_at(doc: QTextDocument, line: int, needle: str, offset: int = 0):
    """The char format the highlighter gave the first character of ``needle``."""
    block = doc.findBlockByNumber(line)
    text = block.text()
    # QString offsets are UTF-16: count the emoji as two units.
    pos = len(text[: text.index(needle) + offset].encode("utf-16-le")) // 2
    ranges = block.layout().formats()
    for r in ranges:
        if r.start <= pos < r.start + r.length:
            return QTextCharFormat(r.format)  # a copy: the range list is temporary
    return None


def is_bold(f) -> bool:
    return f is not None and f.fontWeight() == QFont.Weight.Bold


def test_heading_is_bold_and_coloured(doc):
    f = fmt_at(doc, 0, "Soldiers")
    assert is_bold(f) and f.foreground().color().isValid()


def test_emphasis_and_inline_code(doc):
    assert fmt_at(doc, 1, "Plain") is None
    assert is_bold(fmt_at(doc, 1, "bold words"))
    assert fmt_at(doc, 1, "italic").fontItalic()
    code = fmt_at(doc, 1, "code_here", 4)
    assert code is not None and not code.fontItalic() and code.background().style() != 0
    # After an emoji (two UTF-16 units) the bold still lands on the right word.
    assert is_bold(fmt_at(doc, 1, "line"))
    assert not is_bold(fmt_at(doc, 1, "one"))


def test_quote_keeps_its_colour_under_emphasis(doc):
    quote = fmt_at(doc, 2, "A quote")
    bold = fmt_at(doc, 2, "emphasis")
    assert quote.fontItalic() and is_bold(bold)
    assert bold.foreground().color() == quote.foreground().color()


def test_list_markers(doc):
    assert is_bold(fmt_at(doc, 3, "-"))
    assert fmt_at(doc, 3, "first") is None
    assert is_bold(fmt_at(doc, 4, "12."))


def test_links_and_photo_images_are_distinguished(doc):
    link = fmt_at(doc, 5, "the agency")
    assert link.fontUnderline()
    photo_url = fmt_at(doc, 5, "photo:42")
    other_url = fmt_at(doc, 5, "maps/a.png")
    assert photo_url.fontUnderline() and not other_url.fontUnderline()
    assert photo_url.foreground().color() != other_url.foreground().color()
    assert is_bold(fmt_at(doc, 5, "A soldier"))


def test_fenced_code_spans_lines_and_suppresses_markup(doc):
    assert doc.findBlockByNumber(6).userState() == IN_BACKTICK_FENCE
    assert doc.findBlockByNumber(8).userState() == IN_BACKTICK_FENCE
    assert doc.findBlockByNumber(9).userState() == -1
    inside_heading = fmt_at(doc, 7, "# not")
    inside_bold = fmt_at(doc, 8, "not bold")
    assert not is_bold(inside_heading) and not is_bold(inside_bold)
    assert inside_bold.fontFamilies()  # code font
    assert fmt_at(doc, 10, "snake") is None
    assert fmt_at(doc, 10, "real italic").fontItalic()


def test_closing_a_fence_rehighlights_the_following_lines(qtbot, doc):
    cursor = doc.find("```", 0)  # the opening fence
    cursor.insertText("~~~")  # now a tilde fence that the ``` line cannot close
    assert doc.findBlockByNumber(10).userState() != -1
    cursor.movePosition(cursor.MoveOperation.StartOfBlock)
    cursor.movePosition(cursor.MoveOperation.EndOfBlock, cursor.MoveMode.KeepAnchor)
    cursor.insertText("```python")
    assert doc.findBlockByNumber(10).userState() == -1


def contrast(a: QColor, b: QColor) -> int:
    return abs(a.lightness() - b.lightness())


@pytest.mark.parametrize("dark", [False, True])
def test_colours_read_on_light_and_dark_palettes(qtbot, dark):
    palette = QPalette()
    text, base = (QColor("#eeeeee"), QColor("#1e1e1e")) if dark else (QColor("#111111"), QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, text)
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.Link, QColor("#0000aa"))
    doc = QTextDocument()
    highlighter = MarkdownHighlighter(doc, palette)
    for name, f in highlighter.formats.items():
        if f.hasProperty(f.Property.ForegroundBrush):
            assert contrast(f.foreground().color(), base) >= 70, name


def test_highlighting_a_long_article_is_cheap(qtbot):
    line = "Words **bold** and *it* with [a link](https://x.org) and `code`, more words here."
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    highlighter = MarkdownHighlighter(editor.document())
    editor.setPlainText("\n\n".join([line] * 1500))  # ~20,000 words
    highlighter.rehighlight()  # its speed: benchmarks/desk_window.py (typing)
