"""Errors the editor (or a script) can act on. Each message is one line: what and where."""

from __future__ import annotations


class DeskError(Exception):
    """Bad input or an unusable environment: nothing was changed. CLI exit status 2."""

    exit_code = 2


class DatabaseError(DeskError):
    """The database cannot be opened or written as asked."""


class InputError(DeskError):
    """A file or value given by the editor is not acceptable."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = path
        self.line = line


class ConflictError(DeskError):
    """The change collides with something already stored (a slug, a newer version)."""


class NotFoundError(DeskError):
    """The named article, category or photo does not exist."""
