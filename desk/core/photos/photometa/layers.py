"""From a file's bytes to its three metadata layers, its size and what decoding it costs.

One function per container walks the file with Desk's own parsers (jpeg, png, webp,
tiff), never with Pillow: the header alone decides whether the file is truncated, a
decompression bomb, or too costly to decode, before anything is allocated for pixels.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass, field

from PIL import Image

from desk.core.photos.photometa import exif, iim, jpeg, png, tiff, webp, xmp
from desk.core.photos.photometa.errors import PhotoError
from desk.core.photos.photometa.limits import DECODE_MEMORY_BUDGET, check_time, megabytes

SUPPORTED = ("JPEG", "PNG", "WEBP", "TIFF")
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1")
# The widest picture Desk decodes: the largest web rendition (photo_credit.WEB_WIDTHS).
LARGEST_DECODE = 1600


@dataclass
class Layers:
    format: str
    width: int  # as stored (before EXIF orientation)
    height: int
    iim: iim.IIMRecord | None = None
    xmp: xmp.XMPData | None = None
    exif: exif.ExifData = field(default_factory=exif.ExifData)
    decode_bytes: int = 0  # estimated memory to decode at the largest size Desk needs
    warnings: list[str] = field(default_factory=list)

    @property
    def orientation(self) -> int:
        return self.exif.orientation


# --- recognising the file ------------------------------------------------------------


def sniff_format(data: bytes) -> str:
    """Format from the magic bytes: JPEG, PNG, WEBP, TIFF, or the name of one we refuse."""
    if data[:2] == b"\xff\xd8" and len(data) > 2:
        return "JPEG"  # a start marker and then anything: jpeg.walk says what is wrong
    if data[:8] == png.SIGNATURE:
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
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


def not_an_image(data: bytes) -> PhotoError:
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


# --- budgets -------------------------------------------------------------------------


def refuse_bomb(width: int, height: int, what: str = "") -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise PhotoError(
            f"refused: {what}{width}×{height} pixels ({width * height / 1e6:.0f} MP) is over the "
            f"{limit / 1e6:.0f} MP limit; this looks like a decompression bomb"
        )


def refuse_costly(estimate: int, fmt: str, width: int, height: int) -> None:
    if estimate > DECODE_MEMORY_BUDGET:
        raise PhotoError(
            f"refused: decoding this {width}×{height} {fmt} would take about {megabytes(estimate)} of memory; "
            f"the limit is {megabytes(DECODE_MEMORY_BUDGET)}"
        )


def _jpeg_cost(frame: jpeg.Frame) -> int:
    # Pillow asks libjpeg for a reduced scale (draft): 1/8, 1/4, 1/2 or 1 of the size.
    w, h = frame.width, frame.height
    target = min(w, LARGEST_DECODE)
    scale = next(n for n in (8, 4, 2, 1) if n == 1 or math.ceil(w / n) >= target)
    channels = len(frame.components) or 3
    out = math.ceil(w / scale) * math.ceil(h / scale) * (1 if channels == 1 else 4)
    if frame.progressive and frame.components:
        # A progressive decode keeps every DCT coefficient of the full-size image: two
        # bytes per sample of each component, at that component's sampling.
        hmax = max(c[0] for c in frame.components) or 1
        vmax = max(c[1] for c in frame.components) or 1
        out += sum(int(w * h * 2 * (ch * cv) / (hmax * vmax)) for ch, cv in frame.components)
    return out


def _pillow_bytes(channels: int, bits: int) -> int:
    """Bytes per pixel Pillow holds: 1 (L, P, 1), 2 (I;16), else 4."""
    if channels == 1:
        return 1 if bits <= 8 else (2 if bits == 16 else 4)
    return 4


def _conversion_bytes(channels: int, bits: int) -> int:
    """Bytes per pixel of the full-size copies made before resizing (renditions.py):
    16-bit and float go through 32-bit integers (two copies), others through RGB(A)."""
    return 8 if channels == 1 and bits > 8 else 4


# --- per container -------------------------------------------------------------------


def _read_jpeg(data: bytes) -> Layers:
    layout = jpeg.walk(data)
    if layout.sos_offset < 0:
        if "past the end" in layout.broken or "ends inside" in layout.broken:
            raise PhotoError(f"truncated JPEG: {layout.broken}")
        raise PhotoError(f"damaged JPEG: {layout.broken}")
    if not layout.frames or not layout.width or not layout.height:
        raise PhotoError("damaged JPEG: no frame header with the image size")
    if len(layout.frames) > 1:
        raise PhotoError(f"damaged JPEG: {len(layout.frames)} frame headers where one is allowed")
    frame = layout.frames[0]
    refuse_bomb(frame.width, frame.height)
    if not jpeg.has_end_marker(data, layout.sos_offset):
        raise PhotoError("truncated JPEG: the image data stops before the end-of-image marker")
    if jpeg.scan_bytes(data, layout) == 0:
        raise PhotoError("truncated JPEG: the file has no image data after its header")
    missing = jpeg.missing_scans(data, layout)
    if missing:
        raise PhotoError(f"truncated JPEG: {missing}")
    found = Layers("JPEG", layout.width, layout.height, decode_bytes=_jpeg_cost(frame))
    found.iim = iim.read_jpeg(layout)
    found.xmp = xmp.read_packets(xmp.packets_from_jpeg(layout))
    exif_payload = next((p for p in jpeg.app_payloads(layout, jpeg.APP1) if p.startswith(exif.EXIF_HEADER)), None)
    if exif_payload is not None:
        found.exif = exif.read_exif(exif_payload)
    if not layout.compact:
        found.warnings.append("JPEG: fill bytes or stray markers between the header segments (harmless)")
    return found


def _read_png(data: bytes) -> Layers:
    layout = png.walk(data)
    if not layout.width and layout.broken:
        raise PhotoError(f"truncated PNG: {layout.broken}" if "past the end" in layout.broken else "damaged PNG: no image header")
    if not layout.width or not layout.height or layout.width > 0x7FFFFFFF or layout.height > 0x7FFFFFFF:
        raise PhotoError(f"damaged PNG: the header declares {layout.width}×{layout.height} pixels")
    refuse_bomb(layout.width, layout.height)
    for w, h in layout.frames:
        refuse_bomb(w, h, "an animation frame of ")
    if layout.broken:
        raise PhotoError(f"truncated PNG: {layout.broken}")
    if not layout.has_idat:
        raise PhotoError("damaged PNG: no image data")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(layout.colour_type, 4)
    w, h = layout.width, layout.height
    cost = w * h * _pillow_bytes(channels, layout.bit_depth)
    if layout.colour_type != 2 or layout.bit_depth != 8:
        cost += w * h * _conversion_bytes(channels, layout.bit_depth)  # palette, 16-bit, alpha
    cost += 3 * (math.ceil(w * channels * layout.bit_depth / 8) + 1)  # the decoder's row buffers
    found = Layers("PNG", w, h, decode_bytes=cost)
    found.warnings.extend(layout.warnings)
    found.xmp = xmp.read_list(layout.xmp)
    for block in layout.iim:
        record = iim.read_block(block)
        if record is not None and (record.values or found.iim is None):
            found.iim = record
    if layout.exif:
        found.exif = exif.read_exif(layout.exif[-1])
    return found


def _read_webp(data: bytes) -> Layers:
    layout = webp.walk(data)
    if layout.broken:
        kind = "truncated" if "bytes" in layout.broken or "past the end" in layout.broken else "damaged"
        raise PhotoError(f"{kind} WebP: {layout.broken}")
    refuse_bomb(layout.width, layout.height)
    for w, h in layout.frames:
        refuse_bomb(w, h, "a frame of ")
    # Pillow's RGBA image plus libwebp's own output buffer.
    found = Layers("WEBP", layout.width, layout.height, decode_bytes=2 * 4 * layout.width * layout.height)
    found.warnings.extend(layout.warnings)
    found.xmp = xmp.read_list(layout.xmp)
    if layout.exif:
        found.exif = exif.read_exif(layout.exif[-1])
    return found


def _read_tiff(data: bytes) -> Layers:
    structure = tiff.parse(data)
    if structure is None:
        raise PhotoError("damaged TIFF: the header is not a TIFF header")
    pages = structure.chain()
    if not pages or not pages[0].entries:
        raise PhotoError("damaged TIFF: no readable image directory")
    ifd0 = pages[0]
    width = structure.first_int(ifd0.entries.get(tiff.IMAGE_WIDTH))
    height = structure.first_int(ifd0.entries.get(tiff.IMAGE_LENGTH))
    if width <= 0 or height <= 0:
        raise PhotoError(f"damaged TIFF: the first image declares {width}×{height} pixels")
    for number, page in enumerate(pages):
        w = structure.first_int(page.entries.get(tiff.IMAGE_WIDTH))
        h = structure.first_int(page.entries.get(tiff.IMAGE_LENGTH))
        refuse_bomb(w, h, f"page {number + 1} has " if number else "")
    samples = structure.first_int(ifd0.entries.get(tiff.SAMPLES_PER_PIXEL), 1)
    bits = max(structure.ints(ifd0.entries.get(tiff.BITS_PER_SAMPLE)) or [1])
    if samples <= 0 or samples > 16 or bits <= 0 or bits > 64:
        raise PhotoError(f"damaged TIFF: {samples} samples of {bits} bits per pixel")
    cost = width * height * _pillow_bytes(samples, bits)
    tile_w = structure.first_int(ifd0.entries.get(tiff.TILE_WIDTH))
    tile_h = structure.first_int(ifd0.entries.get(tiff.TILE_LENGTH))
    rows = structure.first_int(ifd0.entries.get(tiff.ROWS_PER_STRIP), height)
    row_bytes = math.ceil(width * samples * bits / 8)
    # libtiff decodes a strip or a tile at a time into a buffer of its own.
    cost += tile_w * tile_h * samples * bits // 8 if tile_w and tile_h else min(max(rows, 1), height) * row_bytes
    if samples not in (1, 3) or bits != 8:
        cost += width * height * _conversion_bytes(samples, bits)  # converted before resizing
    found = Layers("TIFF", width, height, decode_bytes=cost)
    found.iim = iim.read_tiff(_raw(ifd0, tiff.IPTC), _raw(ifd0, tiff.PHOTOSHOP))
    xmp_raw = _raw(ifd0, tiff.XMP)
    found.xmp = xmp.read_single(xmp_raw) if xmp_raw else None
    found.exif = exif.from_directory(structure, ifd0)
    return found


def _raw(directory: tiff.Directory, tag: int) -> bytes | None:
    entry = directory.entries.get(tag)
    return entry.raw if entry is not None else None


READERS = {"JPEG": _read_jpeg, "PNG": _read_png, "WEBP": _read_webp, "TIFF": _read_tiff}


def read_layers(data: bytes) -> Layers:
    """The three layers of a supported file, its stored size and decode cost.

    Raises PhotoError (one line, without the file name) for empty, non-image, truncated,
    oversized, too costly or unsupported files. Damaged metadata is never an error: it
    becomes a warning and the other layers still count.
    """
    if not data:
        raise PhotoError("empty file (0 bytes)")
    fmt = sniff_format(data)
    if not fmt:
        raise not_an_image(data)
    if fmt not in SUPPORTED:
        raise PhotoError(f"{fmt} is not supported; convert to JPEG")
    found = READERS[fmt](data)
    check_time()
    refuse_costly(found.decode_bytes, fmt, found.width, found.height)
    for layer in (found.iim, found.xmp, found.exif):
        if layer is not None:
            found.warnings.extend(layer.warnings)
    return found
