"""Who is at the keyboard: a name and initials, and the editing session's id.

The name comes from ``--user``, else DESK_USER (DESK_EDITOR, its older spelling), else
the OS account: the full name of its passwd entry (the gecos field) when it has one, the
login otherwise. Each window or command is one session, with an id of its own, so that
two windows of the same editor still hold their locks apart.
"""

from __future__ import annotations

import getpass
import os
import uuid
from dataclasses import dataclass
from typing import Any

ENV_NAMES = ("DESK_USER", "DESK_EDITOR")


@dataclass(frozen=True)
class Actor:
    name: str
    initials: str
    login: str
    session_id: str


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return ""


def full_name(login: str) -> str:
    """The passwd entry's full name (gecos up to its first comma), or ""."""
    try:
        import pwd

        gecos = pwd.getpwnam(login).pw_gecos if login else ""
    except (ImportError, KeyError):  # Windows; an account not in passwd
        return ""
    return " ".join(gecos.split(",", 1)[0].split())


def default_name(explicit: str | None = None) -> str:
    for candidate in (explicit, *(os.environ.get(name) for name in ENV_NAMES)):
        name = " ".join((candidate or "").split())
        if name:
            return name
    login = login_name()
    return full_name(login) or login


def initials_of(name: str) -> str:
    """"Marie Lambert" -> "ML", "jean-luc" -> "JL", "ops" -> "O"."""
    words = [w for w in name.replace("-", " ").replace(".", " ").replace("_", " ").split() if w]
    return "".join(w[0] for w in words[:3]).upper()


def new_actor(name: str | None = None, initials: str | None = None) -> Actor:
    chosen = default_name(name)
    return Actor(chosen, initials or initials_of(chosen), login_name(), uuid.uuid4().hex)


_current: Actor | None = None
_SESSION = uuid.uuid4().hex


def current() -> Actor:
    """This process's actor (the command line's; a window has its own on its Database):
    the one set, else the default name as the environment says now."""
    if _current is not None:
        return _current
    name = default_name()
    return Actor(name, initials_of(name), login_name(), _SESSION)


def set_current(actor: Actor | None) -> None:
    global _current
    _current = actor


def actor_of(session: Any) -> Actor:
    """The actor a unit of work writes for: its Database's, else the process's."""
    actor = session.info.get("desk_actor") if session is not None else None
    return actor if actor is not None else current()


def author_of(session: Any) -> str:
    return actor_of(session).name
