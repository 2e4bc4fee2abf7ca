"""The core's fixed words as the window shows them: statuses, the site settings' labels
and help, language names. The core keeps them in English (the command line and the files
speak English); the window looks each up here. tests/ui/i18n/test_translations.py checks that
every status and setting of the core is listed, so a new one cannot slip through
untranslated.

Messages the core composes (a refused slug, a locked database, a checklist finding with
its figures) are not listed: they reach the window as one English line and are shown as
they are.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desk.ui.i18n.translation import translate

STATUS_LABELS = {
    "draft": QT_TRANSLATE_NOOP("Status", "draft"),
    "review": QT_TRANSLATE_NOOP("Status", "review"),
    "ready": QT_TRANSLATE_NOOP("Status", "ready"),
    "published": QT_TRANSLATE_NOOP("Status", "published"),
    "archived": QT_TRANSLATE_NOOP("Status", "archived"),
}

SETTING_TEXTS = (
    QT_TRANSLATE_NOOP("Setting", "Site name"),
    QT_TRANSLATE_NOOP("Setting", "shown in the page header and titles"),
    QT_TRANSLATE_NOOP("Setting", "Base URL"),
    QT_TRANSLATE_NOOP("Setting", "the site's public address, e.g. https://news.example.org"),
    QT_TRANSLATE_NOOP("Setting", "Language"),
    QT_TRANSLATE_NOOP("Setting", "BCP 47 tag: en, fr, fr-CA…"),
    QT_TRANSLATE_NOOP("Setting", "Time zone"),
    QT_TRANSLATE_NOOP("Setting", "IANA name: dates are shown in it"),
    QT_TRANSLATE_NOOP("Setting", "Headline limit"),
    QT_TRANSLATE_NOOP("Setting", "characters before the checklist warns"),
    QT_TRANSLATE_NOOP("Setting", "Standfirst limit"),
    QT_TRANSLATE_NOOP("Setting", "Default byline"),
    QT_TRANSLATE_NOOP("Setting", "given to new articles"),
    QT_TRANSLATE_NOOP("Setting", "Logo"),
    QT_TRANSLATE_NOOP("Setting", "a photo of the library"),
    QT_TRANSLATE_NOOP("Setting", "Default share image"),
    QT_TRANSLATE_NOOP("Setting", "shown when a shared article has no photo (at least 200 x 200)"),
)

# desk/core/photo_library.py FLAGS, shown by the photo library's filter.
PHOTO_FLAGS = (
    QT_TRANSLATE_NOOP("PhotoFlag", "Missing alt text"),
    QT_TRANSLATE_NOOP("PhotoFlag", "Missing credit"),
    QT_TRANSLATE_NOOP("PhotoFlag", "Has restrictions"),
)

LANGUAGE_NAMES = {
    "en": QT_TRANSLATE_NOOP("Language", "English"),
    "fr": QT_TRANSLATE_NOOP("Language", "French"),
}


def status(name: str) -> str:
    """A status as the window shows it ("brouillon" for draft in French)."""
    return translate("Status", STATUS_LABELS[name]) if name in STATUS_LABELS else name


def setting(text: str) -> str:
    """A setting's label or help, from core/settings.py."""
    return translate("Setting", text)


def language(tag: str, name: str) -> str:
    return translate("Language", LANGUAGE_NAMES[tag]) if tag in LANGUAGE_NAMES else name
