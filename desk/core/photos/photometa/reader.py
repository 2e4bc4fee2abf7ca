"""read_photo: one call from a file's bytes to its structured credit.

layers.py reads the three layers (IIM, XMP, EXIF) with Desk's own parsers; merge.py
gives one answer per field, with where it came from and every disagreement; Pillow only
confirms, from the header, that it can decode the picture. No pixel is decoded here: the
pixel size comes from the header, so bombs and truncated files are refused before
anything is allocated.

Every file is its own unit (guard.py): whatever goes wrong reading it becomes a
PhotoError naming the reason, warnings from Pillow and libtiff become the file's warnings,
and the time, nesting and memory it may cost are bounded (limits.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from struct import error as struct_error
from typing import Any, Mapping, Sequence

from PIL import Image, UnidentifiedImageError

from desk.core.photos.photometa import credits, jpeg, png
from desk.core.photos.photometa.dates import iim_datetime, normalise_iso  # noqa: F401  (where callers look for them)
from desk.core.photos.photometa.errors import PhotoError
from desk.core.photos.photometa.guard import guarded
from desk.core.photos.photometa.layers import (
    SUPPORTED,
    Layers,
    read_layers,
    refuse_bomb,
    sniff_format,
)
from desk.core.photos.photometa.merge import FIELD_SOURCES, LIST_FIELDS, Merger  # noqa: F401
from desk.core.photos.photometa.text import clean, is_placeholder  # noqa: F401

__all__ = ["PhotoError", "PhotoInfo", "read_photo", "open_image", "pillow_input", "sniff_format"]


@dataclass
class PhotoInfo:
    format: str
    width: int  # as displayed, after EXIF orientation
    height: int
    orientation: int = 1
    creator: list[str] = field(default_factory=list)
    creator_title: str = ""
    credit_line: str = ""
    source: str = ""
    distributor: str = ""
    copyright: str = ""
    caption: str = ""
    signoff: str = ""
    date_created: str = ""  # ISO 8601: date, or date + time (+ offset)
    agency_ref: str = ""
    instructions: str = ""
    usage_terms: str = ""
    headline: str = ""
    city: str = ""
    country: str = ""
    keywords: list[str] = field(default_factory=list)
    alt_text: str = ""
    title: str = ""
    iim_digest: str = ""  # "match" | "mismatch" | "absent"; "" without IIM
    provenance: dict[str, str] = field(default_factory=dict)  # field -> "iim" | "xmp" | "exif"
    warnings: list[str] = field(default_factory=list)
    # Each merged field as read, before the placeholder judgement (a "Caption" label, a
    # camera stamp, "no instructions" kept): what exiftool reports, so the oracle compares
    # the reading and lists the judgements apart. Only fields that differ from the above.
    as_read: dict[str, Any] = field(default_factory=dict)

    def credit_fields(self) -> dict[str, Any]:
        """The credit fields alone (what compose_credit and make_rendition take)."""
        skip = {"format", "width", "height", "orientation", "iim_digest", "provenance", "warnings", "as_read"}
        return {k: v for k, v in self.__dict__.items() if k not in skip}


# --- Pillow ----------------------------------------------------------------------------


def pillow_input(data: bytes, fmt: str) -> bytes:
    """The bytes to give Pillow: the same picture without what Pillow handles badly
    (JPEG fill bytes it skips one at a time; PNG text chunks over its limits)."""
    if fmt == "JPEG":
        return jpeg.canonical(data, jpeg.walk(data))
    if fmt == "PNG":
        return png.without_text(data)
    return data


def _pillow_open(data: bytes, fmt: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError as err:
        raise PhotoError(f"refused: the image is too large to open safely ({err})") from None
    except UnidentifiedImageError:
        raise PhotoError(f"unsupported or damaged {fmt}: the image decoder cannot read its header") from None
    except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, KeyError, struct_error) as err:
        raise PhotoError(f"damaged or truncated {fmt}: {err}") from None
    refuse_bomb(*image.size)
    return image


def _strip_photoshop(data: bytes) -> bytes:
    return jpeg.insert_segments(data, [], drop=lambda seg: seg.marker == jpeg.APP13)


def open_image(data: bytes, fmt: str, warnings: list[str] | None = None) -> Image.Image:
    """Pillow's view of a file read_layers accepted as ``fmt``, header only (pixels load
    lazily).

    Pillow gives up on a JPEG whose Photoshop block (APP13) is damaged, although the
    picture is intact; such a file is opened without that block, with a warning.
    """
    source = pillow_input(data, fmt)
    try:
        return _pillow_open(source, fmt)
    except PhotoError:
        if fmt == "TIFF" and data[:4] == b"MM\x00+":
            raise PhotoError("unsupported TIFF: the image decoder cannot read BigTIFF in big-endian byte order; "
                             "convert to JPEG") from None
        if fmt != "JPEG" or not any(s.marker == jpeg.APP13 for s in jpeg.walk(source).segments):
            raise
    image = _pillow_open(_strip_photoshop(source), fmt)
    if warnings is not None:
        warnings.append("the Photoshop block (APP13) is damaged; the picture was read without it")
    return image


# --- the entry point -----------------------------------------------------------------


def info_from_layers(layers: Layers, filename: str = "", presets: Sequence[Mapping[str, Any]] | None = None) -> PhotoInfo:
    """The merged answer for layers already read (read_photo without the file checks)."""
    warnings = list(layers.warnings)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    expected = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "tif": "TIFF", "tiff": "TIFF"}.get(extension)
    if expected and expected != layers.format:
        warnings.append(f"file is named .{extension} but holds {layers.format}")
    xmp_fields = layers.xmp.fields() if layers.xmp else {}
    merger = Merger(layers.iim, xmp_fields, layers.exif)
    width, height = layers.width, layers.height
    if layers.orientation in (5, 6, 7, 8):
        width, height = height, width
    info = PhotoInfo(format=layers.format, width=width, height=height, orientation=layers.orientation,
                     iim_digest=layers.iim.digest if layers.iim else "")
    for name in FIELD_SOURCES:
        setattr(info, name, merger.field(name))
    info.date_created = merger.date_created()
    unjudged = Merger(layers.iim, xmp_fields, layers.exif, judge=False)
    for name in FIELD_SOURCES:
        read = unjudged.field(name)
        if read != getattr(info, name):
            info.as_read[name] = read
    if not info.agency_ref and xmp_fields.get("image_supplier_image_id"):
        info.agency_ref = str(xmp_fields["image_supplier_image_id"])
        merger.provenance["agency_ref"] = "xmp"

    presets = presets if presets is not None else credits.load_builtin_presets()
    info.distributor = credits.distributor_name(info.credit_line, info.source, presets)
    if info.distributor:
        merger.provenance["distributor"] = merger.provenance.get("credit_line") or merger.provenance.get("source", "")
    else:
        supplier = str(xmp_fields.get("image_supplier") or xmp_fields.get("licensor") or "")
        if supplier:
            info.distributor = supplier
            merger.provenance["distributor"] = "xmp"
    info.signoff = credits.detect_signoff(info.caption, presets)
    if info.signoff:
        merger.provenance["signoff"] = merger.provenance.get("caption", "")
    info.provenance = merger.provenance
    info.warnings = list(dict.fromkeys(warnings + merger.warnings))
    return info


def read_photo(data: bytes, filename: str = "", presets: Sequence[Mapping[str, Any]] | None = None) -> PhotoInfo:
    """Everything Desk needs from a photo file, without decoding its pixels.

    Raises PhotoError (one-line message, without the file name) for empty, non-image,
    truncated, oversized, too costly, unsupported or unreadable files. ``presets``
    (default: built-in) name the distributor and recognise the caption's sign-off.
    """
    messages: list[str] = []
    with guarded(messages):
        layers = read_layers(data)
        opened: list[str] = []
        with open_image(data, layers.format, opened) as image:
            if image.size != (layers.width, layers.height):
                raise PhotoError(
                    f"damaged {layers.format}: the header says {layers.width}×{layers.height} pixels, "
                    f"the image decoder {image.size[0]}×{image.size[1]}"
                )
        layers.warnings.extend(opened)
        info = info_from_layers(layers, filename, presets)
    info.warnings.extend(m for m in messages if m not in info.warnings)
    return info
