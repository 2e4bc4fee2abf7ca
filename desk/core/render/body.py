"""The article body: Markdown to safe HTML, whole or incrementally.

``render_body`` is the reference: one Markdown pass over the whole body, with a marker
paragraph before each chunk to carry its source line. ``BodyRenderer`` gives the same
bytes while re-rendering only the chunks whose text changed since the last call, which
is what a live preview needs on every keystroke (tests hold the two together).

Three ways through ``BodyRenderer``, chosen per text:

* plain bodies: every chunk is rendered alone and cached by its text;
* bodies with reference or footnote definitions: chunks that may refer to a definition
  (and the definitions) are rendered together in one pass, cached as a group; all other
  chunks as above;
* bodies with raw HTML: one pass over everything, since a tag may span blocks.
"""

from __future__ import annotations

import html as html_lib
import re
import threading

from desk.core.render.blocks import (
    Chunk,
    has_definitions,
    has_raw_html,
    split_chunks,
    uses_definitions,
)
from desk.core.render.guards import RESERVED, defuse
from desk.core.render.markdown_pipeline import CHUNK_TAG, LINE_ATTR, AssetUrl, DeskMarkdown, marker
from desk.core.render.page import FigureSource
from desk.core.render.sanitize import asset_schemes, sanitize
from desk.core.render.typography import for_language

_SENTINEL_ATTR = f'{LINE_ATTR}="{RESERVED}"'
# Raw HTML never takes this path, so the only <desk-chunk> tags are the renderer's.
_WRAPPED = re.compile(rf'<{CHUNK_TAG} n="(\d+)">(.*?)</{CHUNK_TAG}>', re.S)

Parts = list[str]  # rendered HTML split around the line-number sentinel


def _identity(path: str) -> str:
    return path


def _place(parts: Parts, line: int) -> str:
    return f'{LINE_ATTR}="{line}"'.join(parts)


