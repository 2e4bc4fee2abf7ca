"""How long `desk import` takes for 1,000 and 10,000 generated articles.

Then the same files again (all unchanged), and the longest write transaction of the
import (other writers wait at most that long). Reference in the same run: the same rows written with plain sqlite3 executemany into one
table (no validation, no search index, no revisions), so the ratio shows what Desk's
checks, index and revisions cost.

    python benchmarks/import_articles.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import write_corpus  # noqa: E402
from desk.core.store.db import open_database  # noqa: E402
from desk.core.articles.importer import import_paths  # noqa: E402


def reference(paths: list[Path], db_path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE a (slug TEXT UNIQUE, front TEXT, body TEXT)")
    rows = []
    for p in paths:
        text = p.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        rows.append((p.stem, front, body))
    conn.executemany("INSERT INTO a VALUES (?, ?, ?)", rows)
    conn.commit()
    conn.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "md"
            paths = write_corpus(folder, n)
            ref = reference(paths, Path(tmp) / "ref.sqlite")
            db = open_database(Path(tmp) / "desk.sqlite")
            start = time.perf_counter()
            report = import_paths(db, [folder])
            took = time.perf_counter() - start
            assert len(report.created) == n
            print(f"import {n:>6} articles: {took:7.2f} s  ({n / took:7.0f} articles/s)  "
                  f"reference sqlite3 insert {ref:5.2f} s  ratio {took / ref:5.1f}x")
            batches = getattr(report, "batch_seconds", None)
            if batches:
                print(f"  {len(batches)} write transactions, the longest held the write lock "
                      f"{max(batches) * 1000:.0f} ms (median {sorted(batches)[len(batches) // 2] * 1000:.0f} ms)")
            start = time.perf_counter()
            again = import_paths(db, [folder])
            took_again = time.perf_counter() - start
            unchanged = len(getattr(again, "unchanged", []))
            print(f"  again, unchanged: {took_again:7.2f} s  ({unchanged} unchanged, "
                  f"{len(again.updated)} updated, {len(again.created)} created)")
            db.close()


if __name__ == "__main__":
    main()
