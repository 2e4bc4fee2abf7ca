"""Plain-text helpers for teasers, meta descriptions and dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from html.parser import HTMLParser

ELLIPSIS = "..."
# Where a cut between two characters would split one visible character.
_JOINERS = {"\u200d", "\u034f"}
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?\u2026])|(?<=[.!?\u2026][\u201d\u2019\"')\]]))\s+|(?<=[\u3002\uff01\uff1f])"
)
_TRAILING = " ,;:-\u2013\u2014\u2026.\u3001\u3002"


def _glued(before: str, after: str) -> bool:
    """True when a cut between ``before`` and ``after`` would break a grapheme."""
    if unicodedata.combining(after) or after in _JOINERS or before in _JOINERS:
        return True
    code = ord(after)
    return 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def teaser(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut at a word boundary so that with "..." it fits ``limit``.

    Text without spaces near the limit (Chinese, Japanese, a long URL) is cut between
    two characters, never inside one (combining marks, emoji sequences stay whole).
    """
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    room = max(1, limit - len(ELLIPSIS))
    space = text.rfind(" ", 0, room + 1)
    if space >= room // 2:
        head = text[:space]
    else:
        cut = room
        while cut > 1 and _glued(text[cut - 1], text[cut]):
            cut -= 1
        head = text[:cut]
    return head.rstrip(_TRAILING) + ELLIPSIS


def first_sentences(text: str, limit: int = 160) -> str:
    """As many whole sentences as fit ``limit``; a word-boundary cut if none fits."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    out = ""
    for m in _SENTENCE_END.finditer(text):
        if m.start() > limit:
            break
        out = text[: m.start()]
    return out or teaser(text, limit)


class _ParagraphText(HTMLParser):
    """Text of body paragraphs: no captions, footnotes, code or footnote markers."""

    SKIP = {"figure", "figcaption", "sup", "pre", "code", "table", "script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._skip = 0
        self._in_p = 0
        self._in_footnotes = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and ("class", "footnote") in attrs:
            self._in_footnotes = 1
        elif self._in_footnotes:
            self._in_footnotes += tag == "div"
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "p":
            self._in_p += 1
            self._parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in_footnotes:
            self._in_footnotes -= 1
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "p" and self._in_p:
            self._in_p -= 1
            text = " ".join("".join(self._parts).split())
            if text and not self._in_footnotes and not self._skip:
                self.paragraphs.append(text)

    def handle_data(self, data: str) -> None:
        if self._in_p and not self._skip:
            self._parts.append(data)


def paragraphs_text(html: str, enough: int | None = None) -> list[str]:
    """Plain text of the body's paragraphs. With ``enough``, reading stops once that many
    characters are collected: a description needs the first sentences, and parsing a
    20,000-word body on every keystroke of the live preview would cost 15 ms."""
    parser = _ParagraphText()
    step = 4096 if enough else max(len(html), 1)
    for start in range(0, len(html), step):
        parser.feed(html[start : start + step])
        if enough and sum(len(p) for p in parser.paragraphs) >= enough:
            return parser.paragraphs
    parser.close()
    return parser.paragraphs


def site_zone(name: str) -> dt.tzinfo:
    """The site's zone; an unknown name falls back to UTC rather than failing a render."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def local_time(moment: dt.datetime, zone_name: str) -> dt.datetime:
    if moment.tzinfo is None:  # the model hands out aware UTC; be lenient with naive
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(site_zone(zone_name))


def display_time(moment: dt.datetime, language: str = "en") -> str:
    """'27 November 2026, 14:05 CET', or in the page's language: the month names come
    from fixed tables (labels.py), so output never depends on the process locale."""
    from desk.core.render.labels import date_time_text

    return date_time_text(moment, language)
