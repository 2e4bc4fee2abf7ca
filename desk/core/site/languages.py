"""Which language an article is written in: its own, else the site's.

The one answer for everything that depends on it: the page's <html lang>, og:locale and
JSON-LD inLanguage, its labels, dates and typography (render/labels.py, typography.py),
the feeds, and which spelling dictionary applies. No imports beyond the standard library
and the settings' rule, so the renderer and the window can both call it.
"""

from __future__ import annotations

from typing import Any

from desk.core.site.settings import LANGUAGES, SiteSettings, check_language

__all__ = ["LANGUAGES", "article_language", "base_language", "check_language", "own_language"]


def own_language(value: Any) -> str | None:
    """An article's own language as stored: a checked tag, or None ("" too) to follow the
    site's. Raises InputError with the rule's one-line reason."""
    if value is None or not str(value).strip():
        return None
    return check_language(value)


def article_language(article: Any, settings: SiteSettings) -> str:
    """The BCP 47 tag ``article`` is written in: its own ``language`` when it has one,
    else the site's default (settings.language). Decides the page's language, its
    typography and the spelling dictionary."""
    return getattr(article, "language", None) or settings.language or "en"


def base_language(language: str) -> str:
    """fr-CA -> fr, en -> en: what the page's labels and typography go by."""
    return (language or "en").replace("_", "-").split("-")[0].lower()
