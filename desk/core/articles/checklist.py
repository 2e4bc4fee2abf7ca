"""The pre-publish checklist: what stops an article from going out, and what should be
looked at first. Each item says how serious it is and where to fix it.

The rule itself is ``evaluate``: plain facts about one article in, items out. Two loaders
feed it the same facts: ``check`` from the ORM (the window, the command line, publishing)
and ``checklist_sql.check_many`` from plain SQL (the export, for thousands of articles at
once); a test holds the two to the same answer. What the items allow is decided in
release.py (the publishing rule)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk.core.store.models import Article, Photo
    from desk.core.site.settings import SiteSettings

BLOCK = "block"  # publishing is refused until it is fixed (or explicitly overridden)
WARN = "warn"  # worth a look; publishing is allowed
SPELLING_SHOWN = 5  # flagged words the spelling item names

_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(\s*([^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*([^)\s]*)")
_PHOTO_REF = re.compile(r"\]\(photo:(\d{1,12})")
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(jpe?g|png|gif|webp|tiff?|heic|bmp)$", re.I)
_URLISH = re.compile(r"^(https?://|www\.)\S+$", re.I)


@dataclass(frozen=True)
class Item:
    code: str
    severity: str
    message: str
    field: str  # where to fix it: a field of the article, or "photo:<id>"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PhotoFacts:
    id: int
    filename: str
    alt_text: str
    credit: str  # the composed credit line (photo_credit.credit_text)
    instructions: str


@dataclass(frozen=True, slots=True)
class LinkFacts:
    role: str  # "hero" | "inline"
    alt_override: str
    photo: PhotoFacts


@dataclass(frozen=True, slots=True)
class Facts:
    """What the checklist looks at in one article."""

    headline: str
    standfirst: str
    body: str
    byline: str
    category_id: int | None
    source_name: str
    source_url: str
    slug: str
    links: tuple[LinkFacts, ...]  # in Article.photo_links order
    # Words spell check still flags (headline, standfirst, body), when it was asked.
    misspelled: tuple[str, ...] = ()


def referenced_photo_ids(body: str) -> set[int]:
    """Photos the body shows (``![alt](photo:12)``)."""
    return {int(m) for m in _PHOTO_REF.findall(body)}


def evaluate(facts: Facts, site: SiteSettings, *, clash: str | None,
             photo_of: Callable[[int], PhotoFacts | None]) -> list[Item]:
    """The checklist of one article. ``clash``: the headline of another article with the
    same slug (ignoring case), else None; ``photo_of(id)``: a photo the body shows but the
    article does not link (None when there is no such photo)."""
    items: list[Item] = []

    def add(code: str, severity: str, message: str, field: str) -> None:
        items.append(Item(code, severity, message, field))

    headline = facts.headline.strip()
    if not headline:
        add("headline-missing", BLOCK, "The headline is missing.", "headline")
    elif len(headline) > site.headline_limit:
        add("headline-too-long", WARN,
            f"The headline has {len(headline)} characters; the site's limit is {site.headline_limit}.",
            "headline")
    if len(facts.standfirst.strip()) > site.standfirst_limit:
        add("standfirst-too-long", WARN,
            f"The standfirst has {len(facts.standfirst.strip())} characters; the site's limit is "
            f"{site.standfirst_limit}.", "standfirst")
    if facts.category_id is None:
        add("category-missing", BLOCK, "The article is not filed under a category.", "category")
    if not facts.byline.strip():
        add("byline-missing", BLOCK, "The byline is missing.", "byline")
    if facts.source_name.strip() and not facts.source_url.strip():
        add("source-url-missing", BLOCK,
            f"The source {facts.source_name.strip()!r} has no URL to link to.", "source_url")
    elif facts.source_url.strip() and not _is_web_url(facts.source_url.strip()):
        add("source-url-malformed", BLOCK,
            f"The source URL {facts.source_url.strip()!r} is not a web address (http or https).",
            "source_url")
    if clash is not None:
        add("slug-duplicate", BLOCK, f"The slug {facts.slug!r} is also used by {clash!r}.", "slug")

    if not any(link.role == "hero" for link in facts.links):
        add("hero-missing", WARN, "There is no hero photo.", "photos")
    for link in facts.links:
        _check_photo(link.photo, link.alt_override or link.photo.alt_text, headline, add,
                     "hero" if link.role == "hero" else "inline")
    linked = {link.photo.id for link in facts.links}
    for photo_id in sorted(referenced_photo_ids(facts.body) - linked):
        photo = photo_of(photo_id)
        if photo is None:
            add("photo-unknown", BLOCK, f"The body refers to photo {photo_id}, which does not exist.",
                "body")
        else:
            alts = [alt for alt, url in _IMAGE.findall(facts.body) if url == f"photo:{photo_id}"]
            _check_photo(photo, (alts[0] if alts else "") or photo.alt_text, headline, add, "inline")
    for text, url in _LINK.findall(facts.body):
        problem = _link_problem(url)
        if problem:
            add("link-malformed", BLOCK if problem.startswith("unsafe") else WARN,
                f"The link {text!r} → {url!r}: {problem}.", "body")
    if facts.misspelled:
        shown = ", ".join(facts.misspelled[:SPELLING_SHOWN])
        more = len(facts.misspelled) - SPELLING_SHOWN
        add("spelling", WARN,
            f"Spell check flags {len(facts.misspelled)} word{'s' if len(facts.misspelled) > 1 else ''}: "
            f"{shown}{f' and {more} more' if more > 0 else ''}.", "body")
    return items


# --- from the ORM -------------------------------------------------------------------------

def photo_facts(photo: Photo) -> PhotoFacts:
    from desk.core.photos.credit import credit_text

    return PhotoFacts(photo.id, photo.original_filename or "", photo.alt_text or "",
                      credit_text(photo), photo.instructions or "")


def facts_of(article: Article) -> Facts:
    links = tuple(LinkFacts(link.role, link.alt_override or "", photo_facts(link.photo))
                  for link in article.photo_links)
    return Facts(article.headline, article.standfirst, article.body, article.byline,
                 article.category_id, article.source_name, article.source_url, article.slug, links)


def check(session: Session, article: Article, *, site: SiteSettings | None = None,
          spelling: bool = False) -> list[Item]:
    return check_many(session, [article], site=site, spelling=spelling)[article.id]


def check_many(session: Session, articles: list[Article], *,
               site: SiteSettings | None = None, spelling: bool = False) -> dict[int, list[Item]]:
    """The checklist of each of these articles (as the session has them), by id. With
    ``spelling``, words spell check flags are a warning too (one article at a time: the
    window, ``desk check``, publishing; not the export of thousands)."""
    from desk.core.site import settings as site_settings
    from desk.core.store.models import Photo as PhotoModel

    site = site or site_settings.load(session)
    shared = clashes(session, [a.slug for a in articles])

    def photo_of(photo_id: int) -> PhotoFacts | None:
        photo = session.get(PhotoModel, photo_id)
        return photo_facts(photo) if photo is not None else None

    out: dict[int, list[Item]] = {}
    for article in articles:
        clash = next((h for other, h in shared.get(article.slug.lower(), ()) if other != article.id), None)
        facts = facts_of(article)
        if spelling:
            from dataclasses import replace

            from desk.core.spelling.checker import flagged_words
            from desk.core.spelling.personal_words import speller_for

            facts = replace(facts, misspelled=tuple(flagged_words(
                speller_for(session, article), facts.headline, facts.standfirst, facts.body)))
        out[article.id] = evaluate(facts, site, clash=clash, photo_of=photo_of)
    return out


def clashes(session: Session, slugs: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Lower-cased slug -> the articles whose slug is that one ignoring case (id, headline),
    oldest first, for these slugs. (checklist_sql asks the same of the whole table.)"""
    from sqlalchemy import func, select

    from desk.core.store.models import Article as ArticleModel

    wanted = sorted({s.lower() for s in slugs})
    found: dict[str, list[tuple[int, str]]] = {}
    lowered = func.lower(ArticleModel.slug)
    for start in range(0, len(wanted), 500):
        # One scan of the slug index per 500 slugs (about 30 ms on 100,000 articles).
        for article_id, key, headline in session.execute(
                select(ArticleModel.id, lowered, ArticleModel.headline)
                .where(lowered.in_(wanted[start:start + 500])).order_by(ArticleModel.id)):
            found.setdefault(key, []).append((article_id, headline or ""))
    return found


