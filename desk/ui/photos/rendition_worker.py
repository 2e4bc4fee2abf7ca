"""Web renditions in the background: a thread hands photos to a pool of worker
processes (rendition_jobs) and writes the results, so neither the UI thread nor the
GIL stands in the way. Requests made while a batch runs are queued behind it.

    renditions = RenditionWorker(db)
    renditions.request([photo_id, ...])
    renditions.progress.connect(...)   # (done, total)
"""

from __future__ import annotations

import concurrent.futures as futures
import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desk.core.photos import rendition_jobs
from desk.core.store.db import Database

log = logging.getLogger(__name__)


class _Runner(QObject):
    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(self, db: Database, make_pool: Callable[[], futures.Executor], workers: int):
        super().__init__()
        self._db = db
        self._make_pool = make_pool
        self._workers = workers
        self._pool: futures.Executor | None = None
        self.stop = threading.Event()

    @Slot(object)
    def run(self, photo_ids: Sequence[int]) -> None:
        if self.stop.is_set():
            return
        if self._pool is None:
            # Started on first use: spawning the processes costs a second the window
            # should not pay at start-up.
            self._pool = self._make_pool()
        try:
            report = rendition_jobs.make_all(self._db, photo_ids, self._pool, workers=self._workers,
                                             should_stop=self.stop.is_set, progress=self.progress.emit)
        except Exception as exc:  # a database error: report, keep the thread alive
            log.exception("making renditions")
            report = rendition_jobs.Report(failed={i: str(exc) for i in photo_ids})
        self.finished.emit(report)

    def close_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class RenditionWorker(QObject):
    """Signals: progress(done, total) per request, finished(rendition_jobs.Report).

    ``make_pool`` builds the executor (default: two worker processes); tests pass a
    thread pool to stay light."""

    progress = Signal(int, int)
    finished = Signal(object)
    _run = Signal(object)

    def __init__(self, db: Database, *, workers: int = 2,
                 make_pool: Callable[[], futures.Executor] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._pending = 0
        self._thread = QThread()
        self._thread.setObjectName("renditions")
        self._runner = _Runner(db, make_pool or (lambda: rendition_jobs.new_pool(workers)), workers)
        self._runner.moveToThread(self._thread)
        self._run.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.finished.connect(self._on_finished)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    @Slot(list)
    def request(self, photo_ids: Sequence[int]) -> None:
        if not photo_ids:
            return
        self._pending += 1
        self._run.emit(list(photo_ids))

    def _on_finished(self, report: rendition_jobs.Report) -> None:
        self._pending = max(0, self._pending - 1)
        self.finished.emit(report)

    def shutdown(self) -> None:
        """Stop after the photos in flight and end the worker processes."""
        self._runner.stop.set()
        self._thread.quit()
        self._thread.wait()
        self._runner.close_pool()
