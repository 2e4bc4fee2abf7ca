"""SQLite and PostgreSQL side by side, in one run, on the same generated articles
(20,000 by default): import, search as you type, the list's first screen, a full export.

Targets (issue 18): search-as-you-type p95 < 50 ms and first screen < 50 ms on
PostgreSQL; import and full export within 1.5x of SQLite (the reference, same run).

    python -m benchmarks.postgres [--articles 20000] [--url postgresql://user@host:port/db]

Without --url (or DESK_TEST_DATABASE_URL) a throw-away cluster is started with
.ci/postgres on 127.0.0.1 and removed at the end. The benchmark's database on the server
is created and dropped by the script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import write_corpus  # noqa: E402

# Typed one key at a time: each prefix is one search (what the window runs per keystroke).
TYPED = ["government budget", "storm flood", "elections", "museum festival", "zurich",
         "police report river", "reporter 1", "trains airport"]
TARGET_MS = 50.0
TARGET_RATIO = 1.5


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def search_as_you_type(db) -> list[float]:
    """Each keystroke: the matches, their count and the first page of the list, as the
    article list runs them (desk/ui/article_list_model.py reload)."""
    from sqlalchemy import func, select

    from desk.core.articles import search
    from desk.core.store.models import Article, Category

    times = []
    for phrase in TYPED:
        for end in range(1, len(phrase) + 1):
            query = phrase[:end]
            start = time.perf_counter()
            with db.read() as session:
                ids = search.search_ids(session, query, limit=1000)
                among = search.among(session, ids)
                session.scalar(select(func.count(Article.id)).where(among(Article.id)))
                list(session.execute(
                    select(Article.id, Article.headline, Article.status, Category.name,
                           Article.updated_at)
                    .select_from(Article).outerjoin(Category, Category.id == Article.category_id)
                    .where(among(Article.id))
                    .order_by(Article.updated_at.desc().nulls_last(), Article.id.desc()).limit(256)))
            times.append((time.perf_counter() - start) * 1000)
    return times


def first_screens(where: str, repeat: int = 15) -> list[float]:
    from desk.core.articles import first_screen

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        screen = first_screen.read(where)
        times.append((time.perf_counter() - start) * 1000)
        assert screen is not None and screen.rows, f"no first screen from {where}"
    return times


def run_backend(name: str, db, where: str, folder: Path, out: Path) -> dict:
    from desk.core.site import settings
    from desk.core.export.exporter import export_site
    from desk.core.articles.importer import import_paths

    figures: dict = {"name": name}
    start = time.perf_counter()
    report = import_paths(db, [folder])
    figures["import"] = time.perf_counter() - start
    figures["imported"] = len(report.created)
    with db.write() as session:
        settings.save(session, base_url="https://news.example.org")
    search_as_you_type(db)  # warm the caches once, as an editor's session would be
    figures["search"] = search_as_you_type(db)
    figures["first"] = first_screens(where)
    start = time.perf_counter()
    export_site(db, out, full=True)
    figures["export"] = time.perf_counter() - start
    return figures


def same_results(sqlite_db, pg_db) -> int:
    """Queries whose results differ between the backends (should be none)."""
    from desk.core.articles import search

    differ = 0
    for phrase in TYPED:
        for end in range(1, len(phrase) + 1):
            with sqlite_db.read() as a, pg_db.read() as b:
                # Slugs, not ids: the ids of the two imports need not be alike.
                left = _slugs(a, search.search_ids(a, phrase[:end], limit=1000))
                right = _slugs(b, search.search_ids(b, phrase[:end], limit=1000))
            differ += left != right
    return differ


def _slugs(session, ids: list[int]) -> list[str]:
    from sqlalchemy import select

    from desk.core.store.models import Article

    slugs = dict(session.execute(select(Article.id, Article.slug).where(Article.id.in_(ids))).all())
    return [slugs[i] for i in ids]


def same_site(a: Path, b: Path) -> bool:
    return subprocess.run(["diff", "-rq", str(a), str(b)], capture_output=True).returncode == 0


def report(sq: dict, pg: dict, differ: int, identical: bool) -> None:
    def line(label: str, a: float, b: float, unit: str, target: str) -> None:
        print(f"  {label:<26} sqlite {a:9.2f} {unit:<3} postgresql {b:9.2f} {unit:<3} "
              f"ratio {b / a:5.2f}x  {target}")

    n = sq["imported"]
    print(f"{n:,} articles (SQLite file vs PostgreSQL on 127.0.0.1, same run)")
    line("import", sq["import"], pg["import"], "s",
         f"target <= {TARGET_RATIO}x: {'holds' if pg['import'] <= TARGET_RATIO * sq['import'] else 'MISSED'}")
    for label, key in (("search as you type p95", "search"), ("first screen p95", "first")):
        a, b = p95(sq[key]), p95(pg[key])
        line(label, a, b, "ms", f"target PostgreSQL < {TARGET_MS:.0f} ms: "
             f"{'holds' if b < TARGET_MS else 'MISSED'}")
        print(f"  {'':<26} medians: sqlite {statistics.median(sq[key]):.2f} ms, "
              f"postgresql {statistics.median(pg[key]):.2f} ms over {len(pg[key])} runs")
    line("full export", sq["export"], pg["export"], "s",
         f"target <= {TARGET_RATIO}x: {'holds' if pg['export'] <= TARGET_RATIO * sq['export'] else 'MISSED'}")
    print(f"  search results: {differ} of the typed queries differ between the backends")
    print(f"  exported sites byte-identical: {'yes' if identical else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--url", default=os.environ.get("DESK_TEST_DATABASE_URL"),
                        help="a PostgreSQL server's maintenance database URL")
    args = parser.parse_args()
    from sqlalchemy import create_engine, make_url, text

    from desk.core.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cluster = None
        url = args.url
        if not url:
            cluster = work / "pg"
            url = subprocess.run(["bash", str(REPO / ".ci" / "postgres"), "start", str(cluster), "55499"],
                                 check=True, capture_output=True, text=True).stdout.strip()
        name = "desk_bench_" + uuid.uuid4().hex[:8]
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            pg_url = make_url(url).set(database=name).render_as_string(hide_password=False)
            folder = work / "md"
            write_corpus(folder, args.articles)
            sqlite_db = open_database(work / "desk.sqlite")
            sq = run_backend("sqlite", sqlite_db, str(work / "desk.sqlite"), folder, work / "site-sqlite")
            pg_db = open_database(url=pg_url)
            pg = run_backend("postgresql", pg_db, pg_url, folder, work / "site-pg")
            differ = same_results(sqlite_db, pg_db)
            identical = same_site(work / "site-sqlite", work / "site-pg")
            sqlite_db.close()
            pg_db.close()
            report(sq, pg, differ, identical)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
            if cluster is not None:
                subprocess.run(["bash", str(REPO / ".ci" / "postgres"), "stop", str(cluster)], check=False)


if __name__ == "__main__":
    main()
