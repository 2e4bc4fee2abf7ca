"""The export's errors: each one line, each meaning the previous site is intact."""

from __future__ import annotations

from desk.core.errors import DeskError


class ExportError(DeskError):
    """The export could not be written; the previous site is intact."""


class ExportCancelled(ExportError):
    """The editor cancelled; nothing of this run was made live."""
