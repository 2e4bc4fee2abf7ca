"""Make hostile or broken Markdown cheap to render, before Python-Markdown sees it.

Python-Markdown recurses once per nesting level (a 50,000-level list raises
RecursionError), scans to the end of the block for every unmatched ``[`` (quadratic),
and nh3 is quadratic in raw-HTML nesting depth. Each guard here is linear, keeps the
number of lines unchanged (source positions stay valid) and only alters text that no
editor would write on purpose.
"""

from __future__ import annotations

import re

MAX_DEPTH = 32
# Unmatched '[' times block length: each one costs a Python-level scan of the block.
MAX_BRACKET_WORK = 200_000
MAX_RAW_HTML_DEPTH = 256
# Inline markup characters times block length (see bound_inline).
MAX_INLINE_WORK = 20_000_000

# Reserved for the renderer's own markers; stripping it from the input means a marker
# can only ever come from us.
RESERVED = "\ue000"

_CONTAINER = re.compile(r"[ ]{0,3}(?:>[ ]?|(?:[*+-]|[0-9]{1,9}\.)[ ]+)")
_CONTAINER_START = frozenset(">*+-0123456789 ")
_TRAILING_SPACE_LINE = re.compile(r"(?<=\n)[ ]+\n")
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


def normalize(text: str) -> str:
    """What Python-Markdown's own whitespace preprocessor does, minus the line changes.

    Done up front so the block splitter and Markdown see the same text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(RESERVED, "")
    text = text.replace("\x02", "").replace("\x03", "")  # Markdown's placeholder delimiters
    if "\t" in text:
        text = text.expandtabs(4)
    # The expression is slow to scan (a look-behind at every character): only when a line
    # can end in spaces at all.
    return _TRAILING_SPACE_LINE.sub("\n", text) if " \n" in text else text


def bound_nesting(text: str, max_depth: int = MAX_DEPTH) -> str:
    """Flatten container markers and indentation deeper than ``max_depth`` levels."""
    lines = text.split("\n")
    max_indent = 4 * (max_depth + 1)
    changed = False
    for i, line in enumerate(lines):
        if not line or line[0] not in _CONTAINER_START:
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent > max_indent:
            line = " " * max_indent + stripped
            changed = True
        pos = depth = keep = 0
        while (m := _CONTAINER.match(line, pos)) is not None and m.end() > pos:
            depth += 1
            pos = m.end()
            if depth == max_depth:
                keep = pos
        if depth > max_depth:
            # Deeper markers become plain text of the deepest allowed level.
            line = line[:keep] + line[pos:]
            changed = True
        lines[i] = line
    return "\n".join(lines) if changed else text


def _hopeless_brackets(block: str) -> list[int]:
    """Positions of '[' that start a scan to the end of the block: unmatched '[', and
    '[' of a '[..](' whose '(' never closes."""
    opens: list[int] = []
    hopeless: list[int] = []
    last_closed: int | None = None  # the '[' whose ']' was the previous bracket char
    parens: list[tuple[int, int | None]] = []
    for m in re.finditer(r"\\.|[\[\]()]", block):
        ch = m.group()
        if ch == "[":
            opens.append(m.start())
            last_closed = None
        elif ch == "]":
            last_closed = opens.pop() if opens else None
        elif ch == "(":
            owner = last_closed if m.start() > 0 and block[m.start() - 1] == "]" else None
            parens.append((m.start(), owner))
            last_closed = None
        elif ch == ")":
            if parens:
                parens.pop()
            last_closed = None
    hopeless.extend(opens)
    hopeless.extend(owner for _, owner in parens if owner is not None)
    return sorted(set(hopeless))


def bound_brackets(text: str) -> str:
    """Escape the '[' that would make Python-Markdown's link scanning quadratic.

    Only blocks where unmatched brackets times block length is huge are touched; there
    the unmatched '[' render as text, which is what they would have rendered as anyway.
    """
    if text.count("[") * len(text) <= MAX_BRACKET_WORK:
        return text
    blocks = text.split("\n\n")
    changed = False
    for i, block in enumerate(blocks):
        if block.count("[") * len(block) <= MAX_BRACKET_WORK:
            continue
        if block.lstrip().startswith(("```", "~~~")):
            continue
        hopeless = _hopeless_brackets(block)
        if len(hopeless) * len(block) <= MAX_BRACKET_WORK:
            continue
        pieces = []
        prev = 0
        for pos in hopeless:
            pieces.append(block[prev:pos])
            pieces.append("\\")
            prev = pos
        pieces.append(block[prev:])
        blocks[i] = "".join(pieces)
        changed = True
    return "\n\n".join(blocks) if changed else text


def bound_inline(text: str) -> str:
    """Show a block verbatim (as indented code) when inline parsing would be quadratic.

    Python-Markdown rebuilds a paragraph's string for every inline match, so a huge
    block dense with markup characters costs (matches x length). Real paragraphs are
    orders of magnitude below the limit; prefixing lines keeps the line count.
    """
    if len(text) < 10_000:
        return text
    blocks = text.split("\n\n")
    changed = False
    for i, block in enumerate(blocks):
        if len(block) < 10_000:
            continue
        specials = sum(block.count(ch) for ch in "[]<>&*_`\\!")
        if specials * len(block) > MAX_INLINE_WORK:
            blocks[i] = "\n".join("    " + line for line in block.split("\n"))
            changed = True
    return "\n\n".join(blocks) if changed else text


def raw_html_depth(text: str) -> int:
    """An upper estimate of how deeply raw HTML tags in ``text`` nest."""
    depth = deepest = 0
    for m in _RAW_TAG.finditer(text):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing and name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def bound_raw_html(text: str) -> str:
    """Show absurdly nested raw HTML as text instead of feeding it to the sanitiser."""
    if text.count("<") < MAX_RAW_HTML_DEPTH or raw_html_depth(text) <= MAX_RAW_HTML_DEPTH:
        return text
    return text.replace("<", "&lt;")


def defuse(text: str) -> str:
    """All guards, in the order that keeps each one linear."""
    return bound_raw_html(bound_brackets(bound_inline(bound_nesting(normalize(text)))))
