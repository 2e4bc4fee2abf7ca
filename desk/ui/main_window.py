"""The main window: article list, preview, menus and status bar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
)

from .. import __version__
from ..core import pages
from ..core.errors import DeskError
from .article_list_model import ArticleListModel
from .services import Services


class MainWindow(QMainWindow):
    list_loaded = Signal()
    first_preview_ready = Signal(bool)

    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        self.setWindowTitle("Desk")
        self.setObjectName("MainWindow")
        self.resize(1400, 900)

        self.model = ArticleListModel(services.db, services.site.tz, self)
        self.list_view = QTableView()
        self.list_view.setAccessibleName("Articles")
        self.list_view.setModel(self.model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(True)
        self.list_view.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
        self.list_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list_view.verticalHeader().hide()
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.preview = QWebEngineView()
        self.preview.setAccessibleName("Preview")
        self._first_preview_pending = True
        self.preview.loadFinished.connect(self._on_preview_loaded)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.list_view)
        self.splitter.addWidget(self.preview)
        self.splitter.setSizes([450, 950])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menus()
        self._restore_layout()

    # --- menus ------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.import_action = self._action("&Import Markdown…", self.import_markdown)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        view_menu = bar.addMenu("&View")
        self.refresh_action = self._action("&Refresh List", self.model.reload, QKeySequence.StandardKey.Refresh)
        view_menu.addAction(self.refresh_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About Desk", self.about))

    # --- loading ----------------------------------------------------------------------
    def load_initial(self) -> None:
        self.model.reload()
        self._update_status()
        self.list_loaded.emit()
        self.list_view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        if self.model.rowCount() > 0:
            self.list_view.selectRow(0)
        else:
            self.preview.setHtml(pages.empty_page(self.services.site), QUrl("desk://preview/"))

    def article_count(self) -> int:
        return self.model.total

    def _on_current_changed(self, current, _previous) -> None:
        article_id = self.model.article_id(current.row())
        if article_id is None:
            return
        try:
            with self.services.db.read() as session:
                html = pages.preview_html(session, article_id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), 10000)
            return
        self.preview.setHtml(html, QUrl("desk://preview/"))

    def _on_preview_loaded(self, ok: bool) -> None:
        if self._first_preview_pending:
            self._first_preview_pending = False
            self.first_preview_ready.emit(ok)

    def _update_status(self) -> None:
        self.status_label.setText(f"{self.model.total} articles")

    # --- actions ----------------------------------------------------------------------
    def import_markdown(self) -> None:
        from pathlib import Path

        from ..core.importer import import_paths

        files, _ = QFileDialog.getOpenFileNames(self, "Import Markdown", "", "Markdown (*.md)")
        if not files:
            return
        try:
            report = import_paths(self.services.db, [Path(f) for f in files])
        except DeskError as exc:
            QMessageBox.warning(self, "Import", str(exc))
            return
        self.model.reload()
        self._update_status()
        self.statusBar().showMessage(
            f"Imported {len(report.created)} new, {len(report.updated)} updated", 5000
        )

    def about(self) -> None:
        QMessageBox.about(self, "About Desk", f"Desk {__version__}\nThe editorial workstation.")

    # --- layout memory ----------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)
