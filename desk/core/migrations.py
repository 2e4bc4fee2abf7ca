"""Alembic, driven from code: a database is created or upgraded when it is opened."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .. import paths
from .errors import DatabaseError

if TYPE_CHECKING:
    from .db import Database

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> bool:
    """Bring the schema to this program's head. Returns True when anything was done.

    A database stamped with a revision this program does not know was made by a newer
    Desk: refuse rather than guess.
    """
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(db)
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
