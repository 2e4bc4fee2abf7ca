"""The first run on an empty database: a strip above the editor offering the demo
articles (with credited agency photos), an import of Markdown files, or a new article.

Loading the demo runs off the UI thread (it stores photos and their thumbnails);
``demo_loaded`` says when it is done, ``failed`` with the reason when it could not.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desk.core.store.db import Database
from desk.ui.i18n.translation import translate


def database_is_empty(db: Database) -> bool:
    """No article at all, not even in the trash."""
    with db.read_sql("counting the articles") as sql:
        return sql("SELECT count(*) FROM articles", ()).fetchone()[0] == 0


class _Relay(QObject):
    done = Signal(object)  # None, or the error's message


class Welcome(QWidget):
    demo_loaded = Signal()
    failed = Signal(str)
    import_requested = Signal()
    new_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcome")
        self._db = db
        self.setAutoFillBackground(True)
        self.setStyleSheet("#welcome { background: palette(alternate-base); }")
        self.label = QLabel(translate("Welcome", "<b>This database has no articles yet.</b> Start with the demo newsroom (six articles with credited agency photos), import your Markdown files, or write a new article."))
        self.label.setWordWrap(True)
        self.label.setAccessibleName(translate("Welcome", "Welcome"))
        self.demo_button = QPushButton(translate("Welcome", "Load the &Demo"))
        self.demo_button.setAccessibleName(translate("Welcome", "Load the demo articles"))
        self.import_button = QPushButton(translate("Welcome", "&Import Markdown…"))
        self.new_button = QPushButton(translate("Welcome", "&New Article"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label, 1)
        for button in (self.demo_button, self.import_button, self.new_button):
            layout.addWidget(button)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)
        self.demo_button.clicked.connect(self.load_demo)
        self.import_button.clicked.connect(self.import_requested.emit)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.hide()

    def load_demo(self) -> None:
        self.demo_button.setEnabled(False)
        self.label.setText(translate("Welcome", "Loading the demo articles and their photos…"))

        def work() -> None:
            from desk.core.site import demo
            from desk.core.errors import DeskError

            try:
                demo.install(self._db)
            except DeskError as exc:
                self._relay.done.emit(str(exc))
                return
            except Exception as exc:  # noqa: BLE001 - shown to the editor, nothing half-done
                self._relay.done.emit(f"the demo could not be loaded: {exc}")
                return
            self._relay.done.emit(None)

        threading.Thread(target=work, name="desk-demo", daemon=True).start()

    def _finished(self, error: str | None) -> None:
        self.demo_button.setEnabled(True)
        if error:
            self.label.setText(translate("Welcome", "<b>The demo was not loaded:</b> {error}").format(error=error))
            self.failed.emit(error)
            return
        self.hide()
        self.demo_loaded.emit()
