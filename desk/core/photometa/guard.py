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

from .errors import PhotoError
from .limits import time_budget

_LOCK = threading.RLock()
# libtiff prints "TIFFReadDirectory: Warning, ..." / "<module>: <message>.".
_NATIVE = re.compile(r"^(?:TIFF\w*|LZWDecode|ZIPDecode|JPEGLib|OJPEG\w*|Fax\w*|PackBits\w*|\w+Decode\w*):")
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
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            text = capture.read(64 * 1024).decode("utf-8", "replace")
    others = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _NATIVE.match(line):
            messages.append(f"image decoder: {line}")
        else:
            others.append(line)
    if others:
        print("\n".join(others), file=sys.stderr)


@contextlib.contextmanager
def guarded(messages: list[str]) -> Iterator[None]:
    """Run one file's reading or decoding; its warnings are appended to ``messages``."""
    if getattr(_depth, "inside", False):
        yield  # already guarded further up (read_photo inside an import)
        return
    caught: list[warnings.WarningMessage] = []
    with _LOCK:
        _depth.inside = True
        try:
            with time_budget(), warnings.catch_warnings(record=True) as caught, _native_stderr(messages):
                warnings.simplefilter("always")
                try:
                    yield
                except RecursionError:
                    raise PhotoError("refused: its metadata is nested too deeply to read") from None
                except MemoryError:
                    raise PhotoError("refused: reading it needs more memory than is available") from None
        finally:
            _depth.inside = False
            for warning in caught or ():
                text = " ".join(str(warning.message).split())
                if text and not text.startswith(_IGNORED):
                    line = f"image decoder: {text}"
                    if line not in messages:
                        messages.append(line)
