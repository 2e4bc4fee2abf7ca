"""Alembic, driven from code: a database is created or upgraded when it is opened."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from desk import paths
from desk.core.errors import DatabaseError

if TYPE_CHECKING:
    from desk.core.store.db import Database

log = logging.getLogger(__name__)


# The newest revision in db/versions (a test keeps the two in step). Opening a database
# already at this revision needs no Alembic at all, which keeps start-up quick; the
# window's first screen (first_screen.py) reads only a database at this revision.
# SQLAlchemy is imported inside the functions: reading HEAD must not import it.
HEAD = "0006"


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(db: Database) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            return None  # a new, empty database


def upgrade(db: Database) -> bool:
    """Bring the schema to this program's head. Returns True when anything was done.

    A database stamped with a revision this program does not know was made by a newer
    Desk: refuse rather than guess.
    """
    current = current_revision(db)
    if current == HEAD:
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    if current == head:
        return False
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            where = db.path or db.engine.url.render_as_string(hide_password=True)
            raise DatabaseError(
                f"cannot open database {where}: its schema ({current}) is newer than this "
                f"Desk understands; upgrade Desk"
            ) from None
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database schema upgraded from %s to %s", current, head)
    return True
