"""The writing desk on a 100,000-article database.

Measures, in one run, against references measured in the same run:
- opening the window with the list populated, vs an empty QMainWindow + QWebEngineView
  (each in a fresh process, median of 5): from the interpreter starting (`python main.py`,
  timed from the moment the process is spawned) to Desk's list painted with its rows,
  against the same for the reference to its page loaded (the target); also, after the
  imports, the window built with the database opened first (the path taken when the first
  screen cannot read the file), and Desk's first preview;
- the first screen of the list (count + first page);
- search as you type: p95 of search + list reload for one- and two-word queries,
  including words that match most of the archive, at every prefix as they are typed;
- typing in a 20,000-word body, once the article is on screen: every stretch of UI-thread
  work (each keystroke, and the event-loop pass after it: highlighting, counting, autosave
  hand-off, preview patches), its wall time split into the thread's own CPU time, the time
  it waited for a free core (run queue: other processes on a shared machine, our own
  renderer processes among them) and the rest, blocked: mostly the interpreter lock held by
  one of our Python threads (Linux per-thread schedstat).

    python benchmarks/desk_window.py [--articles 100000] [--typing-only]

The generated database is kept in benchmarks/out/ and reused by later runs. Desk's modules
are byte-compiled first, as installing it does (benchmarks/bytecode.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
BIG_HEADLINE = "Twenty thousand words (benchmark)"

from benchmarks.bytecode import compile_desk  # noqa: E402
from benchmarks.corpus import CATEGORIES, TAGS, body, sentence  # noqa: E402


def build_database(path: Path, n: int) -> None:
    """Rows written straight with SQL: the ORM import would take many minutes for 100k."""
    from sqlalchemy import text

    from desk.core.articles import categories as cats
    from desk.core.articles import search
    from desk.core.store.db import open_database

    db = open_database(path)
    rnd = random.Random(7)
    with db.write() as s:
        category_ids = [cats.by_path(s, p, create=True).id for p in CATEGORIES]
        for name in TAGS:
            s.execute(text("INSERT INTO tags (name, slug) VALUES (:n, :s)"), {"n": name, "s": name.lower()})
    start = time.perf_counter()
    statuses = ["published"] * 6 + ["draft", "review", "ready", "archived"]
    with db.engine.begin() as conn:
        batch = []
        for i in range(n):
            day = f"20{15 + i % 11:02d}-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:00:00"
            batch.append({
                "headline": sentence(rnd, rnd.randint(5, 10))[:-1] + f" {i}",
                "slug": f"story-{i}", "standfirst": sentence(rnd, 18),
                "body": body(rnd, rnd.randint(150, 450)), "byline": f"Reporter {i % 50}",
                "status": rnd.choice(statuses), "category_id": rnd.choice(category_ids),
                "created": day, "updated": day, "words": 300,
            })
            if len(batch) == 5000:
                _insert(conn, batch)
                batch = []
        if batch:
            _insert(conn, batch)
        conn.exec_driver_sql(
            "INSERT INTO article_tags (article_id, tag_id, position) "
            "SELECT id, 1 + (id % 12), 0 FROM articles")
    with db.write() as s:
        search.reindex_all(s, batch=2000)
    print(f"  built {n} articles in {time.perf_counter() - start:.0f} s")
    db.close()


def _insert(conn, rows) -> None:
    from sqlalchemy import text

    conn.execute(text(
        "INSERT INTO articles (headline, slug, slug_locked, standfirst, body, byline, status, "
        "category_id, source_name, source_url, created_at, updated_at, word_count, version) "
        "VALUES (:headline, :slug, 1, :standfirst, :body, :byline, :status, :category_id, '', '', "
        ":created, :updated, :words, 1)"), rows)


# --- child processes: each window is opened in a fresh process ------------------------

CHILD = r"""
import json, os, sys, time
t0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
sys.path.insert(0, sys.argv[3])
from PySide6 import QtWebEngineWidgets
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtCore import QUrl, QTimer
kind, db_path = sys.argv[1], sys.argv[2]
if kind == "desk":
    from desk.ui.preview.view import register_scheme
    register_scheme()
    from desk.core.store.db import open_database
    from desk.ui.window.main_window import MainWindow
    from desk.ui.window.services import Services
    # What MainWindow imports when it is attached: imported here, so that this figure
    # stays "after the imports".
    from desk.ui.editor import article_editor, autosave, find_replace
    from desk.ui.panels import checklist, history, inspector
    from desk.ui.photos import (article_photos, credit_panel, import_queue, library,
                                rendition_worker)
    from desk.ui.preview import view
app = QApplication([])
if kind == "desk":
    services = Services.create(open_database(db_path))
