"""Counting what the reader will read: Markdown stripped before words are counted."""

from __future__ import annotations

import functools
import re

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_HTML_TAG = re.compile(r"<[^>\n]{1,200}>")
_MARKERS = re.compile(r"^\s{0,3}(#{1,6}\s+|>+\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_~`]+")
# CJK scripts have no spaces: each character counts as a word, as newsroom tools do.
# Compiled on first use: its character set costs 10 ms to build, and most importers of
# this module (the exporter's teasers) never count words.
_CJK_PATTERN = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)

WORDS_PER_MINUTE = 230


def plain_text(markdown: str) -> str:
    text = _FENCE.sub(" ", markdown)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _MARKERS.sub("", text)
    return _EMPHASIS.sub("", text)


@functools.cache
def _cjk() -> re.Pattern[str]:
    return re.compile(_CJK_PATTERN)


def count_words(text: str) -> int:
    cjk_re = _cjk()
    cjk = len(cjk_re.findall(text))
    rest = cjk_re.sub(" ", text)
    return cjk + len(_WORD.findall(rest))


def markdown_word_count(markdown: str) -> int:
    """Words of a Markdown text, counted paragraph by paragraph with a cache, so that
    counting after each keystroke in a 20,000-word body only counts the paragraph that
    changed. (A fenced code block with blank lines inside is counted as prose; close
    enough for a word count.)"""
    return sum(_paragraph_words(p) for p in _PARAGRAPHS.split(markdown))


_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


@functools.lru_cache(maxsize=50_000)
def _paragraph_words(paragraph: str) -> int:
    return count_words(plain_text(paragraph))


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """"1 article", "3 articles", "0 articles": the count with the noun that agrees
    (English; the interface's other languages will bring their own rule)."""
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {noun}" if abs(count) >= 10000 else f"{count} {noun}"
