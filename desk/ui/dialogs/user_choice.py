"""Who is this? Asked once, at the first start on a database other editors use.

The database knows its editors (users table). When it knows someone other than the
default name (``--user``, DESK_USER, the OS account) and this machine has not answered
for this database before, a small dialog lists them, with "New editor…"; the answer is
kept (QSettings) for the next start.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QWidget

from ...core.errors import DeskError
from ...core.newsroom import identity, users

NEW = "New editor…"


def _key(db: Any) -> str:
    where = str(db.path or db.engine.url.render_as_string(hide_password=True))
    return "newsroom/user-" + hashlib.sha256(where.encode()).hexdigest()[:12]


def known_names(db: Any) -> list[str]:
    try:
        with db.read() as session:
            return [user.name for user in users.known(session)]
    except DeskError:
        return []


def choose_actor(db: Any, *, explicit: bool, ask: bool = True, parent: QWidget | None = None) -> identity.Actor:
    """The actor for this window: the explicit or remembered name, else asked for when
    the database is shared, else the default."""
    default = identity.current()
    named = any(os.environ.get(name, "").strip() for name in identity.ENV_NAMES)
    if explicit or named or not ask:
        return default
    remembered = QSettings().value(_key(db))
    if remembered:
        return identity.new_actor(str(remembered))
    names = known_names(db)
    if not names or names == [default.name]:
        return default
    choices = ([default.name] if default.name not in names else []) + names + [NEW]
    name, ok = QInputDialog.getItem(parent, "Who is editing?",
                                    "This database is shared. Choose your name:", choices,
                                    choices.index(default.name), False)
    if not ok:
        return default
    if name == NEW:
        name, ok = QInputDialog.getText(parent, "New editor", "Your name:")
        name = " ".join(name.split()) if ok else ""
        if not name:
            return default
    QSettings().setValue(_key(db), name)
    return identity.new_actor(name)
