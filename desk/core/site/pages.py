"""From the database to the page: the one place that turns an article into what the
renderer draws. The preview, `desk render` and the export all come through here, so they
show the same bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from desk.core.articles import editing as articles
from desk.core.photos import records as photos
from desk.core.site import build as sitebuild
from desk.core.site import settings as site_settings
from desk.core.photos.crops import crops_of
from desk.core.store.models import Article, ArticleTag, Photo, RenderCache
from desk.core.render import Card, Crumb, Figure, Page, Site, page_fingerprint, render_page
from desk.core.render.page import RELATED_COUNT, article_url, category_url, tag_url
from desk.core.render.text import teaser
from desk.core.site.settings import SiteSettings
from desk.core.site.languages import article_language

_PHOTO_REF = re.compile(r"\]\(photo:(\d{1,12})")


def site_of(session: Session, settings: SiteSettings | None = None) -> Site:
    """The Site the export draws its pages with (sitebuild.read_site), read through the ORM."""
    settings = settings or site_settings.load(session)
    nav = [(name, category_url(slug)) for name, slug in session.execute(text(sitebuild.NAV_SQL))]
    ids = sitebuild.site_photo_ids(settings)
    found = {p.id: (p.width, p.height, p.alt_text or "") for p in session.execute(
        select(Photo.id, Photo.width, Photo.height, Photo.alt_text).where(Photo.id.in_(ids)))} if ids else {}
    return sitebuild.build_site(settings, nav, found)


def url_of(article: Article, tz: dt.tzinfo) -> str:
    """/YYYY/MM/DD/slug/ by the publication date in the site's time zone; a draft
    without one uses its creation date."""
    moment = article.published_at or article.created_at
    return article_url(moment.astimezone(tz).date(), article.slug)


def figure_of(photo: Photo, alt: str = "", caption: str = "") -> Figure:
    widths = photos.web_widths(photo)
    return Figure(
        src=photos.media_path(photo.id, widths[0]),
        width=widths[0],
        height=max(1, round(photo.height * widths[0] / photo.width)),
        alt=alt or photo.alt_text,
        credit=photos.credit_text(photo),
        srcset=tuple((photos.media_path(photo.id, w), w) for w in sorted(widths)),
        webp=tuple((photos.media_path(photo.id, w, "WEBP"), w) for w in sorted(widths)),
        caption=caption,
        photo_id=photo.id,
    )


def _figures(session: Session, article: Article, body: str) -> dict[int, Figure]:
    linked = {link.photo_id: link for link in article.photo_links}
    ids = {int(m) for m in _PHOTO_REF.findall(body)} | set(linked)
    found = {p.id: p for p in session.scalars(select(Photo).where(Photo.id.in_(ids)))} if ids else {}
    out = {}
    for photo_id, photo in found.items():
        link = linked.get(photo_id)
        out[photo_id] = figure_of(photo, link.alt_override if link else "",
                                  link.caption_override if link else "")
    return out


def related_ids(session: Session, article: Article, count: int = RELATED_COUNT) -> list[int]:
    """The editor's pinned articles first, then suggestions: same category or shared tags,
    newest first, never the article itself, never unpublished or trashed ones."""
    chosen = [link.related_id for link in article.related_links]
    live = Article.status == "published", Article.deleted_at.is_(None)
    if chosen:
        visible = set(session.scalars(select(Article.id).where(Article.id.in_(chosen), *live)))
        chosen = [i for i in chosen if i in visible]
    if len(chosen) >= count:
        return chosen[:count]
    tag_ids = [link.tag_id for link in article.tag_links]
    conditions = []
    if article.category_id is not None:
        conditions.append(Article.category_id == article.category_id)
    if tag_ids:
        conditions.append(Article.id.in_(select(ArticleTag.article_id).where(ArticleTag.tag_id.in_(tag_ids))))
    if conditions:
        from sqlalchemy import or_

        more = session.scalars(
            select(Article.id)
            .where(or_(*conditions), *live, Article.id != article.id, Article.id.not_in(chosen or [-1]))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(count - len(chosen))
        )
        chosen += list(more)
    return chosen[:count]


def _cards(session: Session, ids: list[int], tz: dt.tzinfo) -> list[Card]:
    if not ids:
        return []
    rows = {a.id: a for a in session.scalars(
        select(Article).where(Article.id.in_(ids)).options(selectinload(Article.photo_links))
    )}
    cards = []
    for i in ids:
        a = rows.get(i)
        if a is None:
            continue
        hero = a.hero
        cards.append(Card(
            url=url_of(a, tz),
            headline=a.headline,
            category_name=a.category.name if a.category else "",
            category_url=category_url(a.category.slug) if a.category else "",
            teaser=teaser(a.standfirst or _first_words(session, a.id)),
            image=figure_of(hero.photo, hero.alt_override) if hero else None,
        ))
    return cards


def _first_words(session: Session, article_id: int) -> str:
    from desk.core.articles.word_count import plain_text

    body = session.scalar(select(func.substr(Article.body, 1, 600)).where(Article.id == article_id)) or ""
    return " ".join(plain_text(body).split())


def build_page(
    session: Session,
    article: Article,
    *,
    settings: SiteSettings | None = None,
    body: str | None = None,
    overrides: dict | None = None,
) -> Page:
    """The Page of an article as stored, or with the editor's unsaved ``body`` and field
    ``overrides`` (the live preview shows what is typed before it is saved)."""
    settings = settings or site_settings.load(session)
    tz = settings.tz
    fields = {"headline": article.headline, "standfirst": article.standfirst,
              "byline": article.byline, "source_name": article.source_name,
              "source_url": article.source_url, **(overrides or {})}
    body = article.body if body is None else body
    category = article.category
    hero_link = article.hero
    return Page(
        site=site_of(session, settings),
        headline=fields["headline"],
        slug=article.slug,
        url=url_of(article, tz),
        updated=article.updated_at,
        body_markdown=body,
        standfirst=fields["standfirst"],
        byline=fields["byline"],
        published=article.published_at if article.status == "published" else None,
        category_path=[Crumb(c.name, category_url(c.slug)) for c in category.path()] if category else [],
        tags=[Crumb(link.tag.name, tag_url(link.tag.slug)) for link in article.tag_links],
        hero=dataclasses.replace(
            figure_of(hero_link.photo, hero_link.alt_override, hero_link.caption_override),
            crops=crops_of(hero_link.photo.id, hero_link.photo.width, hero_link.photo.height))
        if hero_link else None,
        source_name=fields["source_name"],
        source_url=fields["source_url"],
        related=_cards(session, related_ids(session, article), tz),
        figures=_figures(session, article, body),
        language=article_language(article, settings),
    )


def render_article(session: Session, article: Article, settings: SiteSettings | None = None) -> str:
    """The page HTML of a stored article, from the cache when nothing it depends on changed.
    In a write session the fresh HTML is kept in the cache; in a read session it is not."""
    html, fresh = render_article_for_cache(session, article, settings)
    if fresh is not None:
        cached = session.get(RenderCache, article.id)
        if cached is None:
            session.add(RenderCache(article_id=article.id, article_version=article.version,
                                    context_hash=fresh[2], html=html))
        else:
            cached.article_version, cached.context_hash, cached.html = article.version, fresh[2], html
    return html


def render_article_for_cache(session: Session, article: Article,
                             settings: SiteSettings | None = None) -> tuple[str, tuple | None]:
    """The page HTML, and the render-cache row (article id, version, key, html) to save
    when it was rendered now (None when it came from the cache): a reader saves it
    afterwards, best effort (render_cache.save), never holding the write lock to render."""
    page = build_page(session, article, settings=settings)
    key = page_fingerprint(page)
    cached = session.get(RenderCache, article.id)
    if cached is not None and cached.article_version == article.version and cached.context_hash == key:
        return cached.html, None
    html = render_page(page)
    return html, (article.id, article.version, key, html)


def render_slug(session: Session, slug: str) -> str:
    return render_article(session, articles.by_slug(session, slug))


def empty_page(site: SiteSettings) -> str:
    page = Page(site=Site(name=site.name, base_url=site.base_url, language=site.language,
                          timezone=site.timezone),
                headline="", slug="", url="/", updated=dt.datetime.now(dt.timezone.utc),
                body_markdown="*No article open. Create one with File › New Article (Ctrl+N).*")
    return render_page(page)
