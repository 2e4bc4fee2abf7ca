"""Frames of Desk's start-up under X (Xvfb), to see what the editor sees while the window
opens: a black flash, blank panels, the order in which list, editor and preview fill.

    Xvfb :71 -screen 0 1366x768x24 &
    DISPLAY=:71 QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu \\
        python tools/startup_frames.py DB OUT_DIR [--seconds 4] [--every-ms 15]

Starts `python main.py --db DB`, grabs the screen every few milliseconds from this
process (QScreen.grabWindow of the root window: an XGetImage), keeps the frames that
differ from the one before, and prints one line per kept frame: its time since the
spawn, the share of near-black pixels, and the share of the screen that changed. A frame
with a large dark share on a light theme is a black flash. The frames are written as
OUT_DIR/frame-<ms>.png to look at.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dark_share(image) -> float:
    """Share of near-black pixels, sampled on a grid (fast enough between grabs)."""
    step = 8
    dark = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colour = image.pixelColor(x, y)
            total += 1
            if colour.red() < 40 and colour.green() < 40 and colour.blue() < 40:
                dark += 1
    return dark / max(1, total)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--every-ms", type=int, default=15)
    args = parser.parse_args()
    if os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from PySide6.QtGui import QGuiApplication, QImage

    app = QGuiApplication([])
    screen = app.primaryScreen()
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    spawned = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", args.db], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    frames: list[tuple[float, QImage]] = []
    previous = None
    try:
        while time.perf_counter() - spawned < args.seconds:
            image = screen.grabWindow(0).toImage()
            now = time.perf_counter() - spawned
            small = image.scaled(image.width() // 4, image.height() // 4)
            if previous is None or small != previous:
                frames.append((now, image))
                previous = small
            time.sleep(args.every_ms / 1000)
    finally:
        child.terminate()
        child.wait(10)
    before = None
    for at, image in frames:
        small = image.scaled(image.width() // 8, image.height() // 8)
        changed = 0.0
        if before is not None:
            diff = sum(1 for y in range(small.height()) for x in range(small.width())
                       if small.pixel(x, y) != before.pixel(x, y))
            changed = diff / (small.width() * small.height())
        before = small
        name = args.out / f"frame-{int(at * 1000):05d}.png"
        image.save(str(name))
        print(f"{at * 1000:7.0f} ms  dark {dark_share(image) * 100:5.1f} %  changed {changed * 100:5.1f} %  {name.name}")


if __name__ == "__main__":
    main()
