"""Photos attached to an article: one hero, inline photos in order, each with the
article's own caption and alt text overrides.

An inline photo is also named in the body as `![alt](photo:ID)`; the renderer turns that
reference into a figure (an alt text written in the reference wins over the others). The reference is text the editor owns: attaching returns it
for the editor to insert at the cursor, and detaching can remove it (remove_reference).
Every change bumps the article's version so caches and open editors notice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import articles, photos
from .errors import InputError, NotFoundError
from .models import Article, ArticlePhoto
from .render.photo_refs import reference, remove_reference


HERO = "hero"
INLINE = "inline"


@dataclass(frozen=True)
class Attached:
    link_id: int
    photo_id: int
    role: str
    position: int
    caption_override: str
    alt_override: str
    alt_text: str  # the photo's own, shown when there is no override
    credit_text: str
    filename: str


def attached(session: Session, article_id: int) -> list[Attached]:
    """The hero first, then the inline photos in order."""
    rows = session.scalars(select(ArticlePhoto).where(ArticlePhoto.article_id == article_id))
    return [_view(link) for link in sorted(rows, key=lambda p: (p.role != HERO, p.position))]


def _view(link: ArticlePhoto) -> Attached:
    photo = link.photo
    return Attached(link.id, photo.id, link.role, link.position, link.caption_override or "",
                    link.alt_override or "", photo.alt_text or "", photos.credit_text(photo),
                    photo.original_filename)


def _article(session: Session, article_id: int) -> Article:
    return articles.get(session, article_id, with_body=False)


def _link(session: Session, link_id: int) -> ArticlePhoto:
    link = session.get(ArticlePhoto, link_id)
    if link is None:
        raise NotFoundError(f"no attached photo with id {link_id}")
    return link


def set_hero(session: Session, article_id: int, photo_id: int, *, caption: str = "", alt: str = "") -> Attached:
    """The photo becomes the article's hero, replacing the previous one."""
    article = _article(session, article_id)
    photos.get(session, photo_id)
    link = article.hero
    if link is None:
        link = ArticlePhoto(role=HERO, position=0, photo_id=photo_id)
        article.photo_links.append(link)
    elif link.photo_id != photo_id:
        # A new photo: the old one's overrides described the old picture.
        link.photo_id = photo_id
        link.caption_override = link.alt_override = ""
    link.caption_override = caption or link.caption_override or ""
    link.alt_override = alt or link.alt_override or ""
    articles.update(session, article)
    session.refresh(link)
    return _view(link)


def add_inline(session: Session, article_id: int, photo_id: int, *, caption: str = "",
               alt: str = "") -> tuple[Attached, str]:
    """Attach a photo inline, after the others; returns it and the body reference to
    insert at the editor's cursor."""
    article = _article(session, article_id)
    photo = photos.get(session, photo_id)
    inline = [p for p in article.photo_links if p.role == INLINE]
    link = ArticlePhoto(role=INLINE, position=max((p.position for p in inline), default=-1) + 1,
                        photo_id=photo_id, caption_override=caption, alt_override=alt)
    article.photo_links.append(link)
    articles.update(session, article)
    session.refresh(link)
    # The photo's own alt text is not copied into the body: left out, the renderer takes
    # the current one (or the article's override), so later edits are not shadowed.
    return _view(link), reference(photo.id, alt)


def set_overrides(session: Session, link_id: int, *, caption: str | None = None, alt: str | None = None) -> Attached:
    """The article's own caption or alt text for one of its photos ("" = the photo's)."""
    link = _link(session, link_id)
    if caption is not None:
        link.caption_override = caption
    if alt is not None:
        link.alt_override = alt
    articles.update(session, _article(session, link.article_id))
    return _view(link)


def move_inline(session: Session, link_id: int, to_index: int) -> list[Attached]:
    """Move an inline photo to another place among the article's inline photos."""
    link = _link(session, link_id)
    if link.role != INLINE:
        raise InputError("only inline photos have an order; the hero stays the hero")
    article = _article(session, link.article_id)
    inline = sorted((p for p in article.photo_links if p.role == INLINE), key=lambda p: p.position)
    inline.remove(link)
    inline.insert(max(0, min(to_index, len(inline))), link)
    _renumber(session, inline)
    articles.update(session, article)
    return attached(session, article.id)


def _renumber(session: Session, links: list[ArticlePhoto]) -> None:
    # (article, role, position) is unique: park the rows on free negative slots first so
    # no intermediate state of the UPDATEs collides.
    for i, link in enumerate(links):
        link.position = -1 - i
    session.flush()
    for i, link in enumerate(links):
        link.position = i
    session.flush()


def detach(session: Session, link_id: int, *, remove_from_body: bool = False) -> int:
    """Detach a photo from its article; returns the photo's id. With remove_from_body
    the body's references to it go too (for headless use: an open editor removes them
    from its own text with remove_reference instead)."""
    link = _link(session, link_id)
    article = articles.get(session, link.article_id)
    photo_id, role = link.photo_id, link.role
    article.photo_links.remove(link)
    session.flush()
    if role == INLINE:
        _renumber(session, sorted((p for p in article.photo_links if p.role == INLINE),
                                  key=lambda p: p.position))
    changes = {}
    if remove_from_body and not any(p.photo_id == photo_id for p in article.photo_links):
        changes["body"] = remove_reference(article.body, photo_id)
    articles.update(session, article, **changes)
    return photo_id


def version(session: Session, article_id: int) -> int:
    return _article(session, article_id).version
