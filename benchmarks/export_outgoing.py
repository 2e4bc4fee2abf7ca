"""The export's question: how long reading what an export would publish takes
(desk/core/export/outgoing.py, run by File › Export Site… before it exports), against an
incremental export that finds nothing to do, in the same run.

    python -m benchmarks.export_outgoing [--size 10000]

Prints, for a site of N published articles already exported: outgoing() with nothing
new (median of five), with one article newly published, on an empty folder (a first
export: every article judged by the checklist), and the no-op incremental export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk.core.articles import editing as articles, release
from desk.core.site import settings
from desk.core.store.db import open_database  # noqa: E402
from desk.core.export import export_site  # noqa: E402
from desk.core.export.outgoing import outgoing  # noqa: E402

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def timed(work, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def build(db, n: int) -> None:
    with db.write() as s:
        settings.save(s, base_url="https://example.org")
    for start in range(0, n, 1000):
        with db.write() as s:
            release.grant(s, "benchmark: no hero photos", by="benchmark")
            for i in range(start, min(n, start + 1000)):
                articles.create(s, f"Story {i}", status="published", byline="Staff",
                                category=["World", "Science", "Culture"][i % 3],
                                published_at=WHEN + dt.timedelta(hours=i),
                                body=f"Paragraph {i}.\n\nAnother paragraph.", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        db = open_database(folder / "desk.sqlite")
        build(db, args.size)
        out = folder / "site"
        export_site(db, out)
        quiet = timed(lambda: outgoing(db, out))
        noop = timed(lambda: export_site(db, out))
        with db.write() as s:
            release.grant(s, "benchmark", by="benchmark")
            articles.create(s, "One more", status="published", byline="Staff", category="World",
                            published_at=WHEN, body="New.")
        one = timed(lambda: outgoing(db, out))
        first = timed(lambda: outgoing(db, folder / "empty"), repeat=3)
        db.close()
    print(f"{args.size} published articles, already exported")
    print(f"  outgoing, nothing new (median of 5):     {quiet * 1000:7.1f} ms")
    print(f"  outgoing, one newly published:           {one * 1000:7.1f} ms")
    print(f"  outgoing, empty folder (all judged):     {first * 1000:7.1f} ms")
    print(f"  incremental export with nothing to do:   {noop * 1000:7.1f} ms")
    print(f"  question / no-op export:                 {quiet / noop:7.2f}x")


if __name__ == "__main__":
    main()
