"""EXIF: the camera's layer. Read only as a fallback for the IPTC layers.

Cameras stamp Artist/Copyright from their settings and "OLYMPUS DIGITAL CAMERA" into
ImageDescription, so the merge lets IIM/XMP win and treats placeholders as empty.
Parsed here from the TIFF structure (tiff.py), not through Pillow: no warnings on
stderr, and the same code serves JPEG APP1, PNG eXIf, WebP EXIF and TIFF's own IFD0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desk.core.photos.photometa import tiff
from desk.core.photos.photometa.dates import exif_datetime
from desk.core.photos.photometa.text import clean

ORIENTATION = tiff.ORIENTATION
IMAGE_DESCRIPTION = tiff.IMAGE_DESCRIPTION
ARTIST = tiff.ARTIST
COPYRIGHT = tiff.COPYRIGHT
EXIF_IFD = tiff.EXIF_IFD
DATETIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881
SUBSEC_TIME_ORIGINAL = 37521
EXIF_HEADER = b"Exif\x00\x00"


@dataclass
class ExifData:
    artist: str = ""
    copyright: str = ""
    description: str = ""
    date_created: str = ""  # ISO 8601
    date_raw: str = ""  # DateTimeOriginal as written
    orientation: int = 1
    warnings: list[str] = field(default_factory=list)


def decode_ascii(raw: bytes, tag_name: str, warnings: list[str]) -> str:
    """EXIF "ASCII" as MWG asks writers to store it (UTF-8), else Windows-1252.

    NUL ends a value; Copyright may hold "photographer\\0editor": both parts are kept.
    """
    parts = [p for p in raw.split(b"\x00") if p.strip()]
    joined = b"; ".join(parts)
    try:
        text = joined.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = joined.decode("cp1252")
        except UnicodeDecodeError:
            text = joined.decode("latin-1")
        warnings.append(f"EXIF: {tag_name} is not UTF-8; read as Windows-1252")
    text, removed = clean(text)
    if removed:
        warnings.append(f"EXIF: control characters removed from {tag_name}")
    return text.strip()


def _ascii(structure: tiff.Tiff, entry: tiff.Entry | None, name: str, warnings: list[str]) -> str:
    if entry is None or entry.type not in (1, 2, 7):
        return ""
    return decode_ascii(entry.raw, name, warnings)


def from_directory(structure: tiff.Tiff, ifd0: tiff.Directory) -> ExifData:
    """The EXIF fields of an IFD0 (and the EXIF sub-IFD it points to)."""
    data = ExifData()
    entries = ifd0.entries
    orientation = structure.first_int(entries.get(ORIENTATION), 1)
    data.orientation = orientation if 1 <= orientation <= 8 else 1
    data.artist = _ascii(structure, entries.get(ARTIST), "Artist", data.warnings)
    data.copyright = _ascii(structure, entries.get(COPYRIGHT), "Copyright", data.warnings)
    data.description = _ascii(structure, entries.get(IMAGE_DESCRIPTION), "ImageDescription", data.warnings)
    pointer = structure.first_int(entries.get(EXIF_IFD))
    if pointer:
        sub = structure.directory(pointer, "EXIF IFD").entries
        original = _ascii(structure, sub.get(DATETIME_ORIGINAL), "DateTimeOriginal", data.warnings)
        if original:
            data.date_raw = original
            data.date_created = exif_datetime(
                original,
                _ascii(structure, sub.get(OFFSET_TIME_ORIGINAL), "OffsetTimeOriginal", data.warnings),
                _ascii(structure, sub.get(SUBSEC_TIME_ORIGINAL), "SubSecTimeOriginal", data.warnings),
            )
            if not data.date_created:
                data.warnings.append(f"EXIF: DateTimeOriginal {original!r} is not a date; ignored")
    data.warnings[:0] = structure.warnings
    return data


def read_exif(payload: bytes) -> ExifData:
    """EXIF from a TIFF structure, with or without the "Exif\\0\\0" header of APP1."""
    if payload.startswith(EXIF_HEADER):
        payload = payload[len(EXIF_HEADER):]
    structure = tiff.parse(payload)
    if structure is None:
        return ExifData(warnings=["EXIF: not a TIFF structure; ignored"]) if payload else ExifData()
    # IFD0 only: IFD1 is the thumbnail's, whose tags describe the thumbnail.
    return from_directory(structure, structure.directory(structure.first_offset, "EXIF IFD0"))
