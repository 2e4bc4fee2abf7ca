"""Article pages in batches: the same Page that pages.build_page makes, and the same
bytes that pages.render_article returns, from rows read a hundred articles at a time.

build_page asks the database a dozen small questions per article (site, related,
cards, teasers, figures); for 10,000 articles that is most of an export. Here the
answers come from the snapshot, and the render cache is read and written in bulk with
the same key (page_fingerprint) the preview uses, so either one's renders serve the
other. tests/core/test_export_pages.py holds the two builders to the same bytes.
"""

from __future__ import annotations

import dataclasses

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from ..models import Article, RenderCache
from ..render import Card, Crumb, Figure, Page, Site, page_fingerprint, render_page
from ..render.page import category_url, tag_url
from ..render.text import teaser
from .site import Teasers, figure
from .snapshot import Item, Snapshot

_PHOTO_REF = re.compile(r"\]\(photo:(\d{1,12})")


class PageBuilder:
    def __init__(self, session: Session, snap: Snapshot, site: Site, teasers: Teasers):
        self.session, self.snap, self.site, self.teasers = session, snap, site, teasers

    def _figure(self, photo_id: int, alt: str = "", caption: str = "") -> Figure | None:
        row = self.snap.photos.get(photo_id)
        if row is None:
            return None
        return dataclasses.replace(figure(row, alt), caption=caption)

    def _card(self, item: Item) -> Card:
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

    def page(self, article: Article, item: Item, related: list[int]) -> Page:
        snap = self.snap
        body = article.body
        linked = {link.photo_id: link for link in article.photo_links}
        refs = {int(m) for m in _PHOTO_REF.findall(body)} | set(linked)
        snap.load_photos(refs)
        figures = {}
        for photo_id in refs:
            link = linked.get(photo_id)
            found = self._figure(photo_id, link.alt_override if link else "",
                                 link.caption_override if link else "")
            if found is not None:
                figures[photo_id] = found
        hero_link = article.hero
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
            tags=[Crumb(snap.tags[link.tag_id][0], tag_url(snap.tags[link.tag_id][1]))
                  for link in article.tag_links],
            hero=self._figure(hero_link.photo_id, hero_link.alt_override, hero_link.caption_override)
            if hero_link else None,
            source_name=article.source_name,
            source_url=article.source_url,
            related=cards,
            figures=figures,
        )

    def render(self, items: list[Item], related: dict[int, list[int]]) -> list[tuple[Item, str, tuple | None]]:
        """(item, html, fresh cache row or None) for each item, in order."""
        ids = [i.id for i in items]
        rows = {a.id: a for a in self.session.scalars(
            select(Article).where(Article.id.in_(ids)).options(
                undefer(Article.body), selectinload(Article.tag_links),
                selectinload(Article.photo_links))
        )}
        cached = {c.article_id: (c.article_version, c.context_hash, c.html) for c in self.session.scalars(
            select(RenderCache).where(RenderCache.article_id.in_(ids)).options(undefer(RenderCache.html)))}
        self.teasers.prefetch([self.snap.by_id[r] for i in items for r in related[i.id] if r in self.snap.by_id])
        out = []
        for item in items:
            article = rows[item.id]
            page = self.page(article, item, related[item.id])
            key = page_fingerprint(page)
            hit = cached.get(item.id)
            if hit is not None and hit[0] == article.version and hit[1] == key:
                out.append((item, hit[2], None))
            else:
                html = render_page(page)
                out.append((item, html, (item.id, article.version, key, html)))
        self.session.expunge_all()
        return out