done = {}
t1 = time.perf_counter()  # imports done, application and database ready: the window opens
def mark(name):
    done.setdefault(name, time.perf_counter())
def finish():
    mark("end")
    app.quit()
if kind == "reference":
    w = QMainWindow(); view = QWebEngineView(); w.setCentralWidget(view)
    view.loadFinished.connect(lambda ok: finish())
    w.show(); view.setHtml("<html><body><p>Hello</p></body></html>")
else:
    w = MainWindow(services)
    w.list_loaded.connect(lambda: mark("list"))
    w.first_preview_ready.connect(lambda ok: finish())
    w.show(); w.load_initial()
QTimer.singleShot(60000, finish)
app.exec()
print(json.dumps({"process": done["end"] - t0, "window": done.get("list", done["end"]) - t1,
                  "ready": done["end"] - t1}))
"""


REFERENCE_PROCESS = r"""
import os, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
from PySide6 import QtWebEngineWidgets
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtWebEngineWidgets import QWebEngineView
app = QApplication([])
w = QMainWindow(); view = QWebEngineView(); w.setCentralWidget(view)
def finish(ok):
    print("loaded_at", time.perf_counter(), flush=True)
    app.quit()
view.loadFinished.connect(finish)
w.show(); view.setHtml("<html><body><p>Hello</p></body></html>")
app.exec()
"""


def from_spawn(kind: str, db_path: Path) -> dict[str, float]:
    """Seconds from spawning `python main.py` (or the reference script) to the window
    shown: Desk's list painted with its rows, the reference's page loaded. Both processes
    print time.perf_counter(), which on Linux is CLOCK_MONOTONIC, shared by all processes."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(OUT / "home"))
    if kind == "reference":
        command = [sys.executable, "-c", REFERENCE_PROCESS]
    else:
        command = [sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "--smoke-test"]
    spawned = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    lines = result.stdout.splitlines()
    if kind == "reference":
        found = [float(x.split()[1]) for x in lines if x.startswith("loaded_at ")]
        if not found:
            raise RuntimeError(result.stderr[-2000:])
        return {"shown": found[-1] - spawned}
    found = [json.loads(x) for x in lines if x.startswith("{")]
    if not found or not found[-1]["ok"]:
        raise RuntimeError(result.stdout[-1000:] + result.stderr[-2000:])
    report = found[-1]
    origin, t = report["clock_origin_s"], report["timings_ms"]
    return {"shown": origin + t["list_shown"] / 1000 - spawned,
            "preview": origin + t["preview_loaded"] / 1000 - spawned,
            "library": origin + t["window_built"] / 1000 - spawned}


def open_time(kind: str, db_path: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(OUT / "home"))
    result = subprocess.run([sys.executable, "-c", CHILD, kind, str(db_path), str(ROOT)],
                            capture_output=True, text=True, env=env, timeout=120)
    line = [x for x in result.stdout.splitlines() if x.startswith("{")]
    if not line:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(line[-1])


@dataclasses.dataclass(frozen=True)
class Stall:
    """One stretch of UI-thread work, in ms: its wall time, the thread's own CPU time, the
    time it was runnable but waiting for a core (other processes on a shared machine, or
    our own threads and Chromium's), and the rest: blocked, not runnable, which is waiting
    for the interpreter lock held by another Python thread (or another lock, or I/O)."""

    wall: float
    cpu: float
    runq: float

    @property
    def blocked(self) -> float:
        return max(0.0, self.wall - self.cpu - self.runq)

    @property
    def in_app(self) -> float:
        """What Desk itself made the thread wait: wall less the waits for a free core."""
        return self.wall - self.runq


