"""What the renderer needs to draw an article page, as plain dataclasses.

The renderer never sees ORM objects: whoever reads the database builds these, so the
renderer can be tested, benchmarked and run in a worker thread without a session.
All text fields are plain text (never HTML); the templates escape them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from desk.core.photos.crops import SizedImage
from desk.core.site.addresses import safe_component

# How many articles a page's Related block shows.
RELATED_COUNT = 4


@dataclass(frozen=True)
class Figure:
    """A photo as the page shows it: one rendition set plus its composed credit."""

    src: str  # URL of the largest rendition
    srcset: tuple[tuple[str, int], ...] | list[tuple[str, int]]  # (url, width in px)
    width: int
    height: int
    alt: str
    credit: str  # the composed credit line, plain text
    caption: str = ""  # optional caption override, plain text
    photo_id: int | None = None
    # The same widths as WebP: a <picture> offers them first, JPEG stays the fallback.
    webp: tuple[tuple[str, int], ...] = ()
    # The crops made for sharing and structured data (16:9, 4:3, 1:1): a hero's only.
    crops: tuple[SizedImage, ...] = ()


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


@dataclass(frozen=True)
class Card:
    """A related article as a card: the teaser is plain text, cut by the renderer."""

    url: str
    headline: str
    category_name: str = ""
    category_url: str = ""
    teaser: str = ""
    image: Figure | None = None


@dataclass(frozen=True)
class Site:
    name: str
    base_url: str  # e.g. "https://news.example.org" (no trailing slash needed)
    language: str = "en"  # BCP 47, goes into <html lang>
    timezone: str = "UTC"  # IANA name; dates are shown in this zone
    nav: tuple[Crumb, ...] | list[Crumb] = ()  # top categories for the header
    # What the site settings give every page (sitebuild.py): the logo (publisher of the
    # structured data) and the image shared for a page that has no photo of its own.
    logo: SizedImage | None = None
    share: tuple[SizedImage, ...] = ()  # 16:9, 4:3, 1:1 crops of the default share image
    share_alt: str = ""


FigureSource = Callable[[int], Figure | None] | Mapping[int, Figure]


@dataclass(kw_only=True)
class Page:
    """One article page. Keyword-only: it has many fields of the same types."""

    site: Site
    headline: str
    slug: str
    url: str  # path like /2026/11/27/slug/
    updated: dt.datetime  # aware
    body_markdown: str = ""
    standfirst: str = ""
    byline: str = ""
    published: dt.datetime | None = None  # aware; None for an unpublished draft
    category_path: list[Crumb] = field(default_factory=list)  # root first
    tags: list[Crumb] = field(default_factory=list)
    hero: Figure | None = None
    source_name: str = ""
    source_url: str = ""
    related: list[Card] = field(default_factory=list)
    # Resolves `![...](photo:<id>)` references in the body; a dict or a function.
    figures: FigureSource = field(default_factory=dict)
    # The article's language (languages.article_language); "" is the site's.
    language: str = ""


def language_of(page: Page) -> str:
    """The language the page is written in: the article's, else the site's."""
    return page.language or page.site.language or "en"


def resolve_figure(figures: FigureSource, photo_id: int) -> Figure | None:
    """Look a photo up in either form of FigureSource; a failing lookup is 'unknown'."""
    if isinstance(figures, Mapping):
        return figures.get(photo_id)
    return figures(photo_id)


def article_url(published: dt.date, slug: str) -> str:
    """The public path of an article: /YYYY/MM/DD/slug/ (an unsafe slug made safe, as
    the exporter writes it)."""
    return f"/{published.year:04d}/{published.month:02d}/{published.day:02d}/{safe_component(slug)}/"


def category_url(slug: str) -> str:
    """The public path of a category page: /category/<slug>/."""
    return f"/category/{safe_component(slug)}/"


def tag_url(slug: str) -> str:
    """The public path of a tag page: /tag/<slug>/."""
    return f"/tag/{safe_component(slug)}/"
