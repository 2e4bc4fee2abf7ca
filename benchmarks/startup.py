"""Start-up of the workstation against an empty QMainWindow + QWebEngineView, in one run.

Each round spawns, in turns (so that a busy moment of this shared machine weighs on
both): the reference, a `python -c` that opens an empty QMainWindow holding a
QWebEngineView and loads a one-line page; and `python main.py --db DB --smoke-test`.
Times are from the spawn (both processes print time.perf_counter(), CLOCK_MONOTONIC on
Linux, shared by all processes) to:

- reference: its page loaded (the target's unit);
- list shown: Desk's list painted with its rows;
- editor filled: the first article in the editor and the inspector;
- answering input: from when on every key or click is answered within 100 ms (the
  limit under which a response feels immediate): the list shown, or the end of the
  last stall longer than that (a stretch of UI-thread work during which the event loop
  did not run, measured by a 5 ms heartbeat timer in Desk, from the list shown to the
  first preview);
- editor ready: the first free turn of the event loop after the editor is filled (a key
  typed into the editor from then on is answered at once);
- preview: the first preview loaded;
- longest stall: the longest the UI thread did not run its event loop between the list
  shown and the preview (how long a click could wait).

Targets (issue 14): list shown and answering input within 1.5 x the reference; editor
and inspector filled before the preview.

    python benchmarks/startup.py [--rounds 7] [--db PATH]

Without --db, a database with the demo content is made in benchmarks/out/. Desk's
modules are byte-compiled first, as installing it does (benchmarks/bytecode.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"

from benchmarks.bytecode import compile_desk  # noqa: E402

REFERENCE = r"""
import os, time
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

PHASES = ("list_shown", "editor_filled", "input_ready", "preview_loaded")
ANSWER_S = 0.1  # a response within this feels immediate


def environment() -> dict[str, str]:
    env = dict(os.environ, HOME=str(OUT / "home"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    return env


def reference() -> float:
    spawned = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", REFERENCE], capture_output=True, text=True,
                            env=environment(), timeout=120)
    found = [float(x.split()[1]) for x in result.stdout.splitlines() if x.startswith("loaded_at ")]
    if not found:
        raise RuntimeError(result.stderr[-2000:])
    return found[-1] - spawned


def desk(db: Path) -> dict[str, float]:
    spawned = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--smoke-test"],
                            capture_output=True, text=True, env=environment(), timeout=120, cwd=ROOT)
    found = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    if not found or not found[-1]["ok"]:
        raise RuntimeError(result.stdout[-1000:] + result.stderr[-2000:])
    origin, t = found[-1]["clock_origin_s"], found[-1]["timings_ms"]
    figures = {phase: origin + t[phase] / 1000 - spawned for phase in PHASES}
    figures["longest_stall"] = t["longest_stall_ms"] / 1000
    long_ends = [origin + end / 1000 - spawned for end, late in found[-1]["stalls_ms"] if late / 1000 > ANSWER_S]
    figures["answering"] = max([figures["list_shown"], *long_ends])
    return figures


def demo_database() -> Path:
    path = OUT / "startup-demo.sqlite"
    if not path.exists():
        from desk.core.site import demo
        from desk.core.store.db import open_database

        db = open_database(path)
        demo.install(db)
        db.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", type=Path, help="a database to open (default: the demo content)")
    args = parser.parse_args()
    compile_desk()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "home").mkdir(exist_ok=True)
    db = args.db or demo_database()
    desk(db)  # once untimed: the operating system's file cache, as on any second launch
    refs, desks = [], []
    for _ in range(args.rounds):
        refs.append(reference())
        desks.append(desk(db))
    ref = statistics.median(refs)
    print(f"start-up, {args.rounds} rounds in turns, medians from the spawn of the process "
          f"(database {db.name}):")
    print(f"  reference: empty QMainWindow + QWebEngineView, page loaded  {ref * 1000:6.0f} ms")
    for phase, label, target in (("list_shown", "Desk: list shown", 1.5),
                                 ("answering", "Desk: window answering input (within 100 ms)", 1.5),
                                 ("editor_filled", "Desk: editor and inspector filled", None),
                                 ("input_ready", "Desk: editor ready for typing", None),
                                 ("preview_loaded", "Desk: first preview shown", None)):
        value = statistics.median(d[phase] for d in desks)
        goal = f" (target <= {target})" if target else ""
        print(f"  {label:<58} {value * 1000:6.0f} ms  ratio {value / ref:.2f}{goal}")
    stall = statistics.median(d["longest_stall"] for d in desks)
    print(f"  longest UI-thread stall between list and preview (median)    {stall * 1000:6.0f} ms")
    print("  runs (reference / list / answering / editor ready / preview ms): " + ", ".join(
        f"{r * 1000:.0f}/{d['list_shown'] * 1000:.0f}/{d['answering'] * 1000:.0f}/"
        f"{d['input_ready'] * 1000:.0f}/{d['preview_loaded'] * 1000:.0f}" for r, d in zip(refs, desks)))
    order = all(d["editor_filled"] <= d["preview_loaded"] for d in desks)
    print(f"  editor and inspector filled before the preview in every run: {'yes' if order else 'NO'}")


if __name__ == "__main__":
    main()
