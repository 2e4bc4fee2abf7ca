"""The one article renderer: the preview and the exported site both call render_page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from desk.core.articles import bylines
from desk.core.site import addresses as sitepaths
from desk.core.photos.crops import SizedImage
from desk.core.articles.pagedates import modified_time, shows_updated
from desk.core.articles.slugs import slugify
from desk.core.render import assets
from desk.core.render import assets as assets_module
from desk.core.render.body import render_body
from desk.core.render.markdown_pipeline import AssetUrl, srcset_attr
from desk.core.render.page import Card, Figure, Page, Site, resolve_figure
from desk.core.render.text import (
    display_time,
    first_sentences,
    local_time,
    paragraphs_text,
    teaser,
)
from desk.core.render.urls import safe_href
from desk.core.articles.word_count import count_words, reading_minutes
from desk.core.render.labels import label, translator
from desk.core.render.page import language_of
from desk.core.render.typography import text_for_language

RENDERER_VERSION = "3"
DESCRIPTION_LIMIT = 160
# What the `sizes` of each image slot says, from site.css (tests/core/test_page_sizes.py
# measures the slots in Chromium at widths across the stylesheet's breakpoints). The site
# main column is min(72rem, viewport) less 1rem of padding on each side.
# The hero: 52rem at most, the full width of a phone (max-width: 40rem).
HERO_SIZES = "(max-width: 40rem) 100vw, (max-width: 54rem) calc(100vw - 2rem), 52rem"
# A card of a grid of columns at least 14rem wide, 1.5rem apart: 1 column on phones,
# then 2, 3 and 4 as the column grows, 70rem at most.
CARD_SIZES = ("(max-width: 40rem) calc(100vw - 2rem), (max-width: 47rem) calc(50vw - 1.75rem), "
              "(max-width: 62.5rem) calc(33.33vw - 1.667rem), (max-width: 72rem) calc(25vw - 1.625rem), "
              "16.375rem")
# The home page's lead story: three fifths of the column beside its text, whole on phones.
LEAD_SIZES = "(max-width: 40rem) calc(100vw - 2rem), (max-width: 72rem) calc(60vw - 2.1rem), 41.1rem"
ROBOTS = "index, follow, max-image-preview:large"
ROBOTS_NOINDEX = "noindex, follow"
# Open Graph wants language_TERRITORY; a bare language gets its usual territory.
_OG_TERRITORY = {"en": "US", "fr": "FR", "de": "DE", "es": "ES", "it": "IT", "pt": "PT",
                 "nl": "NL", "ja": "JP", "ko": "KR", "zh": "CN", "ar": "AR", "he": "IL",
                 "ru": "RU", "pl": "PL", "sv": "SE", "da": "DK", "nb": "NO", "fi": "FI",
                 "el": "GR", "tr": "TR", "ca": "ES", "uk": "UA", "cs": "CZ"}

_TAGS = re.compile(r"<[^>]*>")
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(?:jpe?g|png|gif|webp|tiff?|heic|heif|avif|bmp)$", re.I)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|www\.)", re.I)


# What only the preview needs: the body's source lines (scrolling the preview with the
# editor). The sanitiser lets this attribute through with digits only.
_PREVIEW_AIDS = re.compile(r' data-src-line="[0-9]*"')


def _identity(path: str) -> str:
    return path


def public_page(html: str) -> str:
    """The page as the website serves it: the preview's page without its preview aids.
    Everything else is the same bytes."""

    def aid(match: re.Match) -> str:
        # Only inside a tag: text and code that quote the attribute keep it. Text has
        # "<" as "&lt;", so the nearer of "<" and ">" before the match says which side
        # of a tag it is on. A raw ">" in an earlier attribute of the same tag would
        # keep the aid in the page: harmless, where removing words from text is not.
        at = match.start()
        return "" if html.rfind("<", 0, at) > html.rfind(">", 0, at) else match.group(0)

    return _PREVIEW_AIDS.sub(aid, html)


# --- links that work wherever the site is served -----------------------------------------
#
# Every link between the site's own pages and files is relative to the page: the same
# files work at https://host/, under https://host/news/, from a local server or the
# preview. Canonical URLs, Open Graph, JSON-LD, feeds and sitemaps are absolute, from the
# base URL.


def root_of(url: str) -> str:
    """The relative path from the page at ``url`` (a folder URL such as /2024/04/15/x/)
    back to the site's root: "../../../../", or "./" for the home page."""
    inside = url.strip("/")
    return "../" * (inside.count("/") + 1) if inside else "./"


