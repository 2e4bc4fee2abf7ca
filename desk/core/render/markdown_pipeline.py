"""Python-Markdown configured for Desk: tables, footnotes, typographic quotes, fenced
code, photo figures and source positions.

Text handed in must already have gone through ``guards.defuse``; the block renderer
(body.py) takes care of that.
"""

from __future__ import annotations

import bisect
import collections
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, INLINE_PLACEHOLDER, AtomicString

from desk.core.render.fenced import FencedCodeExtension
from desk.core.render.guards import RESERVED
from desk.core.render.page import Figure, FigureSource, resolve_figure

AssetUrl = Callable[[str], str]

# Characters, not entities: the output is read by people diffing exports, and the
# sanitiser would turn entities into characters anyway.
SMARTY_SUBSTITUTIONS = {
    "left-single-quote": "\u2018",
    "right-single-quote": "\u2019",
    "left-double-quote": "\u201c",
    "right-double-quote": "\u201d",
    "ndash": "\u2013",
    "mdash": "\u2014",
    "ellipsis": "\u2026",
    "left-angle-quote": "\u00ab",
    "right-angle-quote": "\u00bb",
}

# The article column: 42rem, or the page less its 1rem margins (site.css; measured in
# Chromium by tests/core/test_page_sizes.py).
BODY_IMAGE_SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"
PHOTO_SCHEME = "photo:"
_PHOTO_ID = re.compile(r"photo:(\d{1,18})\Z")
_CONTROL = re.compile("[\x02\x03]")

# A marker paragraph `<RESERVED>L<line><RESERVED>` announces the source line of the
# blocks that follow it. RESERVED is stripped from user text, so only we can write one.
MARKER_RE = re.compile(RESERVED + r"L(\d+)" + RESERVED)
_MARKER_PARAGRAPH = re.compile(RESERVED + r"L\d+" + RESERVED + r"(?:\n\n)?")
LINE_ATTR = "data-src-line"
CHUNK_TAG = "desk-chunk"


def marker(line: int) -> str:
    return f"{RESERVED}L{line}{RESERVED}"


def srcset_attr(figure: Figure, asset_url: AssetUrl) -> str:
    # Spaces and commas are srcset syntax, so they must not appear raw inside a URL.
    entries = sorted(figure.srcset, key=lambda entry: (entry[1], entry[0]))
    return ", ".join(
        f"{asset_url(url).replace(' ', '%20').replace(',', '%2C')} {int(width)}w"
        for url, width in entries
    )


def plain(text: str) -> str:
    return _CONTROL.sub("", text or "")


# ---------------------------------------------------------------------------- figures


