"""Hostile input in volume: front matters that must be refused, bodies that must render
safely. Prints trials, tracebacks, wrong exit codes, active content and slow runs.

Front matters go through ``desk import`` (the CLI's main, in this process, for every
trial; and as a real ``desk`` process for a sample, where a traceback would show on
stderr). Bodies are rendered as full article pages and read back with html5lib.

    .venv/bin/python benchmarks/hostile_input.py [--front-matters 2000] [--processes 100]
                                                 [--bodies 1000] [--seed 20]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk.cli.run import main as desk_main  # noqa: E402
from tests.hostile_inputs import hostile_bodies, hostile_front_matters  # noqa: E402

SLOW_FRONT_MATTER = 5.0  # seconds, issue 20
SLOW_BODY = 2.0


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8", newline="")


def front_matters(seed: int, n: int, processes: int, folder: Path) -> dict[str, int]:
    db = folder / "desk.sqlite"
    desk_main(["init", "--db", str(db)])
    counts = {"trials": 0, "tracebacks": 0, "wrong exit codes": 0, "not one line": 0, "slow runs": 0}
    slowest = 0.0
    cases = list(hostile_front_matters(seed=seed, n=n))
    for i, (label, content) in enumerate(cases):
        path = folder / f"case-{i}.md"
        _write(path, content)
        err = io.StringIO()
        start = time.perf_counter()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = desk_main(["import", str(path), "--db", str(db)])
        except BaseException as exc:  # noqa: BLE001
            counts["tracebacks"] += 1
            print(f"  traceback: {label}: {type(exc).__name__}: {exc}"[:200])
            code = None
        elapsed = time.perf_counter() - start
        slowest = max(slowest, elapsed)
        counts["trials"] += 1
        if code is not None and code != 2:
            counts["wrong exit codes"] += 1
            print(f"  exit {code}: {label}")
        if code == 2 and err.getvalue().count("\n") != 1:
            counts["not one line"] += 1
        if elapsed > SLOW_FRONT_MATTER:
            counts["slow runs"] += 1
            print(f"  {elapsed:.1f} s: {label}")
        path.unlink()
    print(f"front matters in process: {_line(counts)}; slowest {slowest * 1000:.0f} ms")

    proc = {"trials": 0, "tracebacks": 0, "wrong exit codes": 0, "slow runs": 0}
    step = max(1, len(cases) // max(processes, 1))
    for i, (label, content) in list(enumerate(cases))[::step][:processes]:
        path = folder / f"proc-{i}.md"
        _write(path, content)
        start = time.perf_counter()
        try:
            result = subprocess.run([sys.executable, "-m", "desk", "import", str(path), "--db", str(db)],
                                    cwd=REPO, capture_output=True, text=True, timeout=60)
            code, err_text = result.returncode, result.stderr
        except subprocess.TimeoutExpired:
            code, err_text = None, ""
        elapsed = time.perf_counter() - start
        proc["trials"] += 1
        if "Traceback" in err_text:
            proc["tracebacks"] += 1
            print(f"  traceback: {label}")
        if code != 2:
            proc["wrong exit codes"] += 1
            print(f"  exit {code}: {label}: {err_text[:200]!r}")
        if code is None or elapsed > SLOW_FRONT_MATTER:
            proc["slow runs"] += 1
        path.unlink()
    print(f"front matters as desk processes: {_line(proc)}")
    return {k: counts.get(k, 0) + proc.get(k, 0) for k in set(counts) | set(proc)}


def bodies(seed: int, n: int) -> dict[str, int]:
    from desk.core.render import render_page
    from tests.core.html5_check import active_content
    from tests.core.sample import sample_page

    counts = {"trials": 0, "tracebacks": 0, "active content": 0, "slow runs": 0}
    slowest = (0.0, "")
    for label, body in hostile_bodies(seed=seed, n=n):
        counts["trials"] += 1
        start = time.perf_counter()
        try:
            html = render_page(sample_page(body_markdown=body))
        except Exception as exc:  # noqa: BLE001
            counts["tracebacks"] += 1
            print(f"  traceback: {label}: {exc}"[:200])
            continue
        elapsed = time.perf_counter() - start
        slowest = max(slowest, (elapsed, label))
        if elapsed > SLOW_BODY:
            counts["slow runs"] += 1
            print(f"  {elapsed:.1f} s: {label}")
        found = active_content(html, json_ld=1)
        if found:
            counts["active content"] += 1
            print(f"  active content: {label}: {found[:2]}")
    print(f"bodies: {_line(counts)}; slowest {slowest[0] * 1000:.0f} ms ({slowest[1]})")
    return counts


def _line(counts: dict[str, int]) -> str:
    return ", ".join(f"{value} {name}" for name, value in counts.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--front-matters", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=100)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fm = front_matters(args.seed, args.front_matters, args.processes, Path(tmp))
    bd = bodies(args.seed, args.bodies)
    bad = sum(v for k, v in fm.items() if k != "trials") + sum(v for k, v in bd.items() if k != "trials")
    print(f"total: {fm['trials'] + bd['trials']} trials, {bad} failures")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
