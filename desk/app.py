"""Composition root of the workstation: arguments in, database opened, window built."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time

log = logging.getLogger("desk")


def prepare_qt_environment() -> None:
    """QtWebEngine's Chromium refuses to start as root unless its sandbox is off."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX"):
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        log.warning("running as root: QtWebEngine's sandbox is disabled (QTWEBENGINE_DISABLE_SANDBOX=1)")
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux"):
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            raise SystemExit(
                "desk: no display found; run under xvfb-run, or set QT_QPA_PLATFORM=offscreen"
            )


def run_gui(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def mark(phase: str) -> None:
        timings[phase] = round((time.perf_counter() - started) * 1000, 1)

    prepare_qt_environment()
    # QtWebEngineWidgets must be imported before the QApplication exists.
    from PySide6 import QtWebEngineWidgets  # noqa: F401

    from .ui.preview import register_scheme

    register_scheme()  # custom URL schemes must be known before the QApplication
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from . import __version__
    from .core.db import open_database
    from .core.errors import DeskError
    from .ui.main_window import MainWindow
    from .ui.services import Services

    mark("qt_imported")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Desk")
    app.setOrganizationName("Desk")
    app.setApplicationVersion(__version__)
    mark("app_created")
    try:
        db = open_database(getattr(args, "db", None), getattr(args, "database_url", None))
    except DeskError as exc:
        if args.smoke_test:
            print(f"desk: {exc}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, "Desk", str(exc))
        return 2
    mark("database_opened")
    services = Services.create(db)
    window = MainWindow(services)
    mark("window_built")
    window.show()
    mark("window_shown")

    if args.smoke_test:
        def finish(ok: bool) -> None:
            mark("preview_loaded")
            timings["articles_listed"] = window.article_count()
            print(json.dumps({"ok": ok, "timings_ms": timings}))
            window.close()
            app.exit(0 if ok else 1)

        window.list_loaded.connect(lambda: mark("list_loaded"))
        window.first_preview_ready.connect(finish)
        QTimer.singleShot(30000, lambda: finish(False))
        window.load_initial()
        code = app.exec()
        _drain(app)
        return code
    window.load_initial()
    code = app.exec()
    _drain(app)
    services.shutdown()
    return code


def _drain(app) -> None:
    """Run the deletes the closed window asked for (web pages before their profile)
    while the application still exists."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
