"""Filter latency of the category picker over 2,010 categories three levels deep.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/category_picker.py
Each keystroke is timed from the text change to a painted tree (filter, expand, layout,
paint), as the editor would feel it.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import desk.ui  # noqa: E402,F401  (applies the PySide6 reference-count guard first)
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk.core.store.db import open_database  # noqa: E402
from desk.ui.panels.category_picker import CategoryPicker  # noqa: E402
from tests.ui.helpers import make_big_tree  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def type_query(app: QApplication, picker: CategoryPicker, query: str) -> list[float]:
    picker.filter_edit.clear()
    app.processEvents()
    times = []
    for i in range(1, len(query) + 1):
        start = time.perf_counter()
        picker.filter_edit.setText(query[:i])
        picker.tree.viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite")
        count = make_big_tree(db)
        start = time.perf_counter()
        picker = CategoryPicker(db)
        picker.resize(400, 700)
        picker.show()
        app.processEvents()
        print(f"categories: {count}")
        print(f"build (query + model + first paint): {ms(time.perf_counter() - start)}")
        start = time.perf_counter()
        picker.reload()
        print(f"reload: {ms(time.perf_counter() - start)}")
        for query in ("leaf 7.3.1", "topic", "e", "zzz"):
            times = type_query(app, picker, query)
            shown = len(picker.visible_paths())
            print(
                f"type {query!r:13} per keystroke: median {ms(statistics.median(times))}, "
                f"max {ms(max(times))} ({shown} rows shown)"
            )
        type_query(app, picker, "leaf 7.3.1")
        start = time.perf_counter()
        picker.choose_first_match()
        print(f"Enter (first match): {ms(time.perf_counter() - start)}")
        start = time.perf_counter()
        picker.filter_edit.clear()
        picker.tree.viewport().repaint()
        print(f"clear filter: {ms(time.perf_counter() - start)}")
        picker.close()
        db.close()


if __name__ == "__main__":
    main()
