"""File › Export Article as HTML / as PDF: one article, exactly as the preview shows it.

HTML: one self-contained file (stylesheet inlined, images embedded), made by the core.
PDF: QtWebEngine prints that same file; Chromium lays it out as the preview does, with
the site stylesheet's print rules.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWidgets import QMessageBox, QWidget

from desk.core.articles import editing as articles
from desk.core.atomic import write_text
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.core.export import standalone_html
from desk.ui.dialogs import file_dialogs
from desk.ui.i18n.translation import translate

PDF_TIMEOUT_MS = 60000


def article_html(db: Database, article_id: int) -> str:
    """The self-contained page; a write session because a missing rendition is made and
    kept for next time."""
    with db.write("exporting the article") as session:
        return standalone_html(session, articles.get(session, article_id))


def export_article_html(db: Database, article_id: int, path: Path) -> Path:
    """Write the article as one HTML file (atomically). Raises DeskError."""
    path = Path(path)
    write_text(path, article_html(db, article_id))
    return path


class PdfExport(QObject):
    """Prints one article to a PDF file. ``finished(path, ok, message)`` once done."""

    finished = Signal(str, bool, str)

    def __init__(self, db: Database, article_id: int, path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self._db, self._article_id = db, article_id
        self._page: QWebEnginePage | None = None
        self._source: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._finish(False, "printing took too long"))
        self.done = False

    def start(self) -> None:
        try:
            html = article_html(self._db, self._article_id)
        except DeskError as exc:
            message = str(exc)  # `exc` is gone once the except block ends
            QTimer.singleShot(0, lambda: self._finish(False, message))
            return
        # A file, not setHtml: setHtml refuses pages over 2 MB, and embedded photos are big.
        fd, name = tempfile.mkstemp(prefix="desk-print-", suffix=".html")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        self._source = Path(name)
        self._page = QWebEnginePage(QWebEngineProfile.defaultProfile(), self)
        self._page.loadFinished.connect(self._loaded)
        self._page.pdfPrintingFinished.connect(self._printed)
        self._timer.start(PDF_TIMEOUT_MS)
        self._page.load(QUrl.fromLocalFile(name))

    @Slot(bool)
    def _loaded(self, ok: bool) -> None:
        if self.done:
            return
        if not ok:
            self._finish(False, "the page could not be laid out for printing")
            return
        layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                             QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        self._page.printToPdf(str(self.path), layout)

    @Slot(str, bool)
    def _printed(self, file_path: str, ok: bool) -> None:
        self._finish(ok, "" if ok else f"cannot write {file_path}")

    def _finish(self, ok: bool, message: str) -> None:
        if self.done:
            return
        self.done = True
        self._timer.stop()
        if self._source is not None:
            self._source.unlink(missing_ok=True)
        if self._page is not None:
            self._page.deleteLater()
            self._page = None
        self.finished.emit(str(self.path), ok, message)


def export_article_pdf(db: Database, article_id: int, path: Path, parent: QObject | None = None,
                       on_done: Callable[[str, bool, str], None] | None = None) -> PdfExport:
    """Start printing; the returned object emits ``finished(path, ok, message)``."""
    job = PdfExport(db, article_id, path, parent)
    if on_done is not None:
        job.finished.connect(on_done)
    job.start()
    return job


# --- the menu actions ------------------------------------------------------------------


def _suggested(db: Database, article_id: int, suffix: str) -> str:
    with db.read() as session:
        return articles.get(session, article_id, with_body=False).slug + suffix


def choose_and_export_html(parent: QWidget, db: Database, article_id: int) -> Path | None:
    """File › Export Article as HTML…"""
    name = file_dialogs.save_file(parent, translate("SingleExport", "Export Article as HTML"), file_dialogs.DOCUMENTS,
                                  _suggested(db, article_id, ".html"), "Web page (*.html)")
    if name is None:
        return None
    try:
        return export_article_html(db, article_id, name)
    except DeskError as exc:
        QMessageBox.warning(parent, translate("SingleExport", "Export Article as HTML"), str(exc))
        return None


def choose_and_export_pdf(parent: QWidget, db: Database, article_id: int) -> PdfExport | None:
    """File › Export Article as PDF… (printing continues in the background)."""
    name = file_dialogs.save_file(parent, translate("SingleExport", "Export Article as PDF"), file_dialogs.DOCUMENTS,
                                  _suggested(db, article_id, ".pdf"), "PDF (*.pdf)")
    if name is None:
        return None

    def done(path: str, ok: bool, message: str) -> None:
        if not ok:
            QMessageBox.warning(parent, translate("SingleExport", "Export Article as PDF"), message)

    return export_article_pdf(db, article_id, Path(name), parent, done)
