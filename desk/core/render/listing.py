"""Listing pages (home, category, tag, author): cards in pages, drawn with the article
page's base template and card markup so the whole site looks like one site."""

from __future__ import annotations

from dataclasses import dataclass, field

from desk.core.articles import bylines
from desk.core.render.page import Card, Crumb, Site
from desk.core.render.labels import translator
from desk.core.render.renderer import (
    ROBOTS,
    ROBOTS_NOINDEX,
    _link,
    absolute_url,
    breadcrumb_ld,
    card_markup,
    environment,
    home_url,
    publisher_ld,
    root_of,
    script_json,
    share_image,
    site_context,
    site_link,
)

# Cards whose image is on screen when the page opens (desktop): loaded at once.
EAGER_CARDS = 3


@dataclass
class Listing:
    site: Site
    heading: str  # the h1: site name, category name, tag or author name
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
    kind: str = "home"  # home | category | tag | author; a CSS hook
    # A page search engines should not index (an empty section, kept for its links).
    noindex: bool = False


def _json_ld(listing: Listing, canonical: str, description: str) -> dict:
    """The home page: the WebSite and its publisher. The others: a CollectionPage (a
    ProfilePage for an author) of the articles shown, with its breadcrumb."""
    site = listing.site
    if listing.kind == "home" and listing.page == 1:
        return {"@context": "https://schema.org", "@type": "WebSite", "name": site.name,
                "url": home_url(site), "description": description, "inLanguage": site.language or "en",
                "publisher": publisher_ld(site)}
    items = [{"@type": "ListItem", "position": n, "url": absolute_url(site.base_url, card.url)}
             for n, card in enumerate(listing.cards, 1)]
    page: dict = {"@context": "https://schema.org",
                  "@type": "ProfilePage" if listing.kind == "author" else "CollectionPage",
                  "name": listing.heading, "url": canonical, "description": description,
                  "inLanguage": site.language or "en",
                  "isPartOf": {"@type": "WebSite", "name": site.name, "url": home_url(site)},
                  "mainEntity": {"@type": "ItemList", "itemListElement": items}}
    if listing.kind == "author":
        page["mainEntity"] = {"@type": bylines.kind_of(listing.heading, site.name),
                              "name": listing.heading, "url": canonical}
    crumbs = [(c.name, absolute_url(site.base_url, c.url)) for c in listing.breadcrumb]
    if crumbs:
        page["breadcrumb"] = breadcrumb_ld(site, crumbs)
    return page


def listing_context(listing: Listing) -> dict:
    site = listing.site
    root = root_of(listing.url)
    suffix = f" \u2013 page {listing.page}" if listing.page > 1 else ""
    if listing.kind == "home":
        title = site.name + suffix
    else:
        title = f"{listing.heading}{suffix} \u2013 {site.name}"
    description = listing.description or site.name
    canonical = absolute_url(site.base_url, listing.url)
    section = listing.breadcrumb[0].url if listing.kind == "category" and listing.breadcrumb else ""
    # The first card with a photo is the page's first visible image: loaded at once and
    # fetched first, however many text cards come before it.
    first_image = next((n for n, card in enumerate(listing.cards) if card.image), None)
    lead = listing.kind == "home" and listing.page == 1
    return {
        "site": site_context(site, root, listing.url if listing.page == 1 else "", section),
        "t": translator(site.language),
        "title": title,
        "og_title": title,
        "og_type": "profile" if listing.kind == "author" else "website",
        "heading": listing.heading,
        "kind": listing.kind,
        "description": description,
        "robots": ROBOTS_NOINDEX if listing.noindex else ROBOTS,
        "canonical": canonical,
        "share": share_image(site, (), ""),
        "breadcrumb": [_link(c, root) for c in listing.breadcrumb],
        "cards": [card_markup(card, "h2", "eager" if n < EAGER_CARDS or n == first_image else "lazy", root=root,
                              priority="high" if n == first_image else "", lead=lead and n == 0)
                  for n, card in enumerate(listing.cards)],
        "page": listing.page,
        "pages": listing.pages,
        "prev_url": absolute_url(site.base_url, listing.prev_url) if listing.prev_url else "",
        "next_url": absolute_url(site.base_url, listing.next_url) if listing.next_url else "",
        "prev_link": site_link(root, listing.prev_url) if listing.prev_url else "",
        "next_link": site_link(root, listing.next_url) if listing.next_url else "",
        "feeds": [{"title": t, "url": site_link(root, u), "type": m} for t, u, m in listing.feeds],
        "json_ld": script_json(_json_ld(listing, canonical, description)),
        "css_href": site_link(root, "/static/site.css"),
        "inline_css": None,
    }


def render_listing(listing: Listing) -> str:
    """The page's HTML. Same input, same bytes."""
    return environment().get_template("listing.html").render(listing_context(listing))
