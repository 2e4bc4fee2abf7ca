"""Autosave: every change reaches the database off the UI thread, latest state wins.

The editor hands over the whole state of the fields it changed; a single writer thread
saves the newest state per article in one transaction, keeps a revision when asked (or
every few minutes while typing), and retries on its own while the database is locked or
read-only. Nothing the editor typed is dropped: a pending state is only forgotten once it
is committed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from desk.core.articles import editing as articles, release
from desk.core.store.db import Database
from desk.core.errors import ConflictError, DeskError

log = logging.getLogger(__name__)

REVISION_EVERY_S = 300.0
RETRY_MS = 3000
PLAIN = set(articles.PLAIN_TEXT_FIELDS)


@dataclass
class Pending:
    article_id: int
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # a revision is kept when set
    force: bool = False  # overwrite even when the article changed elsewhere
    override: str | None = None  # the editor's reason to publish despite the checklist


@dataclass(frozen=True)
class Saved:
    article_id: int
    version: int
    slug: str
    headline: str
    status: str
    revision_id: int | None
    published_at: dt.datetime | None = None
    fields: frozenset[str] = frozenset()  # what this save wrote: a refusal of another stays


class AutosaveWorker(QObject):
    """Lives in its own thread; the queue is shared under a lock with the UI side."""

    saved = Signal(object)  # Saved
    failed = Signal(int, str)  # article id, message
    conflict = Signal(int, str)
    rejected = Signal(int, str, str)  # article id, field, message: bad input, not retried
    idle = Signal()

    def __init__(self, db: Database):
        super().__init__()
        self._db = db
        self._lock = threading.Lock()
        self._queue: dict[int, Pending] = {}
        self._versions: dict[int, int] = {}
        self._last_revision: dict[int, float] = {}
        self._retry: QTimer | None = None
        self._busy = False  # a popped state is being written: still pending for flush()

    # Called from the UI thread.
    def submit(self, article_id: int, changes: dict[str, Any], reason: str | None, force: bool,
               override: str | None = None) -> None:
        with self._lock:
            pending = self._queue.setdefault(article_id, Pending(article_id))
            pending.changes.update(changes)
            if reason:
                pending.reason = reason
            pending.force = pending.force or force
            pending.override = override or pending.override

    def discard(self, article_id: int) -> None:
        """The editor reloads the stored article: its unsaved edits are given up."""
        with self._lock:
            self._queue.pop(article_id, None)

    def set_version(self, article_id: int, version: int) -> None:
        with self._lock:
            # Versions only grow: a late report of an older write must not roll it back.
            self._versions[article_id] = max(version, self._versions.get(article_id, 0))
            self._last_revision.setdefault(article_id, time.monotonic())

    def has_pending(self) -> bool:
        with self._lock:
            return bool(self._queue) or self._busy

    @Slot()
    def run_queue(self) -> None:
        if self._retry is None:
            self._retry = QTimer(self)
            self._retry.setSingleShot(True)
            self._retry.timeout.connect(self.run_queue)
        while True:
            with self._lock:
                if not self._queue:
                    break
                article_id, pending = next(iter(self._queue.items()))
                del self._queue[article_id]
                expected = None if pending.force else self._versions.get(article_id)
                self._busy = True
            try:
                ok = self._save(pending, expected)
            finally:
                with self._lock:
                    self._busy = False
            if not ok:
                return
        self.idle.emit()

    def _save(self, pending: Pending, expected: int | None) -> bool:
        now = time.monotonic()
        reason = pending.reason
        if reason is None and now - self._last_revision.get(pending.article_id, now) >= REVISION_EVERY_S:
            reason = "autosave"
        try:
            with self._db.write("autosaving") as session:
                if pending.override:
                    release.grant(session, pending.override)
                if reason is None and pending.changes and set(pending.changes) <= PLAIN and not pending.override:
                    # What typing in the body or the standfirst saves: one UPDATE, little
                    # Python, so the UI thread seldom waits for the interpreter lock.
                    version, slug, headline, status = articles.update_text(
                        session, pending.article_id, expected_version=expected, **pending.changes)
                    result = Saved(pending.article_id, version, slug, headline, status, None,
                                   fields=frozenset(pending.changes))
                else:
                    article = articles.get(session, pending.article_id)
                    articles.update(session, article, expected_version=expected, **pending.changes)
                    revision = articles.add_revision(session, article, reason) if reason else None
                    result = Saved(article.id, article.version, article.slug, article.headline,
                                   article.status, revision.id if revision else None,
                                   article.published_at, frozenset(pending.changes))
        except ConflictError as exc:
            if "slug" in str(exc) and "already used" in str(exc):
                # A bad slug must not hold back the rest of the edit.
                pending.changes.pop("slug", None)
                self.rejected.emit(pending.article_id, "slug", str(exc))
                self._requeue(pending)
                return True
            self._requeue(pending)
            self.conflict.emit(pending.article_id, str(exc))
            return False
        except DeskError as exc:
            field_name = _field_of(exc, pending)
            if field_name:
                pending.changes.pop(field_name, None)
                self.rejected.emit(pending.article_id, field_name, str(exc))
                self._requeue(pending)
                return True
            self._requeue(pending)
            self.failed.emit(pending.article_id, str(exc))
            self._retry.start(RETRY_MS)
            return False
        except Exception as exc:  # a bug must not eat the editor's text: keep it, say so
            log.exception("autosave failed")
            self._requeue(pending)
            self.failed.emit(pending.article_id, f"saving failed: {exc}")
            self._retry.start(RETRY_MS)
            return False
        with self._lock:
            self._versions[result.article_id] = result.version
            if reason:
                self._last_revision[result.article_id] = now
        self.saved.emit(result)
        return True

    def _requeue(self, pending: Pending) -> None:
        with self._lock:
            newer = self._queue.get(pending.article_id)
            if newer is not None:  # newer edits win over the failed ones, field by field
                pending.changes.update(newer.changes)
                pending.reason = newer.reason or pending.reason
                pending.force = pending.force or newer.force
                pending.override = newer.override or pending.override
            self._queue[pending.article_id] = pending
            if not pending.changes and not pending.reason:
                del self._queue[pending.article_id]


def _field_of(exc: DeskError, pending: Pending) -> str | None:
    message = str(exc)
    if isinstance(exc, release.ChecklistBlocked) and "status" in pending.changes:
        return "status"  # the checklist refuses the move to published: not retried
    if "headline" in message and "headline" in pending.changes:
        return "headline"
    if message.startswith("slug") and "slug" in pending.changes:
        return "slug"
    return None


class Autosaver(QObject):
    """The UI-thread face of the worker: submit changes, flush on close."""

    saved = Signal(object)
    failed = Signal(int, str)
    conflict = Signal(int, str)
    rejected = Signal(int, str, str)
    _kick = Signal()

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("desk-autosave")
        self.worker = AutosaveWorker(db)
        self.worker.moveToThread(self._thread)
        # The worker (and its retry timer) must die in its own thread.
        self._thread.finished.connect(self.worker.deleteLater)
        self._kick.connect(self.worker.run_queue)
        self.worker.saved.connect(self.saved)
        self.worker.failed.connect(self.failed)
        self.worker.conflict.connect(self.conflict)
        self.worker.rejected.connect(self.rejected)
        self._thread.start()

    def track(self, article_id: int, version: int) -> None:
        self.worker.set_version(article_id, version)

    @property
    def thread(self) -> QThread:
        """The writer thread (the operations layer runs its work in it too)."""
        return self._thread

    def submit(self, article_id: int, changes: dict[str, Any], reason: str | None = None,
               force: bool = False, override: str | None = None) -> None:
        self.worker.submit(article_id, changes, reason, force, override)
        self._kick.emit()

    def discard(self, article_id: int) -> None:
        self.worker.discard(article_id)

    def has_pending(self) -> bool:
        return self.worker.has_pending()

    def flush(self, timeout_s: float = 10.0) -> bool:
        """Wait until everything submitted is committed (used on close)."""
        deadline = time.monotonic() + timeout_s
        self._kick.emit()
        while self.worker.has_pending() and time.monotonic() < deadline:
            QThread.msleep(20)
        return not self.worker.has_pending()

    def stop(self) -> None:
        self._thread.quit()
        self._thread.wait(10000)
