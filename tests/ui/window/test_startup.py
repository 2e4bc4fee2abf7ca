"""Start-up as the editor meets it (issue 14, item 7): the window, list on screen, answers
while it is completed (the build runs in steps with the event loop turning between
them); the editor and the inspector are filled before the preview is asked for; the
preview's web view is there, white, from the first paint (no black flash); a row
clicked before the window was complete is the one that opens. The figures themselves
are benchmarks/startup.py's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor

from desk.core.articles import editing as articles, first_screen
from tests.postgres import cli_db, where

REPO = Path(__file__).resolve().parents[3]


def seed(db, n: int = 5) -> list[int]:
    with db.write() as s:
        return [articles.create(s, headline=f"Story {i}", body=f"Body {i}.", index=False).id
                for i in range(n)]


def shell(qtbot, db_path):
    from desk.ui.window.main_window import MainWindow

    first = first_screen.read(where(db_path))
    assert first is not None
    win = MainWindow(site=first.site)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.list_shown, timeout=5000):
        win.show_first_screen(first)
        win.show()
    return win


def test_the_preview_is_white_from_the_first_paint(qtbot, db, db_path):
    seed(db)
    win = shell(qtbot, db_path)
    # Built with the shell, before the database is open: no web view appears (and turns
    # the window into a GPU-drawn one, recreated black) later.
    assert win.preview.isVisibleTo(win) and win.preview.worker is None
    assert win.preview.page.backgroundColor() == QColor(Qt.GlobalColor.white)


def test_the_window_answers_between_the_steps_of_its_build(qtbot, db, db_path, services):
    seed(db)
    win = shell(qtbot, db_path)
    turns: list[bool] = []  # for each turn of the event loop seen during the build: attached?
    beat = QTimer()
    beat.setInterval(0)
    beat.timeout.connect(lambda: turns.append(win.attached))
    beat.start()
    done: list[bool] = []
    win.attach_in_steps(services, lambda: done.append(True))
    assert not win.attached  # the first step only: the event loop has not run yet
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    beat.stop()
    assert win.attached
    assert turns.count(False) >= 3  # the loop turned between the steps, window not yet complete
    win.load_initial()
    qtbot.waitUntil(lambda: win.editor.article_id is not None, timeout=5000)


def test_closing_while_the_window_is_built_stops_the_build(qtbot, db, db_path, services):
    seed(db)
    win = shell(qtbot, db_path)
    done: list[bool] = []
    win.attach_in_steps(services, lambda: done.append(True))
    qtbot.wait(1)  # one step further
    win.close()
    qtbot.wait(100)
    assert not done and not win.attached
    assert win.preview.worker is None or not win.preview._thread.isRunning()


def test_editor_and_inspector_are_filled_before_the_preview_is_asked(qtbot, db, db_path, services):
    ids = seed(db)
    win = shell(qtbot, db_path)
    win.attach(services)
    asked: list[int] = []
    original = win.preview.show_article
    win.preview.show_article = lambda article_id: (asked.append(article_id), original(article_id))[1]
    seen: list[tuple] = []
    win.article_opened.connect(lambda a: seen.append(
        (a, win.editor.article_id, win.editor.headline.text(), win.inspector.slug.text(), list(asked))))
    with qtbot.waitSignal(win.first_preview_ready, timeout=20000):
        win.load_initial()
    article_id, in_editor, headline, slug, asked_then = seen[0]
    assert in_editor == article_id and headline.startswith("Story ") and slug
    assert asked_then == []  # the preview was asked after both were filled
    assert asked == [article_id]
    assert article_id in ids


def test_a_row_clicked_before_the_window_is_complete_is_the_one_opened(qtbot, db, db_path, services):
    seed(db)
    win = shell(qtbot, db_path)
    row = 3
    rect = win.list_view.visualRect(win.model.index(row, 0))
    qtbot.mouseClick(win.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chosen = win.model.article_id(row)
    win.attach(services)
    win.load_initial()
    qtbot.waitUntil(lambda: win.editor.article_id is not None, timeout=5000)
    assert win.editor.article_id == chosen
    assert win.list_view.currentIndex().row() == row


def test_the_smoke_test_reports_the_stalls_of_the_event_loop(tmp_path, db, db_path):
    seed(db, 3)
    db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu",
               HOME=str(tmp_path))
    result = subprocess.run([sys.executable, str(REPO / "main.py"), *cli_db(db_path), "--smoke-test"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    line = json.loads([x for x in result.stdout.splitlines() if x.startswith("{")][-1])
    t = line["timings_ms"]
    assert t["list_shown"] <= t["editor_filled"] <= t["input_ready"] <= t["preview_loaded"]
    assert t["longest_stall_ms"] >= 0
    for end, late in line["stalls_ms"]:  # each over the heartbeat's 50 ms, within the run
        assert late > 50 and t["list_shown"] < end <= t["preview_loaded"] + 50
