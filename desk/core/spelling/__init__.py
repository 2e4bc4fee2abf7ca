"""Spell checking: the Hunspell checker over Markdown text (checker) and each user's
personal dictionary kept in the database (personal_words)."""
