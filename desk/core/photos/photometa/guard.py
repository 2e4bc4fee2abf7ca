"""Reading one file as one unit: whatever goes wrong becomes that file's PhotoError.

Inside ``guarded``:

* the per-file time budget runs (limits.time_budget);
* Python warnings (Pillow's "Corrupt EXIF data", "Truncated File Read", ...) are caught
  and handed back as the file's warnings instead of reaching stderr without its name;
* what native code (libtiff) writes to file descriptor 2 is caught the same way;
* RecursionError and MemoryError become a refusal of this file: they are bounded by
  design (limits.py), and this is the net under that design, not the design.

Python's warning filters and file descriptor 2 belong to the whole process, so guarded
blocks run one at a time (a lock); other threads' writes to stderr made meanwhile are
written back to stderr afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
import warnings
from typing import Iterator

from desk.core.photos.photometa.errors import PhotoError
from desk.core.photos.photometa.limits import time_budget

_LOCK = threading.RLock()
# Lines that are not the decoder's: Desk's own log lines and Python tracebacks, from
# another thread while a file was being decoded. libtiff names its module
# ("ZIPDecode: ...") or Pillow's placeholder file name ("tempfile.tif: ...").
_NOT_NATIVE = re.compile(r"^(?:desk:|Traceback|\s+File |\w+Error\b|QObject|Qt)")
_PILLOW_TIFF_NAME = "tempfile.tif: "
# Pillow's complaints about tags Desk reads with its own parser (tiff.py), not Pillow's.
_IGNORED = ("Metadata Warning",)
_depth = threading.local()


@contextlib.contextmanager
def _native_stderr(messages: list[str]) -> Iterator[None]:
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield  # no file descriptor 2 to capture (embedded interpreter)
        return
    capture = tempfile.TemporaryFile()
    os.dup2(capture.fileno(), 2)
    try:
        yield
    finally:
        # In finally: an exception from the block must not lose what was captured.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        capture.seek(0)
        text = capture.read(64 * 1024).decode("utf-8", "replace")
        capture.close()
        _sort_lines(text, messages)


def _sort_lines(text: str, messages: list[str]) -> None:
    others = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _NOT_NATIVE.match(line):
            others.append(line)
            continue
        line = line.strip().removeprefix(_PILLOW_TIFF_NAME)
        if f"image decoder: {line}" not in messages:
            messages.append(f"image decoder: {line}")
    if others:
        print("\n".join(others), file=sys.stderr)


@contextlib.contextmanager
def guarded(messages: list[str]) -> Iterator[None]:
    """Run one file's reading or decoding; its warnings are appended to ``messages``."""
    if getattr(_depth, "inside", False):
        yield  # already guarded further up (read_photo inside an import)
        return
    caught: list[warnings.WarningMessage] = []
    native: list[str] = []
    with _LOCK:
        _depth.inside = True
        try:
            try:
                with time_budget(), warnings.catch_warnings(record=True) as caught, _native_stderr(native):
                    warnings.simplefilter("always")
                    try:
                        yield
                    except RecursionError:
                        raise PhotoError("refused: its metadata is nested too deeply to read") from None
                    except MemoryError:
                        raise PhotoError("refused: reading it needs more memory than is available") from None
            except PhotoError as err:
                if native:  # the decoder said why: that belongs in the one line
                    raise PhotoError(f"{err} ({native[0].removeprefix('image decoder: ')})") from None
                raise
            finally:
                messages.extend(m for m in native if m not in messages)
        finally:
            _depth.inside = False
            for warning in caught or ():
                text = " ".join(str(warning.message).split())
                if text and not text.startswith(_IGNORED):
                    line = f"image decoder: {text}"
                    if line not in messages:
                        messages.append(line)