class BodyRenderer:
    """Renders bodies for one figure source; caches HTML per chunk text.

    Not thread-safe: give each worker thread its own. Call ``invalidate()`` when the
    figures behind the source change (a credit edited, a photo replaced).
    """

    def __init__(self, figures: FigureSource | None = None, asset_url: AssetUrl = _identity,
                 language: str = "en"):
        self._md = DeskMarkdown(figures if figures is not None else {}, asset_url)
        self._schemes = asset_schemes(asset_url)
        # The article's language decides its typography (typography.py); None: as rendered.
        self._language = language
        self._typography = for_language(language)
        self._cache: dict[str, Parts] = {}
        self._group_cache: dict[tuple[str, ...], tuple[list[Parts], str]] = {}
        self.last_stats: dict[str, object] = {}
        # The body's pieces as last rendered ("\n".join of them is the body): a live
        # preview sends only the pieces the page does not have yet.
        self.last_pieces: list[str] = []

    def invalidate(self) -> None:
        self._cache.clear()
        self._group_cache.clear()

    def use_figures(self, figures: FigureSource | None) -> None:
        """Render later bodies against ``figures`` (cached chunks are dropped)."""
        self._md.figure_ext.figures = figures if figures is not None else {}
        self.invalidate()

    def use_language(self, language: str) -> None:
        """Render later bodies in ``language``'s typography (cached chunks are dropped
        when it changes)."""
        if language != self._language:
            self._language, self._typography = language, for_language(language)
            self.invalidate()

    def _finish(self, html: str) -> str:
        """Sanitised HTML in the article's typography: the one step every way through
        the renderer ends with, so preview, export and WordPress agree."""
        html = sanitize(html, self._schemes)
        return html if self._typography is None else self._typography(html)

    def render(self, markdown_text: str) -> str:
        # Strings are immutable: the editor's text is never touched, only read.
        text = defuse(markdown_text)
        chunks = split_chunks(text)
        if has_raw_html(text):
            self.last_stats = {"chunks": len(chunks), "rendered": len(chunks), "mode": "single"}
            html = self._render_single(text, chunks)
            self.last_pieces = [html]
            return html

        linked = has_definitions(text)
        group = [c for c in chunks if uses_definitions(c.text)] if linked else []
        group_parts: dict[int, Parts] = {}
        footnotes = ""
        rendered = 0
        if group:
            key = tuple(c.text for c in group)
            cached = self._group_cache.get(key)
            if cached is None:
                cached = self._render_group(group)
                rendered += len(group)
            self._group_cache = {key: cached}
            pieces, footnotes = cached
            group_parts = {id(chunk): parts for chunk, parts in zip(group, pieces)}

        cache, fresh = self._cache, {}
        out = []
        for chunk in chunks:
            parts = group_parts.get(id(chunk))
            if parts is None:
                parts = fresh.get(chunk.text) or cache.get(chunk.text)
                if parts is None:
                    parts = self._render_chunk(chunk.text)
                    rendered += 1
                fresh[chunk.text] = parts
            if parts != [""]:
                out.append(_place(parts, chunk.line))
        if footnotes:
            out.append(footnotes)
        # Keep only what the current text uses, so memory follows the document.
        self._cache = fresh
        self.last_stats = {
            "chunks": len(chunks), "rendered": rendered, "mode": "linked" if linked else "chunks"
        }
        self.last_pieces = out
        return "\n".join(out)

    def _render_chunk(self, text: str) -> Parts:
        try:
            html = self._md.convert(text, default_line=RESERVED)
        except Exception:  # noqa: BLE001 - a Python-Markdown bug must not stop a render
            html = _unrenderable(text)
        return self._finish(html).split(_SENTINEL_ATTR)

    def _render_group(self, group: list[Chunk]) -> tuple[list[Parts], str]:
        # One pass over the chunks that define or use references and footnotes, so
        # numbering and lookups see all of them; marker paragraphs keep each chunk
        # starting a fresh top-level block, exactly as when rendered alone.
        source = "\n\n".join(f"{marker(i)}\n\n{c.text}" for i, c in enumerate(group))
        try:
            html = self._md.convert(source, wrap=True)
        except Exception:  # noqa: BLE001 - contain it to the chunks that trigger it
            return [self._render_chunk(c.text) for c in group], ""
        pieces: list[Parts] = [[""] for _ in group]
        for m in _WRAPPED.finditer(html):
            inner = self._finish(m.group(2).strip())
            pieces[int(m.group(1))] = inner.split(_SENTINEL_ATTR)
        # What follows the last chunk is the footnote list.
        rest = _WRAPPED.sub("", html).strip()
        return pieces, self._finish(rest) if rest else ""

    def _render_single(self, text: str, chunks: list[Chunk]) -> str:
        # Raw HTML may span blocks: one pass over the text as typed, with a marker
        # paragraph put before each chunk to carry its source line. (Markers that land
        # inside a raw HTML block are taken out again with their blank line.)
        lines = text.split("\n")
        for c in chunks:
            lines[c.line] = f"{marker(c.line)}\n\n{lines[c.line]}"
        source = "\n".join(lines)
        try:
            return self._finish(self._md.convert(source))
        except Exception:  # noqa: BLE001 - fall back to chunk by chunk
            return "\n".join(_place(self._render_chunk(c.text), c.line) for c in chunks)


def _unrenderable(text: str) -> str:
    """The chunk's text, visible and flagged, when Python-Markdown itself fails on it
    (e.g. its footnotes extension on some duplicate definitions)."""
    return f'<pre class="render-error" {_SENTINEL_ATTR}>{html_lib.escape(text)}</pre>'


_one_pass = threading.local()


def render_body(
    markdown_text: str, figures: FigureSource | None = None, asset_url: AssetUrl = _identity,
    language: str = "en",
) -> str:
    """The body as sanitised HTML; the same bytes as ``BodyRenderer.render``.

    One pass, with a converter kept per thread: building a configured Python-Markdown
    costs as much as rendering a short article, and an export renders thousands."""
    renderer = getattr(_one_pass, "renderer", None)
    if renderer is None or getattr(_one_pass, "asset_url", None) is not asset_url:
        renderer = BodyRenderer(figures, asset_url)
        _one_pass.renderer, _one_pass.asset_url = renderer, asset_url
    renderer.use_figures(figures)
    renderer.use_language(language)
    text = defuse(markdown_text)
    return renderer._render_single(text, split_chunks(text))
