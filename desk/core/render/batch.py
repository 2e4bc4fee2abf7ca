"""Many pages at once: what an export's worker processes run.

Kept apart from the exporter so that a worker imports only the renderer (a quarter of
a second), not the database layer (over a second)."""

from __future__ import annotations

from desk.core.render.listing import Listing, render_listing
from desk.core.render.page import Page
from desk.core.render.renderer import render_page


def render_many(pages: list[Page | Listing]) -> list[str]:
    return [render_listing(p) if isinstance(p, Listing) else render_page(p) for p in pages]


def ready() -> None:
    """What a new worker is first given: unpickling it imports this module, and with it
    the renderer, before the first pages arrive."""
