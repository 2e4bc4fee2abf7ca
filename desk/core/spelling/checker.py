"""Spell checking over Hunspell, with no Qt: the words of a Markdown text, the
dictionaries found on the system (or shipped with Desk), and which words are flagged.

The binding is chunspell: a manylinux wheel carrying its own libhunspell, so a fresh
venv gets spell checking with no compiler and no system package. (pyhunspell checks
faster against the system library but builds from source against libhunspell-dev;
cyhunspell has no wheel for Python 3.11; spylls, pure Python, is far too slow for
French suggestions. Figures in the commit that chose it.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desk import paths
from desk.core.render.markdown_pipeline import PHOTO_SCHEME

# Where dictionaries are looked for, first found wins; Desk's own come last.
SYSTEM_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell"),
               Path("/usr/share/myspell/dicts"))
# A language tag -> the dictionary names tried for it, in order.
_NAMES = {"en": ("en_US", "en_GB"), "fr": ("fr", "fr_FR")}

# --- tokens -------------------------------------------------------------------------------

# Spans that are not prose: replaced by spaces (offsets stay) before words are read.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>|<!--.*?-->", re.S)
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHOTO = re.compile(re.escape(PHOTO_SCHEME) + r"\S*")
# A link's or an image's destination: ](...)
_DESTINATION = re.compile(r"\]\([^)\n]*\)")
# A word: letters, with inner apostrophes (l’État, aujourd'hui, don't) and hyphens
# (porte-parole). Digits make a token that is not checked (3e, 2026, G7).
_WORD = re.compile(r"[^\W_](?:[^\W_]|['’\-](?=[^\W_]))*")
_APOSTROPHES = "'’"
# French elisions checked apart: l’État is l’ + État.
_ELISION = re.compile(r"^(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=\w)")


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # offset in the text (Python characters)
    word: str


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def prose(text: str) -> str:
    """The text with everything that is not prose blanked out, offsets kept."""
    for pattern in (_FENCE, _CODE_SPAN, _HTML_TAG, _DESTINATION, _URL, _PHOTO):
        if pattern is _FENCE and "```" not in text and "~~~" not in text:
            continue
        text = _blank(text, pattern)
    return text


def tokens(text: str) -> Iterator[Token]:
    """The words of a Markdown text worth checking, with their offsets."""
    for m in _WORD.finditer(prose(text)):
        word = m.group(0)
        if any(c.isdigit() for c in word):
            continue
        yield Token(m.start(), word)


# --- dictionaries ---------------------------------------------------------------------------

def dictionary_dirs() -> list[Path]:
    return [*SYSTEM_DIRS, paths.resources_dir() / "dictionaries"]


def find_dictionary(language: str) -> tuple[Path, str] | None:
    """(folder, name) of the Hunspell dictionary for a language tag (en, fr, fr-CA), or None."""
    base = language.split("-")[0].lower()
    region = language.replace("-", "_")
    names = (region, *_NAMES.get(base, ()), base)
    for folder in dictionary_dirs():
        for name in names:
            if (folder / f"{name}.dic").is_file() and (folder / f"{name}.aff").is_file():
                return folder, name
    return None


@lru_cache(maxsize=8)
def _hunspell(folder: str, name: str):
    from hunspell import Hunspell  # chunspell

    return Hunspell(name, hunspell_data_dir=folder)


class Speller:
    """Checks words in one or more languages (an article's own, and a second one it quotes),
    accepting the personal dictionary's words and those ignored."""

    def __init__(self, languages: Iterable[str], accepted: Iterable[str] = ()):
        self.languages = [lang for lang in dict.fromkeys(languages) if lang]
        self.missing = [lang for lang in self.languages if find_dictionary(lang) is None]
        self._dicts = [_hunspell(str(found[0]), found[1]) for found in
                       (find_dictionary(lang) for lang in self.languages) if found]
        self.accepted = set(accepted)
        self._cache: dict[str, bool] = {}

    def accept(self, word: str) -> None:
        self.accepted.add(word)
        self._cache.pop(word, None)

    def known(self, word: str) -> bool | None:
        """The answer for a word already checked, else None (nothing is asked of Hunspell)."""
        if word in self.accepted:
            return True
        return self._cache.get(word)

    def correct(self, word: str) -> bool:
        known = self._cache.get(word)
        if known is None:
            known = self._cache[word] = self._check(word)
        return known

    def _check(self, word: str) -> bool:
        if not self._dicts or word in self.accepted:
            return True
        if any(d.spell(word) for d in self._dicts):
            return True
        elided = _ELISION.match(word)
        if elided and self.correct(word[elided.end():]):
            return True
        if "-" in word:
            return all(self.correct(part) for part in word.split("-") if part)
        if "’" in word:  # dictionaries spell don't with a straight apostrophe
            return self.correct(word.replace("’", "'"))
        return False

    def misspelled(self, text: str) -> list[Token]:
        return [t for t in tokens(text) if not self.correct(t.word)]

    def suggest(self, word: str, limit: int = 6) -> list[str]:
        """Suggestions, computed now (slow: tens to hundreds of ms): call when asked."""
        out: list[str] = []
        for d in self._dicts:
            for s in d.suggest(word):
                if s not in out:
                    out.append(s)
        return out[:limit]


def flagged_words(speller: Speller, *texts: str) -> list[str]:
    """Distinct words flagged in these texts, in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for token in speller.misspelled(text):
            seen.setdefault(token.word, None)
    return list(seen)
