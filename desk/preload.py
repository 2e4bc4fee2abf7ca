"""Importing in the background what completing the window needs, while the list is on
screen and the event loop runs.

Completing the window (app.run_gui's complete: the database's engine, MainWindow.attach,
the first article) first imports SQLAlchemy, the models and the panels: about a second of
imports, during which the window, list already shown, would not answer. Imported in a
thread instead, they leave the UI thread free: the interpreter lock changes hands every
millisecond (app.SWITCH_INTERVAL_S) while the thread executes modules. Only imports run
there, and SQLAlchemy's mapper set-up (guarded by its own lock, and done before any
query otherwise); no Qt object is made (the modules hold Qt value types at most: QSize,
QUrl, QRegularExpression), and nothing else is imported on the UI thread until the
thread is done, so two threads never import the same modules at once.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

MODULES = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "desk.core.store.models",
    "desk.core.articles.editing",
    "desk.core.articles.categories",
    "desk.ui.window.services",
    "desk.ui.editor.article_editor",
    "desk.ui.photos.article_photos",
    "desk.ui.editor.autosave",
    "desk.ui.panels.checklist",
    "desk.ui.editor.find_replace",
    "desk.ui.panels.history",
    "desk.ui.panels.inspector",
    "desk.ui.photos.import_queue",
    "desk.ui.photos.library",
    "desk.ui.photos.credit_panel",
    "desk.ui.preview.view",
    "desk.ui.photos.rendition_worker",
)


def start(modules: tuple[str, ...] = MODULES) -> threading.Thread:
    def run() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # imported again on the UI thread, which reports it
                log.debug("preloading %s failed", name, exc_info=True)
        try:
            from sqlalchemy.orm import configure_mappers

            configure_mappers()
        except Exception:  # done again when the engine is made, and reported
            log.debug("configuring the mappers in advance failed", exc_info=True)

    thread = threading.Thread(target=run, name="desk-preload", daemon=True)
    thread.start()
    return thread