# --- the rules' details ---------------------------------------------------------------------

def _check_photo(photo: PhotoFacts, alt: str, headline: str, add, role: str) -> None:
    where = f"photo:{photo.id}"
    name = photo.filename or f"photo {photo.id}"
    alt = alt.strip()
    if not alt:
        add("alt-missing", BLOCK, f"The {role} photo {name!r} has no alt text.", where)
    elif _URLISH.match(alt):
        add("alt-is-url", BLOCK, f"The alt text of {name!r} is a web address, not a description.", where)
    elif _FILE_NAME.match(alt) or alt == photo.filename:
        add("alt-is-file-name", BLOCK, f"The alt text of {name!r} is a file name, not a description.", where)
    elif headline and alt.casefold() == headline.casefold():
        add("alt-is-headline", BLOCK,
            f"The alt text of {name!r} repeats the headline; describe what the photo shows.", where)
    if not photo.credit.strip():
        add("credit-missing", BLOCK, f"The {role} photo {name!r} has no credit.", where)
    if photo.instructions.strip():
        add("photo-restrictions", WARN,
            f"The {role} photo {name!r} carries restrictions: {photo.instructions.strip()}", where)


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def _link_problem(url: str) -> str:
    if not url:
        return "the address is empty"
    lowered = url.lower()
    if lowered.startswith(("javascript:", "data:", "vbscript:")):
        return "unsafe address scheme"
    if lowered.startswith(("mailto:", "tel:", "#", "/", "photo:")):
        return ""
    if lowered.startswith("www."):
        return "missing http:// or https://"
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return "" if parts.netloc and "." in parts.netloc or parts.netloc.startswith("localhost") else "no host name"
    if parts.scheme:
        return f"unexpected scheme {parts.scheme!r}"
    return ""


def blocking(items: list[Item]) -> list[Item]:
    return [item for item in items if item.severity == BLOCK]


def warnings(items: list[Item]) -> list[Item]:
    return [item for item in items if item.severity == WARN]
