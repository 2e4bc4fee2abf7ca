"""Where Desk finds the files it ships with."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    installed = Path(__file__).parent / "resources"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "resources"