def site_link(root: str, url: str) -> str:
    """A site-root-relative URL ("/category/world/") as a link from a page whose way back
    to the root is ``root``; any other URL as it is."""
    if url.startswith("/") and not url.startswith("//"):
        return root + url[1:] if len(url) > 1 else root
    return url


_ROOTED: dict[str, Callable[[str], str]] = {}


def rooted(root: str) -> Callable[[str], str]:
    """site_link for one root, as an asset_url function: the same object for the same
    root, so that renderers kept per asset_url (render_body) are reused."""
    made = _ROOTED.get(root)
    if made is None:
        made = _ROOTED[root] = functools.partial(site_link, root)
    return made


def page_asset_url(page: Page) -> Callable[[str], str]:
    """The asset_url render_page uses by default for ``page``: its images relative to it.
    A live preview renders the body with the same (service.py)."""
    return rooted(root_of(page.url))


def _link(crumb: Any, root: str) -> dict:
    return {"name": crumb.name, "url": site_link(root, safe_href(crumb.url))}


def absolute_url(base_url: str, url: str) -> str:
    """``url`` made absolute against the site; the site may live under a sub-path."""
    if not url or re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        return url
    if url.startswith("//"):
        return "https:" + url
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def meaningful_alt(alt: str, fallback: str) -> str:
    """The alt text unless it is empty, a URL or a file name — which say nothing to a
    reader of a screen reader (a real site showed URLs as alt text on its cards)."""
    alt = " ".join((alt or "").split())
    if not alt or _URL_LIKE.match(alt) or _FILE_NAME.match(alt):
        return " ".join((fallback or "").split())
    return alt


def script_json(data: Any) -> Markup:
    """JSON that is safe inside <script>: no field can close the element or open a
    comment, whatever it contains."""
    text = _indented_json(data)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


_json_text = json.encoder.encode_basestring  # C, as json.dumps(ensure_ascii=False) uses


def _indented_json(value: Any, level: int = 0) -> str:
    """What json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) writes, for
    the JSON-LD's plain types. json's indenting encoder is pure Python and was a third
    of building a page's context; tests hold the two to the same text. Anything else
    goes to json.dumps itself."""
    cls = type(value)
    if cls is str:
        return _json_text(value)
    if cls is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        inner = "\n" + " " * (level + 1)
        return ("{" + inner + ("," + inner).join(
            f"{_json_text(k)}: {_indented_json(v, level + 1)}" for k, v in sorted(value.items()))
            + "\n" + " " * level + "}")
    if cls is list:
        if not value:
            return "[]"
        inner = "\n" + " " * (level + 1)
        return ("[" + inner + ("," + inner).join(_indented_json(v, level + 1) for v in value)
                + "\n" + " " * level + "]")
    if cls is int or value is None or cls is bool:
        return json.dumps(value) if cls is bool or value is None else int.__repr__(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).replace(
        "\n", "\n" + " " * level)


def meta_description(page: Page, body_html: str | None = None) -> str:
    """The standfirst, else the body's first sentences, else the headline: plain text
    of at most 160 characters."""
    if page.standfirst.strip():
        return teaser(page.standfirst, DESCRIPTION_LIMIT)
    if body_html is None:
        body_html = render_body(page.body_markdown, page.figures, language=language_of(page))
    text = " ".join(paragraphs_text(body_html, enough=DESCRIPTION_LIMIT * 4))
    description = first_sentences(text, DESCRIPTION_LIMIT)
    return description or teaser(page.headline, DESCRIPTION_LIMIT)


