"""Writing the site so that readers see the old site or the new one, never a mix, and a
kill at any moment leaves a working site.

The switch (POSIX, the usual case). ``--out site`` names the folder a web server serves;
Desk makes it a symbolic link to one of two trees it keeps next to it::

    site -> .site.desk/a          what the web server serves (one tree, whole)
    .site.desk/a/  .site.desk/b/  the live tree, and the one the next export writes
    .site.desk/manifest.json      what Desk wrote into the live tree (manifest.py)
    .site.desk/trees.json         which files of the other tree are behind the live one
    .site.desk/staging/           this export's new and changed files
    .site.desk/journal.json       the commit in progress

An export stages its new and changed files, then brings the other tree up to date
(hard links from the live tree for the files the last export changed, the staged files
moved in, removals), and makes it live by replacing the ``site`` link with one rename:
every request before the rename is served from the old tree, every request after it
from the new one. Nothing of Desk's (staging, journal, manifest) is ever inside a served
tree. The first export over a site makes the second tree as a copy of the live one by
hard links (a few hundred microseconds per folder, once). A folder written in place
before (an older Desk) becomes the switched layout at its next export: it becomes the
other tree, swapped with the new link in one ``renameat2(RENAME_EXCHANGE)`` on Linux
(two renames, microseconds apart, elsewhere).

In place (no switch possible: Windows, the folder's parent read-only, the folder a mount
point or on another file system than its parent). Staging and journal are hidden inside
the output folder (``.desk-staging/``, ``.desk-export-journal.json``) and the staged files
are renamed into place: assets (``media/``, ``static/``) first, then article pages, then
listings, feeds and sitemaps, the manifest last; removals in the reverse order (a page
goes before the image it showed). During those milliseconds a reader can get a new page
next to an old one; never a page whose image or stylesheet is missing.

Both: a journal (written atomically, after the staged bytes are on disk) is the point of
no return; a run that finds one finishes that commit before anything else, so an
interrupted commit is always completed, never half-applied for longer than it takes to
start Desk again.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desk.core.atomic import write_bytes
from desk.core.errors import DeskError
from desk.core.export import paths
from desk.core.export.errors import ExportError
from desk.core.export.manifest import NAME as MANIFEST

# The in-place layout's names inside the output folder (an older Desk's too).
STAGING = ".desk-staging"
JOURNAL = ".desk-export-journal.json"
INTERNAL = {STAGING, JOURNAL, MANIFEST}
# The switched layout: the trees and Desk's files, in ".<folder name>.desk" next to it.
META_SUFFIX = ".desk"
TREES = ("a", "b")
LINK_SUFFIX = ".desk-link"  # the new link's name for the instant before it replaces the old
FSYNC_EACH_UP_TO = 256
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def describe(exc: OSError, path: Path) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "the folder is read-only" if exc.errno == errno.EROFS else "permission denied"
    return f"cannot write {path}: {reason}; the previous site is intact"


# --- where things are --------------------------------------------------------------------


@dataclass
class Layout:
    """Where an export's files go. ``out``: the folder the site is served from (the link,
    in the switched layout); ``meta``: where the manifest, staging and journal are (next
    to it, or ``out`` itself in place); ``live``: the live tree's name, None while ``out``
    is not Desk's link yet (nothing exported, or a folder written in place)."""

    out: Path
    switch: bool
    meta: Path
    live: str | None = None

    @property
    def staging(self) -> Path:
        return self.meta / ("staging" if self.switch else STAGING)

    @property
    def journal(self) -> Path:
        return self.meta / ("journal.json" if self.switch else JOURNAL)

    @property
    def manifest(self) -> Path:
        return self.meta / ("manifest.json" if self.switch else MANIFEST)

    @property
    def staged_manifest(self) -> Path:
        return self.meta / "manifest.staged"

    @property
    def trees_file(self) -> Path:
        return self.meta / "trees.json"

    @property
    def link(self) -> Path:
        return self.out.parent / f".{self.out.name}{LINK_SUFFIX}"

    def tree(self, name: str) -> Path:
        return self.meta / name

    def target(self, name: str) -> str:
        """The link's target for tree ``name``: relative, so the folder can be moved."""
        return f"{self.meta.name}/{name}"

    @property
    def legacy_manifest(self) -> Path:
        """The manifest of a folder written in place (before it is switched)."""
        return self.out / MANIFEST

    @property
    def served_is_real_folder(self) -> bool:
        return self.out.is_dir() and not self.out.is_symlink()

    @property
    def to_switch(self) -> bool:
        """A folder written in place that the next commit makes a switched one (which
        it must then make even when nothing changed: its manifest is served)."""
        return self.switch and self.served_is_real_folder and any(
            (self.out / name).exists() for name in INTERNAL)