class FigureTreeprocessor(Treeprocessor):
    """Turn a paragraph holding only `![alt](photo:ID "caption")` into a <figure>."""

    def __init__(self, md: markdown.Markdown, ext: FigureExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._only_photo(child):
                    parent.remove(child)
                    parent.insert(index, self._figure(child))
                elif child.tag == "img" and child.get("src", "").startswith(PHOTO_SCHEME):
                    self._inline(parent, index, child)

    @staticmethod
    def _only_photo(p: etree.Element) -> bool:
        if len(p) != 1 or (p.text or "").strip() or (p[0].tail or "").strip():
            return False
        img = p[0]
        return img.tag == "img" and img.get("src", "").startswith(PHOTO_SCHEME)

    def _lookup(self, img: etree.Element) -> tuple[str, Figure | None]:
        src = img.get("src", "")
        m = _PHOTO_ID.match(src)
        label = src[len(PHOTO_SCHEME):]
        if m is None:
            return label, None
        try:
            return label, resolve_figure(self.ext.figures, int(m.group(1)))
        except (LookupError, ValueError):
            return label, None

    def _img(self, figure: Figure, alt: str) -> etree.Element:
        """The image, in a <picture> offering its WebP renditions first when it has them."""
        asset_url = self.ext.asset_url
        img = etree.Element("img")
        img.set("src", asset_url(figure.src))
        if figure.srcset:
            img.set("srcset", srcset_attr(figure, asset_url))
            img.set("sizes", BODY_IMAGE_SIZES)
        img.set("alt", alt)
        if figure.width and figure.height:
            img.set("width", str(int(figure.width)))
            img.set("height", str(int(figure.height)))
        img.set("loading", "lazy")
        if not (figure.srcset and figure.webp):
            return img
        picture = etree.Element("picture")
        webp = Figure(src="", srcset=figure.webp, width=0, height=0, alt="", credit="")
        etree.SubElement(picture, "source", {"type": "image/webp", "srcset": srcset_attr(webp, asset_url),
                                             "sizes": BODY_IMAGE_SIZES})
        picture.append(img)
        return picture

    def _figure(self, p: etree.Element) -> etree.Element:
        img = p[0]
        label, figure = self._lookup(img)
        out = etree.Element("figure", dict(p.attrib))
        alt_override = plain(img.get("alt", "")).strip()
        caption = plain(img.get("title", "")).strip()
        if figure is None:
            out.set("class", "figure figure-missing")
            note = etree.SubElement(out, "p", {"class": "figure-missing-note"})
            note.text = f"Photo {plain(label)} not found"
            return out
        out.set("class", "figure")
        caption = caption or plain(figure.caption).strip()
        alt = alt_override or plain(figure.alt).strip() or caption
        out.append(self._img(figure, alt))
        credit = plain(figure.credit).strip()
        if caption or credit:
            figcaption = etree.SubElement(out, "figcaption")
            if caption:
                span = etree.SubElement(figcaption, "span", {"class": "caption"})
                span.text = caption
                span.tail = " " if credit else None
            if credit:
                etree.SubElement(figcaption, "span", {"class": "credit"}).text = credit
        return out

    def _inline(self, parent: etree.Element, index: int, img: etree.Element) -> None:
        # A photo inside running text or a link: an image without a figure, so that
        # 'photo:' never reaches the page.
        label, figure = self._lookup(img)
        tail = img.tail
        parent.remove(img)
        if figure is None:
            new = etree.Element("span", {"class": "figure-missing-note"})
            new.text = f"Photo {plain(label)} not found"
        else:
            alt = plain(img.get("alt", "")).strip() or plain(figure.alt).strip()
            new = self._img(figure, alt)
        new.tail = tail
        parent.insert(index, new)


class FigureExtension(Extension):
    def __init__(self, figures: FigureSource, asset_url: AssetUrl) -> None:
        super().__init__()
        self.figures = figures
        self.asset_url = asset_url

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After 'inline' (20) has built the <img> elements, before 'prettify' (10).
        md.treeprocessors.register(FigureTreeprocessor(md, self), "desk_figure", 15)


# ---------------------------------------------------------------------- source lines


class MarkerBlockProcessor(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(RESERVED)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        m = MARKER_RE.match(block)
        if m is None:  # a lone RESERVED cannot come from user text; drop it
            rest = block[len(RESERVED):]
        else:
            etree.SubElement(parent, "desk-posmap", {"line": m.group(1)})
            rest = block[m.end():]
        if rest.strip():
            blocks.insert(0, rest.lstrip("\n"))


class PosMapTreeprocessor(Treeprocessor):
    """Give each top-level element the source line of the marker before it."""

    def __init__(self, md: markdown.Markdown, ext: PosMapExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        self.ext.stash_lines = {}
        if self.ext.wrap:
            # Markers stay until PosMapWrapTreeprocessor; they are empty, so inline
            # processing visits the real blocks in the same order as in one pass.
            for child in root:
                if child.tag != "desk-posmap":
                    self._tag(child, RESERVED)
            return
        line = self.ext.default_line
        for child in list(root):
            if child.tag == "desk-posmap":
                line = child.get("line")
                root.remove(child)
                continue
            if line is not None:
                self._tag(child, line)

    def _tag(self, child: etree.Element, line: str) -> None:
        stash_index = _stash_index(child)
        if stash_index is None:
            child.set(LINE_ATTR, line)
        else:
            # Stashed HTML (fenced code, raw blocks) replaces this whole <p> later;
            # an attribute here would stop that, so tag the stashed HTML instead.
            self.ext.stash_lines[stash_index] = line


class PosMapWrapTreeprocessor(Treeprocessor):
    """After inline processing (footnote numbers are settled), put each marker's blocks
    in a <desk-chunk n=...> wrapper so the output can be cut into per-chunk pieces."""

    def __init__(self, md: markdown.Markdown, ext: PosMapExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        if not self.ext.wrap:
            return
        children = list(root)
        for child in children:
            root.remove(child)
        wrapper: etree.Element | None = None
        for child in children:
            if child.tag == "desk-posmap":
                wrapper = etree.SubElement(root, CHUNK_TAG, {"n": child.get("line", "")})
            elif wrapper is None or (
                child.get(LINE_ATTR) != RESERVED and _stash_index(child) is None
            ):
                root.append(child)  # not from a chunk: the footnote list
            else:
                wrapper.append(child)


def _stash_index(child: etree.Element) -> int | None:
    """The stash index if ``child`` is a paragraph standing in for stashed HTML."""
    if child.tag != "p" or len(child):
        return None
    m = HTML_PLACEHOLDER_RE.fullmatch(child.text or "")
    return int(m.group(1)) if m else None


class PosMapStashPostprocessor(Postprocessor):
    _FIRST_TAG = re.compile(r"\s*<([A-Za-z][A-Za-z0-9-]*)")

    def __init__(self, md: markdown.Markdown, ext: PosMapExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, line in self.ext.stash_lines.items():
            html = blocks[index] if index < len(blocks) else None
            if isinstance(html, str):
                html = _MARKER_PARAGRAPH.sub("", html)  # markers swallowed by raw HTML
                m = self._FIRST_TAG.match(html)
                if m:
                    html = f'{html[:m.end()]} {LINE_ATTR}="{line}"{html[m.end():]}'
                blocks[index] = html
        for index, html in enumerate(blocks):
            if isinstance(html, str) and RESERVED in html and index not in self.ext.stash_lines:
                blocks[index] = _MARKER_PARAGRAPH.sub("", html)
        return text


class PosMapExtension(Extension):
    """Source positions in the spirit of ReText's mdx_posmap, with marker paragraphs
    placed only where the block splitter proved a new top-level block starts."""

    def __init__(self) -> None:
        super().__init__()
        self.default_line: str | None = None
        self.wrap = False
        self.stash_lines: dict[int, str] = {}

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Block-level, so the prettifier lays out a wrapper's children like the root's.
        md.block_level_elements.append(CHUNK_TAG)
        md.parser.blockprocessors.register(MarkerBlockProcessor(md.parser), "desk_posmap", 200)
        md.treeprocessors.register(PosMapTreeprocessor(md, self), "desk_posmap", 100)
        # After 'inline' (20), the footnote backrefs and figures (15), before 'prettify'.
        md.treeprocessors.register(PosMapWrapTreeprocessor(md, self), "desk_posmap_wrap", 12)
        md.postprocessors.register(PosMapStashPostprocessor(md, self), "desk_posmap", 35)


# ---------------------------------------------------------------------- inline speed

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
_STOCK_LOOP = all(hasattr(InlineProcessor, name) for name in
                  ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern",
                   "_InlineProcessor__stashNode", "_InlineProcessor__processPlaceholders",
                   "_InlineProcessor__findPlaceholder", "_InlineProcessor__processElementText",
                   "_InlineProcessor__build_ancestors"))


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


def _prefilter_inline(md: markdown.Markdown) -> None:
    if not _STOCK_LOOP:
        return  # a Markdown release without the loop we know: keep its own
    for item in list(md.treeprocessors._priority):
        old = md.treeprocessors[item.name]
        if type(old) is InlineProcessor:  # 'inline' and smarty's own pass
            new = PrefilteredInlineProcessor(md)
            new.inlinePatterns = old.inlinePatterns
            md.treeprocessors.register(new, item.name, item.priority)


# ----------------------------------------------------------------- preprocessor speed

_STOCK_PREPROCESSORS = True


def _untouched_without(needles: tuple[str, ...], run: Callable[[list[str]], list[str]]):
    """``run`` for lines holding one of ``needles``; other lines are returned as they
    are, which is what ``run`` would return for them."""
    def fast(lines: list[str]) -> list[str]:
        for line in lines:
            for needle in needles:
                if needle in line:
                    return run(lines)
        return lines

    return fast


def _normalize_whitespace(lines: list[str]) -> list[str]:
    """Python-Markdown's NormalizeWhitespace.run, each step done only when its text is
    there (the body went through guards.normalize already: usually none is)."""
    source = "\n".join(lines)
    if "\x02" in source or "\x03" in source:
        source = source.replace("\x02", "").replace("\x03", "")
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    source += "\n\n"
    if "\t" in source:
        source = source.expandtabs(4)
    if " \n" in source:
        source = _TRAILING_SPACES.sub("\n", source)
    return source.split("\n")


_TRAILING_SPACES = re.compile(r"(?<=\n) +\n")


def _fast_preprocessors(md: markdown.Markdown) -> None:
    """The whole-text preprocessors, skipped on text they cannot change: fenced code
    needs a fence, raw HTML a '<' or an entity's '&'. Tests compare the output with the
    stock preprocessors on a corpus."""
    from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace

    from desk.core.render.fenced import FencedBlockPreprocessor

    if not _STOCK_PREPROCESSORS:
        return
    registry = md.preprocessors
    if "normalize_whitespace" in registry and type(registry["normalize_whitespace"]) is NormalizeWhitespace \
            and md.tab_length == 4:
        registry["normalize_whitespace"].run = _normalize_whitespace
    if "html_block" in registry and type(registry["html_block"]) is HtmlBlockPreprocessor:
        block = registry["html_block"]
        block.run = _untouched_without(("<", "&"), block.run)
    if "fenced_code_block" in registry and type(registry["fenced_code_block"]) is FencedBlockPreprocessor:
        fenced = registry["fenced_code_block"]
        fenced.run = _untouched_without(("```", "~~~"), fenced.run)


# ----------------------------------------------------------------------- block speed

# Text a block processor cannot act on a block without, by registered name: its test()
# (or, for those whose test always passes, the expression its run() searches for) needs
# one of these. The stock parser tries every processor on every block, each a regular
# expression search over the whole block; a news paragraph has none of these headers,
# rules, quotes, tables or definitions. A processor missing here is always tried.
_BLOCK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "table": ("|",),  # a row needs a pipe (TableProcessor.test splits on them)
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),  # a line, then a line of = or -
    "hr": ("-", "_", "*"),
    "quote": (">",),
    "footnote": ("[^",),  # test() is True; run() searches for "[^label]:" and gives up
    "reference": ("]:",),  # likewise for "[label]:"
}
_STOCK_BLOCKS = callable(getattr(BlockParser, "parseBlocks", None))


def _prefilter_blocks(md: markdown.Markdown) -> None:
    """Python-Markdown's block loop (BlockParser.parseBlocks), skipping a processor when
    the block lacks what it needs. A skipped processor is one whose test() would have
    been False, or whose run() would have put the block back and returned False: the
    stock loop goes on to the next processor in both cases, so the tree is the same.
    Tests compare it with the stock parser on a corpus."""
    parser = md.parser
    registry = parser.blockprocessors
    if not _STOCK_BLOCKS or not all(hasattr(registry, n) for n in ("_sort", "_data", "_priority")):
        return  # a Markdown release whose registry we do not know: keep its own loop

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        registry._sort()
        steps = [(registry._data[item.name], _BLOCK_TRIGGERS.get(item.name)) for item in registry._priority]
        while blocks:
            for processor, need in steps:
                block = blocks[0]
                if need is not None:
                    for text in need:
                        if text in block:
                            break
                    else:
                        continue
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break  # run returns True or None

    parser.parseBlocks = parse_blocks  # type: ignore[method-assign]


class DeskMarkdown:
    """One configured Markdown converter; not thread-safe, make one per thread."""

    def __init__(self, figures: FigureSource, asset_url: AssetUrl = lambda path: path) -> None:
        self.posmap = PosMapExtension()
        self.figure_ext = FigureExtension(figures, asset_url)
        self.md = markdown.Markdown(
            extensions=[
                TableExtension(use_align_attribute=True),
                FootnoteExtension(),
                SmartyExtension(substitutions=SMARTY_SUBSTITUTIONS),
                FencedCodeExtension(),
                self.figure_ext,
                self.posmap,
            ],
            output_format="html",
        )
        _prefilter_inline(self.md)
        _prefilter_blocks(self.md)
        _fast_preprocessors(self.md)

    def convert(self, text: str, default_line: str | None = None, wrap: bool = False) -> str:
        """Markdown to (unsanitised) HTML; top-level elements get ``default_line``
        until the first marker paragraph. With ``wrap``, each marker's blocks come out
        inside a <desk-chunk n="marker number"> element instead."""
        self.md.reset()
        self.posmap.default_line = default_line
        self.posmap.wrap = wrap
        return self.md.convert(text)
