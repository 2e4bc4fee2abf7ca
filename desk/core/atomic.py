"""Files written whole or not at all: a temporary name in the same folder, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from desk.core.errors import DeskError


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise DeskError(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DeskError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DeskError(f"cannot write {path}: {exc.strerror}; the previous file is intact") from None


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
