"""EXIF: the camera's layer. Read only as a fallback for the IPTC layers.

Cameras stamp Artist/Copyright from their settings and "OLYMPUS DIGITAL CAMERA" into
ImageDescription, so reader.py lets IIM/XMP win and treats placeholders as empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ORIENTATION = 274
IMAGE_DESCRIPTION = 270
ARTIST = 315
COPYRIGHT = 33432
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
OFFSET_TIME_ORIGINAL = 36881


@dataclass
class ExifData:
    artist: str = ""
    copyright: str = ""
    description: str = ""
    date_created: str = ""  # ISO 8601
    orientation: int = 1
    warnings: list[str] = field(default_factory=list)


def _text(value: object, tag_name: str, warnings: list[str]) -> str:
    """Pillow decodes EXIF ASCII as Latin-1; most writers meant UTF-8, so retry that."""
    if isinstance(value, bytes):
        raw = value
    elif isinstance(value, str):
        try:
            raw = value.encode("latin-1")
        except UnicodeEncodeError:
            return value.strip("\x00").strip()
    else:
        return ""
    # Copyright may hold "photographer\0editor": keep both parts readable.
    parts = [p for p in raw.split(b"\x00") if p.strip()]
    raw = b"; ".join(parts)
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        warnings.append(f"EXIF: {tag_name} is not UTF-8; read as Latin-1")
        return raw.decode("latin-1").strip()


def exif_datetime(value: str, offset: str = "") -> str:
    """'2024:04:15 09:30:00' (+ '+09:00') -> '2024-04-15T09:30:00+09:00'; '' if unreadable."""
    value = value.strip().strip("\x00")
    if len(value) < 10 or not value[:4].isdigit():
        return ""
    date = value[:10].replace(":", "-")
    if value[:10] in ("0000:00:00",):
        return ""
    time = value[11:19] if len(value) >= 19 else ""
    if not time:
        return date
    offset = offset.strip().strip("\x00")
    return f"{date}T{time}{offset if len(offset) == 6 and offset[0] in '+-' else ''}"


def read_exif(image: Image.Image) -> ExifData:
    data = ExifData()
    try:
        exif = image.getexif()
    except Exception as err:  # Pillow raises many types on damaged EXIF; none is fatal here
        data.warnings.append(f"EXIF: unreadable ({type(err).__name__}); ignored")
        return data
    if not exif:
        return data
    orientation = exif.get(ORIENTATION, 1)
    data.orientation = orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1
    data.artist = _text(exif.get(ARTIST), "Artist", data.warnings)
    data.copyright = _text(exif.get(COPYRIGHT), "Copyright", data.warnings)
    data.description = _text(exif.get(IMAGE_DESCRIPTION), "ImageDescription", data.warnings)
    try:
        sub = exif.get_ifd(EXIF_IFD)
    except Exception:  # a broken sub-IFD pointer must not hide the main IFD's tags
        sub = {}
    original = sub.get(DATETIME_ORIGINAL)
    if isinstance(original, str):
        offset = sub.get(OFFSET_TIME_ORIGINAL)
        data.date_created = exif_datetime(original, offset if isinstance(offset, str) else "")
    return data
