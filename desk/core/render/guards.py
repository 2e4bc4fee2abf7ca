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
# Inline markup characters times the length of the run of text they are in (see
# inline_work): about 0.1 s of inline parsing at the limit (benchmarks/render_linearity.py).
MAX_INLINE_WORK = 200_000_000

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


# What starts an inline match that rebuilds the string: emphasis, code, raw HTML and
# autolinks, entities, and a ']' for each link or reference. (A '[' without its ']'
# costs nothing once bound_brackets escaped it, and escapes take one linear scan.)
_SPECIALS = re.compile(r"[\]<&*_`]")
# A line that starts an inline context of its own: a list item, a heading, a table row.
_OWN_LINE = re.compile(r"[ ]{0,3}(?:[*+-][ ]|[0-9]{1,9}[.)][ ]|#{1,6}[ ]|\|)")
_TABLE_RULE = re.compile(r"^[ ]{0,3}\|?[ ]*:?-+:?[ ]*\|", re.M)


def inline_work(block: str) -> int:
    """An upper estimate of what inline parsing costs for a block: for each run of text
    Python-Markdown parses as one (a paragraph, a list item, a heading, a table row),
    its markup characters times its length. Each match rebuilds the run's string, so a
    run costs (matches x length); separate runs do not multiply each other."""
    if _TABLE_RULE.search(block):
        runs = block.split("\n")  # a table: each row (cells are smaller still)
    else:
        runs, current = [], []
        for line in block.split("\n"):
            if current and _OWN_LINE.match(line):
                runs.append("\n".join(current))
                current = []
            current.append(line)
        runs.append("\n".join(current))
    return max(len(_SPECIALS.findall(run)) * len(run) for run in runs)


def bound_inline(text: str, escaped: str | None = None) -> str:
    """Show a block verbatim (as indented code) when inline parsing would be quadratic.

    Python-Markdown rebuilds a run of text's string for every inline match, so a huge
    paragraph dense with markup characters costs (matches x length). Real paragraphs,
    long lists and tables are far below the limit (inline_work counts each item and row
    on its own); prefixing lines keeps the line count.

    ``escaped`` is ``text`` after bound_brackets (the same blocks, with backslashes
    before hopeless '['): a block is judged and rendered in that form, and shown
    verbatim in its original one (no backslash appears in the code).
    """
    if escaped is None:
        escaped = text
    if len(text) < 10_000:
        return escaped
    blocks = text.split("\n\n")
    escaped_blocks = blocks if escaped is text else escaped.split("\n\n")
    if len(escaped_blocks) != len(blocks):  # pragma: no cover - bound_brackets keeps blocks
        escaped_blocks = blocks
    out = []
    for block, ready in zip(blocks, escaped_blocks):
        if len(block) >= 10_000 and inline_work(ready) > MAX_INLINE_WORK:
            out.append("\n".join("    " + line for line in block.split("\n")))
        else:
            out.append(ready)
    return "\n\n".join(out)


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
    text = bound_nesting(normalize(text))
    return bound_raw_html(bound_inline(text, bound_brackets(text)))
