"""Allow-list sanitising of rendered body HTML with nh3 (Ammonia).

Runs on Markdown's output, so it sees whatever raw HTML the editor (or a paste) put in
the body. Anything not listed here is dropped; script-like elements lose their content.
"""

from __future__ import annotations

import re

import nh3

from desk.core.render.guards import RESERVED
from desk.core.render.urls import (
    LIST_ATTRIBUTES,
    SAFE_SCHEMES,
    UNSAFE_SCHEMES,
    URL_ATTRIBUTES,
    safe_srcset,
    safe_url,
)

TAGS = frozenset(
    """
    a abbr b blockquote br caption cite code col colgroup dd del div dl dt em figcaption
    figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp small
    source span strong sub sup table tbody td tfoot th thead tr u ul
    """.split()
)

# Elements whose content is code or foreign markup, not text: removed with their content.
CLEAN_CONTENT_TAGS = frozenset(
    "script style iframe object embed noscript template svg math textarea select title".split()
)

GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "dir", "lang", "data-src-line"})

# Beyond the brief's list: 'start' (ordered lists that do not start at 1), 'align' and
# 'colspan'/'rowspan' (tables), 'media'/'type' (<source>) and 'dir'/'lang' (mixed
# right-to-left text) carry meaning and no risk.
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href"},
    # Where a quotation comes from: a URL, under the same rule as every other.
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite"},
    "ins": {"cite"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "source": {"srcset", "sizes", "media", "type", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
}

URL_SCHEMES = SAFE_SCHEMES

_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_INTEGER = re.compile(r"[0-9]{1,6}\Z")
_SIZES = re.compile(r"[0-9A-Za-z(),.:%\s-]{1,500}\Z")


def _make_filter(schemes: frozenset[str]):
    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        # nh3 checks the schemes of href and src itself, not of srcset: every URL-bearing
        # attribute gets urls.py's rule here, whatever nh3 does.
        if attribute in URL_ATTRIBUTES:
            return safe_url(value, schemes)
        if attribute in LIST_ATTRIBUTES:
            return safe_srcset(value, schemes)
        if attribute == "data-src-line":
            return value if value == RESERVED or _INTEGER.match(value) else None
        if attribute in ("width", "height", "start", "colspan", "rowspan", "span"):
            return value if _INTEGER.match(value.strip()) else None
        if attribute == "sizes":
            return value if _SIZES.match(value) else None
        if attribute == "loading":
            return value if value in ("lazy", "eager") else None
        return value

    return attribute_filter


_FILTERS = {URL_SCHEMES: _make_filter(URL_SCHEMES)}
# One configured sanitiser per set of schemes (nh3.Cleaner, where this nh3 has it):
# nh3.clean converts every option to Rust again on each call, which cost as much as
# sanitising a short body.
_CLEANERS: dict[frozenset[str], object] = {}


def _options(schemes: frozenset[str]) -> dict:
    attribute_filter = _FILTERS.get(schemes)
    if attribute_filter is None:
        attribute_filter = _FILTERS.setdefault(schemes, _make_filter(schemes))
    return {
        "tags": set(TAGS),
        "clean_content_tags": set(CLEAN_CONTENT_TAGS),
        "attributes": {tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        "attribute_filter": attribute_filter,
        "url_schemes": set(schemes),
        "strip_comments": True,
        "link_rel": "noopener noreferrer",
    }


def sanitize(html: str, extra_schemes: frozenset[str] = frozenset()) -> str:
    """The allow-listed subset of ``html``; relative URLs are kept.

    ``extra_schemes`` admits the application's own asset scheme (a preview may map
    photo URLs to one); it never includes anything that runs code.
    """
    schemes = URL_SCHEMES | (extra_schemes - UNSAFE_SCHEMES)
    cleaner = _CLEANERS.get(schemes)
    if cleaner is None:
        make = getattr(nh3, "Cleaner", None)
        if make is None:  # an nh3 before Cleaner
            return nh3.clean(html, **_options(schemes))
        cleaner = _CLEANERS.setdefault(schemes, make(**_options(schemes)))
    return cleaner.clean(html)  # type: ignore[attr-defined]


def asset_schemes(asset_url) -> frozenset[str]:
    """The URL scheme an ``asset_url`` mapping produces, if any, for the allow-list."""
    scheme = _SCHEME.match(asset_url("/media/probe.jpg") or "")
    if scheme is None or scheme.group(1).lower() in URL_SCHEMES | UNSAFE_SCHEMES:
        return frozenset()
    return frozenset({scheme.group(1).lower()})
