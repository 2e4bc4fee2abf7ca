"""Bylines: who wrote an article, read from the byline as typed.

A byline is free text ("Jane Doe and John Smith", "Jane Doe with AFP", "Desk newsroom").
The page links each name to its author page, the structured data types each one Person
or Organization, and the export writes one author page per name: all from ``authors``,
so the three always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desk.core.articles.slugs import slugify

# Between two names: commas, semicolons, "&", "and"/"et", "with"/"avec" (an agency
# credited alongside a reporter). Not "/": "Kyodo/MAXPPP" is one credit.
_SEPARATOR = re.compile(r"(\s*(?:[,;&]|\band\b|\bet\b|\bwith\b|\bavec\b)\s*)", re.I)
_LEADING_BY = re.compile(r"^\s*(?:by|par)\s+", re.I)
# Names of news agencies, and words that make a byline a desk rather than a person.
AGENCIES = frozenset(name.casefold() for name in (
    "AFP", "Agence France-Presse", "AP", "Associated Press", "Reuters", "dpa", "ANSA", "EFE",
    "Kyodo", "Kyodo News", "Xinhua", "Yonhap", "MaxPPP", "Bloomberg", "PA", "PA Media", "ANP",
    "Belga", "AAP", "TASS", "Anadolu", "Europa Press", "Keystone-ATS", "APA", "CTK", "PAP",
    "Jiji", "Jiji Press", "NTB", "TT", "Ritzau", "STT", "Lusa", "AGI", "Adnkronos",
))
_DESK_WORDS = re.compile(
    r"\b(?:newsroom|staff|desk|team|editors?|editorial|board|bureau|service|services|"
    r"correspondents|r[ée]daction|agency|agencies|agence|wire|wires)\b", re.I)


@dataclass(frozen=True)
class Author:
    name: str
    kind: str  # "Person" or "Organization" (schema.org types)
    slug: str  # its author page: /author/<slug>/

    @property
    def url(self) -> str:
        from desk.core.site.addresses import author_url

        return author_url(self.slug)


def kind_of(name: str, site_name: str = "") -> str:
    """Organization for an agency, a desk or the site itself; Person otherwise."""
    folded = name.casefold()
    if folded in AGENCIES or (site_name and folded == site_name.strip().casefold()):
        return "Organization"
    return "Organization" if _DESK_WORDS.search(name) else "Person"


def parts(byline: str) -> list[tuple[str, bool]]:
    """The byline as (text, is_a_name) pieces, in order, without a leading "By": the
    page shows exactly what was typed, the names linked."""
    text = _LEADING_BY.sub("", " ".join((byline or "").split()))
    out: list[tuple[str, bool]] = []
    for n, piece in enumerate(_SEPARATOR.split(text)):
        if not piece:
            continue
        is_name = n % 2 == 0 and bool(piece.strip()) and bool(slugify(piece.strip(), fallback=""))
        out.append((piece, is_name))
    return out


def authors(byline: str, site_name: str = "") -> list[Author]:
    """Each distinct name of the byline, in order."""
    seen: dict[str, Author] = {}
    for piece, is_name in parts(byline):
        if is_name:
            name = piece.strip()
            slug = slugify(name, fallback="author")
            if slug not in seen:
                seen[slug] = Author(name, kind_of(name, site_name), slug)
    return list(seen.values())
