"""Article rendering: Markdown body, sanitising and the page templates (no Qt).

Public API::

    render_page(page, *, css_href="/static/site.css", inline_css=False,
                asset_url=lambda path: path, body_html=None) -> str
    render_body(markdown_text, figures=None, asset_url=...) -> str
    BodyRenderer(figures=None, asset_url=...).render(markdown_text) -> str
    meta_description(page, body_html=None) -> str
    teaser(text, limit=160) -> str
    page_fingerprint(page, *, css_href=..., inline_css=..., asset_url=...) -> str

Build ``Page`` (page.py) from the database; a live preview keeps one ``BodyRenderer``
per worker thread and passes its output to ``render_page(..., body_html=...)``, which
gives the same bytes as an export that lets render_page render the body itself.
"""

from desk.core.render.body import BodyRenderer, render_body
from desk.core.render.page import Card, Crumb, Figure, Page, Site, article_url, category_url
from desk.core.render.renderer import (
    meta_description,
    page_context,
    page_fingerprint,
    render_page,
    safe_href,
)
from desk.core.render.sanitize import sanitize
from desk.core.render.text import teaser

__all__ = [
    "BodyRenderer",
    "Card",
    "Crumb",
    "Figure",
    "Page",
    "Site",
    "article_url",
    "category_url",
    "meta_description",
    "page_context",
    "page_fingerprint",
    "render_body",
    "render_page",
    "safe_href",
    "sanitize",
    "teaser",
]
