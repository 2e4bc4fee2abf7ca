"""What widgets are given: the database, settings and the background pool.

Widgets receive a Services object (or just the piece they need), never the whole app."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QThreadPool

from desk.core.site import settings as site_settings
from desk.core.store.db import Database


@dataclass
class Services:
    db: Database
    pool: QThreadPool
    site: site_settings.SiteSettings

    @classmethod
    def create(cls, db: Database) -> Services:
        with db.read() as session:
            site = site_settings.load(session)
        pool = QThreadPool()
        pool.setMaxThreadCount(2)
        return cls(db=db, pool=pool, site=site)

    def reload_settings(self) -> None:
        with self.db.read() as session:
            self.site = site_settings.load(session)

    def shutdown(self) -> None:
        self.pool.waitForDone(10000)
        self.db.close()
