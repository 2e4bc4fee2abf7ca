"""Worker processes die with Desk: whatever kills the parent (kill -9 included), every
worker it started is gone within a second and none holds the database file open.

Each case starts a parent process that starts one kind of worker pool (the export's
render pool, forked and spawned; the photo rendition pool; the preview's renderer),
waits until its workers run, opens the database, then waits to be killed. Workers are
found by an environment variable only the parent and its descendants carry, so a
worker that outlived its parent (re-parented to init) is found too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

PARENT = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {repo!r})


    def main():
        kind, db_path = sys.argv[1], sys.argv[2]
        from desk.core.store.db import open_database
        db = open_database(db_path)
        conn = db.raw_sqlite()  # the parent holds the database, as an export does
        conn.execute("SELECT count(*) FROM articles").fetchone()
        if kind.endswith("pipe-only"):  # no parent-death signal: the pipe alone
            from desk.core import workers
            workers.DEATH_SIGNAL = None
        if kind.startswith("export"):
            from desk.core.export import render_pool
            render_pool.start_method = lambda: kind.split("-")[1]
            render_pool.worker_count = lambda: 2
            renderer = render_pool.PageRenderer()
            renderer.warm(render_pool.POOL_FROM)
            pool = renderer._pool
        elif kind == "renditions":
            from desk.core.photos import rendition_jobs
            pool = rendition_jobs.new_pool(2)
        else:
            from desk.core.render import service
            pool = service._shared_pool()
        for future in [pool.submit(os.getpid) for _ in range(4)]:
            future.result()
        print("ready", flush=True)
        time.sleep(600)


    if __name__ == "__main__":  # a spawned worker imports this module again
        main()
""")



def _marked(marker: str) -> list[int]:
    """Processes whose environment carries ``marker``."""
    found = []
    needle = f"DESK_TEST_MARK={marker}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(entry))
    return found


def _holding(path: Path) -> list[int]:
    """Processes with ``path`` (or its -wal, -shm) open."""
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    holders = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{entry}/fd/{fd}") in names:
                    holders.append(int(entry))
                    break
            except OSError:
                continue
    return holders


@pytest.fixture
def database(tmp_path: Path) -> Path:
    from desk.core.store.db import open_database

    path = tmp_path / "desk.sqlite"
    open_database(path).close()
    return path


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("kind", ["export-fork", "export-spawn", "renditions", "preview",
                                  "export-fork-pipe-only"])
def test_workers_exit_within_a_second_of_a_killed_parent(database, tmp_path, kind):
    marker = uuid.uuid4().hex
    script = tmp_path / "parent.py"
    script.write_text(PARENT.format(repo=str(REPO)))
    env = {**os.environ, "DESK_TEST_MARK": marker}
    parent = subprocess.Popen([sys.executable, str(script), kind, str(database)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = parent.stdout.readline()
        assert line.strip() == "ready", parent.stderr.read()
        workers = [pid for pid in _marked(marker) if pid != parent.pid]
        assert workers, "the parent started no worker"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(5)
        killed_at = time.monotonic()
        while time.monotonic() - killed_at < 1.0 and _marked(marker):
            time.sleep(0.02)
        left = _marked(marker)
        assert left == [], f"{kind}: workers {left} outlived their parent by a second"
        assert _holding(database) == []
    finally:
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


def test_workers_started_by_a_thread_that_ends_live_on():
    """The kernel's parent-death signal comes when the thread that started a worker
    ends: a pool the window started from a worker thread must keep its workers."""
    import threading

    from desk.core.workers import Pool

    made: list[Pool] = []
    starter = threading.Thread(target=lambda: made.append(Pool(1, "spawn")) or made[0].submit(int).result())
    starter.start()
    starter.join()
    pool = made[0]
    try:
        time.sleep(0.3)  # the signal, if it killed the worker, has been handled by now
        assert pool.submit(os.getpid).result(timeout=30) != os.getpid()
    finally:
        pool.shutdown()
