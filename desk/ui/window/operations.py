"""One way for changes to flow: every write the window makes goes through here.

Like Anki's ``CollectionOp`` and ``OpChanges``: a widget hands ``Operations.run`` the work
(a function of a session), what the work changes (a ``Changes``), and what to do on
success or failure. The work runs in one unit of work on the writer thread (the thread
the autosaver writes in, so edits and operations reach the database in the order they
were made); the callbacks run on the UI thread; then ``changed`` is emitted once, and
every panel that shows stored state (the list, the inspector, the category picker, the
checklist, the history, the photo panel, the status bar) follows it. No panel has to be
told by the widget that made the change, so none is forgotten.

``Changes.versions`` carries each touched article's version after the write: the
autosaver follows it, so an operation's own version bump (a trash, a restore, a photo) is
never taken for a change made elsewhere.
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from desk.core.store.db import Database
from desk.core.errors import DeskError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changes:
    """What a write changed, for the panels that show it."""

    articles: frozenset[int] = frozenset()  # their stored fields changed
    list: bool = False  # which articles the list holds may differ (status, trash, new, import)
    categories: bool = False
    revisions: bool = False  # the history of ``articles`` gained a revision
    attachments: bool = False  # photos attached to ``articles`` changed
    photos: frozenset[int] = frozenset()  # photos whose credit fields changed
    versions: dict[int, int] = field(default_factory=dict)  # article -> version after the write
    saved: bool = True  # a write reached the database ("Saved" follows)

    @classmethod
    def of(cls, articles: Iterable[int] = (), **kwargs: Any) -> Changes:
        return cls(articles=frozenset(a for a in articles if a is not None), **kwargs)


@dataclass
class _Job:
    what: str
    work: Callable[[Any], Any]
    changes: Changes | Callable[[Any], Changes]
    done: Callable[[Any], None] | None
    failed: Callable[[DeskError], None] | None
    unit: bool = True  # work(session) in one unit of work; else work() opens its own
    result: Any = None
    error: Exception | None = None


class _Writer(QObject):
    """Lives in the writer thread: runs each job in its own unit of work."""

    finished = Signal(object)  # _Job

    def __init__(self, db: Database, follow_versions: Callable[[int, int], None] | None = None):
        super().__init__()
        self._db = db
        self._follow_versions = follow_versions

    @Slot(object)
    def execute(self, job: _Job) -> None:
        from desk.core.articles import editing as articles

        try:
            if job.unit:
                with self._db.write(job.what) as session:
                    job.result = job.work(session)
                    changes = job.changes(job.result) if callable(job.changes) else job.changes
                    session.flush()
                    versions = articles.versions(session, changes.articles)
            else:
                job.result = job.work()
                changes = job.changes(job.result) if callable(job.changes) else job.changes
                with self._db.read() as session:
                    versions = articles.versions(session, changes.articles)
            job.changes = replace(changes, versions=versions)
            if self._follow_versions is not None:
                # Told here, in the writer thread, before the next queued autosave runs:
                # told later on the UI thread, keys typed meanwhile were saved against the
                # version before this write and refused as "changed elsewhere".
                for article_id, version in versions.items():
                    self._follow_versions(article_id, version)
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread, which tells the editor
            if not isinstance(exc, DeskError):
                log.exception("operation %r failed", job.what)
            job.error = exc
        self.finished.emit(job)


class Operations(QObject):
    """The UI-thread face: ``run`` a write, follow ``changed``."""

    changed = Signal(object)  # Changes
    failed = Signal(str, str)  # what, message: for a job without its own failure callback
    _submit = Signal(object)

    def __init__(self, db: Database, thread: QThread | None = None, parent: QObject | None = None,
                 follow_versions: Callable[[int, int], None] | None = None):
        """``thread``: the writer thread to run in (the window passes the autosaver's);
        without, a widget used on its own shares one writer thread of the application.
        ``follow_versions(article, version)``: called in the writer thread after each
        write (the autosaver's thread-safe ``track``)."""
        super().__init__(parent)
        self._writer = _Writer(db, follow_versions)
        thread = thread if thread is not None else _shared_thread()
        self._writer.moveToThread(thread)
        # Kept alive by the module, not by this object: Python would otherwise delete it
        # from the UI thread when this object goes, while it lives in the writer thread.
        _WRITERS.append(self._writer)
        thread.finished.connect(self._writer.deleteLater)
        self._submit.connect(self._writer.execute)
        self._writer.finished.connect(self._finished)
        self._running: list[_Job] = []

    def run(self, what: str, work: Callable[[Any], Any], changes: Changes | Callable[[Any], Changes], *,
            done: Callable[[Any], None] | None = None,
            failed: Callable[[DeskError], None] | None = None, unit: bool = True) -> None:
        """Write in the background: ``work(session)`` (``work()`` when not ``unit``: a
        core function with transactions of its own, the import); then ``done(result)``
        or ``failed(error)`` on the UI thread, then ``changed`` (after a success)."""
        job = _Job(what, work, changes, done, failed, unit)
        self._running.append(job)
        self._submit.emit(job)

    def announce(self, changes: Changes) -> None:
        """A write made elsewhere on the writer thread (autosave): panels follow it too."""
        self.changed.emit(changes)

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, timeout_s: float = 10.0) -> bool:
        """Until every job has run and its callbacks were called (closing the window)."""
        deadline = time.monotonic() + timeout_s
        while self._running and time.monotonic() < deadline:
            QThread.msleep(10)
            # Only this object's queued results: nothing else of the window runs meanwhile.
            QCoreApplication.sendPostedEvents(self)
        return not self._running

    @Slot(object)
    def _finished(self, job: _Job) -> None:
        if job not in self._running:
            return
        self._running.remove(job)
        if job.error is not None:
            error = job.error if isinstance(job.error, DeskError) else DeskError(
                f"{job.what} failed: {job.error}")
            if job.failed is not None:
                job.failed(error)
            else:
                self.failed.emit(job.what, str(error))
            return
        if job.done is not None:
            job.done(job.result)
        self.changed.emit(job.changes)



_SHARED: QThread | None = None
_WRITERS: list[_Writer] = []


def _shared_thread() -> QThread:
    """One writer thread for widgets used without a window, stopped when Python exits
    (a QThread destroyed while running aborts the process)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = QThread()
        _SHARED.setObjectName("desk-operations")
        _SHARED.start()
        atexit.register(_stop_shared)
    return _SHARED


def _stop_shared() -> None:
    if _SHARED is not None:
        _SHARED.quit()
        _SHARED.wait(10000)
