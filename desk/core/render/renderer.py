"""The one article renderer: the preview and the exported site both call render_page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from . import assets
from .body import render_body
from .markdown_pipeline import AssetUrl, srcset_attr
from .page import Card, Figure, Page, Site, resolve_figure
from .text import display_time, first_sentences, local_time, paragraphs_text, teaser
from .urls import safe_href

RENDERER_VERSION = "1"
DESCRIPTION_LIMIT = 160
HERO_SIZES = "(min-width: 46rem) 42rem, 100vw"
CARD_SIZES = "(min-width: 60rem) 16rem, (min-width: 36rem) 50vw, 100vw"

_FILE_NAME = re.compile(r"^[^\s/\\]+\.(?:jpe?g|png|gif|webp|tiff?|heic|heif|avif|bmp)$", re.I)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|www\.)", re.I)




def _identity(path: str) -> str:
    return path


def _link(crumb: Any) -> dict:
    return {"name": crumb.name, "url": safe_href(crumb.url)}


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
        body_html = render_body(page.body_markdown, page.figures)
    text = " ".join(paragraphs_text(body_html, enough=DESCRIPTION_LIMIT * 4))
    description = first_sentences(text, DESCRIPTION_LIMIT)
    return description or teaser(page.headline, DESCRIPTION_LIMIT)


def _image(figure: Figure | None, fallback_alt: str, sizes: str, asset_url: AssetUrl) -> dict | None:
    if figure is None:
        return None
    return {
        "src": asset_url(figure.src),
        "srcset": srcset_attr(figure, asset_url) if figure.srcset else "",
        "sizes": sizes if figure.srcset else "",
        "width": int(figure.width) if figure.width else None,
        "height": int(figure.height) if figure.height else None,
        "alt": meaningful_alt(figure.alt, fallback_alt),
        "caption": " ".join((figure.caption or "").split()),
        "credit": " ".join((figure.credit or "").split()),
    }


def _card(card: Card, asset_url: AssetUrl) -> dict:
    return {
        "url": safe_href(card.url),
        "headline": card.headline,
        "category_name": card.category_name,
        "category_url": safe_href(card.category_url),
        "teaser": teaser(card.teaser),
        "image": _image(card.image, card.headline, CARD_SIZES, asset_url),
    }


_card_markup: dict[tuple, Markup] = {}
_CARD_MARKUP_LIMIT = 20_000


def card_markup(card: Card, heading: str, loading: str, asset_url: AssetUrl) -> Markup:
    """A card as the macro of _cards.html draws it, remembered by value: an article's
    card shows in the Related blocks of several articles and on several listing pages,
    and drawing it was most of a listing page's time."""
    try:
        key: tuple | None = (card, heading, loading, asset_url)
        made = _card_markup.get(key)  # type: ignore[arg-type]
    except TypeError:  # a field that cannot be hashed (a list of srcset pairs)
        key, made = None, None
    if made is None:
        made = environment().get_template("_cards.html").module.card(_card(card, asset_url), heading, loading)
        if key is not None:
            if len(_card_markup) >= _CARD_MARKUP_LIMIT:
                _card_markup.clear()
            _card_markup[key] = made
    return made


def _time(moment: dt.datetime | None, zone: str) -> dict | None:
    if moment is None:
        return None
    local = local_time(moment, zone)
    return {"iso": local.isoformat(timespec="seconds"), "text": display_time(local)}


def _json_ld(page: Page, canonical: str, description: str, hero_url: str) -> dict:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.headline,
        "description": description,
        "dateModified": local_time(page.updated, page.site.timezone).isoformat(timespec="seconds"),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "publisher": {"@type": "Organization", "name": page.site.name},
        "inLanguage": page.site.language,
    }
    if page.published is not None:
        data["datePublished"] = local_time(page.published, page.site.timezone).isoformat(
            timespec="seconds"
        )
    if page.byline.strip():
        data["author"] = [{"@type": "Person", "name": page.byline.strip()}]
    if hero_url:
        data["image"] = [hero_url]
    if page.category_path:
        data["articleSection"] = page.category_path[-1].name
    if page.tags:
        data["keywords"] = [tag.name for tag in page.tags]
    return data


def page_context(
    page: Page,
    *,
    css_href: str = "/static/site.css",
    inline_css: bool = False,
    asset_url: AssetUrl = _identity,
    body_html: str | None = None,
) -> dict[str, Any]:
    """Everything the templates see; plain data, so it is easy to test and to hash."""
    site = page.site
    if body_html is None:
        body_html = render_body(page.body_markdown, page.figures, asset_url)
    canonical = absolute_url(site.base_url, page.url)
    description = meta_description(page, body_html)
    hero_url = absolute_url(site.base_url, page.hero.src) if page.hero else ""
    updated = _time(page.updated, site.timezone)
    published = _time(page.published, site.timezone)
    # Show "Updated" only when it says something the publication time does not.
    show_updated = page.published is None or abs(
        local_time(page.updated, site.timezone) - local_time(page.published, site.timezone)
    ) >= dt.timedelta(minutes=1)
    return {
        "site": {"name": site.name, "language": site.language or "en",
                 "nav": [_link(c) for c in site.nav],
                 "home_url": "/"},
        "title": f"{page.headline} \u2013 {site.name}" if page.headline else site.name,
        "headline": page.headline,
        "standfirst": page.standfirst.strip(),
        "byline": page.byline.strip(),
        "description": description,
        "canonical": canonical,
        "og_image": hero_url,
        "published": published,
        "updated": updated if show_updated else None,
        "breadcrumb": [_link(c) for c in page.category_path],
        "kicker": _link(page.category_path[-1]) if page.category_path else None,
        "hero": _image(page.hero, page.headline, HERO_SIZES, asset_url),
        "body": Markup(body_html),
        "source": ({"name": page.source_name.strip(), "url": safe_href(page.source_url)}
                   if page.source_name.strip() else None),
        "tags": [_link(t) for t in page.tags],
        "related": [card_markup(card, "h3", "lazy", asset_url) for card in page.related],
        "json_ld": script_json(_json_ld(page, canonical, description, hero_url)),
        "css_href": css_href,
        "inline_css": Markup(assets.site_css()) if inline_css else None,
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
    css_href: str = "/static/site.css",
    inline_css: bool = False,
    asset_url: Callable[[str], str] = _identity,
    body_html: str | None = None,
) -> str:
    """The complete article page. Same input, same bytes.

    ``asset_url`` maps every image URL (hero, inline figures, cards) for the place the
    page is shown, e.g. a preview scheme; canonical and Open Graph URLs stay public.
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
    css_href: str = "/static/site.css",
    inline_css: bool = False,
    asset_url: Callable[[str], str] = _identity,
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
