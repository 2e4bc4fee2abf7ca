"""Pages rendered in worker processes when an export has many to render.

Rendering is pure CPU (Markdown, sanitising, templates) and Python runs it on one core;
a first export of 10,000 articles renders them all. Pages (plain dataclasses) go to a
pool of spawned processes and HTML comes back, while this process reads the next batch
from the database and writes files. Few pages render here: starting a worker costs
about as much as rendering a hundred pages.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from desk.core.render import Page
from desk.core.render.batch import ready, render_many
from desk.core.render.listing import Listing

# Below this many pages to render, workers would cost more than they save.
POOL_FROM = 300
MAX_WORKERS = 8

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# multiprocessing and the process pool are imported when a pool is started: an
# incremental export renders a few pages here and must not pay for them.

Renderable = Page | Listing


def _render_all(pages: list[Renderable]) -> list[str]:
    """Rendering in this process (few pages, or no working pool)."""
    return render_many(pages)


def start_method() -> str:
    """fork where it is safe, spawn elsewhere. A forked worker starts at once with the
    renderer already imported; a spawned one starts a new interpreter and imports it
    (about 0.4 s of CPU each, a tenth of a first export of 1,000 articles). Forking is
    only safe in a process with a single thread: another thread may hold a lock the
    child would then wait for forever. The command line has one; the window (Qt's
    threads, the export's own) has many, and spawns."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))  # native threads too, not only Python's
    except OSError:
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def _process_pool(workers: int) -> ProcessPoolExecutor:
    from desk.core.workers import Pool  # its workers exit when this process dies, however it dies

    return Pool(workers, start_method())


def worker_count() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class PageRenderer:
    """Renders batches of pages here, or in worker processes once ``expect`` has been
    told of enough pages to make them worth starting. Results come back in order."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._workers = 0
        self._broken = False
        self._pending: deque[tuple[list[Renderable], Future, Callable[[list[str]], None]]] = deque()

    def expect(self, count: int) -> None:
        if self._pool is None and not self._broken and count >= POOL_FROM and worker_count() > 1:
            self._workers = worker_count()
            self._pool = _process_pool(self._workers)

    def warm(self, count: int) -> None:
        """``expect``, with the workers started now rather than at the first batch: when
        an export will render most of ``count`` pages, they start while this process
        reads the database, and forked ones are forked from a small process."""
        self.expect(count)
        if self._pool is not None:
            self._pool.submit(ready)

    def submit(self, pages: list[Renderable], done: Callable[[list[str]], None]) -> None:
        """Render ``pages``; ``done(htmls)`` is called with them, in submission order,
        from a later submit or from drain()."""
        future: Future | None = None
        if self._pool is not None and pages:
            from concurrent.futures.process import BrokenProcessPool

            try:
                future = self._pool.submit(render_many, pages)
            except (BrokenProcessPool, RuntimeError):
                self._stop()  # a worker died (killed, out of memory): render here instead
        if future is None:
            future = Future()
            future.set_result(_render_all(pages))
        self._pending.append((pages, future, done))
        # Enough batches in flight that no worker waits, few enough to bound memory.
        while len(self._pending) > (self._workers + 1 if self._pool else 0):
            self._finish_one()

    def drain(self) -> None:
        while self._pending:
            self._finish_one()

    def _finish_one(self) -> None:
        pages, future, done = self._pending.popleft()
        try:
            htmls = future.result()
        except Exception as exc:
            # Imported with the pool (see _process_pool).
            from concurrent.futures.process import BrokenProcessPool

            if not isinstance(exc, BrokenProcessPool):
                raise
            self._stop()
            htmls = _render_all(pages)
        done(htmls)

    def _stop(self) -> None:
        self._broken = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Stop the workers; batches not yet finished are dropped (an error or a cancel)."""
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
