"""Worker processes that die with Desk.

A process pool's workers wait on a queue whose pipe they hold both ends of, so when
Desk is killed (kill -9, out of memory, a crash) nothing tells them: they used to run on,
re-parented to init, for as long as the machine stayed up. Every pool Desk starts (the
export's render pool, the photo rendition jobs, the preview's renderer) is made here,
and each worker is told of its parent's death twice over:

* on Linux, a parent-death signal (``prctl(PR_SET_PDEATHSIG)``), delivered by the kernel
  the moment the parent goes. The kernel sends it when the *thread* that started the
  worker ends, not only the process, so the handler exits only when the worker has
  really been re-parented (``os.getppid()`` changed); a window thread that started a
  pool and then finished does not take the pool's workers with it;
* everywhere, a pipe: the parent holds the only writing end, which the kernel closes
  whatever way the parent dies; a thread in the worker blocks reading the other end and
  exits the process at end of file.

A worker exits with ``os._exit``: no clean-up runs, nothing is flushed, every file (the
database included, when a forked worker inherited it) is closed by the kernel.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1
# Not SIGKILL: see the module docstring (the handler checks who the parent is now).
DEATH_SIGNAL = getattr(signal, "SIGUSR1", None)
ORPHAN_EXIT = 70


class Pool(ProcessPoolExecutor):
    """A ProcessPoolExecutor whose workers exit when this process dies. The writing
    end of their pipe is closed when the pool is shut down (the workers have exited
    then, or are abandoned)."""

    def __init__(self, workers: int, start_method: str,
                 initializer: Callable[..., Any] | None = None, initargs: tuple = ()):
        context = multiprocessing.get_context(start_method)
        self._lifeline, self._lifeline_writer = context.Pipe(duplex=False)
        super().__init__(workers, mp_context=context, initializer=die_with_parent,
                         initargs=(os.getpid(), self._lifeline, self._lifeline_writer,
                                   initializer, initargs))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        for end in (self._lifeline_writer, self._lifeline):
            try:
                end.close()
            except OSError:
                pass


def die_with_parent(parent_pid: int, lifeline: Any, parents_end: Any,
                    initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> None:
    """A worker's first act: arrange to exit when ``parent_pid`` is gone, then run the
    pool's own initializer. ``parents_end`` is this process's copy of the writing end
    (inherited by a fork, duplicated by a spawn): closed, so that only the parent keeps
    the pipe open."""
    parents_end.close()
    _parent_death_signal(parent_pid)
    if os.getppid() != parent_pid:
        os._exit(ORPHAN_EXIT)  # the parent died before we were ready to hear it

    def watch() -> None:
        try:
            lifeline.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(ORPHAN_EXIT)

    threading.Thread(target=watch, name="desk-lifeline", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _parent_death_signal(parent_pid: int) -> None:
    if not sys.platform.startswith("linux") or DEATH_SIGNAL is None:
        return
    import ctypes

    def on_signal(signum: int, frame: Any) -> None:
        if os.getppid() != parent_pid:
            os._exit(ORPHAN_EXIT)
        # Only the thread that started this worker ended: the parent lives on.

    signal.signal(DEATH_SIGNAL, on_signal)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(DEATH_SIGNAL), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the pipe alone will do
