"""Split a Markdown body into top-level chunks that render the same alone as together.

A chunk boundary is placed only at a blank line where Python-Markdown is certain to
start a new top-level block: never inside a fenced code block, never before an indented
line that continues a list or a code block, never between two parts of one list or one
block quote (Python-Markdown joins those across blank lines), never before a reference
or footnote definition (it leaves no element, so the blocks around it may still join).
When in doubt, chunks are merged: a merged chunk only costs precision of the source line, never correctness.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from desk.core.render.fenced import FencedBlockPreprocessor

_FENCE = FencedBlockPreprocessor.FENCED_BLOCK_RE
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|[0-9]{1,9}\.)[ ]+")
_QUOTE = re.compile(r"[ ]{0,3}>")
_FOOTNOTE_DEF = re.compile(r"[ ]{0,3}\[\^[^\]\n]*\]:")
_ANY_DEF = re.compile(r"[ ]{0,3}\[[^\]\n]*\]:")
# The characters those four expressions can start with (and the indent of code).
_MARKER_START = frozenset(" *+-0123456789>[")

# Raw HTML that Python-Markdown may turn into a raw block, which can swallow the blocks
# after it: any tag at the start of a line, and comments, declarations and processing
# instructions anywhere. Tags inside a line are inline HTML, local to their paragraph.
_RAW_HTML = re.compile(
    r"^[ ]{0,3}<(?:[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|/[A-Za-z])|<!|<\?", re.MULTILINE
)
# Reference and footnote definitions: [id]: url   [^note]: text — also inside quotes and
# list items, so anywhere on a line (a false match only costs speed).
# The label excludes '[' (as Python-Markdown's does) so the search stays linear on
# thousands of unmatched brackets.
_DEFINITION = re.compile(r"\[[^\[\]\n]*\]:")
# What may refer to a definition: [^note], [text][id], [text] [id], [id][], [id]. An
# inline link's ']' is followed by '(' and refers to nothing.
_REFERENCE = re.compile(r"\[\^|\](?!\()")


@dataclass(frozen=True, slots=True)
class Chunk:
    line: int  # 0-based line of the chunk's first line in the body
    text: str


def has_raw_html(text: str) -> bool:
    return _RAW_HTML.search(text) is not None


def has_definitions(text: str) -> bool:
    return "]:" in text and _DEFINITION.search(text) is not None


def uses_definitions(chunk_text: str) -> bool:
    """Whether a chunk's HTML may depend on definitions elsewhere in the body."""
    return "]" in chunk_text and _REFERENCE.search(chunk_text) is not None


def _fenced_interior(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges (first, last) of fenced code blocks, as Python-Markdown finds them."""
    if "```" not in text and "~~~" not in text:
        return []
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    ranges = []
    for m in _FENCE.finditer(text):
        first = bisect.bisect_right(starts, m.start()) - 1
        last = bisect.bisect_right(starts, m.end() - 1) - 1
        ranges.append((first, last))
    return ranges


def split_chunks(text: str) -> list[Chunk]:
    """Top-level chunks of ``text`` (already normalised by guards.normalize)."""
    lines = text.split("\n")
    protected = bytearray(len(lines))  # 1 = a boundary may not be placed here
    for first, last in _fenced_interior(text, lines):
        protected[first + 1 : last + 1] = b"\x01" * (last - first)

    chunks: list[Chunk] = []
    start: int | None = None
    end = 0  # one past the last non-blank line of the current chunk
    has_list = has_quote = has_note = indented_tail = False
    blank_run = 0

    for i, line in enumerate(lines):
        if not line.strip() and not protected[i]:
            blank_run += 1
            continue
        if start is None:
            start = i
        elif blank_run and not protected[i] and not _ANY_DEF.match(line) and _starts_new_block(
            line, has_list or has_note, has_quote, indented_tail, blank_run
        ):
            chunks.append(Chunk(start, "\n".join(lines[start:end])))
            start = i
            has_list = has_quote = has_note = False
        blank_run = 0
        end = i + 1
        if line[:1] not in _MARKER_START:
            # A line of prose (most lines): no list item, quote or definition starts it.
            indented_tail = False
            continue
        if not protected[i]:
            has_list = has_list or _LIST_ITEM.match(line) is not None
            has_quote = has_quote or _QUOTE.match(line) is not None
            # A footnote definition takes the indented blocks after it, like a list item.
            has_note = has_note or _FOOTNOTE_DEF.match(line) is not None
        if not _ANY_DEF.match(line):  # definitions leave no element: look through them
            indented_tail = line.startswith("    ")
    if start is not None:
        chunks.append(Chunk(start, "\n".join(lines[start:end])))
    return chunks


def _starts_new_block(
    line: str, has_list: bool, has_quote: bool, indented_tail: bool, blank_run: int
) -> bool:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if has_list and (indent or _LIST_ITEM.match(line)):
        return False  # a list item's continuation, or a loose list going on
    if indented_tail and (indent >= 4 or blank_run > 1):
        return False  # Python-Markdown appends these to the indented code block above
    if has_quote and indent < 4 and stripped.startswith(">"):
        return False  # Python-Markdown appends to the previous block quote
    return True
