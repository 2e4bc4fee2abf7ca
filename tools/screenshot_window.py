"""Screenshot of the workstation with one article open, for the README.

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu \
        python tools/screenshot_window.py DB SLUG OUT.png [--phone] [--tab NAME]
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
    parser.add_argument("out")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--tab", default="Article")
    parser.add_argument("--delay", type=int, default=5000)
    parser.add_argument("--crop-preview", action="store_true",
                        help="keep only the preview pane in the picture")
    args = parser.parse_args()
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

    from PySide6 import QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk.core.articles import editing as articles
    from desk.core.store.db import open_database
    from desk.ui.window.main_window import MainWindow
    from desk.ui.preview.view import register_scheme
    from desk.ui.window.services import Services

    register_scheme()
    app = QApplication([])
    db = open_database(args.db)
    window = MainWindow(Services.create(db))
    window.show()
    window.load_initial()
    with db.read() as session:
        article_id = articles.by_slug(session, args.slug).id
    window.open_article(article_id)
    row = window.model.row_of(article_id)
    if row >= 0:
        window.list_view.selectRow(row)
    if args.phone:
        window.preview.phone_button.click()
    for dock in (window.inspector_dock, window.history_dock):
        if dock.windowTitle() == args.tab:
            dock.raise_()

    def shoot() -> None:
        subprocess.run(["import", "-window", "root", args.out], check=True)
        if args.crop_preview:
            view = window.preview.view
            top_left = view.mapToGlobal(view.rect().topLeft())
            geometry = f"{view.width()}x{view.height()}+{top_left.x()}+{top_left.y()}"
            subprocess.run(["convert", args.out, "-crop", geometry, "+repage", args.out], check=True)
        window.close()
        app.quit()

    QTimer.singleShot(args.delay, shoot)
    app.exec()


if __name__ == "__main__":
    main()
