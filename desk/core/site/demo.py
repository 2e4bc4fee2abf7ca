"""Demo content: a handful of articles, categories and credited photos from resources/demo."""

from __future__ import annotations

from desk import paths
from desk.core.store.db import Database
from desk.core.articles.importer import ImportReport, import_paths


def demo_dir():
    return paths.resources_dir() / "demo"


def install(db: Database) -> ImportReport:
    return import_paths(db, [demo_dir()])
