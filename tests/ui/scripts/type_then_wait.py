"""Child process for the kill test: open the window, type, report each autosave, and keep
typing until killed. Usage: type_then_wait.py DB_PATH SETTINGS_DIR"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6 import QtWebEngineWidgets  # noqa: E402,F401
from PySide6.QtCore import QCoreApplication, QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk.core.store.db import open_database  # noqa: E402
from desk.ui.preview.view import register_scheme  # noqa: E402

register_scheme()
from desk.ui.window.main_window import MainWindow  # noqa: E402
from desk.ui.window.services import Services  # noqa: E402


def main() -> None:
    db_url, settings_dir = sys.argv[1], sys.argv[2]  # a database URL (SQLite or PostgreSQL)
    app = QApplication([])
    QCoreApplication.setOrganizationName("DeskKillTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    window = MainWindow(Services.create(open_database(url=db_url)))
    window.show()
    body = window.editor.body

    def start_typing(_article_id: int) -> None:
        body.setFocus()
        body.moveCursor(body.textCursor().MoveOperation.End)
        QTest.keyClicks(body, " The minister arrived at noon.")

    def on_saved(saved) -> None:
        print("SAVED", repr(body.toPlainText()), flush=True)

    window.article_saved.connect(on_saved)
    window.article_opened.connect(start_typing)
    window.load_initial()

    def keep_typing() -> None:
        QTest.keyClicks(body, "x")

    timer = QTimer()
    timer.timeout.connect(keep_typing)
    window.article_saved.connect(lambda _s: timer.start(150))
    app.exec()


# Guarded: the preview's renderer process is spawned and imports this module again.
if __name__ == "__main__":
    main()
