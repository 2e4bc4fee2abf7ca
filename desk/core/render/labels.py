"""What the site's pages say around the article, in the page's language.

One definition per label: the templates (resources/templates) write ``t("Related
Articles")`` and this catalogue says it in French; a label without its French is a test
failure (tests/core/test_page_language.py reads every t("...") of the templates), and a
label the catalogue does not know is an error at render time, never English on a French
page. Dates are written here too, from small tables: no locale module, no Babel, so the
page never depends on the machine's locale.

English is the catalogue's key, so an English page is the templates' text exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desk.core.site.languages import base_language

# English label -> {language: translation}. ``{name}`` fields are filled by t(..., name=).
LABELS: dict[str, dict[str, str]] = {
    "Home": {"fr": "Accueil"},
    "Breadcrumb": {"fr": "Fil d’Ariane"},
    "Sections": {"fr": "Rubriques"},
    "Tags": {"fr": "Mots-clés"},
    "Pages": {"fr": "Pages"},
    "By": {"fr": "Par"},
    "Published": {"fr": "Publié le"},
    "Updated": {"fr": "Mis à jour le"},
    "{minutes} min read": {"fr": "{minutes}\u00a0min de lecture"},
    "This article was originally published on": {"fr": "Cet article a été publié initialement sur"},
    "Related Articles": {"fr": "Articles liés"},
    "page {page} of {pages}": {"fr": "page {page} sur {pages}"},
    "Page {page} of {pages}": {"fr": "Page {page} sur {pages}"},
    "‹ Newer": {"fr": "‹ Plus récents"},
    "Older ›": {"fr": "Plus anciens ›"},
    "No articles yet.": {"fr": "Aucun article pour l’instant."},
}
# The languages the pages are written in besides English (the catalogue's key).
PAGE_LANGUAGES = ("en", "fr")

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}


def page_language(language: str) -> str:
    """The catalogue language a page in ``language`` uses: fr-CA -> fr; a language the
    catalogue does not have yet -> en."""
    base = base_language(language)
    return base if base in PAGE_LANGUAGES else "en"


def label(text: str, language: str, **fields: object) -> str:
    """``text`` (an English label of LABELS) in ``language``, its fields filled in."""
    try:
        forms = LABELS[text]
    except KeyError:
        raise KeyError(f"page label {text!r} is not in the catalogue (desk/core/render/labels.py)") from None
    lang = page_language(language)
    said = text if lang == "en" else forms[lang]
    return said.format(**fields) if fields else said


def translator(language: str) -> Callable[..., str]:
    """t(label, **fields) for the templates: the page's labels in ``language``."""
    lang = page_language(language)
    return lambda text, **fields: label(text, lang, **fields)


def date_time_text(moment: dt.datetime, language: str) -> str:
    """A local time as the page shows it. English: '27 November 2026, 14:05 CET';
    French: '1er décembre 2026 à 14 h 05 CET' (the first of the month is "1er", the
    hour written "14 h 05", kept on one line by no-break spaces)."""
    zone = moment.tzname() or ""
    if page_language(language) == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        text = (f"{day}\u00a0{MONTHS['fr'][moment.month - 1]} {moment.year} à "
                f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}")
        return f"{text} {zone}".strip()
    return f"{moment.day} {MONTHS['en'][moment.month - 1]} {moment.year}, {moment:%H:%M} {zone}".strip()
