"""Python-Markdown configured for Desk: tables, footnotes, typographic quotes, fenced
code, photo figures and source positions.

Text handed in must already have gone through ``guards.defuse``; the block renderer
(body.py) takes care of that. The pieces live next door: figures (markdown_figures),
source lines (markdown_posmap), the fast inline and block passes (markdown_inline_speed,
markdown_block_speed). The typography (SMARTY_SUBSTITUTIONS) is here.
"""

from __future__ import annotations

import logging

import markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension

from .fenced import FencedCodeExtension
from .markdown_block_speed import fast_preprocessors, prefilter_blocks
from .markdown_figures import BODY_IMAGE_SIZES, AssetUrl, FigureExtension, plain, srcset_attr
from .markdown_inline_speed import prefilter_inline
from .markdown_posmap import CHUNK_TAG, LINE_ATTR, MARKER_RE, PosMapExtension, marker
from .page import FigureSource

__all__ = ["BODY_IMAGE_SIZES", "CHUNK_TAG", "LINE_ATTR", "MARKER_RE", "SMARTY_SUBSTITUTIONS",
           "AssetUrl", "DeskMarkdown", "marker", "plain", "srcset_attr"]

log = logging.getLogger(__name__)

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

_warned: set[str] = set()


def _warn_once(reason: str) -> None:
    # Every converter (one per thread and per render worker) would say it again.
    if reason not in _warned:
        _warned.add(reason)
        log.warning("Markdown fast path off (renders stay correct, only slower): %s", reason)


class DeskMarkdown:
    """One configured Markdown converter; not thread-safe, make one per thread."""

    def __init__(self, figures: FigureSource, asset_url: AssetUrl = lambda path: path, *,
                 stock_inline: bool = False, stock_blocks: bool = False) -> None:
        """``stock_inline`` and ``stock_blocks`` keep Python-Markdown's own loops: the
        reference the fast ones are compared with byte for byte."""
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
        off = []
        if not stock_inline:
            off.append(("inline", prefilter_inline(self.md)))
        if not stock_blocks:
            off += [("blocks", prefilter_blocks(self.md)), ("preprocessors", fast_preprocessors(self.md))]
        # Why each fast path stayed off on this Markdown release: empty when all are on.
        self.fast_path_off: tuple[str, ...] = tuple(f"{part}: {why}" for part, why in off if why)
        for reason in self.fast_path_off:
            _warn_once(reason)

    def convert(self, text: str, default_line: str | None = None, wrap: bool = False) -> str:
        """Markdown to (unsanitised) HTML; top-level elements get ``default_line``
        until the first marker paragraph. With ``wrap``, each marker's blocks come out
        inside a <desk-chunk n="marker number"> element instead."""
        self.md.reset()
        self.posmap.default_line = default_line
        self.posmap.wrap = wrap
        return self.md.convert(text)