def _srcset(pairs: Any, asset_url: AssetUrl) -> str:
    return srcset_attr(Figure(src="", srcset=pairs, width=0, height=0, alt="", credit=""), asset_url)


def _image(figure: Figure | None, fallback_alt: str, sizes: str, asset_url: AssetUrl) -> dict | None:
    if figure is None:
        return None
    return {
        "src": asset_url(figure.src),
        "srcset": srcset_attr(figure, asset_url) if figure.srcset else "",
        "webp_srcset": _srcset(figure.webp, asset_url) if figure.srcset and figure.webp else "",
        "sizes": sizes if figure.srcset else "",
        "width": int(figure.width) if figure.width else None,
        "height": int(figure.height) if figure.height else None,
        "alt": meaningful_alt(figure.alt, fallback_alt),
        "caption": " ".join((figure.caption or "").split()),
        "credit": " ".join((figure.credit or "").split()),
    }


def _card(card: Card, asset_url: AssetUrl, root: str, lead: bool) -> dict:
    return {
        "url": site_link(root, safe_href(card.url)),
        "headline": card.headline,
        "category_name": card.category_name,
        "category_url": site_link(root, safe_href(card.category_url)),
        "teaser": teaser(card.teaser),
        "image": _image(card.image, card.headline, LEAD_SIZES if lead else CARD_SIZES, asset_url),
        "lead": lead,
    }


_card_markup: dict[tuple, Markup] = {}
_CARD_MARKUP_LIMIT = 20_000


def card_markup(card: Card, heading: str, loading: str, asset_url: AssetUrl | None = None, *,
                root: str = "./", priority: str = "", lead: bool = False) -> Markup:
    """A card as the macro of _cards.html draws it, remembered by value: an article's
    card shows in the Related blocks of several articles and on several listing pages,
    and drawing it was most of a listing page's time. Links are relative to ``root``;
    ``asset_url`` (default: the same) maps its image URLs."""
    assets = asset_url or rooted(root)
    try:
        key: tuple | None = (card, heading, loading, assets, root, priority, lead)
        made = _card_markup.get(key)  # type: ignore[arg-type]
    except TypeError:  # a field that cannot be hashed (a list of srcset pairs)
        key, made = None, None
    if made is None:
        made = environment().get_template("_cards.html").module.card(
            _card(card, assets, root, lead), heading, loading, priority)
        if key is not None:
            if len(_card_markup) >= _CARD_MARKUP_LIMIT:
                _card_markup.clear()
            _card_markup[key] = made
    return made


def _time(moment: dt.datetime | None, zone: str, language: str = "en") -> dict | None:
    if moment is None:
        return None
    local = local_time(moment, zone)
    return {"iso": local.isoformat(timespec="seconds"), "text": display_time(local, language)}


def _iso(moment: dt.datetime, zone: str) -> str:
    return local_time(moment, zone).isoformat(timespec="seconds")


# --- what every page type shares: the site's identity, sharing, structured data ------------


def og_locale(language: str) -> str:
    """fr-CA -> fr_CA, fr -> fr_FR, en -> en_US (Open Graph's form)."""
    parts = (language or "en").replace("_", "-").split("-")
    lang = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    region = region or _OG_TERRITORY.get(lang, lang.upper())
    return f"{lang}_{region}"


def _image_meta(image: SizedImage, alt: str, base_url: str) -> dict:
    return {"url": absolute_url(base_url, image.url), "width": image.width, "height": image.height,
            "type": "image/png" if image.url.endswith(".png") else "image/jpeg", "alt": alt}


def share_image(site: Site, crops: tuple[SizedImage, ...], alt: str) -> dict | None:
    """The image a share card and search results show: the page's own 16:9 crop, else
    the site's default share image, else its logo (as a small card)."""
    if crops:
        return {**_image_meta(crops[0], alt, site.base_url), "large": True}
    if site.share:
        return {**_image_meta(site.share[0], site.share_alt or site.name, site.base_url), "large": True}
    if site.logo:
        return {**_image_meta(site.logo, site.name, site.base_url), "large": False}
    return None


