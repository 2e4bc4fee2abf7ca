"""Importing photos off the UI thread: files from a dialog or a drop, images or file URLs
from the clipboard. One worker thread imports one file at a time through the same core
function as `desk photo import`, so the window never waits on decoding or the database.

    importer = PhotoImporter(db, renditions=rendition_worker)
    importer.progress.connect(...)        # (done, total, file name)
    importer.import_files([Path(...)])
    importer.import_mime(clipboard.mimeData())
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from desk.core.photos import importing as photo_import
from desk.core.store.db import Database
from desk.core.errors import DeskError

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}


@dataclass(frozen=True)
class PastedImage:
    """Image bytes without a file (a paste); the name is what messages call it."""

    data: bytes
    name: str


Source = Path | PastedImage


@dataclass
class ImportReport:
    batch: int
    total: int
    imported: list[int] = field(default_factory=list)  # new photo ids, in order
    duplicates: list[int] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line reason)
    cancelled: bool = False
    photo_ids: list[int] = field(default_factory=list)  # new and known alike, in the order given


def sources_from_mime(mime: QMimeData) -> list[Source]:
    """What a drop or a paste offers: local files first (they keep their names and
    their embedded credits), else a bitmap, which only a screenshot-like paste carries."""
    if mime.hasUrls():
        files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if files:
            return files
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return [PastedImage(png_bytes(image), "pasted image.png")]
    return []


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class ImportWorker(QObject):
    """Lives in the importer's thread; each batch runs there, one file after another."""

    started = Signal(int, int)  # batch, total
    progress = Signal(int, int, int, str)  # batch, done, total, file name
    imported = Signal(int, int, bool)  # batch, photo id, duplicate
    failed = Signal(int, str, str)  # batch, file, reason
    finished = Signal(object)  # ImportReport

    def __init__(self, db: Database):
        super().__init__()
        self._db = db
        self._lock = threading.Lock()
        self._cancelled_upto = 0

    def cancel_upto(self, batch: int) -> None:
        """Called from the UI thread: batches up to this number stop at the next file."""
        with self._lock:
            self._cancelled_upto = max(self._cancelled_upto, batch)

    def _cancelled(self, batch: int) -> bool:
        with self._lock:
            return batch <= self._cancelled_upto

    @Slot(int, object)
    def run(self, batch: int, sources: Sequence[Source]) -> None:
        report = ImportReport(batch, len(sources))
        self.started.emit(batch, len(sources))
        for done, source in enumerate(sources):
            if self._cancelled(batch):
                report.cancelled = True
                break
            name = source.name
            self.progress.emit(batch, done, len(sources), name)
            try:
                if isinstance(source, PastedImage):
                    result = photo_import.import_bytes(self._db, source.data, source.name)
                else:
                    result = photo_import.import_file(self._db, source)
            except DeskError as exc:
                report.failed.append((str(source), str(exc)))
                self.failed.emit(batch, str(source), str(exc))
                continue
            except Exception as exc:  # one broken file must not end the batch
                log.exception("importing %s", source)
                message = f"{source}: unexpected error: {exc}"
                report.failed.append((str(source), message))
                self.failed.emit(batch, str(source), message)
                continue
            (report.duplicates if result.duplicate else report.imported).append(result.photo_id)
            report.photo_ids.append(result.photo_id)
            self.imported.emit(batch, result.photo_id, result.duplicate)
        else:
            self.progress.emit(batch, len(sources), len(sources), "")
        self.finished.emit(report)


class PhotoImporter(QObject):
    """The window's photo importer: batches queue up and run one after another in a
    worker thread. Give it a RenditionWorker and new photos get their web renditions
    made after each batch.

    Signals: started(total), progress(done, total, file name), photo_imported(photo id,
    duplicate), failed(file, reason), finished(ImportReport). ``busy`` says whether a
    batch is running or waiting.
    """

    started = Signal(int)
    progress = Signal(int, int, str)
    photo_imported = Signal(int, bool)
    failed = Signal(str, str)
    finished = Signal(object)

    _run = Signal(int, object)

    def __init__(self, db: Database, renditions: Any = None, parent: QObject | None = None):
        super().__init__(parent)
        self._renditions = renditions
        self._batches = 0
        self._finished = 0
        self._thread = QThread()
        self._thread.setObjectName("photo-import")
        self._worker = ImportWorker(db)
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run)
        self._worker.started.connect(lambda _batch, total: self.started.emit(total))
        self._worker.progress.connect(lambda _batch, done, total, name: self.progress.emit(done, total, name))
        self._worker.imported.connect(lambda _batch, photo_id, dup: self.photo_imported.emit(photo_id, dup))
        self._worker.failed.connect(lambda _batch, name, reason: self.failed.emit(name, reason))
        self._worker.finished.connect(self._on_finished)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._finished < self._batches

    @Slot(list)
    def import_files(self, paths: Sequence[Path | str]) -> int:
        """Queue files for import; returns the batch number (0 when there was nothing)."""
        return self._submit([Path(p) for p in paths])

    def import_data(self, data: bytes, name: str = "pasted image.png") -> int:
        return self._submit([PastedImage(data, name)])

    def import_mime(self, mime: QMimeData) -> bool:
        """Import what a drop or paste carries; False when it carries no image."""
        sources = sources_from_mime(mime)
        if sources:
            self._submit(sources)
        return bool(sources)

    @Slot()
    def cancel(self) -> None:
        """Stop the running batch at the next file and drop the queued ones."""
        self._worker.cancel_upto(self._batches)

    def _submit(self, sources: list[Source]) -> int:
        if not sources:
            return 0
        self._batches += 1
        self._run.emit(self._batches, sources)
        return self._batches

    def _on_finished(self, report: ImportReport) -> None:
        self._finished = report.batch
        if self._renditions is not None and report.imported:
            self._renditions.request(report.imported)
        self.finished.emit(report)

    def shutdown(self) -> None:
        """Cancel and stop the worker thread (the window calls this on close)."""
        self.cancel()
        self._thread.quit()
        self._thread.wait()
