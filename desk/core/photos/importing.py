"""Importing photo files one at a time, each in its own transaction: the command line and
the window's background importer both come through here, so they accept and refuse the
same files with the same words.

Every file is its own unit. Reading it, checking it and decoding its thumbnail happen
before the write transaction, so a refused file leaves nothing stored; whatever goes
wrong with one file is that file's one-line refusal and the batch goes on. A failure
that is Desk's own fault (an exception the reader does not expect) is a ReaderBug: still
one line naming the file, and the command line exits with a status of its own.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.core.photos import records as photos
from desk.core.store.db import Database
from desk.core.errors import InputError
from desk.core.store.models import Photo
from desk.core.photos.photometa.errors import PhotoError

if TYPE_CHECKING:
    from desk.core.photos.photometa.reader import PhotoInfo

# The reader (and Pillow) is imported on the first photo read: the window imports this
# module at start-up, long before any photo is.

log = logging.getLogger(__name__)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class ReaderBug(InputError):
    """Desk itself failed on this file (not the file's fault): a bug to report."""


@dataclass(frozen=True)
class Imported:
    file: str
    photo_id: int
    duplicate: bool


def shown_name(name: str) -> str:
    """A file name as it goes into a one-line message: control characters (a newline in
    the name would split the line) written as escapes, e.g. ``a\\nb.jpg``."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), name)


def import_file(db: Database, path: Path) -> Imported:
    """Store one photo file; the same bytes again give the photo already stored.
    Raises InputError (naming the file) when it is not a usable photo, ReaderBug when
    Desk fails on it; either way nothing is stored."""
    shown = shown_name(str(path))
    try:
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a file", path=shown)
        size = path.stat().st_size
        if size > photos.MAX_FILE_BYTES:
            raise InputError(f"photo is {size // (1024 * 1024)} MB; the limit is "
                             f"{photos.MAX_FILE_BYTES // (1024 * 1024)} MB", path=shown)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read photo: {exc.strerror or exc}", path=shown) from None
    return _import(db, data, path.name, shown)


def import_bytes(db: Database, data: bytes, filename: str) -> Imported:
    """Store a photo given as bytes (a paste from the clipboard); same rules as a file."""
    return _import(db, data, filename, shown_name(filename))


def _import(db: Database, data: bytes, filename: str, shown: str) -> Imported:
    known = _known(db, data)
    if known is not None:
        return Imported(shown, known, True)
    info, thumbnail = _read(data, filename, shown)
    # The metadata was read and the thumbnail made before the write transaction: the
    # write lock is held only for the inserts.
    with db.write(f"importing {shown}") as session:
        photo, created = photos.store(session, data, filename, info, thumbnail)
        return Imported(shown, photo.id, not created)


def read_photo(data: bytes, filename: str = "") -> PhotoInfo:
    """photometa's reader, imported on first use."""
    from desk.core.photos.photometa.reader import read_photo as read

    return read(data, filename)


def _read(data: bytes, filename: str, shown: str) -> tuple[PhotoInfo, tuple[bytes, int, int]]:
    from desk.core.photos.photometa.renditions import make_thumbnail

    try:
        info = read_photo(data, filename)
        thumbnail = make_thumbnail(data, photos.THUMB_SIDE, info.warnings)
    except PhotoError as exc:
        raise InputError(str(exc), path=shown) from None
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end the batch
        log.exception("reading %s", shown)
        reason = " ".join(str(exc).split())[:200]
        raise ReaderBug(f"Desk failed reading this file ({type(exc).__name__}: {reason}); "
                        "this is a bug in Desk, please report it", path=shown) from None
    return info, thumbnail


def _known(db: Database, data: bytes) -> int | None:
    with db.read() as session:
        photo = photos.find_by_hash(session, photos.sha256(data))
        return photo.id if photo is not None else None


def record(photo: Photo, *, file: str = "", duplicate: bool = False) -> dict[str, Any]:
    """What `desk photo import --json` and `desk photo show --json` print for a photo."""
    fields = photos.fields_of(photo)
    return {
        "file": file or photo.original_filename,
        "id": photo.id,
        "duplicate": duplicate,
        "creator": list(fields["creator"] or []),
        "creator_title": fields["creator_title"],
        "credit_line": fields["credit_line"],
        "source": fields["source"],
        "distributor": fields["distributor"],
        "copyright": fields["copyright"],
        "caption": fields["caption"],
        "signoff": fields["signoff"],
        "date_created": fields["date_created"],
        "agency_ref": fields["agency_ref"],
        "instructions": fields["instructions"],
        "usage_terms": fields["usage_terms"],
        "headline": fields["headline"],
        "keywords": list(fields["keywords"] or []),
        "city": fields["city"],
        "country": fields["country"],
        "alt_text": fields["alt_text"],
        "preset": photo.preset.key if photo.preset else None,
        "credit_override": photo.credit_override,
        "credit_text": photos.credit_text(photo),
        "provenance": dict(photo.provenance or {}),
        "warnings": list(photo.warnings or []),
        "format": photo.format,
        "width": photo.width,
        "height": photo.height,
        "sha256": photo.sha256,
    }
