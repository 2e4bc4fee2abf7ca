"""Article pages in batches: the same Page that pages.build_page makes, and the same
bytes that pages.render_article returns, from rows read a batch of articles at a time.

build_page asks the database a dozen small questions per article (site, related,
cards, teasers, figures); for 10,000 articles that is most of an export. Here the
answers come from the snapshot, and the render cache is read and written in bulk with
the same key (page_fingerprint) the preview uses, so either one's renders serve the
other. tests/core/test_export_pages.py holds the two builders to the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..render import Card, Crumb, Figure, Page, Site, page_fingerprint
from ..render.page import category_url, tag_url
from ..render.text import teaser
from .site import Teasers, figure
from .snapshot import Item, Snapshot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_PHOTO_REF = re.compile(r"\]\(photo:(\d{1,12})")


@functools.cache
def _queries() -> tuple[Any, Any, Any]:
    """The article rows, photo links (in Article.photo_links order) and render-cache rows
    prepare() reads. Built on first use: the incremental path builds pages without
    SQLAlchemy, and must not import it."""
    from sqlalchemy import select

    from ..models import Article, ArticlePhoto, RenderCache

    return (
        select(Article.id, Article.version, Article.headline, Article.slug, Article.updated_at,
               Article.body, Article.standfirst, Article.byline, Article.published_at,
               Article.category_id, Article.source_name, Article.source_url),
        select(ArticlePhoto.article_id, ArticlePhoto.photo_id, ArticlePhoto.role,
               ArticlePhoto.alt_override, ArticlePhoto.caption_override).order_by(
            ArticlePhoto.article_id, ArticlePhoto.role, ArticlePhoto.position),
        select(RenderCache.article_id, RenderCache.article_version, RenderCache.context_hash,
               RenderCache.html),
    )


class PageBuilder:
    def __init__(self, session: Session | None, snap: Snapshot, site: Site, teasers: Teasers):
        # No session: page() only (the incremental path builds pages from sqlite3 rows).
        self.session, self.snap, self.site, self.teasers = session, snap, site, teasers
        # An article's card shows in the Related block of several others: made once.
        self._cards: dict[int, Card] = {}

    def _figure(self, photo_id: int, alt: str = "", caption: str = "") -> Figure | None:
        row = self.snap.photos.get(photo_id)
        if row is None:
            return None
        return dataclasses.replace(figure(row, alt), caption=caption)

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

    def page(self, article: Any, links: list[Any], item: Item, related: list[int]) -> Page:
        """``article``: a row of _ARTICLE; ``links``: its rows of _PHOTO_LINKS."""
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
            hero=self._figure(hero_link.photo_id, hero_link.alt_override, hero_link.caption_override)
            if hero_link else None,
            source_name=article.source_name,
            source_url=article.source_url,
            related=cards,
            figures=figures,
        )

    def prepare(self, items: list[Item], related: dict[int, list[int]]) -> list[Prepared]:
        """Each item's page and cache key, with its HTML when the render cache has it.
        Plain rows, not ORM objects: loading entities and their relationships cost
        more than building the pages from them."""
        articles, photo_links, cache = _queries()
        ids = [i.id for i in items]
        run = self.session.connection().execute
        rows = {r.id: r for r in run(articles.where(articles.selected_columns.id.in_(ids)))}
        links: dict[int, list[Any]] = defaultdict(list)
        for link in run(photo_links.where(photo_links.selected_columns.article_id.in_(ids))):
            links[link.article_id].append(link)
        cached = {c.article_id: c for c in run(cache.where(cache.selected_columns.article_id.in_(ids)))}
        self.teasers.prefetch([self.snap.by_id[r] for i in items for r in related[i.id] if r in self.snap.by_id])
        out = []
        for item in items:
            article = rows[item.id]
            page = self.page(article, links.get(item.id, []), item, related[item.id])
            key = page_fingerprint(page)
            hit = cached.get(item.id)
            fresh = hit is not None and hit.article_version == article.version and hit.context_hash == key
            out.append(Prepared(item, page, key, article.version, hit.html if fresh else None))
        return out


@dataclasses.dataclass(slots=True)
class Prepared:
    item: Item
    page: Page
    key: str  # page_fingerprint: the render cache's key
    version: int
    html: str | None  # from the render cache, or None: still to render

    def finish(self, html: str) -> tuple[Item, str, tuple | None]:
        """(item, html, the cache row to store when it was rendered now)."""
        if self.html is not None:
            return self.item, html, None
        return self.item, html, (self.item.id, self.version, self.key, html)
