"""Photos in the database: import (de-duplicated by sha256), credit fields, presets,
composed credit lines and thumbnails. Reading the embedded metadata is photometa's job."""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.store import concurrent_writes
from desk.core.errors import InputError, NotFoundError
from desk.core.store.models import Photo, PhotoBlob, Preset, Rendition, utcnow
from desk.core.photos.credit import (
    _COLUMN,
    CREDIT_FIELDS,
    WEB_FORMATS,
    WEB_WIDTHS,
    credit_hash,
    credit_text,
    embedded_credit,
    fields_of,
    preset_dict,
    web_widths,
)
from desk.core.photos.photometa import credits as credit_rules

if TYPE_CHECKING:
    from desk.core.photos.photometa.reader import PhotoInfo

# Reading and resizing photos needs Pillow, imported on first use: the window's start-up
# should not pay for it.

MAX_FILE_BYTES = 200 * 1024 * 1024
THUMB_SIDE = 320



def read_checked(path: Path) -> bytes:
    """The bytes of an image file, refused with a reason when it is not a usable photo."""
    return read_file(path)[0]


def read_file(path: Path) -> tuple[bytes, PhotoInfo]:
    """The bytes of an image file and what it carries, refused with a reason when it is
    not a usable photo. The metadata is returned so that store() need not read it twice."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"photo is {size // (1024 * 1024)} MB; the limit is 200 MB", path=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read photo: {exc.strerror}", path=str(path)) from None
    from desk.core.photos.photometa.reader import PhotoError, read_photo

    try:
        info = read_photo(data, path.name)
    except PhotoError as exc:
        raise InputError(str(exc), path=str(path)) from None
    return data, info


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_by_hash(session: Session, digest: str) -> Photo | None:
    return session.scalar(select(Photo).where(Photo.sha256 == digest))


def store(session: Session, data: bytes, filename: str, info: PhotoInfo | None = None,
          thumbnail: tuple[bytes, int, int] | None = None) -> tuple[Photo, bool]:
    """Store a photo with its metadata and thumbnail; the same bytes again return the
    photo already stored. Returns (photo, created). ``info`` and ``thumbnail``, when the
    caller made them before its write transaction, are used as they are."""
    digest = sha256(data)
    existing = find_by_hash(session, digest)
    if existing is not None:
        return existing, False
    from desk.core.photos.photometa.reader import PhotoError, read_photo
    from desk.core.photos.photometa.renditions import make_thumbnail

    try:
        if info is None:
            info = read_photo(data, filename)
        if thumbnail is None:
            thumbnail = make_thumbnail(data, THUMB_SIDE, info.warnings)
    except PhotoError as exc:
        raise InputError(str(exc), path=filename) from None
    photo = Photo(
        sha256=digest,
        original_filename=filename,
        format=info.format,
        width=info.width,
        height=info.height,
        byte_size=len(data),
        orientation=info.orientation,
        provenance=dict(info.provenance),
        warnings=list(info.warnings),
    )
    for name in CREDIT_FIELDS:
        setattr(photo, _COLUMN.get(name, name), getattr(info, name))
    photo.blob = PhotoBlob(data=data)
    ensure_builtin_presets(session)
    photo.preset = preset_for(session, photo.credit_line, photo.source)
    # Another editor may be storing the same bytes at this moment: then theirs is kept.
    stored = concurrent_writes.add_once(
        session, lambda: find_by_hash(session, digest), photo, f"photo {filename}")
    if stored is not photo:
        return stored, False
    thumb, w, h = thumbnail
    session.add(Rendition(photo_id=photo.id, kind="thumb", width=w, height=h, format="JPEG", data=thumb))
    session.flush()
    return photo, True


def get(session: Session, photo_id: int) -> Photo:
    photo = session.get(Photo, photo_id)
    if photo is None:
        raise NotFoundError(f"no photo with id {photo_id}")
    return photo


def original_bytes(session: Session, photo_id: int) -> bytes:
    data = session.scalar(select(PhotoBlob.data).where(PhotoBlob.photo_id == photo_id))
    if data is None:
        raise NotFoundError(f"no photo with id {photo_id}")
    return data


def thumbnail_bytes(session: Session, photo_id: int) -> bytes | None:
    return session.scalar(
        select(Rendition.data).where(Rendition.photo_id == photo_id, Rendition.kind == "thumb")
    )


def update_fields(session: Session, photo_id: int, **changes: Any) -> Photo:
    """The editor changes credit fields; their provenance becomes "editor"."""
    photo = get(session, photo_id)
    provenance = dict(photo.provenance or {})
    for name, value in changes.items():
        if name == "credit_override":
            photo.credit_override = value or ""
            continue
        if name == "preset":
            photo.preset = session.scalar(select(Preset).where(Preset.key == value)) if value else None
            continue
        if name not in CREDIT_FIELDS:
            raise InputError(f"unknown photo field {name!r}")
        setattr(photo, _COLUMN.get(name, name), value)
        provenance[name] = "editor"
    photo.provenance = provenance
    photo.updated_at = utcnow()
    session.flush()
    return photo


def set_override(session: Session, photo_id: int, text: str) -> None:
    update_fields(session, photo_id, credit_override=text)


@functools.cache
def _builtin_presets() -> tuple[dict[str, Any], ...]:
    return tuple(credit_rules.load_builtin_presets())


def ensure_builtin_presets(session: Session) -> None:
    """Built-in presets from resources/ are written once; the editor's edits stay."""
    known = set(session.scalars(select(Preset.key)))
    missing = [p for p in copy.deepcopy(_builtin_presets()) if p["key"] not in known]
    if not missing:
        return
    # One INSERT ... ON CONFLICT DO NOTHING: two editors' first photos may arrive at once.
    concurrent_writes.upsert(session, Preset.__table__, [dict(
        key=preset["key"], name=preset["name"], template=preset["template"],
        match=preset.get("match", []), date_format=preset.get("date_format", "%Y-%m-%d"),
        builtin=True, options={k: v for k, v in preset.items()
                               if k not in {"key", "name", "template", "match", "date_format"}},
    ) for preset in missing], keys=["key"], update=[])