def _schedstat() -> tuple[float, float]:
    """(CPU time, run-queue wait) of the calling thread in ms; zeros where Linux's per-thread
    schedstat is not available."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            cpu, wait, _ = f.read().split()
        return int(cpu) / 1e6, int(wait) / 1e6
    except (OSError, ValueError):
        return 0.0, 0.0


def timed(fn) -> Stall:
    (cpu0, wait0), start = _schedstat(), time.perf_counter()
    fn()
    end, (cpu1, wait1) = time.perf_counter(), _schedstat()
    if cpu1 == cpu0 == 0.0:  # no schedstat: the thread's CPU clock, no run-queue figure
        return Stall((end - start) * 1000, 0.0, 0.0)
    return Stall((end - start) * 1000, cpu1 - cpu0, wait1 - wait0)


def measure_in_process(db_path: Path, typing_only: bool = False) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from PySide6 import QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from desk.core.articles import editing as articles
    from desk.core.store.db import open_database
    from desk.core.store.models import Article
    from desk.ui.window.main_window import MainWindow
    from desk.ui.preview.view import register_scheme
    from desk.ui.window.services import Services

    register_scheme()
    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("DeskBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(OUT / "settings"))
    from desk.app import settle_heap, share_interpreter_lock

    share_interpreter_lock()  # as the app does before it starts any thread
    db = open_database(db_path)
    window = MainWindow(Services.create(db))
    window.show()
    window.load_initial()
    for _ in range(50):
        app.processEvents()
    settle_heap()  # as the app does once the window is complete

    figures: dict[str, float] = {}
    if not typing_only:
        figures.update(_list_and_search(window))
    try:
        figures.update(_typing(app, window, db))
    finally:
        window.close()
        # As the app does on exit: the web page is deleted before its profile.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        with db.write() as s:  # leave the generated database as it was for the next run
            for big in s.scalars(select(Article).where(Article.headline == BIG_HEADLINE)).all():
                articles.trash(s, big)  # out of the search index too
                s.delete(big)
    return figures


def _list_and_search(window) -> dict[str, float]:
    figures: dict[str, float] = {}
    samples = []
    for _ in range(20):
        start = time.perf_counter()
        window.model.reload()
        samples.append(time.perf_counter() - start)
    figures["first_screen_ms"] = statistics.median(samples) * 1000
    figures["rows"] = window.model.total

    queries = ["minister", "government said", "vote", "budget parliament", "the", "a",
               "storm", "flood river", "reporter", "police report", "festival music", "zzz",
               "min", "go", "market prices", "harvest"]
    # Every prefix as it is typed ("p", "po", … "police rep"): the list follows each pause.
    typed = [q[:n] for q in queries for n in range(1, len(q) + 1)]
    samples = []
    for _ in range(2):
        for q in typed:
            start = time.perf_counter()
            window.model.set_filter(query=q)
            window.model.rowCount()
            samples.append(time.perf_counter() - start)
    samples.sort()
    figures["search_p50_ms"] = statistics.median(samples) * 1000
    figures["search_p95_ms"] = samples[int(len(samples) * 0.95) - 1] * 1000
    figures["search_max_ms"] = samples[-1] * 1000
    window.model.set_filter(query="")
    return figures


def _typing(app, window, db) -> dict[str, float]:
    from PySide6.QtTest import QTest

    from desk.core.articles import editing as articles

    figures: dict[str, float] = {}
    rnd = random.Random(3)
    text = body(rnd, 20000)
    with db.write() as s:
        big = articles.create(s, headline=BIG_HEADLINE, body=text, category="Politics")
        big_id = big.id
    shown = []
    window.preview.updated.connect(shown.append)
    window.preview.loaded.connect(shown.append)
    window.open_article(big_id)
    # Typing starts once the article is on screen, its preview included: what opening it
    # costs is not typing (the figures above and in the smoke test cover opening).
    deadline = time.time() + 20
    while not shown and time.time() < deadline:
        app.processEvents()
        time.sleep(0.005)
    deadline = time.time() + 1
    while time.time() < deadline:
        app.processEvents()
        time.sleep(0.005)
    editor = window.editor.body
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(len(text) // 2)
    editor.setTextCursor(cursor)
    # Twice: with the preview hidden (what autosave, counting and highlighting cost the UI
    # thread) and shown (plus handing each keystroke to the live preview).
    # The last pass again with the preview shown, spell check off: its cost, in the same run.
    for label, preview_shown, spelling in (("hidden", False, True), ("shown", True, True),
                                           ("nospell", True, False)):
        window.spelling_action.setChecked(spelling)
        window.preview_dock.setVisible(preview_shown)
        for _ in range(20):  # the dock's own show/hide work is not typing
            app.processEvents()
            time.sleep(0.01)
        keys: list[Stall] = []
        stalls: list[Stall] = []  # every stretch the UI thread was busy: keys and the loop
        for i in range(300):
            ch = "abcdefghij klmnop"[i % 17]
            keys.append(timed(lambda ch=ch: QTest.keyClick(editor, ch)))
            # The rest of the UI-thread work this keystroke caused (signals, timers,
            # paints, preview patches), run before the next key arrives.
            stalls.append(timed(app.processEvents))
            time.sleep(0.01)
        deadline = time.time() + 3
        while time.time() < deadline:  # idle: autosave, counting and the preview land now
            stalls.append(timed(app.processEvents))
            time.sleep(0.005)
        stalls += keys
        wall = sorted(k.wall for k in keys)
        figures[f"{label}_keystroke_p95_ms"] = wall[int(len(wall) * 0.95) - 1]
        figures[f"{label}_keystroke_max_ms"] = wall[-1]
        worst = max(stalls, key=lambda x: x.wall)
        figures[f"{label}_stall_max_ms"] = worst.wall
        figures[f"{label}_stall_max_cpu_ms"] = worst.cpu
        figures[f"{label}_stall_max_runq_ms"] = worst.runq
        figures[f"{label}_stall_max_blocked_ms"] = worst.blocked
        figures[f"{label}_cpu_max_ms"] = max(x.cpu for x in stalls)
        figures[f"{label}_in_app_max_ms"] = max(x.in_app for x in stalls)
        figures[f"{label}_over_16_ms"] = sum(x.wall > 16 for x in stalls)
        figures[f"{label}_in_app_over_16_ms"] = sum(x.in_app > 16 for x in stalls)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--typing-only", action="store_true",
                        help="only the typing figures (quick, for comparing changes)")
    args = parser.parse_args()
    compile_desk()
    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / f"desk-{args.articles}.sqlite"
    if not db_path.exists():
        print(f"generating {args.articles} articles (kept in {db_path})")
        build_database(db_path, args.articles)
    if args.typing_only:
        figures = measure_in_process(db_path, typing_only=True)
        print_typing(figures)
        print(json.dumps({k: round(v, 1) for k, v in figures.items()}))
        return
    # Interleaved, so that a busy moment of the machine weighs on both alike.
    spawn_refs, spawn_desks = [], []
    for _ in range(5):
        spawn_refs.append(from_spawn("reference", db_path))
        spawn_desks.append(from_spawn("desk", db_path))
    refs, desks = [], []
    for _ in range(3):
        refs.append(open_time("reference", db_path))
        desks.append(open_time("desk", db_path))

    def med(runs, key):
        return statistics.median(r[key] for r in runs) * 1000

    ref_shown, desk_shown = med(spawn_refs, "shown"), med(spawn_desks, "shown")
    print(f"open window from `python main.py` starting: Desk shown with the list populated "
          f"{desk_shown:.0f} ms (complete {med(spawn_desks, 'library'):.0f} ms, first preview "
          f"{med(spawn_desks, 'preview'):.0f} ms); `python` + empty QMainWindow+QWebEngineView "
          f"loaded {ref_shown:.0f} ms: ratio {desk_shown / ref_shown:.2f} (target <= 1.5)")
    print("  runs (Desk/reference ms): " + ", ".join(
        f"{d['shown'] * 1000:.0f}/{r['shown'] * 1000:.0f}" for d, r in zip(spawn_desks, spawn_refs)))

    ref_open, desk_list = med(refs, "ready"), med(desks, "window")
    # Not the path main.py takes with a database it can read: the window built whole, the
    # database opened first (what happens when the first screen cannot read the file).
    print(f"open window after imports, database first (the fallback path): Desk shown with the "
          f"list populated {desk_list:.0f} ms, first preview {med(desks, 'ready'):.0f} ms; empty "
          f"QMainWindow+QWebEngineView loaded {ref_open:.0f} ms: ratio {desk_list / ref_open:.2f}")
    print(f"whole process from interpreter start: Desk to first preview {med(desks, 'process'):.0f} ms, "
          f"reference {med(refs, 'process'):.0f} ms: ratio {med(desks, 'process') / med(refs, 'process'):.2f}")
    f = measure_in_process(db_path)
    print(f"first screen of the list ({int(f['rows'])} rows): {f['first_screen_ms']:.1f} ms (target < 50)")
    print(f"search as you type: p50 {f['search_p50_ms']:.1f} ms, p95 {f['search_p95_ms']:.1f} ms, "
          f"max {f['search_max_ms']:.1f} ms (target p95 < 50)")
    print_typing(f)


def print_typing(f: dict[str, float]) -> None:
    names = {"hidden": "preview hidden, spell check on", "shown": "preview shown, spell check on",
             "nospell": "preview shown, spell check off"}
    for label in ("hidden", "shown", "nospell"):
        g = {k[len(label) + 1:]: v for k, v in f.items() if k.startswith(label + "_")}
        print(f"typing in 20,000 words, {names[label]}: keystroke p95 {g['keystroke_p95_ms']:.1f} ms, "
              f"max {g['keystroke_max_ms']:.1f} ms; longest UI-thread stall {g['stall_max_ms']:.1f} ms "
              f"wall (its own CPU {g['stall_max_cpu_ms']:.1f}, waiting for a core "
              f"{g['stall_max_runq_ms']:.1f}, blocked on the interpreter lock or I/O "
              f"{g['stall_max_blocked_ms']:.1f}); stalls over 16 ms: {int(g['over_16_ms'])}; "
              f"excluding waits for a core: max {g['in_app_max_ms']:.1f} ms, "
              f"{int(g['in_app_over_16_ms'])} over 16; most CPU in one stall {g['cpu_max_ms']:.1f} ms "
              "(target < 16)")

if __name__ == "__main__":
    main()
