"""read_photo: one call from a file's bytes to its structured credit.

Three layers, one answer per field, with where it came from and every disagreement:

* IIM vs XMP (Metadata Working Group): when Photoshop's MD5 of the IIM (resource 0x0425)
  no longer matches, a legacy tool edited the IIM after the last sync, so IIM wins;
  when it matches or is absent, XMP wins. An IIM value that is a byte-truncated prefix
  of the XMP value always loses to XMP.
* IPTC (IIM/XMP) over EXIF: cameras stamp Artist/Copyright that contradict the agency.
* Placeholders ("-", "...", "OLYMPUS DIGITAL CAMERA") count as empty.

No pixel is decoded: the pixel size comes from the header, so bombs and truncated files
are refused before Pillow allocates anything.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from PIL import Image, UnidentifiedImageError

from . import credits, exif, iim, jpeg, xmp

SUPPORTED = ("JPEG", "PNG", "WEBP", "TIFF")
PLACEHOLDERS = frozenset(
    {
        "-", "--", "---", ".", "..", "...", "…", "?", "n/a", "na", "none", "null", "unknown",
        "untitled", "default", "copyright", "(c)", "©", "no caption", "caption", "description",
        "olympus digital camera", "sony dsc", "digital camera", "minolta digital camera",
        "kodak digital still camera", "samsung digital camera", "nikon digital camera",
        "konica minolta digital camera", "camera", "dcim", "image", "photo", "picture",
    }
)
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1")
_PUNCTUATION_ONLY = re.compile(r"^[\s\-–—_.…*?/\\|]*$")


class PhotoError(ValueError):
    """A file Desk cannot import. The message is one line; the caller adds the file name."""


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

    def credit_fields(self) -> dict[str, Any]:
        """The credit fields alone (what compose_credit and make_rendition take)."""
        skip = {"format", "width", "height", "orientation", "iim_digest", "provenance", "warnings"}
        return {k: v for k, v in self.__dict__.items() if k not in skip}


# Field -> (IIM dataset, EXIF attribute). XMP uses the same field names (xmp.FIELD_PROPERTIES).
FIELD_SOURCES: dict[str, tuple[int | None, str | None]] = {
    "title": (iim.OBJECT_NAME, None),
    "keywords": (iim.KEYWORDS, None),
    "creator": (iim.BYLINE, "artist"),
    "creator_title": (iim.BYLINE_TITLE, None),
    "credit_line": (iim.CREDIT, None),
    "source": (iim.SOURCE, None),
    "copyright": (iim.COPYRIGHT, "copyright"),
    "caption": (iim.CAPTION, "description"),
    "agency_ref": (iim.JOB_ID, None),
    "instructions": (iim.INSTRUCTIONS, None),
    "usage_terms": (None, None),
    "headline": (iim.HEADLINE, None),
    "city": (iim.CITY, None),
    "country": (iim.COUNTRY, None),
    "alt_text": (None, None),
}
LIST_FIELDS = frozenset({"creator", "keywords"})


# --- recognising the file ------------------------------------------------------------


def sniff_format(data: bytes) -> str:
    """Format from the magic bytes: JPEG, PNG, WEBP, TIFF, or the name of one we refuse."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if data[4:8] == b"ftyp":
        # ISO base media: the brands tell a still image from a video.
        brands = data[8:12] + data[16 : min(len(data), 64)]
        if b"avif" in brands or b"avis" in brands:
            return "AVIF"
        if any(brand in brands for brand in HEIF_BRANDS):
            return "HEIC"
        return ""
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:2] == b"BM":
        return "BMP"
    if data[:4] == b"%PDF":
        return "PDF"
    return ""


def _not_an_image(data: bytes) -> PhotoError:
    head = data[:4096]
    if not head.strip(b"\x00"):
        return PhotoError("not an image: the file holds only zero bytes")
    try:
        # Text has no NUL bytes; binary headers nearly always do.
        if b"\x00" not in head:
            # Incremental: the 4 KiB cut may fall inside a character.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            return PhotoError("not an image: the file holds text")
    except UnicodeDecodeError:
        pass
    return PhotoError("not an image: unrecognised content")


def _refuse_bomb(width: int, height: int) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise PhotoError(
            f"refused: {width}×{height} pixels ({width * height / 1e6:.0f} MP) is over the "
            f"{limit / 1e6:.0f} MP limit; this looks like a decompression bomb"
        )


