"""Characters that may not leave Desk: control characters, at the edges where text comes in
(typing, paste, import) and where it goes out as XML (feeds, sitemaps, XMP).

Word pastes a manual line break as a vertical tab (U+000B); XML 1.0 forbids it and every
other C0 control but tab, line feed and carriage return, so one such character made a
whole feed unreadable. C1 controls (U+0080-U+009F, left by text decoded with the wrong
code page) are errors for an HTML parser and mean nothing to a reader. Lone surrogates
and U+FFFE/U+FFFF cannot be encoded or are not characters at all.
"""

from __future__ import annotations

import re

# Line-like separators: a break in running text, a space in a one-line field.
_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_UNWANTED = re.compile(f"[{_CONTROLS}{_BREAKS}\\t\\n\\r]")
_UNWANTED_MULTILINE = re.compile(f"[{_CONTROLS}{_BREAKS}]")
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_INVALID_XML = re.compile(f"[{_CONTROLS}\x0b\x0c]")
_SINGLE = {**{ch: " " for ch in _BREAKS + "\t\n\r"}}
_MULTI = {ch: "\n" for ch in _BREAKS}


def _replace(table: dict[str, str]):
    return lambda m: table.get(m.group(), "")


_single = _replace(_SINGLE)
_multi = _replace(_MULTI)


def clean_text(text: str, *, multiline: bool = False) -> str:
    """``text`` as Desk keeps it: control characters removed; line and paragraph
    separators (vertical tab, form feed, U+2028, U+2029, NEL) become a line break in
    multi-line text (a body) and a space in a one-line field (a headline), as do tabs and
    line breaks there. What the window calls on typing and paste, and import on every
    field; text without such characters is returned as it is (the same object)."""
    if not text:
        return text
    pattern = _UNWANTED_MULTILINE if multiline else _UNWANTED
    if pattern.search(text) is None:
        return text
    if multiline:
        return pattern.sub(_multi, text)
    # A CRLF pair is one break: one space.
    return pattern.sub(_single, _LINE_BREAK.sub("\n", text))


def has_controls(text: str, *, multiline: bool = False) -> bool:
    """Whether clean_text would change ``text``."""
    pattern = _UNWANTED_MULTILINE if multiline else _UNWANTED
    return bool(text) and pattern.search(text) is not None


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 does not allow removed (tab, line feed and
    carriage return stay), and C1 controls too. XML writers pass all text through it."""
    if not text or _INVALID_XML.search(text) is None:
        return text
    return _INVALID_XML.sub("", text)
