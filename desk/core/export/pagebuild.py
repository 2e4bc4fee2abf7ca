"""Article pages in batches: the same Page that pages.build_page makes, and the same
bytes that pages.render_article returns, from rows read a batch of articles at a time.

build_page asks the database a dozen small questions per article (site, related,
cards, teasers, figures); for 10,000 articles that is most of an export. Here the
answers come from the snapshot, and the render cache is read and written in bulk with
the same key (page_fingerprint) the preview uses, so either one's renders serve the
other. tests/core/export/test_export_pages.py holds the two builders to the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from desk.core.photos.crops import crops_of
from desk.core.render import Card, Crumb, Figure, Page, Site, page_fingerprint
from desk.core.render.page import category_url, tag_url
from desk.core.render.text import teaser
from desk.core.export import rows as row_reader
from desk.core.export.site import Teasers, figure
from desk.core.export.snapshot import Item, Snapshot, _utc
from desk.core.site.languages import article_language

if TYPE_CHECKING:
    from desk.core.store.db import Sql

_PHOTO_REF = re.compile(r"\]\(photo:(\d{1,12})")


class Article(NamedTuple):
    """The fields of an article page() reads."""

    id: int
    version: int
    headline: str
    slug: str
    updated_at: dt.datetime
    body: str
    standfirst: str
    byline: str
    published_at: dt.datetime | None
    category_id: int | None
    source_name: str
    source_url: str
    language: str | None


class Link(NamedTuple):
    """A photo link of an article, in Article.photo_links order."""

    photo_id: int
    role: str
    alt_override: str
    caption_override: str


class PageBuilder:
    def __init__(self, run: Sql, snap: Snapshot, site: Site, teasers: Teasers):
        self.run, self.snap, self.site, self.teasers = run, snap, site, teasers
        # An article's card shows in the Related block of several others: made once.
        self._cards: dict[int, Card] = {}

    def _figure(self, photo_id: int, alt: str = "", caption: str = "") -> Figure | None:
        row = self.snap.photos.get(photo_id)
        if row is None:
            return None
        return dataclasses.replace(figure(row, alt), caption=caption)

    def _hero(self, link: Link | None) -> Figure | None:
        """The hero as pages.build_page makes it: with the crops for sharing."""
        found = self._figure(link.photo_id, link.alt_override, link.caption_override) if link else None
        if found is None:
            return None
        row = self.snap.photos[link.photo_id]
        return dataclasses.replace(found, crops=crops_of(row.id, row.width, row.height))

    def _card(self, item: Item) -> Card:
        made = self._cards.get(item.id)
        if made is None:
            made = self._cards[item.id] = self._make_card(item)
        return made

    def _make_card(self, item: Item) -> Card:
        category = self.snap.categories.get(item.category_id) if item.category_id is not None else None
        hero = self._figure(item.hero[0], item.hero[1]) if item.hero else None
        return Card(
            url=item.renderer_url,
            headline=item.headline,
            category_name=category.name if category else "",
            category_url=category_url(category.slug) if category else "",
            teaser=teaser(self.teasers.of(item)),
            image=hero,
        )

    def page(self, article: Article, links: list[Link], item: Item, related: list[int]) -> Page:
        """``links``: the article's photo links, in Article.photo_links order."""
        snap = self.snap
        body = article.body
        linked = {link.photo_id: link for link in links}
        refs = {int(m) for m in _PHOTO_REF.findall(body)} | set(linked)
        snap.load_photos(refs)
        figures = {}
        for photo_id in refs:
            link = linked.get(photo_id)
            found = self._figure(photo_id, link.alt_override if link else "",
                                 link.caption_override if link else "")
            if found is not None:
                figures[photo_id] = found
        hero_link = next((link for link in links if link.role == "hero"), None)
        cards = [self._card(snap.by_id[r]) for r in related if r in snap.by_id]
        return Page(
            site=self.site,
            headline=article.headline,
            slug=article.slug,
            url=item.renderer_url,
            updated=article.updated_at,
            body_markdown=body,
            standfirst=article.standfirst,
            byline=article.byline,
            published=article.published_at,
            category_path=[Crumb(c.name, category_url(c.slug)) for c in snap.category_path(article.category_id)],
            # The snapshot holds each article's tags in Article.tag_links order.
            tags=[Crumb(snap.tags[tag_id][0], tag_url(snap.tags[tag_id][1])) for tag_id in item.tag_ids],
            hero=self._hero(hero_link),
            source_name=article.source_name,
            source_url=article.source_url,
            related=cards,
            figures=figures,
            language=article_language(article, snap.settings),
        )

    def prepare(self, items: list[Item], related: dict[int, list[int]]) -> list[Prepared]:
        """Each item's page and cache key, with its HTML when the render cache has it.
        Plain rows, not ORM objects: loading entities and their relationships cost
        more than building the pages from them."""
        ids = [i.id for i in items]
        marks = row_reader.marks(ids)
        run = self.run
        rows = {r[0]: Article(r[0], r[1], r[2], r[3], _utc(r[4]), r[5], r[6], r[7],
                              _utc(r[8]) if r[8] else None, r[9], r[10], r[11], r[12]) for r in run(
            "SELECT id, version, headline, slug, updated_at, body, standfirst, byline, published_at, "
            f"category_id, source_name, source_url, language FROM articles WHERE id IN ({marks})", ids)}
        links: dict[int, list[Link]] = defaultdict(list)
        for article_id, *link in run(
                "SELECT article_id, photo_id, role, alt_override, caption_override FROM article_photos "
                f"WHERE article_id IN ({marks}) ORDER BY article_id, role, position, id", ids):
            links[article_id].append(Link(*link))
        cached = {r[0]: r[1:] for r in run(
            "SELECT article_id, article_version, context_hash, html FROM render_cache "
            f"WHERE article_id IN ({marks})", ids)}
        self.teasers.prefetch([self.snap.by_id[r] for i in items for r in related[i.id] if r in self.snap.by_id])
        out = []
        for item in items:
            article = rows[item.id]
            page = self.page(article, links.get(item.id, []), item, related[item.id])
            key = page_fingerprint(page)
            hit = cached.get(item.id)
            fresh = hit is not None and hit[0] == article.version and hit[1] == key
            own = frozenset({int(m) for m in _PHOTO_REF.findall(article.body)}
                            | {link.photo_id for link in links.get(item.id, ())})
            out.append(Prepared(item, page, key, article.version, hit[2] if fresh else None, own))
        return out


@dataclasses.dataclass(slots=True)
class Prepared:
    item: Item
    page: Page
    key: str  # page_fingerprint: the render cache's key
    version: int
    html: str | None  # from the render cache, or None: still to render
    # The photos the page shows as its own (linked, or named in the body), not those of
    # the cards of its Related block: a page goes out only with these.
    photos: frozenset[int] = frozenset()

    def finish(self, html: str) -> tuple[Item, str, tuple | None]:
        """(item, html, the cache row to store when it was rendered now)."""
        if self.html is not None:
            return self.item, html, None
        return self.item, html, (self.item.id, self.version, self.key, html)
