"""What one file may cost: time, nesting, sizes, and the memory its pixels would take.

Every limit is checked before the work it bounds: a hostile file is refused (or the part
of it that is over the limit is skipped, with a warning) instead of being allowed to
exhaust the process. The figures are far above what real photos need: the largest
agency XMP seen is a few hundred kilobytes and a dozen levels deep.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from typing import Iterator

from desk.core.photos.photometa.errors import PhotoError

# Time: a file whose metadata takes longer than this is refused. Decoding is bounded by
# the memory budget below, not by this clock.
TIME_LIMIT_S = 5.0
# XMP: elements deeper than this are dropped (real packets are ~12 levels deep), and
# a packet with more elements than this, or bigger than this, is cut off there.
XMP_MAX_DEPTH = 64
XMP_MAX_ELEMENTS = 100_000
XMP_MAX_BYTES = 16 * 1024 * 1024
# Compressed text chunks (PNG zTXt/iTXt) are inflated at most to this size.
TEXT_MAX_BYTES = 16 * 1024 * 1024
# IIM: a record bigger than this is not an IIM record (the standard caps a caption at
# 2,000 bytes; a full record is a few kilobytes).
IIM_MAX_BYTES = 4 * 1024 * 1024
# TIFF: directory entries per IFD and IFDs per file that are read.
TIFF_MAX_ENTRIES = 4096
TIFF_MAX_IFDS = 64
# Decoding: the pixels, the decoder's working buffers and the conversions to RGB must fit
# in this (the process itself needs about 60 MB more; 300 MB is the per-file ceiling).
DECODE_MEMORY_BUDGET = 200 * 1024 * 1024

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("photo_deadline", default=None)


@contextlib.contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Within this block, check_time() refuses the file once ``seconds`` (default
    TIME_LIMIT_S) have passed."""
    token = _deadline.set(time.monotonic() + (TIME_LIMIT_S if seconds is None else seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise PhotoError(f"refused: reading its metadata took more than {TIME_LIMIT_S:.0f} s; "
                         "the file looks built to be slow")


def megabytes(n: float) -> str:
    return f"{n / (1024 * 1024):.0f} MB"