def home_url(site: Site) -> str:
    return absolute_url(site.base_url, "/")


def publisher_ld(site: Site) -> dict:
    data: dict[str, Any] = {"@type": "Organization", "name": site.name, "url": home_url(site)}
    if site.logo:
        data["logo"] = {"@type": "ImageObject", "url": absolute_url(site.base_url, site.logo.url),
                        "width": site.logo.width, "height": site.logo.height}
    return data


def breadcrumb_ld(site: Site, crumbs: list[tuple[str, str]], language: str = "") -> dict:
    """schema.org BreadcrumbList: Home (in the page's language), then (name, absolute
    URL) pairs."""
    items = [(label("Home", language or site.language), home_url(site))] + crumbs
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(items, 1)]}


def site_context(site: Site, root: str, page_url: str = "", section_url: str = "",
                 language: str = "") -> dict:
    """The site's part of every template context: header, navigation, icons, relative to
    the page. The navigation marks the page itself (aria-current="page") or the section
    the page is in (aria-current="true"). ``language``: the page's (default: the site's)."""
    language = language or site.language or "en"
    nav = []
    for crumb in site.nav:
        item = _link(crumb, root)
        item["current"] = "page" if crumb.url == page_url else "true" if crumb.url == section_url else ""
        nav.append(item)
    return {"name": site.name, "language": language, "nav": nav,
            "home_url": root, "home_current": page_url == "/",
            "favicon": site_link(root, sitepaths.FAVICON),
            "icon_192": site_link(root, sitepaths.ICON_192),
            "apple_touch_icon": site_link(root, sitepaths.APPLE_TOUCH_ICON),
            "locale": og_locale(language)}


def _authors(page: Page) -> list[Any]:
    return bylines.authors(page.byline, page.site.name)


def _json_ld(page: Page, canonical: str, description: str, images: tuple[SizedImage, ...]) -> dict:
    site = page.site
    language = language_of(page)
    zone = site.timezone
    modified = modified_time(page.published, page.updated)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.headline,
        "description": description,
        "url": canonical,
        "dateModified": _iso(modified, zone),
        "publisher": publisher_ld(site),
        "inLanguage": language,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": home_url(site)},
    }
    if page.published is not None:
        data["datePublished"] = _iso(page.published, zone)
    authors = _authors(page)
    # No byline: the newsroom itself is the author (the feeds say the same).
    data["author"] = [{"@type": a.kind, "name": a.name, "url": absolute_url(site.base_url, a.url)}
                      for a in authors] or [{"@type": "Organization", "name": site.name,
                                             "url": home_url(site)}]
    if images:
        data["image"] = [{"@type": "ImageObject", "url": absolute_url(site.base_url, i.url),
                          "width": i.width, "height": i.height} for i in images]
    if page.category_path:
        data["articleSection"] = page.category_path[-1].name
    if page.tags:
        data["keywords"] = [tag.name for tag in page.tags]
    crumbs = [(c.name, absolute_url(site.base_url, safe_href(c.url))) for c in page.category_path]
    # The page the article is the main entity of carries the breadcrumb the page shows.
    data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical, "breadcrumb": breadcrumb_ld(
        site, crumbs + [(page.headline or site.name, canonical)], language)}
    return data


