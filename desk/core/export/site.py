"""What goes on the listing pages and in the feeds, built from the snapshot rows."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desk.core.articles import bylines
from desk.core.render import Card, Crumb, Figure
from desk.core.articles.word_count import plain_text
from desk.core.export import paths
from desk.core.export.rows import marks
from desk.core.export.snapshot import Item, PhotoRow, Snapshot

if TYPE_CHECKING:
    from desk.core.store.db import Sql

PAGE_SIZE = 20


@dataclass
class ListingPlan:
    kind: str  # home | category | tag
    heading: str
    first_url: str  # URL of page 1
    items: list[Item]
    breadcrumb: list[Crumb]
    feeds: list[tuple[str, str, str]]
    description: str = ""
    noindex: bool = False  # an empty section: written (links may point at it), not indexed

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self.items) / PAGE_SIZE))

    def page_items(self, number: int) -> list[Item]:
        return self.items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


def feed_links(first_url: str, title: str) -> list[tuple[str, str, str]]:
    return [(f"{title} (RSS)", f"{first_url}feed.xml", "application/rss+xml"),
            (f"{title} (Atom)", f"{first_url}atom.xml", "application/atom+xml")]


def listings(snap: Snapshot, items: list[Item]) -> list[ListingPlan]:
    """The home page, one listing per category (with its descendants' articles), one
    per tag and one per author (bylines.authors) that has a published article."""
    site_name = snap.settings.name
    # A category lists the articles of its descendants: each article goes, in order, to
    # the listing of every category that has its category among its descendants.
    shown_in: dict[int, list[int]] = {}
    for cid, below in snap.category_descendants().items():
        for c in below:
            shown_in.setdefault(c, []).append(cid)
    by_listing: dict[int, list[Item]] = {cid: [] for cid in snap.categories}
    for item in items:
        if item.category_id is not None:
            for cid in shown_in.get(item.category_id, ()):
                by_listing[cid].append(item)
    sections = [c.name for c in sorted(snap.categories.values(), key=lambda c: (c.position, c.id))
                if c.parent_id is None and by_listing[c.id]]
    plans = [ListingPlan("home", site_name, "/", items, [], feed_links("/", site_name),
                         home_description(site_name, sections))]
    for cid, category in sorted(snap.categories.items()):
        listed = by_listing[cid]
        path = snap.category_path(cid)
        crumbs = [Crumb(c.name, c.url) for c in path]
        description = " ".join(category.description.split()) or (
            f"{' › '.join(c.name for c in path)}: the latest articles from {site_name}.")
        plans.append(ListingPlan("category", category.name, category.url, listed, crumbs,
                                 feed_links(category.url, f"{site_name}: {category.name}"),
                                 description, noindex=not listed))
    by_tag: dict[int, list[Item]] = {}
    for item in items:
        for tag_id in dict.fromkeys(item.tag_ids):
            by_tag.setdefault(tag_id, []).append(item)
    for tag_id, tagged in sorted(by_tag.items()):
        name, slug = snap.tags[tag_id]
        url = paths.tag_url(slug)
        plans.append(ListingPlan("tag", name, url, tagged, [Crumb(name, url)], [],
                                 f"Articles tagged {name} on {site_name}."))
    by_author: dict[str, tuple[str, list[Item]]] = {}
    for item in items:
        for author in bylines.authors(item.byline, site_name):
            by_author.setdefault(author.slug, (author.name, []))[1].append(item)
    for slug, (name, written) in sorted(by_author.items()):
        url = paths.author_url(slug)
        plans.append(ListingPlan("author", name, url, written, [Crumb(name, url)], [],
                                 f"Articles by {name} on {site_name}."))
    return plans


def home_description(site_name: str, sections: list[str]) -> str:
    """The home page's description: the site and the sections it covers."""
    if not sections:
        return f"The latest news from {site_name}."
    listed = sections[0] if len(sections) == 1 else ", ".join(sections[:-1]) + " and " + sections[-1]
    return f"The latest news from {site_name}: {listed}."


def listing_key(snap: Snapshot, plan: ListingPlan, number: int) -> str:
    parts = [snap.global_key, plan.kind, plan.first_url, plan.heading, str(number), str(plan.page_count),
             plan.description, str(plan.noindex)]
    parts += [snap.card_text(i) for i in plan.page_items(number)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def figure(row: PhotoRow, alt: str = "") -> Figure:
    """The same Figure pages.figure_of makes, from a snapshot row."""
    from desk.core.site.addresses import media_path

    widths = row.widths
    return Figure(
        src=media_path(row.id, widths[0]),
        width=widths[0],
        height=max(1, round(row.height * widths[0] / row.width)),
        alt=alt or row.alt_text,
        credit=row.credit,
        srcset=tuple((media_path(row.id, w), w) for w in sorted(widths)),
        webp=tuple((media_path(row.id, w, "WEBP"), w) for w in sorted(widths)),
        photo_id=row.id,
    )


class Teasers:
    """Standfirsts, or the first words of the body when there is none (as cards show).

    ``heads(ids)`` gives (id, the body's first 600 characters) of those articles."""

    def __init__(self, heads: Callable[[list[int]], Iterable[tuple[int, str | None]]]):
        self._heads = heads
        self.cache: dict[int, str] = {}

    @classmethod
    def of_sql(cls, run: Sql) -> Teasers:
        return cls(lambda ids: run(f"SELECT id, substr(body, 1, 600) FROM articles WHERE id IN ({marks(ids)})", ids))

    def prefetch(self, items: list[Item]) -> None:
        wanted = [i.id for i in items if not i.standfirst and i.id not in self.cache]
        for start in range(0, len(wanted), 500):
            for article_id, head in self._heads(wanted[start:start + 500]):
                self.cache[article_id] = " ".join(plain_text(head or "").split())

    def of(self, item: Item) -> str:
        if item.standfirst:
            return item.standfirst
        if item.id not in self.cache:
            self.prefetch([item])
        return self.cache.get(item.id, "")


def card(snap: Snapshot, item: Item, teasers: Teasers) -> Card:
    category = snap.categories.get(item.category_id) if item.category_id is not None else None
    hero = snap.photos.get(item.hero[0]) if item.hero else None
    return Card(
        url=item.url,
        headline=item.headline,
        category_name=category.name if category else "",
        category_url=category.url if category else "",
        teaser=teasers.of(item),
        image=figure(hero, item.hero[1]) if hero and item.hero else None,
    )
