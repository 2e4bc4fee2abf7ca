"""The window on a 1366 x 768 laptop and a 1920 x 1080 desktop: it fits the screen, the
list shows headline, status and date readably, no panel scrolls sideways, the photo grid
shows several rows, the desktop preview is a 1280-pixel page and the phone one 390.

Each screen size is a fresh process on the offscreen platform's virtual screen of that
size (tests/ui/scripts/layout_probe.py prints what it measured)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from desk.core.site import demo
from desk.ui.window import layout as window_layout

SCRIPT = Path(__file__).parents[1] / "scripts" / "layout_probe.py"
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory) -> Path:
    from desk.core.store.db import open_database

    path = tmp_path_factory.mktemp("fit") / "demo.sqlite"
    db = open_database(path)
    demo.install(db)
    db.close()
    return path


def probe(tmp_path: Path, db_path: Path, width: int, height: int) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96,
                                               "logicalBaseDpi": 96, "dpr": 1}]}))
    db = tmp_path / "desk.sqlite"
    db.write_bytes(db_path.read_bytes())
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu", HOME=str(tmp_path),
               PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, str(SCRIPT), str(db), str(tmp_path / "settings")],
                            capture_output=True, text=True, env=env, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1][len("PROBE "):])


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_window_fits_and_every_panel_is_usable(tmp_path, demo_copy, size):
    width, height = size
    r = probe(tmp_path, demo_copy, width, height)
    x, y, w, h = r["window"]
    # On screen, all of it (it was a fixed 1560 x 940).
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
    assert w >= width * 0.85 and h >= height * 0.85
    # The list: headline, status and updated, each readable.
    char = r["char_width"]
    assert r["columns"]["Headline"] >= 24 * char
    assert r["columns"]["Status"] >= 9 * char and r["columns"]["Updated"] >= 9 * char
    assert r["columns"]["Headline"] + r["columns"]["Status"] + r["columns"]["Updated"] <= r["list_width"]
    assert r["editor_width"] >= 420
    # No panel scrolls sideways, and each is at least as wide as it needs.
    for name, panel in r["panels"].items():
        assert panel["sideways"] == [], name
        assert panel["width"] >= panel["min_width"], name
    # Several rows of thumbnails, several to a row.
    assert r["photo_grid"]["rows"] >= 3 and r["photo_grid"]["columns"] >= 2
    # The preview in view, laid out as a desktop and as a phone.
    assert r["preview_visible"]
    assert r["preview"]["desktop"]["inner_width"] == 1280
    assert r["preview"]["phone"]["inner_width"] == 390
    assert r["preview"]["phone"]["view_width"] == 390  # a phone at its real size: it fits


def test_a_large_screen_puts_preview_and_inspector_side_by_side_a_laptop_tabs_them():
    wide = window_layout.plan_columns(1920, 420)
    narrow = window_layout.plan_columns(1366, 420)
    assert not wide.tabbed and wide.inspector >= 300 and wide.preview >= 500
    assert narrow.tabbed and narrow.preview >= 470
    assert wide.list + wide.editor + wide.preview + wide.inspector <= 1920
    assert narrow.list + narrow.editor + narrow.preview <= 1366
    # The extra width of the larger screen goes to the editor and the preview.
    assert wide.editor > narrow.editor and wide.preview > 0.9 * narrow.preview
    assert wide.list - narrow.list < (1920 - 1366) * 0.25


def test_first_geometry_and_fitting_a_remembered_one():
    laptop = QRect(0, 0, 1366, 740)
    assert window_layout.first_geometry(laptop) == laptop
    big = window_layout.first_geometry(QRect(0, 0, 2560, 1440))
    assert QRect(0, 0, 2560, 1440).contains(big) and big.width() < 2560
    # A size remembered from a 1920 x 1080 screen, opened on the laptop.
    fitted = window_layout.fit_into(QRect(300, 200, 1560, 940), laptop)
    assert laptop.contains(fitted)


def test_a_remembered_window_bigger_than_the_screen_is_brought_within_it(qtbot, services):
    from PySide6.QtCore import QSettings

    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.setGeometry(200, 150, 3000, 2000)  # as if saved on a bigger screen
    win.close()
    assert QSettings().value("window/geometry") is not None
    again = MainWindow(services)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    screen = again.screen().availableGeometry()
    # (The test screen is narrower than the window's minimum width.)
    qtbot.waitUntil(lambda: again.width() <= max(screen.width(), again.minimumSizeHint().width()))
    qtbot.waitUntil(lambda: screen.contains(again.frameGeometry().topLeft()))
    assert again.frameGeometry().height() <= screen.height()
    again.close()


def test_the_growth_of_a_window_is_shared_by_editor_and_preview(qtbot, services):
    from desk.ui.window.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.resize(1400, 800)
    qtbot.waitUntil(lambda: win._layout_settled)
    qtbot.wait(100)
    list_before, editor_before = win.splitter.sizes()
    preview_before = win.preview_dock.width()
    win.resize(1800, 800)
    qtbot.waitUntil(lambda: win.width() == 1800)
    qtbot.wait(100)
    list_after, editor_after = win.splitter.sizes()
    assert editor_after - editor_before >= 120
    assert win.preview_dock.width() - preview_before >= 120
    assert list_after - list_before <= 40
    win.close()
