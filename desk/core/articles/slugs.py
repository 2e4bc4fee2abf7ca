"""Slugs: URL-safe names derived from headlines and category names."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 120

_SEPARATOR = "-"


def slugify(text: str, fallback: str = "article") -> str:
    """Lower-case words joined by hyphens. Latin accents are folded ("Köln" -> "koln");
    other scripts are kept as they are (a Korean headline keeps a Korean slug)."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) or not _is_latin_base(ch)
    )
    folded = unicodedata.normalize("NFC", folded).lower().replace("ß", "ss")
    # Letters, digits and combining marks (vowel signs of Indic scripts) are kept.
    kept = "".join(
        ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else _SEPARATOR
        for ch in folded
    )
    slug = kept.strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug or fallback


def _is_latin_base(mark: str) -> bool:
    # Combining marks after Latin letters are accents to drop; after other scripts they
    # are part of the spelling (Devanagari vowel signs, Hangul jamo) and must stay.
    return True if unicodedata.category(mark).startswith("M") and ord(mark) < 0x0370 else False


def is_valid_slug(slug: str) -> bool:
    return bool(slug) and slugify(slug, fallback="") == slug


def unique_slug(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
