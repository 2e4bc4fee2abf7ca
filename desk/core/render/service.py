"""Page rendering for the live preview, run in a process of its own.

Rendering a 20,000-word page is pure Python; in a thread of the window's process it would
hold the interpreter lock while the editor waits to handle a keystroke. A separate
process keeps the window responsive. The process keeps one BodyRenderer, so each
keystroke re-renders only the block that changed; the bytes are render_page's.
"""

from __future__ import annotations

import atexit
import threading
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool

from desk.core.workers import Pool

from desk.core.render.body import BodyRenderer
from desk.core.render.page import Page
from desk.core.render.renderer import page_asset_url, render_page
from desk.core.render.page import language_of

_renderer: BodyRenderer | None = None
_figures: object = None
_assets: object = None


def render_incremental(page: Page) -> tuple[str, list[str]]:
    """The full page, re-rendering only the body blocks that changed since the last call,
    and the body's pieces (their "\n".join is the body inside the page)."""
    global _renderer, _figures, _assets
    assets = page_asset_url(page)
    if _renderer is None or page.figures != _figures or assets is not _assets:
        _renderer = BodyRenderer(page.figures, assets)
        _figures, _assets = page.figures, assets
    _renderer.use_language(language_of(page))
    html = render_page(page, body_html=_renderer.render(page.body_markdown))
    return html, list(_renderer.last_pieces)


_pool: Executor | None = None
_lock = threading.Lock()


def _shared_pool() -> Executor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: forking a process that runs Qt threads is unsafe.
            # The renderer process must not outlive Desk, even when Desk is killed.
            _pool = Pool(1, "spawn")
            atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
        return _pool


def render_elsewhere(page: Page) -> tuple[str, list[str]]:
    """render_incremental in the renderer process; in this process if that one is gone."""
    global _pool
    try:
        return _shared_pool().submit(render_incremental, page).result()
    except (BrokenProcessPool, OSError, RuntimeError):
        with _lock:
            _pool = None
        return render_incremental(page)
