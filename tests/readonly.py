"""A folder nothing can be written to, even by root (whose writes ignore file modes)."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def readonly_folder(base: Path, files: dict[str, bytes] | None = None) -> Iterator[Path]:
    folder = base / "ro"
    folder.mkdir()
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    if os.geteuid() != 0:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield folder
        finally:
            folder.chmod(stat.S_IRWXU)
        return
    # As root only a read-only file system refuses writes: bind-mount the folder read-only.
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("running as root and cannot mount a read-only folder: "
                    + mounted.stderr.decode(errors="replace").strip())
    try:
        yield folder
    finally:
        # Lazily: a connection a failed test left open must not keep the mount behind.
        subprocess.run(["umount", "-l", str(folder)], check=False)
