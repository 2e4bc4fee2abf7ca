"""The README's screenshots at one screen size: the window, the photo panel, the Desktop
preview and Preferences, taken from the X screen the window opened on.

    Xvfb :71 -screen 0 1366x768x24 &
    DISPLAY=:71 QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu \\
        python tools/screenshots.py DB SLUG OUT_DIR

Writes OUT_DIR/{window,photos,preview,preferences}-<W>x<H>.png (with --language fr,
window-fr-<W>x<H>.png, ...). The window opens as an
editor's first launch would (its size planned from the screen; no saved layout: run
with a fresh HOME), the article SLUG open, its first attached photo selected in the
library.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("slug")
    parser.add_argument("out", type=Path)
    parser.add_argument("--settle-ms", type=int, default=2500)
    parser.add_argument("--language", choices=("en", "fr"),
                        help="the interface's language; the files are then named window-fr-<W>x<H>.png, ...")
    args = parser.parse_args()
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

    from PySide6 import QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk.core.articles import editing as articles, attachments
    from desk.core.store.db import open_database
    from desk.ui.window import palette
    from desk.ui.window.main_window import MainWindow
    from desk.ui.preview.scheme import register_scheme
    from desk.ui.window.services import Services
    from desk.ui.i18n import translation as i18n

    register_scheme()
    app = QApplication([])
    app.setOrganizationName("DeskScreenshots")
    if args.language:
        i18n.install(args.language)
    palette.apply()
    db = open_database(args.db)
    window = MainWindow(Services.create(db))
    window.show()
    window.load_initial()
    with db.read() as session:
        article_id = articles.by_slug(session, args.slug).id
        links = attachments.attached(session, article_id)
    photo_id = links[0].photo_id if links else None
    size = window.screen().size()
    suffix = f"{size.width()}x{size.height()}"
    args.out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        app.processEvents()
        language = f"{args.language}-" if args.language else ""
        path = args.out / f"{name}-{language}{suffix}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(path)

    steps = []

    def step(delay_ms: int):
        def add(function):
            steps.append((delay_ms, function))
            return function
        return add

    @step(args.settle_ms)
    def open_article() -> None:
        row = window.model.row_of(article_id)
        window.list_view.selectRow(row)
        window.inspector_dock.raise_()

    @step(args.settle_ms)
    def the_window() -> None:
        shoot("window")
        window.photos_dock.raise_()
        if photo_id is not None:
            window.photo_library.select_photo(photo_id)

    @step(args.settle_ms)
    def the_photos() -> None:
        shoot("photos")
        window.preview_dock.raise_()
        window.preview.desktop_button.click()

    @step(args.settle_ms)
    def the_preview() -> None:
        shoot("preview")
        window.inspector_dock.raise_()
        from desk.ui.dialogs.preferences import PreferencesDialog

        dialog = window._screenshot_dialog = PreferencesDialog(db, window)
        dialog.show()

    @step(1000)
    def the_preferences() -> None:
        shoot("preferences")
        window._screenshot_dialog.reject()
        window.close()
        app.quit()

    def run(index: int = 0) -> None:
        if index < len(steps):
            delay, function = steps[index]
            QTimer.singleShot(delay, lambda: (function(), run(index + 1)))

    run()
    app.exec()


if __name__ == "__main__":
    main()
