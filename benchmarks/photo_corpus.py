"""Reading the public photo corpus: Desk against exiftool, and each file's time and memory.

In the same run, in turns, --repeat times each:

* exiftool reading every file (``exiftool -j -a -G1``: every tag), one process;
* Desk reading every file (read_photo, what `desk photo import` reads), one process;
  both timed from process start to exit, so both pay their interpreter's start-up.

Then one Desk process reads and imports each file (read_photo + the thumbnail decode,
which is what an import adds), with its peak resident set size reset before each file
(Linux /proc/self/clear_refs), and reports the slowest and the most memory-hungry file.
Targets (issue 15): Desk within 1.5× of exiftool; no file above 300 MB or 5 s.

    python -m benchmarks.photo_corpus [FOLDER] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "fixtures" / "photo-corpus"
RATIO_TARGET = 1.5
PEAK_TARGET = 300 * 1024 * 1024
SECONDS_TARGET = 5.0

READ_ALL = """
import sys, warnings
sys.path.insert(0, {repo!r})
from desk.core.photos.photometa.reader import PhotoError, read_photo
for name in sys.stdin.read().splitlines():
    try:
        read_photo(open(name, "rb").read(), name)
    except PhotoError:
        pass
"""


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() not in (".md", ".tsv"))


def timed(command: list[str], stdin: str = "") -> float:
    started = time.perf_counter()
    subprocess.run(command, input=stdin.encode(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def per_file(paths: list[Path]) -> list[dict]:
    """Runs in a worker process: each file read and imported, its own time and peak memory."""
    from desk.core.photos.photometa.reader import PhotoError, read_photo
    from desk.core.photos.photometa.renditions import make_thumbnail
    from benchmarks.photo_fuzz import _peak, _reset_peak

    found = []
    for path in paths:
        data = path.read_bytes()
        _reset_peak()
        started = time.perf_counter()
        outcome = "read"
        try:
            read_photo(data, path.name)
            read_s = time.perf_counter() - started
            make_thumbnail(data)
            outcome = "imported"
        except PhotoError:
            read_s = time.perf_counter() - started
            outcome = "refused" if outcome == "read" else "refused at decoding"
        found.append({"file": path.name, "outcome": outcome, "read_s": read_s,
                      "import_s": time.perf_counter() - started, "peak": _peak()})
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(per_file([Path(line) for line in sys.stdin.read().splitlines()])))
        return 0
    if not args.folder.is_dir() or shutil.which("exiftool") is None:
        # `make bench` runs every benchmark: say why this one measured nothing.
        why = f"no corpus at {args.folder}" if not args.folder.is_dir() else "exiftool is not installed"
        print(f"photo_corpus: nothing measured: {why} (Debian: libimage-exiftool-perl)")
        return 0
    paths = files_in(args.folder)
    names = "\n".join(str(p) for p in paths)
    size = sum(p.stat().st_size for p in paths)
    exiftool_s, desk_s = [], []
    for _ in range(args.repeat):
        exiftool_s.append(timed(["exiftool", "-j", "-a", "-G1", "-q", "-q", *map(str, paths)]))
        desk_s.append(timed([sys.executable, "-c", READ_ALL.format(repo=str(REPO))], names))
    e, d = statistics.median(exiftool_s), statistics.median(desk_s)
    print(f"corpus: {len(paths)} files, {size / 1e6:.1f} MB ({args.folder})")
    print(f"exiftool -j -a -G1 (every tag)   {e:6.2f} s   runs {', '.join(f'{x:.2f}' for x in exiftool_s)}")
    print(f"Desk read_photo (every file)     {d:6.2f} s   runs {', '.join(f'{x:.2f}' for x in desk_s)}")
    ratio = d / e
    print(f"Desk / exiftool = {ratio:.2f} (target <= {RATIO_TARGET}): {'OK' if ratio <= RATIO_TARGET else 'MISSED'}")

    done = subprocess.run([sys.executable, "-m", "benchmarks.photo_corpus", "--worker"], input=names.encode(),
                          capture_output=True, check=False, cwd=REPO)
    if done.returncode != 0:
        print(done.stderr.decode(errors="replace"), file=sys.stderr)
        return 1
    rows = json.loads(done.stdout)
    outcomes: dict[str, int] = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    slowest = max(rows, key=lambda r: r["import_s"])
    hungriest = max(rows, key=lambda r: r["peak"])
    total_import = sum(r["import_s"] for r in rows)
    print("per file (read + thumbnail, one process): " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
          + f"; {total_import:.2f} s in all")
    print(f"slowest file   {slowest['import_s']:6.2f} s   {slowest['file']}")
    print(f"largest peak   {hungriest['peak'] / 1e6:6.0f} MB  {hungriest['file']} (process RSS, includes Python and Pillow)")
    ok_time = slowest["import_s"] <= SECONDS_TARGET
    ok_peak = hungriest["peak"] <= PEAK_TARGET
    print(f"no file above {SECONDS_TARGET:.0f} s: {'OK' if ok_time else 'MISSED'}; "
          f"no file above {PEAK_TARGET // (1024 * 1024)} MB: {'OK' if ok_peak else 'MISSED'}")
    return 0 if ratio <= RATIO_TARGET and ok_time and ok_peak else 1


if __name__ == "__main__":
    raise SystemExit(main())
