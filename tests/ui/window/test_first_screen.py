"""The window opened the quick way: its shell shows the first page read with sqlite3
(the same rows as the list model's own query), then the database is attached, and the
window is the whole workstation: the editor opens the article and autosaves."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import text

from desk.core.articles import editing as articles, first_screen, release
from tests.postgres import cli_db, where

REPO = Path(__file__).resolve().parents[3]


def seed(db, n: int = 300) -> None:
    """More than one page, with ties on every column the list sorts by."""
    with db.write() as s:
        release.grant(s, "test: published without a category", by="test")
        for i in range(n):
            articles.create(s, headline=f"Story {i % 7}", body=f"Body {i}.", byline="Staff",
                            category=("Politics", "World > Asia", None)[i % 3],
                            status=("draft", "review", "published", "ready")[i % 4], index=False)
        s.execute(text("UPDATE articles SET updated_at = '2024-04-15 10:00:00.000000' WHERE id % 4 = 0"))
        gone = articles.create(s, headline="In the trash", body="Gone.")
        articles.trash(s, gone)


def model_rows(model) -> list:
    return [model._rows[i] for i in range(model.rowCount())]


def test_first_page_equals_the_models_query_for_every_sort(qtbot, db, db_path):
    from desk.ui.panels.article_list_model import ArticleListModel

    seed(db)
    model = ArticleListModel(db, dt.timezone.utc)
    for column in range(4):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            model.sort(column, order)
            model.reload()
            first = first_screen.read(where(db_path), column, order == Qt.SortOrder.DescendingOrder)
            assert first.total == model.total == 300
            assert first.rows == model_rows(model), (column, order)
            assert len(first.rows) == first_screen.PAGE


def open_quickly(qtbot, db_path):
    from desk.ui.window.main_window import MainWindow

    first = first_screen.read(where(db_path))
    assert first is not None
    win = MainWindow(site=first.site)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.list_shown, timeout=5000):
        win.show_first_screen(first)
        win.show()
    return win, first


def test_shell_shows_the_list_then_attaches_and_autosaves(qtbot, db, db_path, services):
    seed(db)
    win, first = open_quickly(qtbot, db_path)
    assert not win.attached
    assert not hasattr(win, "editor")  # nothing to type into yet: no edit can be lost
    assert model_rows(win.model) == first.rows
    assert win.count_label.text() == "300 articles"
    assert [a.text() for a in win.menuBar().actions()][0] == "&File"

    with qtbot.waitSignal(win.first_preview_ready, timeout=20000):
        win.attach(services)
        win.load_initial()
    assert win.attached
    assert model_rows(win.model) == first.rows  # kept, not read again
    assert win.editor.article_id == first.rows[0].id
    assert win.category_filter.count() > 1  # categories filled once the database is open

    win.activateWindow()
    win.editor.body.setFocus()
    win.editor.body.moveCursor(win.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor.body, " Typed at once.")

    def saved() -> str:
        with db.read() as s:
            return articles.get(s, first.rows[0].id).body

    qtbot.waitUntil(lambda: saved().endswith("Typed at once."), timeout=4000)
    # More rows come from the database as the list scrolls.
    assert win.model.canFetchMore()
    win.model.fetchMore()
    assert win.model.rowCount() == 300


def test_sorting_before_the_database_is_attached_waits_for_it(qtbot, db, db_path, services):
    seed(db)
    win, _first = open_quickly(qtbot, db_path)
    assert not win.model.canFetchMore()  # no query without the database
    win.list_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    win.attach(services)
    win.load_initial()
    expected = first_screen.read(where(db_path), 0, False)
    assert model_rows(win.model) == expected.rows


def test_the_shell_imports_neither_sqlalchemy_nor_the_panels(db, db_path):
    seed(db, 3)
    code = (
        "import os, sys\n"
        "os.environ.setdefault('QTWEBENGINE_DISABLE_SANDBOX', '1')\n"
        "from PySide6 import QtWebEngineWidgets\n"
        "from desk.ui.preview.scheme import register_scheme\n"
        "register_scheme()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desk.core.articles import first_screen\n"
        "from desk.ui.window.main_window import MainWindow\n"
        f"first = first_screen.read({where(db_path)!r})\n"
        "win = MainWindow(site=first.site)\n"
        "win.show_first_screen(first)\n"
        "win.show()\n"
        "app.processEvents()\n"
        "assert win.model.rowCount() == 3\n"
        # The preview's web view is part of the shell (no black flash), its renderer is not.
        "assert win.preview.view is not None and win.preview.worker is None\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'jinja2', "
        "'markdown', 'PIL') or m in ('desk.core.store.models', 'desk.ui.panels.inspector')]\n"
        "win.close()\n"  # the web page deleted before its profile, as on any close
        "from PySide6.QtCore import QCoreApplication, QEvent\n"
        "QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


def test_desk_shows_the_list_before_opening_the_database(tmp_path, db, db_path):
    seed(db, 3)
    db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--disable-gpu",
               HOME=str(tmp_path))
    result = subprocess.run([sys.executable, str(REPO / "main.py"), "--smoke-test", *cli_db(db_path)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads([x for x in result.stdout.splitlines() if x.startswith("{")][-1])
    t = report["timings_ms"]
    assert report["ok"] is True and t["articles_listed"] == 3
    assert t["first_screen_read"] <= t["list_loaded"] <= t["list_shown"] < t["database_opened"]
    assert t["database_opened"] < t["window_built"] < t["preview_loaded"]