def presets(session: Session) -> list[Preset]:
    ensure_builtin_presets(session)
    return list(session.scalars(select(Preset).order_by(Preset.name)))


def preset_for(session: Session, credit_line: str, source: str) -> Preset | None:
    all_presets = list(session.scalars(select(Preset)))
    key = credit_rules.choose_preset(credit_line, source, [preset_dict(p) for p in all_presets])
    return next((p for p in all_presets if p.key == key), None)


# --- renditions for the website -------------------------------------------------------

EXTENSIONS = {"JPEG": "jpg", "WEBP": "webp"}


def rendition(session: Session, photo_id: int, width: int, fmt: str = "JPEG") -> tuple[bytes, str]:
    """A web rendition (made once, remade when the credit changed): (bytes, mime type)."""
    fmt = fmt.upper()
    photo = get(session, photo_id)
    wanted = credit_hash(photo)
    row = session.scalar(
        select(Rendition).where(Rendition.photo_id == photo_id, Rendition.kind == "web",
                                Rendition.width == width, Rendition.format == fmt)
    )
    if row is not None and row.credit_hash == wanted:
        return row.data, _mime(fmt)
    from desk.core.photos.photometa.renditions import make_rendition

    data, w, h = make_rendition(original_bytes(session, photo_id), width, fmt, embedded_credit(photo))
    if row is None:
        row = Rendition(photo_id=photo_id, kind="web", width=width, format=fmt)
        session.add(row)
    row.height, row.data, row.credit_hash, row.created_at = h, data, wanted, utcnow()
    session.flush()
    return data, _mime(fmt)


def _mime(fmt: str) -> str:
    return "image/jpeg" if fmt == "JPEG" else "image/webp"


def media_path(photo_id: int, width: int, fmt: str = "JPEG") -> str:
    """Where a rendition lives on the website (and in the preview)."""
    from desk.core.site.addresses import media_path as site_media_path

    return site_media_path(photo_id, width, fmt)


def parse_media_path(path: str) -> tuple[int, int, str] | None:
    match = _MEDIA.fullmatch(path)
    if not match:
        return None
    fmt = "JPEG" if match.group(3) == "jpg" else "WEBP"
    return int(match.group(1)), int(match.group(2)), fmt


_MEDIA = re.compile(r"/media/(\d{1,12})-(\d{1,5})\.(jpg|webp)")
