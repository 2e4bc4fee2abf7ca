"""A change visible in another window: two windows (two Database objects, two editors) on
one SQLite file, in one process; one editor's headline edit, timed until the other
window's list shows it. Reference in the same run: until the editor's own autosave has
committed it (the part no change feed can remove).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.newsroom [--size 2000] [--runs 10]

Prints the median and worst of each, and the feed's share (other window − own commit).
Target (issue 18): < 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6 import QtWebEngineWidgets  # noqa: E402,F401
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk.ui.scheme import register_scheme  # noqa: E402

register_scheme()

from desk.core import articles  # noqa: E402
from desk.core.db import open_database  # noqa: E402
from desk.core.newsroom.identity import new_actor  # noqa: E402


def wait_for(app, condition, timeout: float = 20.0) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("DeskBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    from desk.ui.main_window import MainWindow
    from desk.ui.services import Services

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DESK_DATA_DIR"] = tmp
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        path = Path(tmp) / "desk.sqlite"
        seed = open_database(path)
        with seed.write() as s:
            for i in range(args.size):
                articles.create(s, f"Story {i}", body=f"Body {i}.", index=False)
        seed.close()
        windows = []
        for name in ("Marie Lambert", "Paul Durand"):
            db = open_database(path)
            db.actor = new_actor(name)
            window = MainWindow(Services.create(db))
            window.show()
            window.load_initial()
            windows.append(window)
        marie, paul = windows
        wait_for(app, lambda: marie.editor.article_id is not None and paul.editor.article_id is not None)
        article_id = marie.editor.article_id
        own, other = [], []
        for run in range(args.runs):
            headline = f"Headline edit {run}"
            saved = {}
            marie.article_saved.connect(lambda s, h=headline: saved.setdefault(h, time.perf_counter()))
            marie.editor.headline.setText(headline)
            start = time.perf_counter()
            marie.editor.headline.textEdited.emit(headline)
            marie.save_now()  # the edit handed to autosave at once: no idle delay measured
            row = lambda: paul.model.row_of(article_id)  # noqa: E731
            wait_for(app, lambda h=headline: row() >= 0 and paul.model.index(row(), 0).data() == h)
            other.append(time.perf_counter() - start)
            wait_for(app, lambda h=headline: h in saved)
            own.append(saved[headline] - start)
            marie.article_saved.disconnect()
        for window in windows:
            window.close()
            window.services.shutdown()
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, worst {max(xs) * 1000:.0f} ms"  # noqa: E731
    print(f"newsroom: {args.size} articles, {args.runs} edits")
    print(f"  own autosave committed:       {ms(own)}")
    print(f"  visible in the other window:  {ms(other)}  (target < 1000 ms)")
    print(f"  ratio other/own (median):     {statistics.median(other) / statistics.median(own):.1f}x")
    return 0 if max(other) < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
