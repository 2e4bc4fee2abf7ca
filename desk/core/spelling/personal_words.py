"""What spell checking keeps in the database: each user's personal dictionary, and per
article a second language and the words ignored in it. Also who the user is and which
language an article is written in, each behind one function so that users (issue 18)
and article languages (issue 16, item 1) plug in at one place."""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from desk.core.spelling.checker import Speller

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk.core.store.models import Article

MAX_WORD = 255


def current_user() -> str:
    """Whose personal dictionary applies: the OS account name (until Desk has users)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # a container without a passwd entry
        return ""


def article_language(session: Session, article: Article) -> str:
    """The language an article is checked in: the site's, until articles carry their own."""
    from desk.core.site import settings

    return settings.load(session).language


def personal_words(session: Session, user: str | None = None) -> set[str]:
    from sqlalchemy import select

    from desk.core.store.models import PersonalWord

    who = current_user() if user is None else user
    return set(session.scalars(select(PersonalWord.word).where(PersonalWord.user == who)))


def add_personal_word(session: Session, word: str, user: str | None = None) -> None:
    from desk.core.errors import InputError
    from desk.core.store.models import PersonalWord

    word = word.strip()
    if not word or len(word) > MAX_WORD or any(c.isspace() for c in word):
        raise InputError(f"{word[:40]!r} is not a word that can go into the dictionary")
    who = current_user() if user is None else user
    if session.get(PersonalWord, (who, word)) is None:
        session.add(PersonalWord(user=who, word=word))
        session.flush()


def _row(session: Session, article_id: int, create: bool = False):
    from desk.core.store.models import ArticleSpelling

    row = session.get(ArticleSpelling, article_id)
    if row is None and create:
        row = ArticleSpelling(article_id=article_id, extra_language="", ignored=[])
        session.add(row)
    return row


def extra_language(session: Session, article_id: int) -> str:
    row = _row(session, article_id)
    return row.extra_language if row is not None else ""


def set_extra_language(session: Session, article_id: int, language: str) -> None:
    from desk.core.site.settings import check

    language = check("language", language) if language.strip() else ""
    _row(session, article_id, create=True).extra_language = language
    session.flush()


def ignored_words(session: Session, article_id: int) -> list[str]:
    row = _row(session, article_id)
    return list(row.ignored or []) if row is not None else []


def ignore_word(session: Session, article_id: int, word: str) -> None:
    row = _row(session, article_id, create=True)
    if word not in (row.ignored or []):
        row.ignored = [*(row.ignored or []), word]  # a new list: JSON columns see assignment
    session.flush()


def speller_for(session: Session, article: Article) -> Speller:
    """The speller of this article: its language, its second one, the user's words and
    the words ignored in it."""
    languages = [article_language(session, article)]
    if article.id is not None:
        languages.append(extra_language(session, article.id))
    accepted = personal_words(session)
    if article.id is not None:
        accepted |= set(ignored_words(session, article.id))
    return Speller(languages, accepted)
