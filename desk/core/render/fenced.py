"""Python-Markdown's fenced-code extension, imported without Pygments.

Its module imports the code-highlighting extension, which imports Pygments when it is
installed; recent Pygments load their plug-in registry (importlib.metadata) on import:
50 ms of every command that renders a page, for highlighting Desk never asks for
(fenced code is rendered plain: no CodeHiliteExtension is configured, and without it the
extension does not look at Pygments). So Pygments is hidden while the module loads,
unless something imported it already.

Hidden from this thread only: a finder on sys.meta_path refuses ``pygments`` to the
thread loading the extension and lets every other thread import it as usual (setting
``sys.modules["pygments"] = None`` would have made it fail for all of them meanwhile).
"""

from __future__ import annotations

import importlib.abc
import sys
import threading
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType


class _HidePygmentsFrom(importlib.abc.MetaPathFinder):
    def __init__(self, thread: int) -> None:
        self.thread = thread

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if threading.get_ident() == self.thread and fullname.partition(".")[0] == "pygments":
            raise ModuleNotFoundError(f"No module named {fullname!r} (hidden by desk)", name=fullname)
        return None  # anyone else: the next finder


if "pygments" in sys.modules or "markdown.extensions.fenced_code" in sys.modules:
    from markdown.extensions.fenced_code import (
        FencedBlockPreprocessor,
        FencedCodeExtension,
    )
else:
    _finder = _HidePygmentsFrom(threading.get_ident())
    sys.meta_path.insert(0, _finder)
    try:
        from markdown.extensions.fenced_code import (
            FencedBlockPreprocessor,
            FencedCodeExtension,
        )
    finally:
        sys.meta_path.remove(_finder)

__all__ = ["FencedBlockPreprocessor", "FencedCodeExtension"]
