"""The core never imports Qt: checked statically and by importing every core module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import desk

PACKAGE = Path(desk.__file__).parent
QT_FREE = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]
           and p.name not in {"app.py"} and "resources" not in p.parts and "db" not in p.relative_to(PACKAGE).parts[:1]]


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}]
    return found


def test_no_qt_import_in_core_source():
    offenders = {str(p.relative_to(PACKAGE)): qt_imports(p) for p in QT_FREE}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert any(p.parent.name == "cli" for p in QT_FREE)


def test_importing_the_core_loads_no_qt():
    modules = sorted(
        "desk." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in QT_FREE if p.name != "__main__.py" and ("core" in p.parts or "cli" in p.parts)
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m.removesuffix('.__init__'))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
