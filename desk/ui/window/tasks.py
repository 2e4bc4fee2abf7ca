"""Background work for widgets: run a function in the pool, get its result back on the
UI thread, and drop results that a newer request has made stale."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(int, object, object)  # ticket, result, error


class _Job(QRunnable):
    def __init__(self, relay: _Relay, ticket: int, fn: Callable[[], Any]):
        super().__init__()
        self._relay, self._ticket, self._fn = relay, ticket, fn

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except Exception as exc:  # handed to the caller, who decides what the editor sees
            result, error = None, exc
        self._relay.finished.emit(self._ticket, result, error)


class LatestTask(QObject):
    """One kind of background request where only the newest answer matters."""

    def __init__(self, pool: QThreadPool, on_result: Callable[[Any], None],
                 on_error: Callable[[Exception], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = pool
        self._ticket = 0
        self._on_result = on_result
        self._on_error = on_error
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)

    def run(self, fn: Callable[[], Any]) -> None:
        self._ticket += 1
        self._pool.start(_Job(self._relay, self._ticket, fn))

    def _finished(self, ticket: int, result: Any, error: Exception | None) -> None:
        if ticket != self._ticket:
            return
        if error is not None:
            if self._on_error is not None:
                self._on_error(error)
            else:
                log.warning("background task failed: %s", error)
            return
        self._on_result(result)
