"""The main window shell: list, preview, menus, remembered layout, and --smoke-test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from desk.core.articles import editing as articles
from tests.postgres import cli_db

REPO = Path(__file__).resolve().parents[3]


def add_articles(db, n: int) -> None:
    with db.write() as s:
        for i in range(n):
            articles.create(s, headline=f"Story number {i}", body=f"Body {i}", category="World")


def test_list_shows_articles_and_preview_follows(qtbot, db, services):
    from desk.ui.window.main_window import MainWindow

    add_articles(db, 3)
    win = MainWindow(services)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.first_preview_ready, timeout=20000) as blocker:
        win.show()
        win.load_initial()
    assert blocker.args == [True]
    assert win.model.rowCount() == 3
    assert win.model.data(win.model.index(0, 0)) == "Story number 2"  # newest first
    assert win.count_label.text() == "3 articles"


def test_layout_is_remembered(qtbot, services):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # Within the (small) offscreen screen, so restoring does not have to shrink it.
    win.resize(win.minimumSizeHint().expandedTo(win.screen().availableGeometry().size() * 0.9))
    qtbot.waitUntil(lambda: win.width() < 1440)
    win.splitter.setSizes([200, 500])
    sizes = win.splitter.sizes()
    win.preview_dock.hide()
    geometry = win.geometry()
    win.close()
    assert QSettings().value("window/geometry") is not None
    again = MainWindow(services)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    # The offscreen screen is narrower than the window's minimum width, so Qt may clamp
    # the width on restore; the height and position are what can be compared.
    assert again.geometry().height() == geometry.height()
    assert again.splitter.sizes() == sizes
    assert not again.preview_dock.isVisible()


def test_quit_uses_the_standard_shortcut(window):
    from PySide6.QtGui import QKeySequence

    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[0] == "&File"


def test_smoke_test_prints_timings(tmp_path):
    db_path = tmp_path / "smoke.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu",
               HOME=str(tmp_path))
    subprocess.run([sys.executable, str(REPO / "main.py"), "import", *cli_db(db_path),
                    str(_sample(tmp_path))], check=True, env=env, capture_output=True)
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--smoke-test", *cli_db(db_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = [l for l in result.stdout.splitlines() if l.startswith("{")][-1]
    report = json.loads(line)
    assert report["ok"] is True
    timings = report["timings_ms"]
    for phase in ("qt_imported", "database_opened", "window_built", "list_loaded", "preview_loaded"):
        assert timings[phase] > 0
    assert timings["articles_listed"] == 1


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "one.md"
    path.write_text("---\ntitle: Smoke\n---\nHello.\n", encoding="utf-8")
    return path


def test_first_run_gives_the_list_a_fair_share(qtbot, services):
    """No saved layout: the list is not squeezed to what the editor and docks leave."""
    from desk.ui.window.main_window import EDITOR_MIN_WIDTH, MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)

    def fair() -> bool:
        left, right = win.splitter.sizes()
        return left >= min(int((left + right) * 0.4), left + right - EDITOR_MIN_WIDTH)

    qtbot.waitUntil(fair)
    win.close()
