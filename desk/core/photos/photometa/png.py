"""PNG chunks: the image header, and metadata in every place PNG writers put it.

* XMP: an iTXt, zTXt or tEXt chunk with keyword ``XML:com.adobe.xmp``, before or after
  the image data, or ImageMagick's ``Raw profile type xmp``;
* IIM: ImageMagick's ``Raw profile type iptc`` (raw IIM or a Photoshop resource block,
  hex-encoded) or ``Raw profile type 8bim``;
* EXIF: the eXIf chunk, or ``Raw profile type exif`` / ``APP1``.

Compressed chunks are inflated to at most limits.TEXT_MAX_BYTES (zlib bombs are cut
off there with a warning). Pillow refuses legitimate files whose text chunks exceed its
own limits (and inflates every one of them), so ``without_text`` gives Pillow the
picture without them: Desk has already read them here.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from desk.core.photos.photometa.limits import TEXT_MAX_BYTES, check_time

SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_KEYWORD = b"XML:com.adobe.xmp"
TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
_RAW_PROFILE = b"Raw profile type "
_HEX = re.compile(rb"[^0-9a-fA-F]")


@dataclass
class PngLayout:
    width: int = 0
    height: int = 0
    bit_depth: int = 0
    colour_type: int = 0
    interlaced: bool = False
    frames: list[tuple[int, int]] = field(default_factory=list)  # APNG fcTL sizes
    xmp: list[bytes] = field(default_factory=list)  # in file order
    iim: list[bytes] = field(default_factory=list)  # raw IIM or Photoshop resource blocks
    exif: list[bytes] = field(default_factory=list)  # TIFF structures, with or without "Exif\0\0"
    has_idat: bool = False
    has_iend: bool = False
    text_bytes: int = 0
    broken: str = ""
    warnings: list[str] = field(default_factory=list)


def _inflate(data: bytes, what: str, warnings: list[str]) -> bytes | None:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, TEXT_MAX_BYTES)
    except zlib.error as err:
        warnings.append(f"PNG: {what} does not decompress ({err}); ignored")
        return None
    if inflater.unconsumed_tail:
        warnings.append(f"PNG: {what} inflates beyond {TEXT_MAX_BYTES // (1024 * 1024)} MB; ignored")
        return None
    return out


def _text_chunk(kind: bytes, body: bytes, warnings: list[str]) -> tuple[bytes, bytes] | None:
    """(keyword, text bytes) of a tEXt, zTXt or iTXt chunk."""
    keyword, sep, rest = body.partition(b"\x00")
    if not sep:
        return None
    if kind == b"tEXt":
        return keyword, rest
    if kind == b"zTXt":
        if not rest:
            return None
        text = _inflate(rest[1:], f"zTXt {keyword[:40]!r}", warnings)
        return (keyword, text) if text is not None else None
    # iTXt: compression flag, method, language tag, translated keyword, text.
    if len(rest) < 2:
        return None
    compressed = rest[0]
    rest = rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    if compressed:
        inflated = _inflate(text, f"iTXt {keyword[:40]!r}", warnings)
        if inflated is None:
            return None
        text = inflated
    return keyword, text


def raw_profile(text: bytes, warnings: list[str]) -> bytes | None:
    """ImageMagick's hex-encoded profile: "\\n<name>\\n<length>\\n<hex...>"."""
    lines = text.lstrip(b"\n").split(b"\n", 2)
    if len(lines) < 3:
        return None
    try:
        length = int(lines[1].strip())
    except ValueError:
        warnings.append("PNG: a raw profile has no length; ignored")
        return None
    digits = _HEX.sub(b"", lines[2])
    if length < 0 or len(digits) < 2 * length:
        warnings.append(f"PNG: raw profile {lines[0].strip()[:20]!r} is shorter than it declares; ignored")
        return None
    return bytes.fromhex(digits[: 2 * length].decode("ascii"))


def _profile(keyword: bytes, text: bytes, layout: PngLayout) -> None:
    kind = keyword[len(_RAW_PROFILE) :].strip().lower()
    payload = raw_profile(text, layout.warnings)
    if payload is None:
        return
    if kind == b"xmp":
        layout.xmp.append(payload)
    elif kind in (b"iptc", b"8bim"):
        layout.iim.append(payload)
    elif kind == b"exif":
        layout.exif.append(payload)
    elif kind == b"app1":
        if payload.startswith(b"Exif\x00"):
            layout.exif.append(payload)
        elif payload.startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
            layout.xmp.append(payload[29:])


def walk(data: bytes) -> PngLayout:
    """Every chunk up to IEND. Never raises; damage sets ``broken`` or a warning."""
    layout = PngLayout()
    pos = len(SIGNATURE)
    size = len(data)
    count = 0
    while pos + 8 <= size:
        count += 1
        if count % 1024 == 0:
            check_time()
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body_at = pos + 8
        if length > 0x7FFFFFFF or body_at + length > size:
            layout.broken = f"chunk {kind!r} at byte {pos} runs past the end of the file"
            return layout
        body = data[body_at : body_at + length]
        pos = body_at + length + 4
        if kind == b"IHDR" and count == 1 and length >= 13:
            layout.width = int.from_bytes(body[0:4], "big")
            layout.height = int.from_bytes(body[4:8], "big")
            layout.bit_depth, layout.colour_type = body[8], body[9]
            layout.interlaced = body[12] == 1
        elif count == 1:
            layout.broken = "no image header"
            return layout
        elif kind == b"IDAT":
            layout.has_idat = True
        elif kind == b"IEND":
            layout.has_iend = True
            return layout
        elif kind == b"fcTL" and length >= 12:
            layout.frames.append((int.from_bytes(body[4:8], "big"), int.from_bytes(body[8:12], "big")))
        elif kind == b"eXIf":
            layout.exif.append(body)
        elif kind in TEXT_CHUNKS:
            layout.text_bytes += length
            if not (body.startswith(XMP_KEYWORD) or body.startswith(_RAW_PROFILE)):
                continue  # a caption or comment chunk: Desk reads none, so none is inflated
            found = _text_chunk(kind, body, layout.warnings)
            if found is None:
                continue
            keyword, text = found
            if keyword == XMP_KEYWORD:
                layout.xmp.append(text)
            elif keyword.startswith(_RAW_PROFILE):
                _profile(keyword, text, layout)
    if not layout.broken and not layout.has_iend:
        layout.broken = "the file stops before its end chunk"
    return layout


def without_text(data: bytes) -> bytes:
    """The PNG without its text chunks (for Pillow, whose text limits refuse big ones);
    ``data`` itself when it has none. Runs of kept chunks are copied whole: a file of
    400,000 tiny text chunks costs one pass, not one copy per chunk."""
    out = bytearray()
    kept_from = 0  # start of the run of chunks kept so far
    pos = len(SIGNATURE)
    size = len(data)
    count = 0
    while pos + 8 <= size:
        count += 1
        if count % 4096 == 0:
            check_time()
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = min(pos + 12 + length, size)
        if kind in TEXT_CHUNKS:
            out += data[kept_from:pos]
            kept_from = end
        pos = end
        if kind == b"IEND":
            break
    if kept_from == 0 and pos == size:
        return data
    out += data[kept_from:pos]  # nothing after IEND, as before
    return bytes(out)
