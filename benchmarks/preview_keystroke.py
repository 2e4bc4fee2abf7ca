"""Keystroke to updated preview, end to end: the text handed to the live preview, rendered
in its process, patched into the page in QtWebEngine, and the page reporting it done.

Reference in the same run: Python-Markdown's plain full render of the same texts (what
a preview without incremental work would pay before even touching the page).

    python benchmarks/preview_keystroke.py [--keys 100]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

    import markdown
    from PySide6 import QtWebEngineWidgets  # noqa: F401
    from PySide6.QtWidgets import QApplication

    from benchmarks.corpus import body
    from desk.core.articles import editing as articles
    from desk.core.store.db import open_database
    from desk.ui.preview.view import PreviewPane, register_scheme

    register_scheme()
    app = QApplication([])
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "preview.sqlite")
    rnd = random.Random(5)
    texts = {1500: body(rnd, 1500), 20000: body(rnd, 20000)}
    with db.write() as s:
        ids = {n: articles.create(s, headline=f"{n} words", body=t, category="World",
                                  byline="Bench").id for n, t in texts.items()}
    pane = PreviewPane(db)
    pane.resize(900, 1000)
    pane.show()

    def wait_for(condition, timeout=60.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            app.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError("the preview did not answer")
            time.sleep(0.0005)

    for words, text in texts.items():
        shown = {"serial": 0}
        connection = pane.updated.connect(lambda serial: shown.__setitem__("serial", serial))
        loaded = {"ok": False}
        pane.loaded.connect(lambda ok: loaded.__setitem__("ok", True))
        pane.show_article(ids[words])
        wait_for(lambda: loaded["ok"])
        latencies, ui_times = [], []
        current = text
        for i in range(args.keys):
            at = len(current) // 2 + rnd.randint(-200, 200)
            current = current[:at] + "xyz "[i % 4] + current[at:]
            start = time.perf_counter()
            serial = pane.update_text(ids[words], {"body": current})
            ui_times.append(time.perf_counter() - start)
            wait_for(lambda s=serial: shown["serial"] >= s)
            latencies.append(time.perf_counter() - start)
            time.sleep(0.02)  # a fast typist: 50 keys a second
        pane.updated.disconnect(connection)
        reference = []
        for _ in range(10):
            start = time.perf_counter()
            markdown.markdown(current, extensions=["tables", "footnotes", "smarty"])
            reference.append(time.perf_counter() - start)
        p95 = percentile(latencies, 0.95) * 1000
        ref_p95 = percentile(reference, 0.95) * 1000
        target = 50 if words == 1500 else 150
        print(f"{words:>6} words: keystroke to updated preview p50 "
              f"{statistics.median(latencies) * 1000:6.1f} ms, p95 {p95:6.1f} ms (target < {target}); "
              f"plain Python-Markdown full render p95 {ref_p95:6.1f} ms: ratio {ref_p95 / p95:4.1f}x; "
              f"UI thread per request max {max(ui_times) * 1000:.2f} ms")
    pane.shutdown()


if __name__ == "__main__":
    main()
