"""Desk's modules byte-compiled before a benchmark times fresh processes.

An installed Desk runs from compiled modules (pip compiles them on install; a checkout
writes them on its first run), and so do the tools and libraries it is compared with,
from site-packages. Where PYTHONDONTWRITEBYTECODE is set (it is on the project's
machines), a checkout never gets them: every process would compile Desk's modules from
source, 0.1-0.2 s that no editor's process spends. Compiling them here is what an install
does; the files go to the usual __pycache__ folders, which git ignores.
"""

from __future__ import annotations

import compileall
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def compile_desk() -> None:
    if not compileall.compile_dir(REPO / "desk", quiet=1):
        raise SystemExit("could not byte-compile desk/ (see the messages above)")
