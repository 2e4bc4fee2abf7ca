"""Listing pages (home, category, tag): cards in pages, drawn with the article page's
base template and card markup so the whole site looks like one site."""

from __future__ import annotations

from dataclasses import dataclass, field

from .page import Card, Crumb, Site
from .renderer import _identity, _link, absolute_url, card_markup, environment


@dataclass
class Listing:
    site: Site
    heading: str  # the h1: site name, category name, "Tag: x"
    url: str  # site-root-relative URL of this page
    cards: list[Card]
    page: int = 1
    pages: int = 1
    description: str = ""
    breadcrumb: list[Crumb] = field(default_factory=list)  # root first, Home not included
    prev_url: str = ""
    next_url: str = ""
    # (title, site-root-relative URL, MIME type) of the feeds of this listing
    feeds: list[tuple[str, str, str]] = field(default_factory=list)
    kind: str = "home"  # home | category | tag; a CSS hook


def listing_context(listing: Listing) -> dict:
    site = listing.site
    suffix = f" \u2013 page {listing.page}" if listing.page > 1 else ""
    if listing.kind == "home":
        title = site.name + suffix
    else:
        title = f"{listing.heading}{suffix} \u2013 {site.name}"
    return {
        "site": {"name": site.name, "language": site.language or "en",
                 "nav": [_link(c) for c in site.nav], "home_url": "/"},
        "title": title,
        "heading": listing.heading,
        "kind": listing.kind,
        "description": listing.description or site.name,
        "canonical": absolute_url(site.base_url, listing.url),
        "breadcrumb": [_link(c) for c in listing.breadcrumb],
        # The first three load at once: they are on screen when the page opens.
        "cards": [card_markup(card, "h2", "eager" if n < 3 else "lazy", _identity)
                  for n, card in enumerate(listing.cards)],
        "page": listing.page,
        "pages": listing.pages,
        "prev_url": listing.prev_url,
        "next_url": listing.next_url,
        "feeds": [{"title": t, "url": u, "type": m} for t, u, m in listing.feeds],
        "css_href": "/static/site.css",
        "inline_css": None,
    }


def render_listing(listing: Listing) -> str:
    """The page's HTML. Same input, same bytes."""
    return environment().get_template("listing.html").render(listing_context(listing))