def meta_of(out: Path) -> Path:
    return out.parent / f".{out.name}{META_SUFFIX}"


def locate(out: Path) -> Layout:
    """The layout of the output folder ``out`` (an absolute path)."""
    for _ in range(16):  # a link of the user's own to the folder is followed
        if not out.is_symlink():
            break
        target = os.readlink(out)
        meta = meta_of(out)
        for name in TREES:
            if target == f"{meta.name}/{name}":
                live = name if (meta / name).is_dir() else None
                return Layout(out, True, meta, live)
        out = Path(os.path.normpath(os.path.join(out.parent, target)))
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    layout = Layout(out, True, meta_of(out))
    return layout if switch_possible(layout) else Layout(out, False, out)


def switch_possible(layout: Layout) -> bool:
    """Can the folder be served through a link Desk swaps? Needs POSIX, a parent folder
    Desk can write to on the same file system, and links that work there."""
    out, parent = layout.out, layout.out.parent
    if os.name != "posix" or parent == out:
        return False
    try:
        if out.exists() and (_mount_point(out) or os.stat(out).st_dev != os.stat(parent).st_dev
                             or not os.access(out, os.W_OK)):
            return False
        made = not layout.meta.exists()
        layout.meta.mkdir(exist_ok=True)
        probe = layout.meta / ".probe"
        with contextlib.suppress(FileNotFoundError):
            probe.unlink()
        try:
            os.symlink("a", probe)
        except OSError:
            if made:
                layout.meta.rmdir()
            return False
        probe.unlink()
    except OSError:
        return False
    return True


def _mount_point(path: Path) -> bool:
    """os.path.ismount, and on Linux the mount table too: a folder bind-mounted (a
    container's volume) is on the same device as its parent, and cannot be renamed."""
    if os.path.ismount(path):
        return True
    try:
        table = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    wanted = os.path.realpath(path)
    for line in table.splitlines():
        fields = line.split(" ")
        if len(fields) > 4:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            if point == wanted:
                return True
    return False


@contextlib.contextmanager
def exclusive(layout: Layout) -> Iterator[None]:
    """One export at a time into a folder: a lock on the folder holding the staging (an
    export from the window and one from the command line would each discard the other's
    staged files). Released by the kernel when the process dies."""
    try:
        import fcntl
    except ImportError:  # Windows: in place, unlocked as before
        yield
        return
    try:
        fd = os.open(layout.meta, os.O_RDONLY)
    except OSError:
        yield  # the folder does not exist yet (in place, created later)
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ExportError(f"another export into {layout.out} is running; try again when it "
                              f"has finished") from None
        yield
    finally:
        os.close(fd)


# --- staging -----------------------------------------------------------------------------