def _check_jpeg(data: bytes, layout: jpeg.JpegLayout) -> None:
    if layout.sos_offset < 0:
        if "past the end" in layout.broken or "ends inside" in layout.broken:
            raise PhotoError(f"truncated JPEG: {layout.broken}")
        raise PhotoError(f"damaged JPEG: {layout.broken}")
    if not layout.width or not layout.height:
        raise PhotoError("damaged JPEG: no frame header with the image size")
    _refuse_bomb(layout.width, layout.height)
    if not jpeg.has_end_marker(data, layout.sos_offset):
        raise PhotoError("truncated JPEG: the image data stops before the end-of-image marker")


def _check_png(data: bytes) -> None:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise PhotoError("truncated PNG: no image header")
    _refuse_bomb(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    if data.rfind(b"IEND") < 0:
        raise PhotoError("truncated PNG: the file stops before its end chunk")


def _check_webp(data: bytes) -> None:
    declared = int.from_bytes(data[4:8], "little") + 8
    if len(data) < declared:
        raise PhotoError(f"truncated WebP: {len(data)} of {declared} bytes")


def _pillow_open(data: bytes, fmt: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError as err:
        raise PhotoError(f"refused: the image is too large to open safely ({err})") from None
    except UnidentifiedImageError:
        raise PhotoError(f"damaged {fmt}: Pillow cannot read its header") from None
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise PhotoError(f"damaged or truncated {fmt}: {err}") from None
    _refuse_bomb(*image.size)
    return image


def open_image(data: bytes, warnings: list[str] | None = None) -> Image.Image:
    """Pillow's view of a supported file, header only (pixels load lazily).

    Pillow gives up on a JPEG whose Photoshop block (APP13) is damaged, although the
    picture is intact; such a file is opened without that block, with a warning.
    """
    fmt = sniff_format(data)
    if fmt not in SUPPORTED:
        raise PhotoError(f"{fmt} is not supported; convert to JPEG" if fmt else "not an image: unrecognised content")
    try:
        return _pillow_open(data, fmt)
    except PhotoError:
        if fmt != "JPEG" or not any(s.marker == jpeg.APP13 for s in jpeg.walk(data).segments):
            raise
    stripped = jpeg.insert_segments(data, [], drop=lambda seg: seg.marker == jpeg.APP13)
    image = _pillow_open(stripped, fmt)
    if warnings is not None:
        warnings.append("the Photoshop block (APP13) is damaged; the picture was read without it")
    return image


# --- merging the layers --------------------------------------------------------------


def is_placeholder(text: str) -> bool:
    folded = " ".join(text.split()).casefold()
    return not folded or folded in PLACEHOLDERS or bool(_PUNCTUATION_ONLY.match(folded))


def _short(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _squashed(value: Any) -> Any:
    if isinstance(value, list):
        return [" ".join(v.split()) for v in value]
    return " ".join(value.split())


class _Merger:
    def __init__(self, record: iim.IIMRecord | None, xmp_fields: Mapping[str, Any], camera: exif.ExifData) -> None:
        self.record = record
        self.xmp = xmp_fields
        self.exif = camera
        self.digest = record.digest if record else ""
        self.provenance: dict[str, str] = {}
        self.warnings: list[str] = []

    def _drop_placeholders(self, name: str, layer: str, value: Any) -> Any:
        if isinstance(value, list):
            kept = [v for v in value if not is_placeholder(v)]
            for v in value:
                if v and is_placeholder(v):
                    self.warnings.append(f"{name}: placeholder {v!r} in {layer} ignored")
            return kept
        if value and is_placeholder(value):
            self.warnings.append(f"{name}: placeholder {value!r} in {layer} ignored")
            return ""
        return value or ""

    def _iim_value(self, name: str, dataset: int | None) -> Any:
        if self.record is None or dataset is None:
            return [] if name in LIST_FIELDS else ""
        values = [v for v in self.record.values.get(dataset, []) if v]
        return values if name in LIST_FIELDS else (values[0] if values else "")

    @staticmethod
    def _truncated_prefix(iim_value: Any, xmp_value: Any, dataset: int | None) -> bool:
        """The IIM value is the XMP value cut at the IIM byte limit."""
        limit = iim.MAX_BYTES.get(dataset or -1, 0)

        def cut(short: str, full: str) -> bool:
            # Allow 3 bytes of slack: a careful writer stops before a split character.
            return full.startswith(short) and len(full) > len(short) and len(short.encode("utf-8")) >= limit - 3

        if isinstance(iim_value, list):
            return len(iim_value) == len(xmp_value) and iim_value != xmp_value and all(
                a == b or cut(a, b) for a, b in zip(iim_value, xmp_value)
            )
        return bool(limit) and cut(iim_value, xmp_value)

    def _iptc(self, name: str, dataset: int | None) -> tuple[Any, str]:
        iim_value = self._drop_placeholders(name, "IIM", self._iim_value(name, dataset))
        xmp_value = self._drop_placeholders(name, "XMP", self.xmp.get(name, [] if name in LIST_FIELDS else ""))
        if name in LIST_FIELDS and isinstance(xmp_value, str):
            xmp_value = [xmp_value] if xmp_value else []
        if not iim_value:
            return xmp_value, "xmp" if xmp_value else ""
        if not xmp_value:
            if self.record is not None and dataset in self.record.truncated:
                self.warnings.append(
                    f"{name}: the IIM value fills its {iim.MAX_BYTES[dataset]}-byte limit and may be cut short; "
                    "no XMP value to complete it"
                )
            return iim_value, "iim"
        if _squashed(iim_value) == _squashed(xmp_value):
            # Equal but for spacing (CR/LF, doubled blanks): no disagreement to report.
            return (iim_value, "iim") if self.digest == iim.DIGEST_MISMATCH else (xmp_value, "xmp")
        if self._truncated_prefix(iim_value, xmp_value, dataset):
            self.warnings.append(f"{name}: IIM holds {_short(iim_value)!r}, cut at the IIM byte limit; using the full XMP value")
            return xmp_value, "xmp"
        if self.digest == iim.DIGEST_MISMATCH:
            self.warnings.append(
                f"{name}: IIM {_short(iim_value)!r} and XMP {_short(xmp_value)!r} differ; using IIM, "
                "edited after the last sync (digest mismatch)"
            )
            return iim_value, "iim"
        why = "digest matches" if self.digest == iim.DIGEST_MATCH else "no digest"
        self.warnings.append(f"{name}: IIM {_short(iim_value)!r} and XMP {_short(xmp_value)!r} differ; using XMP ({why})")
        return xmp_value, "xmp"

    def field(self, name: str) -> Any:
        dataset, exif_attr = FIELD_SOURCES[name]
        value, layer = self._iptc(name, dataset)
        camera_value = self._drop_placeholders(name, "EXIF", getattr(self.exif, exif_attr)) if exif_attr else ""
        if camera_value:
            camera_list = [camera_value] if name in LIST_FIELDS else camera_value
            if not value:
                value, layer = camera_list, "exif"
            elif not self._same_as_exif(value, camera_value):
                self.warnings.append(f"{name}: EXIF says {_short(camera_value)!r}; the IPTC value is used")
        if layer:
            self.provenance[name] = layer
        return value

    @staticmethod
    def _same_as_exif(value: Any, camera_value: str) -> bool:
        folded = " ".join(camera_value.split()).casefold()
        items = value if isinstance(value, list) else [value]
        joined = [" ".join(i.split()).casefold() for i in items]
        return folded in joined or folded in (", ".join(joined), "; ".join(joined))

    def date_created(self) -> str:
        iim_date = ""
        if self.record is not None:
            iim_date = iim_datetime(self.record.first(iim.DATE_CREATED), self.record.first(iim.TIME_CREATED))
            if self.record.first(iim.DATE_CREATED) and not iim_date:
                self.warnings.append(f"date_created: IIM 2:55 {self.record.first(iim.DATE_CREATED)!r} is not a date; ignored")
        xmp_date = normalise_iso(str(self.xmp.get("date_created", "")))
        if self.xmp.get("date_created") and not xmp_date:
            self.warnings.append(f"date_created: XMP {self.xmp['date_created']!r} is not a date; ignored")
        if iim_date and xmp_date:
            if iim_date.startswith(xmp_date) or xmp_date.startswith(iim_date):
                # The same moment at different precision is no disagreement; the usual
                # rule still picks the layer (IIM's "000000+0000" is often a filler time).
                value, layer = (iim_date, "iim") if self.digest == iim.DIGEST_MISMATCH else (xmp_date, "xmp")
            elif self.digest == iim.DIGEST_MISMATCH:
                self.warnings.append(f"date_created: IIM {iim_date} and XMP {xmp_date} differ; using IIM (digest mismatch)")
                value, layer = iim_date, "iim"
            else:
                self.warnings.append(f"date_created: IIM {iim_date} and XMP {xmp_date} differ; using XMP")
                value, layer = xmp_date, "xmp"
        else:
            value, layer = (iim_date, "iim") if iim_date else (xmp_date, "xmp" if xmp_date else "")
        if self.exif.date_created:
            if not value:
                value, layer = self.exif.date_created, "exif"
            elif value[:10] != self.exif.date_created[:10]:
                self.warnings.append(f"date_created: EXIF says {self.exif.date_created}; the IPTC date is used")
        if layer:
            self.provenance["date_created"] = layer
        return value


def iim_datetime(date: str, time: str = "") -> str:
    """IIM 2:55 'CCYYMMDD' + 2:60 'HHMMSS±HHMM' -> ISO 8601; '00' month/day mean unknown."""
    date = date.strip()
    if len(date) != 8 or not date.isdigit():
        return ""
    year, month, day = date[:4], date[4:6], date[6:8]
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    iso = f"{year}-{month}-{day}"
    if normalise_iso(iso) != iso:
        return ""
    time = time.strip()
    if len(time) >= 6 and time[:6].isdigit():
        iso += f"T{time[:2]}:{time[2:4]}:{time[4:6]}"
        zone = time[6:]
        if len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit():
            iso += f"{zone[:3]}:{zone[3:]}"
    return iso


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


def normalise_iso(value: str) -> str:
    """XMP dates are ISO 8601 at any precision; 'Z' becomes '+00:00'. '' if invalid."""
    found = _ISO.match(value.strip())
    if not found:
        return ""
    year, month, day, hour, minute, second, zone = found.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        return ""
    iso = year + (f"-{month}" if month else "") + (f"-{day}" if day else "")
    if hour:
        iso += f"T{hour}:{minute}:{second or '00'}"
        if zone:
            iso += "+00:00" if zone == "Z" else zone
    return iso


# --- the entry point -----------------------------------------------------------------


def read_photo(data: bytes, filename: str = "", presets: Sequence[Mapping[str, Any]] | None = None) -> PhotoInfo:
    """Everything Desk needs from a photo file, without decoding its pixels.

    Raises PhotoError (one-line message, without the file name) for empty, non-image,
    truncated, oversized or unsupported files. ``presets`` (default: built-in) are used to
    name the distributor and recognise the caption's sign-off.
    """
    if not data:
        raise PhotoError("empty file (0 bytes)")
    fmt = sniff_format(data)
    if not fmt:
        raise _not_an_image(data)
    if fmt not in SUPPORTED:
        raise PhotoError(f"{fmt} is not supported; convert to JPEG")

    layout = jpeg.walk(data) if fmt == "JPEG" else None
    if layout is not None:
        _check_jpeg(data, layout)
    elif fmt == "PNG":
        _check_png(data)
    elif fmt == "WEBP":
        _check_webp(data)
    warnings: list[str] = []
    image = open_image(data, warnings)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    expected = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "tif": "TIFF", "tiff": "TIFF"}.get(extension)
    if expected and expected != fmt:
        warnings.append(f"file is named .{extension} but holds {fmt}")

    with image:
        camera = exif.read_exif(image)
        width, height = image.size
        tiff_tags = dict(getattr(image, "tag_v2", {})) if fmt == "TIFF" else {}
    record: iim.IIMRecord | None = None
    xmp_data: xmp.XMPData | None = None
    if layout is not None:
        record = iim.read_jpeg(layout)
        xmp_data = xmp.read_packets(xmp.packets_from_jpeg(layout))
    elif fmt == "TIFF":
        record = iim.read_tiff_tags(tiff_tags)
        xmp_data = xmp.read_single(iim.tiff_tag_bytes(tiff_tags.get(xmp.TIFF_TAG_XMP)))
    elif fmt == "PNG":
        xmp_data = xmp.read_single(xmp.packet_from_png(data))
    elif fmt == "WEBP":
        xmp_data = xmp.read_single(xmp.packet_from_webp(data))
    for layer in (record, xmp_data, camera):
        if layer is not None:
            warnings.extend(layer.warnings)

    xmp_fields = xmp_data.fields() if xmp_data else {}
    merger = _Merger(record, xmp_fields, camera)
    if camera.orientation in (5, 6, 7, 8):
        width, height = height, width
    info = PhotoInfo(format=fmt, width=width, height=height, orientation=camera.orientation,
                     iim_digest=record.digest if record else "")
    for name in FIELD_SOURCES:
        setattr(info, name, merger.field(name))
    info.date_created = merger.date_created()
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
    info.warnings = warnings + merger.warnings
    return info
