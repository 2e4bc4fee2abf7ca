"""The one rule for URLs that reach a page: what may stay in ``href``, ``src``, each
``srcset`` entry, ``poster``, ``action``, ``formaction``, ``xlink:href``, ``cite`` and every
other attribute that holds a URL, and in the links the templates draw.

Browsers drop control characters and whitespace around and inside a URL's scheme
(``"\\x01java\\nscript:"`` runs as ``javascript:``), so the scheme is judged on the URL
without them, and the URL is kept without them. Only http(s), mailto, relative URLs and
Desk's own schemes (a preview's asset scheme, passed in) are kept.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Never admitted, even when asked for as "Desk's own".
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "blob", "photo", "livescript",
                            "jar", "ms-its", "mhtml", "view-source", "filesystem"})

# Attributes whose value is a URL (HTML, SVG and MathML), or a list of URLs (srcset).
URL_ATTRIBUTES = frozenset({
    "href", "src", "poster", "action", "formaction", "xlink:href", "cite", "background",
    "longdesc", "data", "codebase", "ping", "manifest", "icon", "lowsrc", "dynsrc", "usemap",
    "profile", "archive", "classid", "itemtype", "xml:base", "base",
})
LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})

_IGNORED = re.compile("[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_DESCRIPTOR = re.compile(r"[0-9]+w|[0-9]+(?:\.[0-9]+)?x|[0-9]+h\Z")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower-cased; None for a relative URL."""
    m = _SCHEME.match(_IGNORED.sub("", url or ""))
    return m.group(1).lower() if m else None


def safe_url(url: str, schemes: frozenset[str] = SAFE_SCHEMES) -> str | None:
    """``url`` without control characters and surrounding spaces, if following it cannot
    run code: its scheme is in ``schemes`` (never one of UNSAFE_SCHEMES) or it has none.
    None otherwise."""
    scheme = scheme_of(url)
    if scheme is not None and (scheme not in schemes or scheme in UNSAFE_SCHEMES):
        return None
    return _CONTROLS.sub("", url or "").strip(" ")


def safe_srcset(value: str, schemes: frozenset[str] = SAFE_SCHEMES) -> str | None:
    """A srcset with every candidate URL passed by ``safe_url``; None when any fails (the
    attribute is then dropped whole) or nothing is left."""
    candidates = []
    # The candidates' syntax (WHATWG): a URL (no spaces), then descriptors up to a comma.
    for candidate in _CONTROLS.sub(" ", value or "").split(","):
        parts = candidate.split()
        if not parts:
            continue
        url = safe_url(parts[0], schemes)
        if url is None:
            return None
        descriptors = [d for d in parts[1:2] if _DESCRIPTOR.fullmatch(d)]
        candidates.append(" ".join([url] + descriptors))
    return ", ".join(candidates) or None


def safe_href(url: str) -> str:
    """``url`` for a link the templates draw, or "" when it could run code."""
    return safe_url(url) or ""
