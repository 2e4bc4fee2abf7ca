"""The editors a database knows: one row per name, seen again at each start."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import User, utcnow
from .identity import Actor


def ensure(session: Session, actor: Actor) -> User:
    """The actor's row, made on first use. Two editors starting at once with the same
    name both succeed: the second finds the first's row (a savepoint keeps the unit of
    work usable after the unique constraint refuses the insert)."""
    user = session.scalar(select(User).where(User.name == actor.name))
    if user is None:
        try:
            with session.begin_nested():
                user = User(name=actor.name, initials=actor.initials, login=actor.login)
                session.add(user)
        except IntegrityError:
            user = session.scalar(select(User).where(User.name == actor.name))
            assert user is not None
    user.last_seen = utcnow()
    if actor.initials and user.initials != actor.initials:
        user.initials = actor.initials
    return user


def known(session: Session) -> list[User]:
    """Everyone, the most recently seen first (the chooser's order)."""
    return list(session.scalars(select(User).order_by(User.last_seen.desc(), User.name)))