class Stager:
    """Stages files for one export. ``tree``: the output folder holds no site (nothing
    but Desk's own names), so the site's tree is staged as it is and committed whole
    (switched: the staging folder becomes a tree; in place: its top-level entries are
    moved)."""

    def __init__(self, layout: Layout, *, tree: bool = False):
        self.layout = layout
        self.out = layout.out
        self.root = layout.staging
        self.tree = tree
        self.staged: list[tuple[str, str]] = []  # (staged name, output-relative path)
        self._prefix = os.path.join(str(self.root), "")
        self._made = {str(self.root)}  # folders made in the staged tree
        if self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)
        try:
            if not layout.switch:
                self.out.mkdir(parents=True, exist_ok=True)
            self.root.mkdir(parents=True)
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

    def _flush(self, extra: Iterable[str] = ()) -> None:
        """Staged bytes reach the disk before the journal says they exist. A few files
        are flushed one by one; many at once with one sync of the file system (thousands
        of fsyncs would cost more than the export)."""
        if len(self.staged) > FSYNC_EACH_UP_TO and hasattr(os, "sync"):
            os.sync()
            return
        for path in [self._prefix + name for name, _ in self.staged] + list(extra):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        if self.layout.switch:
            with contextlib.suppress(OSError):
                self.layout.staged_manifest.unlink()

    def commit(self, manifest: bytes, removals: Iterable[str]) -> None:
        """Make the staged files live. The journal is the point of no return."""
        try:
            if self.layout.switch:
                journal = self._switch_journal(manifest, sorted(removals))
            else:
                journal = self._in_place_journal(manifest, removals)
            write_bytes(self.layout.journal, json.dumps(journal).encode("utf-8"))
        except ExportError:
            raise
        except (OSError, DeskError) as exc:
            self.discard()
            raise ExportError(str(exc) if isinstance(exc, DeskError) else describe(exc, self.out)) from None
        if self.layout.switch:
            apply_switch_journal(self.layout)
        else:
            apply_journal(self.out)

    def _in_place_journal(self, manifest: bytes, removals: Iterable[str]) -> dict:
        self.put(MANIFEST, manifest)
        self._flush()
        # The manifest (staged last) goes live last.
        if self.tree:
            tops = {rel.split("/", 1)[0] for _, rel in self.staged[:-1]}
            moves = [(top, top) for top in sorted(tops, key=commit_order)]
        else:
            moves = sorted(self.staged[:-1], key=lambda move: commit_order(move[1]))
        return {"moves": moves + self.staged[-1:], "remove": removal_order(removals)}

    def _switch_journal(self, manifest: bytes, removals: list[str]) -> dict:
        layout = self.layout
        try:
            _write_new(str(layout.staged_manifest), manifest)
        except OSError as exc:
            self.discard()
            raise ExportError(describe(exc, layout.manifest)) from None
        self._flush([str(layout.staged_manifest)])
        live = layout.live
        target = TREES[1] if live == TREES[0] else TREES[0]
        if self.tree:
            # A first export: the staged tree becomes the live one as it is.
            return {"layout": "switch", "tree": target, "live": live, "adopt": True, "links": [],
                    "moves": [], "remove": [], "changed": None}
        changed = {rel for _, rel in self.staged} | set(removals)
        behind = self._behind(target)
        if behind is None:
            try:
                self._clone(target)
            except OSError as exc:
                self.discard()
                raise ExportError(describe(exc, layout.tree(target))) from None
            behind = []
        return {"layout": "switch", "tree": target, "live": live, "adopt": False,
                "links": sorted(set(behind) - changed), "moves": self.staged,
                "remove": removals, "changed": sorted(changed)}

    def _behind(self, target: str) -> list[str] | None:
        """The files of tree ``target`` that differ from the live tree's; None when not
        known (no such tree, no record, or a record of another state)."""
        layout = self.layout
        if layout.live is None or not layout.tree(target).is_dir():
            return None
        try:
            trees = json.loads(layout.trees_file.read_bytes())
            if trees.get("live") != layout.live:
                return None
            behind = trees["behind"].get(target)
            return list(behind) if isinstance(behind, list) else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _clone(self, target: str) -> None:
        """Tree ``target`` made a copy of what is served now (the live tree, or a folder
        written in place), by hard links: files are never changed in place, only
        replaced, so the two trees can share them."""
        layout = self.layout
        tree = layout.tree(target)
        with contextlib.suppress(OSError):  # the record no longer holds for this tree
            layout.trees_file.unlink()
        if tree.exists():
            shutil.rmtree(tree)
        source = layout.out
        if source.is_dir():
            clone_tree(str(source), str(tree), skip=INTERNAL)
        else:
            tree.mkdir()


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


def commit_order(rel: str) -> tuple[int, str]:
    """Things pages point at go live before the pages that point at them: assets, then
    article pages, then listings, feeds and sitemaps. ``rel`` is a file's path or (a first
    export's commit in place) a top-level folder's name."""
    top = rel.split("/", 1)[0]
    if top in ("media", "static"):
        return 0, rel
    if top[:1].isdigit():
        return 1, rel
    return 2, rel


def removal_order(removals: Iterable[str]) -> list[str]:
    """Removals the other way round: a listing or page goes before the image it showed."""
    return sorted(removals, key=lambda rel: (-commit_order(rel)[0], rel))


def clone_tree(source: str, target: str, skip: set[str] = frozenset()) -> None:
    """``target`` (which must not exist) made a copy of ``source`` by hard links, copied
    where a link cannot be made; ``skip``: names left out at the top."""
    os.mkdir(target)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.name in skip:
                continue
            dest = os.path.join(target, entry.name)
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), dest)
            elif entry.is_dir():
                clone_tree(entry.path, dest)
            else:
                _link_or_copy(entry.path, dest)


def _link_or_copy(source: str, dest: str) -> None:
    try:
        os.link(source, dest)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copy2(source, dest)


# --- committing ----------------------------------------------------------------------------


