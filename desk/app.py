"""Composition root of the workstation: arguments in, database opened, window built."""

from __future__ import annotations

import argparse
import gc
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


def settle_heap() -> None:
    """Move everything made at start-up out of the collector's sight. The cyclic garbage
    collector's full passes walk every object Python tracks (about 100,000 once Qt,
    SQLAlchemy and the window are loaded: 30 ms, a dropped keystroke); start-up objects
    live as long as the window, so later passes need only look at newer ones."""
    gc.collect(1)  # the young generations only: a full pass would stall the window 50-70 ms
    gc.freeze()


# How long a Python thread may keep the interpreter lock while another one waits for it
# (Python's default is 5 ms). Every Qt call from Python releases the lock and every slot
# called from Qt takes it back, about 15-20 times per keystroke; while the autosave,
# preview or checklist thread runs Python, each of those waits out the interval. Typing in
# the window while another thread ran Python without pause, the longest keystroke spent
# 101 ms waiting for the lock at 5 ms and 14 ms at 1 ms (issue 3). A thread alone is never
# asked to switch, so the lower interval costs nothing when only one thread works.
SWITCH_INTERVAL_S = 0.001
PRELOAD_POLL_MS = 10  # how often the UI thread looks whether the background imports are done


def share_interpreter_lock() -> None:
    """Let the UI thread take the interpreter lock back quickly from worker threads."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def run_gui(args: argparse.Namespace) -> int:
    """Open the workstation. The list is on screen before SQLAlchemy is imported: the
    window's shell shows the first page read with sqlite3 (core/first_screen.py), and
    the database is opened and the window completed right after that first paint. A
    database the first screen cannot read (new, to be upgraded, not SQLite, ...) opens
    the usual way, database first."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def mark(phase: str) -> None:
        timings.setdefault(phase, round((time.perf_counter() - started) * 1000, 1))

    prepare_qt_environment()
    share_interpreter_lock()
    # QtWebEngineWidgets must be imported before the QApplication exists.
    from PySide6 import QtWebEngineWidgets  # noqa: F401

    from desk.ui.preview.scheme import register_scheme

    register_scheme()  # custom URL schemes must be known before the QApplication
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desk import __version__
    from desk.core.errors import DeskError

    mark("qt_imported")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Desk")
    app.setOrganizationName("Desk")
    app.setApplicationVersion(__version__)
    from desk.ui.i18n import translation as i18n
    from desk.ui.window import palette

    i18n.install(i18n.saved_language())  # before any widget: texts are looked up as they are made
    palette.apply()  # light or dark before the first paint: no flash of the other
    mark("app_created")

    db_path = getattr(args, "db", None)
    db_url = getattr(args, "database_url", None)
    first = None
    if not db_url or db_url.startswith("postgres"):
        from desk import paths
        from desk.core.articles import first_screen

        first = first_screen.read(db_url or db_path or paths.default_database_path())
        mark("first_screen_read")

    from desk.ui.window.main_window import MainWindow

    opened: dict[str, object] = {}

    def open_services():
        from desk.core.store.db import open_database
        from desk.ui.window.services import Services

        try:
            db = open_database(db_path, db_url)
        except DeskError as exc:
            if args.smoke_test:
                print(f"desk: {exc}", file=sys.stderr)
            else:
                QMessageBox.critical(None, "Desk", str(exc))  # the core's message, in English
            return None
        mark("database_opened")
        services = opened["services"] = Services.create(db)
        return services

    def adopt(services) -> None:
        """The window is complete: File › Open Database… can replace it from now on."""
        host = opened.setdefault("host", Workstation(smoke_test=args.smoke_test))
        host.adopt(window, services)

    if first is None:
        services = open_services()
        if services is None:
            return 2
        window = MainWindow(services)
        adopt(services)
        mark("window_built")
    else:
        window = MainWindow(site=first.site)

    def complete() -> None:
        """Open the database (importing SQLAlchemy) and complete the window, in steps:
        between them the event loop runs, and the window, list on screen, answers."""
        if "started" in opened:
            return
        opened["started"] = True
        services = open_services()
        if services is None:
            window.close()  # closes the preview's web page too, before its profile
            app.exit(2)
            return

        def built() -> None:
            adopt(services)
            mark("window_built")
            QTimer.singleShot(0, load)

        def load() -> None:
            window.load_initial()
            QTimer.singleShot(0, settle_heap)

        QTimer.singleShot(0, lambda: window.attach_in_steps(services, built))

    window.list_loaded.connect(lambda: mark("list_loaded"))
    window.list_shown.connect(lambda: mark("list_shown"))
    if args.smoke_test:
        heartbeat = Heartbeat()
        window.list_shown.connect(heartbeat.start)

        def filled(_article_id: int) -> None:
            mark("editor_filled")  # the article in the editor and the inspector
            # The first free turn of the event loop after it: a key pressed now is answered.
            QTimer.singleShot(0, lambda: mark("input_ready"))

        window.article_opened.connect(filled)

        def finish(ok: bool) -> None:
            mark("preview_loaded")
            heartbeat.stop()
            timings["longest_stall_ms"] = round(heartbeat.longest_s * 1000, 1)
            stalls = [[round((end - started) * 1000, 1), round(late * 1000, 1)]
                      for end, late in heartbeat.stalls]
            timings["articles_listed"] = window.article_count()
            # The clock's origin, so a harness that ran Desk can relate the timings to its own.
            print(json.dumps({"ok": ok, "timings_ms": timings, "clock_origin_s": started,
                              "stalls_ms": stalls}))
            window.close()
            app.exit(0 if ok else 1)

        window.first_preview_ready.connect(finish)
        QTimer.singleShot(30000, lambda: finish(False))

    def preload_then_complete() -> None:
        """Import what complete() needs in a thread (desk/preload.py), then complete."""
        if "preload" in opened:
            return
        from desk import preload

        thread = opened["preload"] = preload.start()

        def complete_when_imported() -> None:
            if thread.is_alive():
                QTimer.singleShot(PRELOAD_POLL_MS, complete_when_imported)
            else:
                complete()

        complete_when_imported()

    if first is not None:
        window.show_first_screen(first)
        # The rest right after the list is painted (or soon, should it not be: minimised).
        window.list_shown.connect(lambda: QTimer.singleShot(0, preload_then_complete))
        QTimer.singleShot(1000, preload_then_complete)
        window.show()
        mark("window_shown")
    else:
        window.show()
        mark("window_shown")
        window.load_initial()
        QTimer.singleShot(0, settle_heap)
    code = app.exec()
    _drain(app)
    host = opened.get("host")
    services = host.services if host is not None else opened.get("services")
    if services is not None and not args.smoke_test:
        services.shutdown()
    return code


