"""The page's typography in the article's language: French rules on rendered HTML.

The Markdown pipeline's smart-typography step (smarty, markdown_pipeline.py) makes
curly quotes, apostrophes, dashes and ellipses for every language. French asks for more,
and this module is the one place that does it, for the preview, the export and the
WordPress body alike (the body renderer calls ``for_language``):

* quotation marks are guillemets: “ ” (smarty's) become « », with a no-break space
  inside, added when the writer typed none;
* a no-break space before ; ! ? and : (replacing the space typed, or added after a word);
* the apostrophe is ’ (smarty's; also between two letters where smarty did not reach).

Which spaces: U+202F NARROW NO-BREAK SPACE (the "fine insécable") before ; ! ?, and
U+00A0 NO-BREAK SPACE (the "espace mot insécable") before : and inside « ». That is
the Imprimerie nationale's rule (Lexique des règles typographiques), the one French
newspapers follow in print; both characters keep the sign on the line of the word it
belongs to, which is the point on a narrow phone screen, and every current system font
draws both (a font without U+202F falls back for that character only).

Never touched: the inside of tags (attributes, so URLs in href/src and alt texts stay
as written), code, pre, kbd, samp, var, script and style elements, credit lines (an
agency's credit must read exactly as delivered), URLs and e-mail addresses written in
the text, and HTML entities. An article in any other language is returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from desk.core.site.languages import base_language

NBSP = "\u00a0"  # before : and inside « »
NNBSP = "\u202f"  # before ; ! ?

# Text that keeps its characters: entities (&amp; holds a ";"), URLs, e-mail addresses.
_PROTECTED = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
    r"|(?:[a-zA-Z][a-zA-Z0-9+.-]{0,31}://|www\.|mailto:)[^\s<>«»\"]*[^\s<>«»\".,;:!?)]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_SPACE = "[ \t\r\n\u00a0\u202f]"
_OPEN = re.compile("[«\u201c]" + _SPACE + "*")
_CLOSE = re.compile(_SPACE + "*[»\u201d]")
_BEFORE_HIGH = re.compile("[ \t\r\n\u00a0]+(?=[;!?])")
_BEFORE_COLON = re.compile("[ \t\r\n\u202f]+(?=:)")
# A sign right after a word (or a closing mark), followed by a space, the end or a
# closing mark: "Pourquoi?" -> "Pourquoi ?". Not "14:05", "3:2", "a;b" or "?!".
_GLUED_HIGH = re.compile(r"(?<=[^\W_]|[»)\]’%])(?=[;!?]+(?:[\s»)\]’\"]|\Z))")
_GLUED_COLON = re.compile(r"(?<=[^\W\d_]|[»)\]’])(?=:(?:\s|\Z))")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")

_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_SKIPPED = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "textarea"})
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_CREDIT = re.compile(r"""\bclass\s*=\s*["'][^"']*\bcredit\b""")


def _french_plain(text: str, glued: bool) -> str:
    """The French rules on text with nothing to protect. ``glued``: the text follows a
    word in the text before it (an inline element's end), so a sign at its start is
    glued to that word."""
    text = _APOSTROPHE.sub("’", text)
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    text = _BEFORE_HIGH.sub(NNBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _GLUED_HIGH.sub(NNBSP, text)
    text = _GLUED_COLON.sub(NBSP, text)
    if glued and text[:1] in (";", "!", "?") and re.match(r"[;!?]+(?:[\s»)\]’\"]|\Z)", text):
        text = NNBSP + text
    elif glued and text[:1] == ":" and (len(text) == 1 or text[1].isspace()):
        text = NBSP + text
    return text


def french_text(text: str, after: str = "") -> str:
    """French typography on one run of text (HTML-escaped or plain): entities, URLs and
    e-mail addresses kept as they are. ``after``: the character before the run."""
    out: list[str] = []
    pos = 0
    prev = after
    for m in _PROTECTED.finditer(text):
        if m.start() > pos:
            out.append(_french_plain(text[pos:m.start()], _is_word_end(prev)))
        out.append(m.group(0))
        prev = m.group(0)[-1:]
        pos = m.end()
    if pos < len(text):
        out.append(_french_plain(text[pos:], _is_word_end(prev)))
    return "".join(out)


def _is_word_end(char: str) -> bool:
    return bool(char) and (char.isalnum() or char in "»)]’%")


def french_html(html: str) -> str:
    """French typography on the text of an HTML fragment (the renderer's sanitised
    body): tags, attributes, code, pre, credit lines and URLs untouched."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, whether it is skipped)
    skipped = 0
    pos = 0
    prev = ""
    for m in _TAG.finditer(html):
        if m.start() > pos:
            chunk = html[pos:m.start()]
            out.append(chunk if skipped else french_text(chunk, prev))
            prev = chunk[-1:]
        out.append(m.group(0))
        pos = m.end()
        name = (m.group(2) or "").lower()
        if not name:
            continue  # a comment
        if m.group(1):  # an end tag: close up to its start tag
            for at in range(len(stack) - 1, -1, -1):
                if stack[at][0] == name:
                    skipped -= sum(1 for _, skip in stack[at:] if skip)
                    del stack[at:]
                    break
        elif name not in _VOID and not m.group(3).rstrip().endswith("/"):
            skip = name in _SKIPPED or bool(_CREDIT.search(m.group(3)))
            stack.append((name, skip))
            skipped += skip
            if name in ("p", "li", "td", "th", "figcaption", "blockquote", "h1", "h2", "h3", "h4",
                        "h5", "h6", "div", "figure"):
                prev = ""  # a new block: nothing before it to be glued to
    if pos < len(html):
        rest = html[pos:]
        out.append(rest if skipped else french_text(rest, prev))
    return "".join(out)


def for_language(language: str) -> Callable[[str], str] | None:
    """The typography an article in ``language`` gets on its rendered HTML, or None when
    the HTML stays exactly as rendered (English and every language without rules here)."""
    return french_html if base_language(language) == "fr" else None


def text_for_language(text: str, language: str) -> str:
    """A plain-text field of the page (headline, standfirst, caption) in ``language``'s
    typography; unchanged for a language without rules here."""
    return french_text(text) if base_language(language) == "fr" else text
