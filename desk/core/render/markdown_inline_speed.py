"""Python-Markdown's inline pass, made linear and prefiltered.

The stock pass tries every inline pattern on every run of text and rebuilds strings
after each match; for news copy (no markup in most paragraphs, many typographic quotes)
that is most of a render. This pass overrides private members of
``markdown.treeprocessors.InlineProcessor``: Markdown is pinned to its minor version in
pyproject.toml, and ``prefilter_inline`` reports why it stayed off on a release whose
internals differ (markdown_pipeline logs it; a test fails on it).
"""

from __future__ import annotations

import bisect
import collections
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import INLINE_PLACEHOLDER, AtomicString

# Text each inline pattern's expression cannot match without (any one of them), by the
# name Python-Markdown registers it under. Python-Markdown tries every pattern on every
# run of text (about 35 with typographic quotes, in two passes); most news paragraphs
# contain none of these characters, so most tries are skipped before they start.
# A pattern missing here is always tried, so a new Markdown release stays correct.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",), "footnote": ("[^",), "reference": ("[",),
    "link": ("[",), "image_link": ("![",), "image_reference": ("![",),
    "short_reference": ("[",), "short_image_ref": ("![",), "autolink": ("<",),
    "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",),
    "em_strong": ("*", "_"), "em_strong2": ("_",), "not_strong": ("*", "_"),
    "smarty-ellipses": ("...",), "smarty-em-dashes": ("---",), "smarty-en-dashes": ("--",),
    "smarty-left-angle-quotes": ("<<",), "smarty-right-angle-quotes": (">>",),
    **{f"smarty-quotes-{n}": ("'", '"') for n in range(15)},
}
# The private members of Python-Markdown's InlineProcessor the fast pass overrides or
# calls (pyproject pins Markdown to the minor version they were read from).
_STOCK_MEMBERS = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern",
                  "_InlineProcessor__stashNode", "_InlineProcessor__processPlaceholders",
                  "_InlineProcessor__findPlaceholder", "_InlineProcessor__processElementText",
                  "_InlineProcessor__build_ancestors")


class PrefilteredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, skipping a pattern when the text lacks what its
    expression needs. A skipped pattern is one that would not have matched, which the
    stock loop answers the same way (next pattern, from the start of the text), so the
    output is the same; tests compare it with the stock processor on a corpus."""

    _needs: list[tuple[str, ...] | None] | None = None

    def run(self, tree, ancestors=None):
        registry = self.inlinePatterns
        # In the order the stock loop indexes them (iterating sorts the registry).
        patterns = list(registry)
        needs = [_TRIGGERS.get(item.name) for item in registry._priority]
        if needs != self._needs:
            triggers = sorted({text for need in needs if need for text in need})
            self._triggers = triggers
            # One search answers the usual question (does the text hold any trigger?).
            self._any_trigger = re.compile("|".join(map(re.escape, triggers))) if triggers else None
            self._always = [i for i, need in enumerate(needs) if need is None]
            self._eligible: dict[frozenset[str], list[int]] = {}
            self._needs = needs
        self._patterns = patterns
        if self._any_trigger is not None and not self._always and not self._has_trigger(tree):
            # No text can match any pattern: the stock pass would put every text back as
            # it was (it stashes nothing, inserts nothing). Most paragraphs of news copy
            # have no markup, and smarty's pass runs after prettify, over every tail.
            self.stashed_nodes = {}
            return tree
        return self._run_stock_walk(tree, ancestors)

    def _run_stock_walk(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        """The stock ``run``, walking the tree in the same order, with two costs taken out
        that grow with the square of the document: the walk's queue was a list taken from
        the front (``pop(0)``: every inline element of every paragraph moved once per
        element) and each text tail looked its element up by ``list(parent).index``."""
        self.stashed_nodes = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        queue: collections.deque[tuple[etree.Element, list[str]]] = collections.deque([(tree, tree_parents)])
        self._InlineProcessor__build_ancestors(tree, tree_parents)
        handle_inline = self._InlineProcessor__handleInline
        process_placeholders = self._InlineProcessor__processPlaceholders
        while queue:
            current, parents = queue.popleft()
            self.ancestors = parents
            if current is not tree:
                self.ancestors.append(current.tag.lower())
            insert_queue = []
            # Tails insert their elements right after the child: the iteration visits them
            # next, and the child's index is the count of children visited so far.
            for index, child in enumerate(current):
                if child.text and not isinstance(child.text, AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text = child.text
                    child.text = None
                    found = process_placeholders(handle_inline(text), child)
                    for item in found:
                        self.parent_map[item[0]] = child
                    queue.extend(found)
                    insert_queue.append((child, found))
                    self.ancestors.pop()
                if child.tail:
                    tail = handle_inline(child.tail)
                    dummy = etree.Element("d")
                    child.tail = None
                    tail_result = process_placeholders(tail, dummy, False)
                    if dummy.tail:
                        child.tail = dummy.tail
                    tail_result.reverse()
                    for new_child in tail_result:
                        self.parent_map[new_child[0]] = current
                        current.insert(index + 1, new_child[0])
                if len(child):
                    self.parent_map[child] = current
                    queue.append((child, self.ancestors[:]))
            for element, found in insert_queue:
                for i, obj in enumerate(found):
                    element.insert(i, obj[0])
        return tree

    def _has_trigger(self, tree: etree.Element) -> bool:
        search = self._any_trigger.search
        for element in tree.iter():
            # Texts, and tails (which the stock pass reads even when atomic).
            if element.text and search(element.text) or element.tail and search(element.tail):
                return True
        return False

    def _eligible_for(self, data: str) -> list[int]:
        """The indexes of the patterns that may match ``data``, in order."""
        if self._any_trigger is None or self._any_trigger.search(data) is None:
            return self._always
        present = frozenset(text for text in self._triggers if text in data)
        eligible = self._eligible.get(present)
        if eligible is None:
            eligible = self._eligible[present] = [
                i for i, need in enumerate(self._needs) if need is None or not present.isdisjoint(need)]
        return eligible

    # Overrides the stock private loop (the name InlineProcessor's own calls resolve to).
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString):
            return data
        patterns = self._patterns
        apply = self._InlineProcessor__applyPattern
        eligible = self._eligible_for(data)
        at = bisect.bisect_left(eligible, patternIndex)
        start = 0
        while at < len(eligible):
            index = eligible[at]
            if start == 0 and _linear_substitution(patterns[index]):
                new = self._substitute_all(patterns[index], data)
                at += 1
                if new is not data:
                    data = new
                    eligible = self._eligible_for(data)
                    at = bisect.bisect_right(eligible, index)
                continue
            new, matched, start = apply(patterns[index], data, index, start)
            if not matched:
                at += 1  # the next pattern, from the start (start is 0)
                continue
            # The stock loop tries this pattern again on the new text (from ``start``).
            # The eligible list is not worked out again: a match only replaces text by a
            # placeholder, which holds no trigger, so the list can only be too long, and
            # a pattern tried in vain is what the stock loop does too. Working it out
            # after every match scanned the text once per trigger: quadratic, 40% of a
            # paragraph of nested emphasis.
            data = new
        return data


    # Overrides the stock private method: the same tree, but text between placeholders is
    # gathered in a list and joined once. The stock method appends each piece to an
    # element's text or tail with +=, a new string each time: quadratic in the number
    # of placeholders (one per typographic quote), 40% of a paragraph of 40 K quotes.
    def _InlineProcessor__processPlaceholders(
        self, data: str | None, parent: etree.Element, isText: bool = True
    ) -> list[tuple[etree.Element, list[str]]]:
        prefix = self._InlineProcessor__placeholder_prefix
        find_placeholder = self._InlineProcessor__findPlaceholder
        process_text = self._InlineProcessor__processElementText
        result: list[tuple[etree.Element, list[str]]] = []
        pending: list[str] = []

        def flush() -> None:
            # One piece is kept as it is: it may be an AtomicString (code), as in the stock
            # method, where only a second piece (+=) makes a plain string.
            text = pending[0] if len(pending) == 1 else "".join(pending)
            pending.clear()
            if not text:
                return
            if result:
                target = result[-1][0]
                target.tail = (target.tail or "") + text if target.tail else text
            elif not isText:
                parent.tail = parent.tail + text if parent.tail else text
            else:
                parent.text = parent.text + text if parent.text else text

        start = 0
        while data:
            index = data.find(prefix, start)
            if index == -1:
                text = data[start:]
                if isinstance(data, AtomicString):
                    text = AtomicString(text)
                if text:
                    pending.append(text)
                data = ""
                continue
            id, end = find_placeholder(data, index)
            if id not in self.stashed_nodes:  # wrong placeholder
                stop = index + len(prefix)
                pending.append(data[start:stop])
                start = stop
                continue
            node = self.stashed_nodes.get(id)
            if index > 0 and index > start:
                pending.append(data[start:index])
            if isinstance(node, str):
                if node:
                    pending.append(node)
                start = end
                continue
            for child in [node] + list(node):
                if child.tail and child.tail.strip():
                    process_text(node, child, False)
                if child.text and child.text.strip():
                    process_text(child, child)
            start = end
            flush()
            result.append((node, self.ancestors[:]))
        flush()
        return result

    def _substitute_all(self, pattern: Any, data: str) -> str:
        """What the stock loop makes of ``data`` with one of smarty's text patterns (or
        the escape pattern), in one left-to-right scan. The stock loop rebuilds the whole string after every
        match (quadratic: 16 K quote characters took 3.8 s); here the pieces are joined
        once. The text the stock loop searches differs from ``data`` only where a match
        was replaced by a placeholder ending in ETX, and these patterns look at most one
        character behind, so only a match right after a placeholder needs the ETX in
        front of it (a probe of a few characters); every other match sees what the
        stock loop sees. Tests compare the output with the stock loop."""
        regex = pattern.getCompiledRegExp()
        escape = type(pattern).__name__ == "EscapeInlineProcessor"
        store = pattern.md.htmlStash.store if not escape else None
        stash = self._InlineProcessor__stashNode
        kind = pattern.type()
        pieces: list[str] = []
        pos, size = 0, len(data)
        after_placeholder = False
        while pos <= size:
            match: Any
            if after_placeholder:
                match = _match_after_placeholder(regex, data, pos)
                if match is None:
                    if pos >= size:
                        break
                    match = regex.search(data, pos + 1)
            else:
                match = regex.search(data, pos)
            if match is None:
                break
            if escape:
                # Python-Markdown's escape: a string, or None for a character it does not
                # escape (the stock loop then searches on from the match's end).
                result, _, _ = pattern.handleMatch(match, data)
                if result is None:
                    pieces.append(data[pos:match.end()])
                    pos = match.end()
                    after_placeholder = False
                    continue
            else:
                result = "".join(match.group(part) if isinstance(part, int) else store(part)
                                 for part in pattern.replace)
            pieces.append(data[pos:match.start()])
            pieces.append(stash(result, kind))
            pos = match.end()
            after_placeholder = True
        if not pieces:
            return data
        pieces.append(data[pos:])
        return "".join(pieces)


class _Shifted:
    """A match found in a probe string, with offsets in the text it stands for."""

    __slots__ = ("_match", "_shift")

    def __init__(self, match: re.Match[str], shift: int) -> None:
        self._match, self._shift = match, shift

    def start(self, group: int = 0) -> int:
        return self._match.start(group) + self._shift

    def end(self, group: int = 0) -> int:
        return self._match.end(group) + self._shift

    def group(self, group: int = 0) -> str:
        return self._match.group(group)


def _match_after_placeholder(regex: re.Pattern[str], data: str, pos: int) -> _Shifted | None:
    """A match of ``regex`` starting at ``pos`` when the character before is ETX (the end
    of the placeholder the stock loop would have put there)."""
    width = 64
    while True:
        probe = _ETX + data[pos:pos + width]
        m = regex.match(probe, 1)
        # Far enough from the probe's end that look-aheads saw what they would in data.
        if m is None or m.end() + 16 <= len(probe) or pos + width >= len(data):
            return _Shifted(m, pos - 1) if m is not None else None
        width *= 4


def _smarty_text_patterns() -> frozenset[str]:
    """The expressions of smarty's text patterns this module knows to look at most one
    character behind; a pattern not among them takes the stock loop."""
    try:
        from markdown.extensions import smarty
    except ImportError:  # pragma: no cover
        return frozenset()
    names = ("singleQuoteStartRe", "doubleQuoteStartRe", "doubleQuoteSetsRe", "singleQuoteSetsRe",
             "doubleQuoteSetsRe2", "singleQuoteSetsRe2", "decadeAbbrRe", "openingDoubleQuotesRegex",
             "closingDoubleQuotesRegex", "closingDoubleQuotesRegex2", "openingSingleQuotesRegex",
             "closingSingleQuotesRegex", "closingSingleQuotesRegex2", "remainingSingleQuotesRegex",
             "remainingDoubleQuotesRegex")
    known = {getattr(smarty, name) for name in names if hasattr(smarty, name)}
    if len(known) != len(names):
        return frozenset()
    return frozenset(known | {r"(?<!-)---(?!-)", r"(?<!-)--(?!-)", r"(?<!\.)\.{3}(?!\.)"})


_ETX = "\x03"
_SMARTY_PATTERNS = _smarty_text_patterns()
# The stock loop's placeholders end in ETX; the probe relies on it.
_LINEAR_SMARTY = INLINE_PLACEHOLDER.endswith(_ETX) and bool(_SMARTY_PATTERNS)


def _linear_substitution(pattern: Any) -> bool:
    """Whether ``pattern`` can take _substitute_all: smarty's text patterns, and the
    backslash escape (no look-behind at all; thousands of escaped '[' are what the
    bracket guard leaves)."""
    cls = type(pattern)
    if (cls.__name__ == "EscapeInlineProcessor" and cls.__module__ == "markdown.inlinepatterns"
            and getattr(pattern, "pattern", None) == r"\\(.)" and not pattern.ANCESTOR_EXCLUDES):
        return _LINEAR_SMARTY
    return (_LINEAR_SMARTY and cls.__name__ == "SubstituteTextPattern"
            and cls.__module__ == "markdown.extensions.smarty"
            and getattr(pattern, "pattern", None) in _SMARTY_PATTERNS
            and not pattern.ANCESTOR_EXCLUDES)


def unknown_inline_loop() -> str | None:
    """Why the fast inline pass cannot replace this Markdown release's own, or None."""
    missing = [name for name in _STOCK_MEMBERS if not hasattr(InlineProcessor, name)]
    if missing:
        return f"Markdown {markdown.__version__}: InlineProcessor lacks {', '.join(missing)}"
    return None


def prefilter_inline(md: markdown.Markdown) -> str | None:
    """Put the fast inline pass in place of each stock one; the reason when it cannot."""
    reason = unknown_inline_loop()
    if reason is not None:
        return reason  # a Markdown release without the loop we know: keep its own
    if not hasattr(md.treeprocessors, "_priority"):
        return f"Markdown {markdown.__version__}: Registry lacks _priority"
    replaced = 0
    for item in list(md.treeprocessors._priority):
        old = md.treeprocessors[item.name]
        if type(old) is InlineProcessor:  # 'inline' and smarty's own pass
            new = PrefilteredInlineProcessor(md)
            new.inlinePatterns = old.inlinePatterns
            md.treeprocessors.register(new, item.name, item.priority)
            replaced += 1
    return None if replaced else "no stock InlineProcessor registered"
