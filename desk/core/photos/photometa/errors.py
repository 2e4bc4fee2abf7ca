"""The one error the photo reader raises: the file cannot be imported, and why."""

from __future__ import annotations


class PhotoError(ValueError):
    """A file Desk cannot import. The message is one line; the caller adds the file name."""
