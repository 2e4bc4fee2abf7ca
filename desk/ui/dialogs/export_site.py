"""File › Export Site…: choose a folder, export in the background, show what happened.

The export runs in a worker thread (the editor keeps typing; autosave keeps saving);
the dialog shows the file being written, can cancel before anything goes live, and
ends with a summary and a button that opens the home page in the browser.

Going to published is an explicit act: before an export that would put articles on the
site for the first time, the dialog reads what would go out (core/export/outgoing.py,
in a worker thread as well) and asks, naming them and what else happens; Cancel is the
default and writes nothing. An export that publishes nothing new is not questioned.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.site import settings as site_settings
from desk.core.store.db import Database
from desk.core.errors import DeskError
from desk.core.export import ExportCancelled, ExportSummary, export_site
from desk.core.export.outgoing import Outgoing, outgoing
from desk.core.articles.word_count import plural
from desk.ui.dialogs import file_dialogs
from desk.ui.i18n import locale_format
from desk.ui.i18n.translation import translate

FOLDER_KEY = "export/folder"
PROGRESS_EVERY_S = 0.05  # no more repaints than the eye can use


class ExportWorker(QObject):
    """Runs one export in the thread it is moved to."""

    progress = Signal(str, int, int)  # current item, done, total
    succeeded = Signal(object)  # ExportSummary
    failed = Signal(str)  # one-line reason
    cancelled = Signal()

    def __init__(self, db: Database, out: Path, *, full: bool, force: bool, base_url: str | None):
        super().__init__()
        self._db, self._out = db, out
        self._full, self._force, self._base_url = full, force, base_url
        self._stop = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._stop.set()  # read by the export between files; safe from any thread

    def _progress(self, item: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY_S or done >= total:
            self._last = now
            self.progress.emit(item, done, total)

    @Slot()
    def run(self) -> None:
        try:
            summary = export_site(self._db, self._out, full=self._full, force=self._force,
                                  base_url=self._base_url, progress=self._progress, cancel=self._stop)
        except ExportCancelled:
            self.cancelled.emit()
        except DeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - the dialog must say something, not hang
            self.failed.emit(f"export failed: {exc}")
        else:
            self.succeeded.emit(summary)
        finally:
            # quit() is thread-safe: the dialog may be blocked in wait() on the UI thread,
            # where a queued quit would never be delivered.
            self.thread().quit()


class OutgoingWorker(QObject):
    """Reads, in the thread it is moved to, what an export into ``out`` would publish."""

    succeeded = Signal(object)  # Outgoing
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, db: Database, out: Path, *, force: bool):
        super().__init__()
        self._db, self._out, self._force = db, out, force
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        try:
            going = outgoing(self._db, self._out, force=self._force)
        except DeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - the dialog must say something, not hang
            self.failed.emit(f"cannot tell what the export would publish: {exc}")
        else:
            if self._stop.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(going)
        finally:
            self.thread().quit()


class ExportDialog(QDialog):
    """``ExportDialog(db, parent).exec()``; ``folder`` preselects the output folder."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, folder: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("ExportDialog", "Export Site"))
        self.setMinimumWidth(560)
        self._db = db
        self._thread: QThread | None = None
        self._worker: ExportWorker | OutgoingWorker | None = None
        self.summary: ExportSummary | None = None
        # What the check found, acted on once its thread has finished; the folder it is for.
        self._checked: Outgoing | None = None
        self._pending_out: Path | None = None
        with db.read() as session:
            self._site = site_settings.load(session)

        self.folder_edit = QLineEdit(str(folder) if folder else QSettings().value(FOLDER_KEY, "", str))
        self.folder_edit.setPlaceholderText(translate("ExportDialog", "An empty folder, or one Desk exported to before"))
        choose = QPushButton(translate("ExportDialog", "Choose…"))
        choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(choose)

        self.incremental = QRadioButton(translate("ExportDialog", "Only what changed since the last export"))
        self.full = QRadioButton(translate("ExportDialog", "Everything (full rebuild)"))
        self.incremental.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.incremental)
        mode.addButton(self.full)
        self.force = QCheckBox(translate("ExportDialog", "Allow a folder holding other files (Desk never deletes them)"))
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText(
            self._site.base_url or translate("ExportDialog", "Not set: required here or in Preferences (https://…)"))

        form = QFormLayout()
        form.addRow(translate("ExportDialog", "Folder:"), folder_row)
        form.addRow(translate("ExportDialog", "Export:"), self.incremental)
        form.addRow("", self.full)
        form.addRow("", self.force)
        form.addRow(translate("ExportDialog", "Site address:"), self.base_url)

        self.current = QLabel(" ")
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(110)
        self.warnings.hide()

        self.export_button = QPushButton(translate("ExportDialog", "Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(translate("ExportDialog", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.server = None  # the SiteServer "Open in Browser" last used
        self.open_button = QPushButton(translate("ExportDialog", "Open in Browser"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_in_browser)
        self.close_button = QPushButton(translate("ExportDialog", "Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for button in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)

        # The question before articles go on the site for the first time.
        self.confirm_box = QGroupBox(translate("ExportDialog", "Publish on the site?"))
        self.confirm_text = QLabel()
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_text.setStyleSheet("font-weight: bold;")
        self.confirm_more = QLabel()  # what else happens: updated, taken off, held back
        self.confirm_more.setWordWrap(True)
        self.confirm_button = QPushButton(translate("ExportDialog", "Export and Publish"))
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self._confirmed)
        self.confirm_cancel = QPushButton(translate("ExportDialog", "Cancel"))
        self.confirm_cancel.clicked.connect(self._declined)
        confirm_row = QHBoxLayout()
        confirm_row.addStretch(1)
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addWidget(self.confirm_cancel)
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addWidget(self.confirm_more)
        confirm_layout.addLayout(confirm_row)
        self.confirm_box.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.result)
        layout.addWidget(self.warnings)
        layout.addLayout(buttons)

    # --- actions -----------------------------------------------------------------------

    def _choose_folder(self) -> None:
        chosen = file_dialogs.existing_folder(self, translate("ExportDialog", "Export the site into"), file_dialogs.EXPORTS,
                                              self.folder_edit.text().strip())
        if chosen is not None:
            self.folder_edit.setText(str(chosen))

    @property
    def running(self) -> bool:
        return self._thread is not None

    @Slot()
    def start(self) -> None:
        if self.running:
            return
        text = self.folder_edit.text().strip()
        if not text:
            self._show_error(translate("ExportDialog", "Choose a folder to export into."))
            return
        out = Path(text).expanduser()
        QSettings().setValue(FOLDER_KEY, str(out))
        self.summary = None
        self.open_button.setEnabled(False)
        self.warnings.hide()
        self.result.setText("")
        self._hide_question()
        self.bar.setRange(0, 0)
        self.current.setText(translate("ExportDialog", "Reading what the export would publish…"))
        self._set_running(True)
        # First what would go out: the question comes before anything is written.
        worker = OutgoingWorker(self._db, out, force=self.force.isChecked())
        self._pending_out = out
        self._start_thread(worker)
        worker.succeeded.connect(self._on_checked)

    def _run_export(self, out: Path) -> None:
        self.summary = None
        self.open_button.setEnabled(False)
        self.warnings.hide()
        self.result.setText("")
        self.bar.setRange(0, 0)  # busy until the first file is known
        self.current.setText(translate("ExportDialog", "Reading the articles…"))
        self._set_running(True)
        worker = ExportWorker(self._db, out, full=self.full.isChecked(), force=self.force.isChecked(),
                              base_url=self.base_url.text().strip() or None)
        self._start_thread(worker)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)

    def _start_thread(self, worker: ExportWorker | OutgoingWorker) -> None:
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()

    # --- the question ------------------------------------------------------------------

    @Slot(object)
    def _on_checked(self, going: Outgoing) -> None:
        self._checked = going  # acted on when the thread has finished (_on_thread_finished)

    def _after_check(self, going: Outgoing, out: Path) -> None:
        if not going.asks:
            self._run_export(out)
            return
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.current.setText(" ")
        self.confirm_text.setText(going.headline())
        self.confirm_more.setText("\n".join(f"• {line}" for line in going.consequences()))
        self._pending_out = out
        self.confirm_box.show()
        # Wrapped labels need the room their text takes: the dialog grows to show all of it.
        self.adjustSize()
        self.export_button.setEnabled(False)
        # Return must not publish: the dialog's default moves to Cancel while it asks.
        self.export_button.setDefault(False)
        self.confirm_cancel.setDefault(True)
        self.confirm_cancel.setFocus()

    def _hide_question(self) -> None:
        shown = not self.confirm_box.isHidden()
        self.confirm_box.hide()
        if shown:
            self.adjustSize()  # give back the room the question took
        self.confirm_cancel.setDefault(False)
        self.export_button.setDefault(True)
        self.export_button.setEnabled(not self.running)

    @Slot()
    def _confirmed(self) -> None:
        out, self._pending_out = self._pending_out, None
        self._hide_question()
        if out is not None and not self.running:
            self._run_export(out)

    @Slot()
    def _declined(self) -> None:
        self._pending_out = None
        self._hide_question()
        self.result.setText(translate("ExportDialog", "Nothing exported; the site in the folder is as it was."))

    @Slot()
    def cancel(self) -> None:
        self._pending_out = None  # a check still running leads to nothing
        if isinstance(self._worker, OutgoingWorker):
            self._worker.cancel()
            self._on_cancelled()
            return
        if self._worker is not None:
            self.cancel_button.setEnabled(False)
            self.current.setText(translate("ExportDialog", "Cancelling…"))
            self._worker.cancel()

    @Slot()
    def open_in_browser(self) -> None:
        """The site as a web server shows it (a file:// URL breaks folder links): from a
        server on 127.0.0.1 that outlives this dialog, so the browser tab keeps working."""
        if self.summary is None:
            return
        from desk.core.export import serve

        self.server = serve.shared(self.summary.out)
        QDesktopServices.openUrl(QUrl(self.server.url))

    def reject(self) -> None:
        # Closing while exporting cancels; nothing of the run goes live.
        if self.running:
            self.cancel()
            self.wait_until_idle()
        super().reject()

    def wait_until_idle(self, timeout_ms: int = 60000) -> None:
        if self._thread is not None:
            self._thread.wait(timeout_ms)
            self._on_thread_finished()

    # --- worker signals ----------------------------------------------------------------

    @Slot(str, int, int)
    def _on_progress(self, item: str, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        self.current.setText(item)

    @Slot(object)
    def _on_succeeded(self, summary: ExportSummary) -> None:
        self.summary = summary
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.current.setText(str(summary.out))
        warnings = len(summary.warnings)
        self.result.setText(
            translate("ExportDialog", "{written} written, {unchanged} unchanged, {removed} removed, %n warning(s) "
                      "({seconds} s).", "", warnings).format(
                written=locale_format.number(len(summary.written)),
                unchanged=locale_format.number(summary.unchanged),
                removed=locale_format.number(len(summary.removed)),
                seconds=locale_format.number(summary.seconds, 1)))
        if summary.warnings:
            self.warnings.setPlainText("\n".join(summary.warnings))
            self.warnings.show()
        self.open_button.setEnabled(summary.index.is_file())

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._show_error(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.current.setText(" ")
        self.result.setText(translate("ExportDialog", "Export cancelled; the site in the folder is as it was."))

    def _show_error(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.current.setText(" ")
        self.result.setText(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        if self._thread is None:
            return
        # The worker has no parent, so Python owns it: dropping the reference (now that
        # its thread has finished) deletes it. A deleteLater as well would free it twice.
        self._thread.deleteLater()
        self._thread, self._worker = None, None
        self._set_running(False)
        going, self._checked = self._checked, None
        if going is not None and self._pending_out is not None:
            self._after_check(going, self._pending_out)

    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.folder_edit, self.incremental, self.full, self.force, self.base_url):
            widget.setEnabled(not running)