def page_context(
    page: Page,
    *,
    css_href: str | None = None,
    inline_css: bool = False,
    asset_url: AssetUrl | None = None,
    body_html: str | None = None,
) -> dict[str, Any]:
    """Everything the templates see; plain data, so it is easy to test and to hash."""
    site = page.site
    language = language_of(page)
    root = root_of(page.url)
    assets = asset_url or rooted(root)
    if body_html is None:
        body_html = render_body(page.body_markdown, page.figures, assets, language)
    canonical = absolute_url(site.base_url, page.url)
    description = meta_description(page, body_html)
    hero = _image(page.hero, page.headline, HERO_SIZES, assets)
    if hero and hero["caption"]:
        hero["caption"] = text_for_language(hero["caption"], language)
    crops = page.hero.crops if page.hero else ()
    images = crops or site.share
    share = share_image(site, crops, hero["alt"] if hero else "")
    published = _time(page.published, site.timezone, language)
    modified = modified_time(page.published, page.updated)
    authors = {a.slug: a for a in _authors(page)}
    byline = [{"text": text, "url": site_link(root, authors[slugify(text.strip(), fallback="author")].url)
               if is_name else ""} for text, is_name in bylines.parts(page.byline)]
    return {
        "site": site_context(site, root, page.url,
                             page.category_path[0].url if page.category_path else "", language),
        "t": translator(language),
        "title": f"{page.headline} \u2013 {site.name}" if page.headline else site.name,
        "headline": text_for_language(page.headline, language),
        "og_title": page.headline or site.name,
        "standfirst": text_for_language(page.standfirst.strip(), language),
        "byline": byline,
        "description": description,
        "canonical": canonical,
        "robots": ROBOTS,
        "share": share,
        "published": published,
        "modified": _time(modified, site.timezone, language),
        "updated": (_time(modified, site.timezone, language)
                    if shows_updated(page.published, page.updated) else None),
        # Counted on the rendered body (tags out: one linear pass), not on the Markdown,
        # whose link and image patterns are slow on hostile text.
        "reading_minutes": reading_minutes(count_words(_TAGS.sub(" ", body_html))),
        "section": page.category_path[-1].name if page.category_path else "",
        "author_urls": [absolute_url(site.base_url, a.url) for a in authors.values()],
        "breadcrumb": [_link(c, root) for c in page.category_path],
        "kicker": _link(page.category_path[-1], root) if page.category_path else None,
        "hero": hero,
        "body": Markup(body_html),
        "source": ({"name": page.source_name.strip(), "url": safe_href(page.source_url)}
                   if page.source_name.strip() else None),
        "tags": [_link(t, root) for t in page.tags],
        "related": [card_markup(card, "h3", "lazy", assets, root=root) for card in page.related],
        "json_ld": script_json(_json_ld(page, canonical, description, images)),
        "css_href": css_href if css_href is not None else site_link(root, "/static/site.css"),
        "inline_css": Markup(assets_module.site_css()) if inline_css else None,
    }


_environment: jinja2.Environment | None = None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier run, kept in the user's cache folder: a command
    that renders one page would otherwise compile four templates first (40 ms). Jinja
    uses a compiled template only if it was made from the same source by the same
    Python; a cache that cannot be read or written is simply not used."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates() -> _CompiledTemplates | None:
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("desk", appauthor=False)) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


def environment() -> jinja2.Environment:
    global _environment
    if _environment is None:
        _environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(assets.templates_dir())),
            bytecode_cache=_compiled_templates(),
            autoescape=True,  # every field is data; only body/CSS/JSON-LD are Markup
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
        )
    return _environment


def render_page(
    page: Page,
    *,
    css_href: str | None = None,
    inline_css: bool = False,
    asset_url: Callable[[str], str] | None = None,
    body_html: str | None = None,
) -> str:
    """The complete article page, as the preview shows it. Same input, same bytes; the
    website's page is public_page() of it.

    ``asset_url`` maps every image URL (hero, inline figures, cards) for the place the
    page is shown (default: relative to the page, like every link between the site's
    pages); canonical, Open Graph and JSON-LD URLs stay absolute.
    ``body_html`` lets a live preview pass what its BodyRenderer already produced
    (identical to render_body's output) instead of rendering the body again.
    """
    context = page_context(
        page, css_href=css_href, inline_css=inline_css, asset_url=asset_url, body_html=body_html
    )
    return environment().get_template("article.html").render(context)


