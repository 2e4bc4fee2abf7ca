"""Source positions: each top-level block of the body's HTML carries the source line it
came from (data-src-line), so the preview can scroll the page to the editor's cursor and
re-render one chunk at a time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from .guards import RESERVED

# A marker paragraph `<RESERVED>L<line><RESERVED>` announces the source line of the
# blocks that follow it. RESERVED is stripped from user text, so only we can write one.
MARKER_RE = re.compile(RESERVED + r"L(\d+)" + RESERVED)
_MARKER_PARAGRAPH = re.compile(RESERVED + r"L\d+" + RESERVED + r"(?:\n\n)?")
LINE_ATTR = "data-src-line"
CHUNK_TAG = "desk-chunk"


def marker(line: int) -> str:
    return f"{RESERVED}L{line}{RESERVED}"



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

