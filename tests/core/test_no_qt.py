"""The renderer is core: importing and using it must not pull in Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_render_package_does_not_import_qt():
    code = (
        "import sys\n"
        "from tests.core.sample import sample_page\n"
        "from desk.core.render import render_page, BodyRenderer\n"
        "render_page(sample_page(), inline_css=True)\n"
        "BodyRenderer().render('# x')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt6', 'PyQt5'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
