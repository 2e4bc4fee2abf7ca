"""The article body: Markdown to safe HTML, whole or incrementally.

``render_body`` is the reference; ``BodyRenderer`` gives the same bytes while
re-rendering only the chunks whose text changed since the last call, which is what a
live preview needs on every keystroke.
"""

from __future__ import annotations

from .blocks import Chunk, needs_full_render, split_chunks
from .guards import RESERVED, defuse
from .markdown_pipeline import LINE_ATTR, AssetUrl, DeskMarkdown, marker
from .page import FigureSource
from .sanitize import asset_schemes, sanitize

_SENTINEL_ATTR = f'{LINE_ATTR}="{RESERVED}"'


def _identity(path: str) -> str:
    return path


class BodyRenderer:
    """Renders bodies for one figure source; caches HTML per chunk text.

    Not thread-safe: give each worker thread its own. Call ``invalidate()`` when the
    figures behind the source change (a credit edited, a photo replaced).
    """

    def __init__(self, figures: FigureSource | None = None, asset_url: AssetUrl = _identity):
        self._md = DeskMarkdown(figures if figures is not None else {}, asset_url)
        self._schemes = asset_schemes(asset_url)
        # chunk text -> rendered HTML split around the line-number sentinel
        self._cache: dict[str, list[str]] = {}
        self.last_stats = {"chunks": 0, "rendered": 0, "full": False}

    def invalidate(self) -> None:
        self._cache.clear()

    def render(self, markdown_text: str) -> str:
        # Strings are immutable: the editor's text is never touched, only read.
        text = defuse(markdown_text)
        chunks = split_chunks(text)
        if needs_full_render(text):
            self.last_stats = {"chunks": len(chunks), "rendered": len(chunks), "full": True}
            return self._render_full(chunks)
        cache = self._cache
        fresh: dict[str, list[str]] = {}
        rendered = 0
        out = []
        for chunk in chunks:
            parts = fresh.get(chunk.text) or cache.get(chunk.text)
            if parts is None:
                html = sanitize(self._md.convert(chunk.text, default_line=RESERVED), self._schemes)
                parts = html.split(_SENTINEL_ATTR)
                rendered += 1
            fresh[chunk.text] = parts
            out.append(f'{LINE_ATTR}="{chunk.line}"'.join(parts))
        # Keep only what the current text uses, so memory follows the document.
        self._cache = fresh
        self.last_stats = {"chunks": len(chunks), "rendered": rendered, "full": False}
        return "\n".join(out)

    def _render_full(self, chunks: list[Chunk]) -> str:
        # One pass, so references, footnotes and raw HTML see the whole body; marker
        # paragraphs between chunks still carry the source lines.
        source = "\n\n".join(f"{marker(c.line)}\n\n{c.text}" for c in chunks)
        return sanitize(self._md.convert(source), self._schemes)


def render_body(
    markdown_text: str, figures: FigureSource | None = None, asset_url: AssetUrl = _identity
) -> str:
    """The body as sanitised HTML; the same bytes as ``BodyRenderer.render``."""
    renderer = BodyRenderer(figures, asset_url)
    return renderer.render(markdown_text)
