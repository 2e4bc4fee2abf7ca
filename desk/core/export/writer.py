"""Writing the site so that a kill at any moment leaves a working site.

Stage: every new or changed file is written into ``.desk-staging/`` inside the output
folder; the live site is not touched, so a failure or a kill here leaves the previous site
exactly as it was (the next run discards the leftovers). An export into a folder holding
no site yet stages the site's own tree, and its commit moves a handful of top-level
folders (creating a thousand article folders while the workers render, not after); any
other export stages files under plain numbers (no folder tree to create and remove again)
and moves each file.

Commit: a journal listing the moves and removals is written atomically, then the staged
files are renamed into place (media first, pages next, listings and feeds, the manifest
last), then the files of unpublished articles are removed. A run that finds a journal
finishes that commit before anything else, so an interrupted commit is always
completed, never half-applied for longer than it takes to start Desk again.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..atomic import write_bytes
from ..errors import DeskError
from . import paths
from .errors import ExportError
from .manifest import NAME as MANIFEST

STAGING = ".desk-staging"
JOURNAL = ".desk-export-journal.json"
# Names in the output folder that belong to the exporter's own machinery.
INTERNAL = {STAGING, JOURNAL, MANIFEST}
FSYNC_EACH_UP_TO = 256
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def describe(exc: OSError, path: Path) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "the folder is read-only" if exc.errno == errno.EROFS else "permission denied"
    return f"cannot write {path}: {reason}; the previous site is intact"


class Stager:
    """Stages files for one export. ``tree``: the output folder holds no site (nothing
    but Desk's own names), so the site's tree is staged as it is and committed by moving
    its top-level entries."""

    def __init__(self, out: Path, *, tree: bool = False):
        self.out = out
        self.root = out / STAGING
        self.tree = tree
        self.staged: list[tuple[str, str]] = []  # (staged name, output-relative path)
        self._prefix = os.path.join(str(self.root), "")
        self._made = {str(self.root)}  # folders made in the staged tree
        if self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)
        try:
            self.root.mkdir()
        except OSError as exc:
            raise ExportError(describe(exc, self.root)) from None

    def put(self, rel: str, data: bytes) -> None:
        name = rel if self.tree else f"{len(self.staged):07d}"
        path = self._prefix + name
        try:
            if self.tree:
                self._folder(os.path.dirname(path))
            _write_new(path, data)
        except OSError as exc:
            self.discard()
            raise ExportError(describe(exc, self.out / rel)) from None
        self.staged.append((name, rel))

    def _folder(self, folder: str) -> None:
        """One mkdir per new folder, parents first: os.makedirs would stat each parent
        again for each of the thousand article folders."""
        if folder in self._made:
            return
        self._folder(os.path.dirname(folder))
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        self._made.add(folder)

    def _flush(self) -> None:
        """Staged bytes reach the disk before the journal says they exist. A few files
        are flushed one by one; many at once with one sync of the file system (thousands
        of fsyncs would cost more than the export)."""
        if len(self.staged) > FSYNC_EACH_UP_TO and hasattr(os, "sync"):
            os.sync()
            return
        for name, _ in self.staged:
            fd = os.open(self._prefix + name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def commit(self, manifest: bytes, removals: Iterable[str]) -> None:
        """Make the staged files live. The journal is the point of no return."""
        self.put(MANIFEST, manifest)
        try:
            self._flush()
            # The manifest (staged last) goes live last.
            if self.tree:
                tops = {rel.split("/", 1)[0] for _, rel in self.staged[:-1]}
                moves = [(top, top) for top in sorted(tops, key=_commit_order)]
            else:
                moves = sorted(self.staged[:-1], key=lambda move: _commit_order(move[1]))
            journal = {"moves": moves + self.staged[-1:], "remove": sorted(removals)}
            write_bytes(self.out / JOURNAL, json.dumps(journal).encode("utf-8"))
        except (OSError, DeskError) as exc:
            self.discard()
            raise ExportError(str(exc) if isinstance(exc, DeskError) else describe(exc, self.out)) from None
        apply_journal(self.out)


def _write_new(path: str, data: bytes) -> None:
    """os.open/os.write: a buffered file object per file costs more than the write
    itself, 12,000 times in a first export."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _commit_order(rel: str) -> tuple[int, str]:
    # Things pages point at go live before the pages that point at them.
    if rel.startswith(("media/", "static/")):
        return 0, rel
    if rel[:1].isdigit():
        return 1, rel
    return 2, rel


def apply_journal(out: Path) -> bool:
    """Finish a commit recorded in the journal, if any. Safe to run again and again."""
    path = out / JOURNAL
    try:
        journal = json.loads(path.read_bytes())
    except FileNotFoundError:
        shutil.rmtree(out / STAGING, ignore_errors=True)  # an interrupted stage: discard
        return False
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot read {path}: {exc}") from None
    staging = out / STAGING
    # Plain strings, not Paths: a first export moves 12,000 files here.
    staging_prefix, out_prefix = os.path.join(str(staging), ""), os.path.join(str(out), "")
    made: set[str] = set()
    try:
        for name, rel in journal["moves"]:
            paths.check_relative(rel)
            paths.check_relative(name)
            source, target = staging_prefix + name, out_prefix + rel
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            try:
                _move(source, target)
            except FileNotFoundError:
                if os.path.lexists(source):
                    raise
                # moved by the run that was interrupted
        for rel in journal["remove"]:
            paths.check_relative(rel)
            target = out / rel
            try:
                target.unlink()
            except FileNotFoundError:
                pass
            _prune(target.parent, out)
        shutil.rmtree(staging, ignore_errors=True)
        path.unlink()
    except OSError as exc:
        raise ExportError(f"cannot finish the export in {out}: {exc.strerror}; run it again") from None
    return True


def _move(source: str, target: str) -> None:
    """Rename a staged file or folder into place. A folder whose target exists (an
    interrupted commit moved part of it; someone made it meanwhile) is merged entry by
    entry: nothing already there is lost but what the site replaces."""
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR, errno.ENOTDIR, errno.EACCES) \
                or not os.path.isdir(source) or not os.path.isdir(target):
            raise
        for entry in os.listdir(source):
            _move(os.path.join(source, entry), os.path.join(target, entry))
        os.rmdir(source)


def _prune(folder: Path, out: Path) -> None:
    """Remove folders left empty by removals, never the output folder itself."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
