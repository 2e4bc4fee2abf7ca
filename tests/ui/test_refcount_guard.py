"""Thousands of void PySide6 calls must not abort the interpreter (PySide6 6.12 on 3.11)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

CALLS = """
import sys
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(50_000):
    label.setText("x")  # a void C++ method
print("survived")
"""


def run(guard: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", CALLS.format(guard=guard)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_importing_desk_ui_keeps_none_alive():
    result = run("import desk.ui")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


def test_guard_is_idempotent():
    from desk.ui.refcount_guard import protect_none

    assert protect_none() is False  # already applied when desk.ui was imported