def recover(layout: Layout) -> None:
    """Finish a commit an earlier run left half done, or discard what it staged. Safe to
    run again and again."""
    if layout.switch:
        if layout.served_is_real_folder:
            apply_journal(layout.out)  # a folder written in place, about to be switched
        if layout.journal.exists():
            apply_switch_journal(layout)
        else:
            shutil.rmtree(layout.staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                layout.staged_manifest.unlink()
            if layout.link.is_symlink():
                layout.link.unlink()
    else:
        apply_journal(layout.out)


def apply_journal(out: Path) -> bool:
    """Finish a commit in place recorded in the journal, if any."""
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
            _place(staging_prefix, out_prefix, name, rel, made)
        for rel in journal["remove"]:
            _remove(out, rel)
        shutil.rmtree(staging, ignore_errors=True)
        path.unlink()
    except OSError as exc:
        raise ExportError(f"cannot finish the export in {out}: {exc.strerror}; run it again") from None
    return True


def apply_switch_journal(layout: Layout) -> None:
    """Finish a switched commit: bring the other tree up to date, put the manifest in
    place, swap the link. Every step can be run again."""
    path = layout.journal
    try:
        journal = json.loads(path.read_bytes())
        name, live = journal["tree"], journal["live"]
        if name not in TREES or live not in (*TREES, None):
            raise ValueError(f"tree {name!r}")
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"cannot read {path}: {exc}") from None
    tree = layout.tree(name)
    staging = layout.staging
    try:
        if journal["adopt"]:
            if staging.is_dir():
                if tree.exists():
                    shutil.rmtree(tree)
                os.rename(staging, tree)
        else:
            staging_prefix, tree_prefix = os.path.join(str(staging), ""), os.path.join(str(tree), "")
            made: set[str] = set()
            if journal["links"]:
                live_prefix = os.path.join(str(layout.tree(live)), "")
                for rel in journal["links"]:
                    _sync(live_prefix, tree_prefix, rel, tree, made)
            for staged, rel in journal["moves"]:
                _place(staging_prefix, tree_prefix, staged, rel, made)
            for rel in removal_order(journal["remove"]):
                _remove(tree, rel)
        if layout.staged_manifest.exists():
            os.replace(layout.staged_manifest, layout.manifest)
        other = TREES[1] if name == TREES[0] else TREES[0]
        _switch(layout, name, other)
        trees: dict = {"live": name, "behind": {}}
        if journal["changed"] is not None and layout.tree(other).is_dir():
            trees["behind"][other] = journal["changed"]
        write_bytes(layout.trees_file, json.dumps(trees).encode("utf-8"))
        shutil.rmtree(staging, ignore_errors=True)
        path.unlink()
    except (OSError, DeskError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ExportError(f"cannot finish the export in {layout.out}: {reason}; run it again") from None
    layout.live = name


def _place(staging_prefix: str, target_prefix: str, name: str, rel: str, made: set[str]) -> None:
    paths.check_relative(rel)
    paths.check_relative(name)
    source, target = staging_prefix + name, target_prefix + rel
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


def _sync(live_prefix: str, tree_prefix: str, rel: str, tree: Path, made: set[str]) -> None:
    """The tree's file ``rel`` made the live tree's (a hard link), or removed with it."""
    paths.check_relative(rel)
    source, target = live_prefix + rel, tree_prefix + rel
    if not os.path.isfile(source):
        _remove(tree, rel)
        return
    folder = os.path.dirname(target)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    temporary = target + LINK_SUFFIX
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    with contextlib.suppress(FileNotFoundError):
        if os.path.samefile(source, target):
            return  # already the same file (linked by the run that was interrupted)
    _link_or_copy(source, temporary)
    os.replace(temporary, target)
    # rename() between two links to one file does nothing: the temporary name stays.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)


def _remove(root: Path, rel: str) -> None:
    paths.check_relative(rel)
    target = root / rel
    try:
        target.unlink()
    except FileNotFoundError:
        pass
    _prune(target.parent, root)


def _switch(layout: Layout, name: str, other: str) -> None:
    """Serve tree ``name``: the link replaced in one rename. A folder served in place is
    swapped with the new link at once where the system can (Linux), and becomes tree
    ``other``, freed of the in-place layout's files."""
    out, link, wanted = layout.out, layout.link, layout.target(name)
    if layout.link.is_dir() and not layout.link.is_symlink():
        _retire(layout, link, other)  # an interrupted swap: the old folder waits here
    if out.is_symlink() and os.readlink(out) == wanted:
        return
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(wanted, link)
    if layout.served_is_real_folder:
        if _exchange(link, out):
            _retire(layout, link, other)
        else:
            # No atomic swap here: for a moment (two renames) the folder is missing.
            spare = layout.tree(other)
            if spare.exists():
                shutil.rmtree(spare)
            os.rename(out, spare)
            os.replace(link, out)
            _clean_in_place_files(spare)
    else:
        os.replace(link, out)
    _sync_folder(out.parent)
    if layout.tree(other).is_dir():
        _clean_in_place_files(layout.tree(other))  # after a swap made by two renames


def _retire(layout: Layout, folder: Path, other: str) -> None:
    spare = layout.tree(other)
    if spare.exists():
        shutil.rmtree(spare)
    os.rename(folder, spare)
    _clean_in_place_files(spare)


def _clean_in_place_files(tree: Path) -> None:
    """A folder written in place holds the manifest, staging and journal: not in a tree."""
    for name in INTERNAL:
        path = tree / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _sync_folder(folder: Path) -> None:
    """The new link survives a power cut."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
