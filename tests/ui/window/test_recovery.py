"""Kill the program with SIGKILL in the middle of an edit; reopening shows the article
exactly as last autosaved, and the database is intact."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from desk.core.articles import editing as articles
from desk.core.store.db import open_database

SCRIPT = Path(__file__).parents[1] / "scripts" / "type_then_wait.py"
REPO = Path(__file__).resolve().parents[3]


def test_sigkill_mid_edit_then_reopen(qtbot, tmp_path, services, db, db_url):
    with db.write() as s:
        article = articles.create(s, headline="Recovery", body="Start.")
        article_id = article.id
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu")
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), db_url, str(tmp_path / "child-settings")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,  # its own process group, so its helpers can be found after
    )
    try:
        saved_body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.startswith("SAVED "):
                saved_body = ast.literal_eval(line[len("SAVED "):])
                break
            if not line and child.poll() is not None:
                break
        assert saved_body is not None, child.stderr.read()
        time.sleep(0.3)  # the child is typing more, unsaved, when it dies
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        _renderer_exits(child.pid)
    finally:
        if child.poll() is None:
            child.kill()
        try:  # QtWebEngine's own helper processes, left by the kill
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    assert saved_body == "Start. The minister arrived at noon."
    reopened = open_database(url=db_url)
    if reopened.is_sqlite:  # (a PostgreSQL server keeps its files whole itself)
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with reopened.read() as s:
        stored = articles.get(s, article_id).body
    reopened.close()
    # Autosaves may have landed after the report; each one is a prefix of the typing.
    assert stored.startswith(saved_body)
    assert set(stored[len(saved_body):]) <= {"x"}

    from desk.ui.window.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.load_initial()
    qtbot.waitUntil(lambda: window.editor.article_id == article_id)
    assert window.editor.body.toPlainText() == stored


def _renderer_exits(pid: int) -> None:
    """Desk's renderer process notices that Desk was killed and goes too."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        left = subprocess.run(["pgrep", "-g", str(pid), "-f", "multiprocessing.spawn"],
                              capture_output=True, text=True).stdout.split()
        if not left:
            return
        time.sleep(0.2)
    raise AssertionError(f"the renderer process outlived Desk: {left}")
