"""The interface in the user's language: Qt translators (translation), the core's fixed
words as the window shows them (core_labels), dates and numbers for the locale
(locale_format)."""
