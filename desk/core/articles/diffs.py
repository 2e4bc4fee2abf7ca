"""Differences between two revision snapshots, field by field, for the history panel.

Pure Python (difflib): the panel renders the result, the tests read it directly.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["equal", "insert", "delete"]

# (snapshot key, label, how to compare). Text fields get a word-level diff so a changed
# comma shows as a changed comma; the body is diffed by line first, then by word inside
# changed paragraphs, which keeps a 20,000-word body quick.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("headline", "Headline", "words"),
    ("standfirst", "Standfirst", "words"),
    ("body", "Body", "lines"),
    ("status", "Status", "value"),
    ("category", "Category", "value"),
    ("tags", "Tags", "words"),
    ("byline", "Byline", "words"),
    ("slug", "Slug", "value"),
    ("source_name", "Source", "words"),
    ("source_url", "Source URL", "value"),
)

VALUE_FIELDS = frozenset(name for name, _label, how in FIELDS if how == "value")
# Words, runs of spaces, and single punctuation marks: joined back they give the text.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Beyond this many tokens on either side of a changed stretch, a word diff costs more
# than it tells: the stretch is shown as removed then added.
WORD_DIFF_LIMIT = 4000


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    old: str
    new: str
    segments: list[tuple[Kind, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old != self.new


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """One FieldDiff per compared field, in display order, changed or not."""
    out: list[FieldDiff] = []
    for name, label, how in FIELDS:
        a, b = as_text(old.get(name)), as_text(new.get(name))
        if a == b:
            segments: list[tuple[Kind, str]] = [("equal", a)] if a else []
        elif how == "value":
            segments = [s for s in (("delete", a), ("insert", b)) if s[1]]  # type: ignore[misc]
        elif how == "lines":
            segments = diff_lines(a, b)
        else:
            segments = diff_words(a, b)
        out.append(FieldDiff(name, label, a, b, segments))
    return out


def diff_words(old: str, new: str) -> list[tuple[Kind, str]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) > WORD_DIFF_LIMIT or len(b) > WORD_DIFF_LIMIT:
        return _merge([("delete", old), ("insert", new)])
    # autojunk would treat spaces, the commonest token, as junk and wreck the alignment.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[tuple[Kind, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            out.append(("delete", "".join(a[i1:i2])))
            out.append(("insert", "".join(b[j1:j2])))
    return _merge(out)


def diff_lines(old: str, new: str) -> list[tuple[Kind, str]]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b)
    out: list[tuple[Kind, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        elif op == "replace":
            out.extend(diff_words("".join(a[i1:i2]), "".join(b[j1:j2])))
        else:
            out.append(("delete", "".join(a[i1:i2])))
            out.append(("insert", "".join(b[j1:j2])))
    return _merge(out)


def _merge(segments: list[tuple[Kind, str]]) -> list[tuple[Kind, str]]:
    merged: list[tuple[Kind, str]] = []
    for kind, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


# --- HTML ------------------------------------------------------------------------------
# Foreground and background are both set so the marks stay readable on a dark palette
# as well as a light one. QTextBrowser understands only a subset of CSS: keep it simple.
INSERT_STYLE = "color:#0b3d0b; background-color:#c8f0c8;"
DELETE_STYLE = "color:#5c0b0b; background-color:#f6c9c9; text-decoration:line-through;"
# Unchanged stretches of the body longer than this many lines are folded to their edges.
CONTEXT_LINES = 2


def to_html(diffs: list[FieldDiff], *, only_changed: bool = False) -> str:
    parts = ["<html><body>"]
    changed = [d for d in diffs if d.changed]
    if not changed:
        parts.append("<p><i>No differences.</i></p>")
    for d in diffs:
        if only_changed and not d.changed:
            continue
        mark = "" if d.changed else " <small>(unchanged)</small>"
        parts.append(f"<h3>{html.escape(d.label)}{mark}</h3>")
        pieces = [_segment_html(kind, text, fold=d.name == "body") for kind, text in d.segments]
        if d.name in VALUE_FIELDS and len(d.segments) == 2:
            pieces.insert(1, " → ")  # a replaced value reads as old → new, not glued
        body = "".join(pieces)
        parts.append(f"<p>{body or '<i>(empty)</i>'}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _segment_html(kind: Kind, text: str, *, fold: bool) -> str:
    if kind == "equal" and fold:
        lines = text.splitlines(keepends=True)
        if len(lines) > 2 * CONTEXT_LINES + 1:
            hidden = len(lines) - 2 * CONTEXT_LINES
            head = "".join(lines[:CONTEXT_LINES])
            tail = "".join(lines[-CONTEXT_LINES:])
            note = f"<i>⋯ {hidden} unchanged lines ⋯</i><br>"
            return _escape(head) + note + _escape(tail)
    escaped = _escape(text)
    if kind == "insert":
        return f'<span style="{INSERT_STYLE}">{escaped}</span>'
    if kind == "delete":
        return f'<span style="{DELETE_STYLE}">{escaped}</span>'
    return escaped


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
