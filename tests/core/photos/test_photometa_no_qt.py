"""The photo core stays Qt-free (DESIGN.md, principle 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import desk.core.photos.photometa as photometa


def test_no_qt_import_in_photometa():
    for path in Path(photometa.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")], path