class Heartbeat:
    """The longest the UI thread went without running its event loop (a timer due every
    few milliseconds that fired late): how long a key or a click could wait unanswered."""

    INTERVAL_MS = 5
    STALL_S = 0.05  # a pause a typist notices (RAIL's 50 ms task budget)

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest_s = 0.0
        self.stalls: list[tuple[float, float]] = []  # (perf_counter at its end, seconds) over STALL_S
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = now - self._last - self.INTERVAL_MS / 1000
        self.longest_s = max(self.longest_s, late)
        if late > self.STALL_S:
            self.stalls.append((now, late))
        self._last = now

    def stop(self) -> None:
        if self._timer.isActive():
            self._tick()
        self._timer.stop()


class Workstation:
    """The window and the services of the database it shows. File › Open Database… (and
    New Database…, Open Recent) replace both: the new database is opened first, so that a
    file Desk cannot open leaves the window as it was; then the window closes the usual
    way (its edits saved, its layout kept, which the new window takes up)."""

    def __init__(self, smoke_test: bool = False):
        self.window = None
        self.services = None
        self._smoke_test = smoke_test

    def adopt(self, window, services) -> None:
        from desk.ui.window import recent

        self.window, self.services = window, services
        window.database_requested.connect(self.switch)
        if services.db.path is not None and not self._smoke_test:
            recent.add(services.db.path)

    def switch(self, path: str):
        """Open the database at ``path`` in a new window; returns it (None: not opened)."""
        from pathlib import Path

        from PySide6.QtWidgets import QApplication, QMessageBox

        from desk.core.store.db import open_database
        from desk.core.errors import DeskError
        from desk.ui.window.main_window import MainWindow
        from desk.ui.window.services import Services

        old_window, old_services = self.window, self.services
        target = Path(path).expanduser().absolute()
        if old_services is not None and old_services.db.path is not None \
                and old_services.db.path.absolute() == target:
            return old_window  # already open
        try:
            db = open_database(target)
            services = Services.create(db)
        except DeskError as exc:
            from desk.ui.i18n.translation import translate

            QMessageBox.warning(old_window, translate("Workstation", "Open Database"), f"{target}: {exc}")
            return None
        app = QApplication.instance()
        quits = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # between the two windows there is none
        try:
            if old_window is not None and not old_window.close():
                services.shutdown()  # the editor chose to keep the window (unsaved work)
                return None
            if old_services is not None:
                old_services.shutdown()
            window = MainWindow(services)
            self.adopt(window, services)
            window.show()
            window.load_initial()
        finally:
            app.setQuitOnLastWindowClosed(quits)
        if old_window is not None:
            old_window.deleteLater()
        return window


def _drain(app) -> None:
    """Run the deletes the closed window asked for (web pages before their profile)
    while the application still exists."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
