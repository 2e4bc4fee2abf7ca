"""Importing photo files one at a time, each in its own transaction: the command line and
the window's background importer both come through here, so they accept and refuse the
same files with the same words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import photos
from .db import Database
from .errors import InputError
from .models import Photo
from .photometa.reader import PhotoError, PhotoInfo, read_photo


@dataclass(frozen=True)
class Imported:
    file: str
    photo_id: int
    duplicate: bool


def import_file(db: Database, path: Path) -> Imported:
    """Store one photo file; the same bytes again give the photo already stored.
    Raises InputError (naming the file) when it is not a usable photo; nothing is stored."""
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", path=str(path))
    data, info = photos.read_file(path)
    return _store(db, data, path.name, str(path), info)


def import_bytes(db: Database, data: bytes, filename: str) -> Imported:
    """Store a photo given as bytes (a paste from the clipboard); same rules as a file."""
    known = _known(db, data)
    if known is not None:
        return Imported(filename, known, True)
    try:
        info = read_photo(data, filename)
    except PhotoError as exc:
        raise InputError(str(exc), path=filename) from None
    return _store(db, data, filename, filename, info)


def _known(db: Database, data: bytes) -> int | None:
    with db.read() as session:
        photo = photos.find_by_hash(session, photos.sha256(data))
        return photo.id if photo is not None else None


def _store(db: Database, data: bytes, filename: str, shown: str, info: PhotoInfo) -> Imported:
    # The metadata was read before the write transaction: the write lock is held only
    # for the thumbnail and the inserts.
    try:
        with db.write(f"importing {filename}") as session:
            photo, created = photos.store(session, data, filename, info)
            return Imported(shown, photo.id, not created)
    except PhotoError as exc:  # the thumbnail found damage the header reader could not see
        raise InputError(str(exc), path=shown) from None


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