_PHOTO_REF = re.compile(r"photo:(\d{1,18})")


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}
# Plain forms of the frozen objects many pages share (the export's one Site, the cards of
# an article shown in several Related blocks), by identity; each entry keeps its object
# alive, so an id is never reused while it is here.
_SHARED = (Site, Card)
_shared_plain: dict[int, tuple[Any, Any]] = {}
_SHARED_LIMIT = 20_000


def _plain(value: Any) -> Any:
    # Called for every field of every page fingerprinted (10,000 on an export): the
    # dataclass fields of each type are looked up once.
    cls = type(value)
    if cls is str or cls is int or value is None:
        return value
    if cls in _SHARED:
        known = _shared_plain.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if len(_shared_plain) >= _SHARED_LIMIT:
            _shared_plain.clear()
        plain = _fields_plain(value, cls)
        _shared_plain[id(value)] = (value, plain)
        return plain
    if cls not in _FIELD_NAMES:
        _field_names(value, cls)
    if _FIELD_NAMES[cls] is not None:
        return _fields_plain(value, cls)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _field_names(value: Any, cls: type) -> tuple[str, ...] | None:
    if cls not in _FIELD_NAMES:
        is_data = dataclasses.is_dataclass(value) and not isinstance(value, type)
        _FIELD_NAMES[cls] = (tuple(f.name for f in dataclasses.fields(value) if f.name != "figures")
                             if is_data else None)
    return _FIELD_NAMES[cls]


def _fields_plain(value: Any, cls: type) -> dict[str, Any]:
    return {name: _plain(getattr(value, name)) for name in _field_names(value, cls) or ()}


def _templates() -> list[tuple[str, str]]:
    """The templates' text, read once per process: environment() compiles each template
    once too (auto_reload=False), so this is exactly what render_page uses."""
    if "texts" not in _template_cache:
        _template_cache["texts"] = sorted(
            (p.name, p.read_text(encoding="utf-8")) for p in assets.templates_dir().glob("*.html"))
    return _template_cache["texts"]


def _look_digest(css: str) -> str:
    """One hash of the templates and the stylesheet: hashed into every page's key, and
    cheaper than serialising 20 KB of them for every page of an export."""
    if _template_cache.get("css") != css:
        blob = json.dumps([_templates(), css], ensure_ascii=False)
        _template_cache["css"] = css
        _template_cache["digest"] = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    return _template_cache["digest"]


_template_cache: dict[str, Any] = {}


def page_fingerprint(
    page: Page,
    *,
    css_href: str | None = None,
    inline_css: bool = False,
    asset_url: Callable[[str], str] | None = None,
) -> str:
    """A hash that changes exactly when render_page's output may change: the page, the
    figures its body refers to, the options, the templates, the CSS and this code.
    Use it as the key of a rendered-HTML cache."""
    referenced = {}
    for photo_id in sorted({int(m) for m in _PHOTO_REF.findall(page.body_markdown)}):
        try:
            figure = resolve_figure(page.figures, photo_id)
        except (LookupError, ValueError):
            figure = None
        referenced[str(photo_id)] = _plain(figure)
    urls = [page.hero.src] if page.hero else []
    urls += [c.image.src for c in page.related if c.image]
    urls += [f["src"] for f in referenced.values() if f]
    figures = [page.hero] + [c.image for c in page.related]
    urls += [url for f in figures if f for url, _ in f.srcset]
    urls += [url for f in referenced.values() if f for url, _ in f["srcset"]]
    urls += [url for f in figures if f for url, _ in f.webp]
    urls += [url for f in referenced.values() if f for url, _ in f["webp"]]
    asset_url = asset_url or page_asset_url(page)
    payload = {
        "version": RENDERER_VERSION,
        "page": _plain(page),
        "figures": referenced,
        "options": {"css_href": css_href, "inline_css": inline_css},
        "assets": [asset_url(u) for u in urls],
        "look": _look_digest(assets.site_css()),
    }
    blob = _FINGERPRINT_JSON.encode(payload)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# What json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str) makes, without
# building an encoder per page.
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
