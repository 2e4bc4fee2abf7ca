"""Python-Markdown's fenced-code extension, imported without Pygments.

Its module imports the code-highlighting extension, which imports Pygments when it is
installed; recent Pygments load their plug-in registry (importlib.metadata) on import:
50 ms of every command that renders a page, for highlighting Desk never asks for
(fenced code is rendered plain: no CodeHiliteExtension is configured, and without it the
extension does not look at Pygments). So Pygments is hidden while the module loads,
unless something imported it already.
"""

from __future__ import annotations

import sys

if "pygments" in sys.modules or "markdown.extensions.fenced_code" in sys.modules:
    from markdown.extensions.fenced_code import (
        FencedBlockPreprocessor,
        FencedCodeExtension,
    )
else:
    sys.modules["pygments"] = None  # type: ignore[assignment]  # import pygments -> ImportError
    try:
        from markdown.extensions.fenced_code import (
            FencedBlockPreprocessor,
            FencedCodeExtension,
        )
    finally:
        del sys.modules["pygments"]

__all__ = ["FencedBlockPreprocessor", "FencedCodeExtension"]
