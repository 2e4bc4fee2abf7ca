"""WebP (RIFF) chunks: the canvas and frame sizes, XMP and EXIF."""

from __future__ import annotations

from dataclasses import dataclass, field

from desk.core.photos.photometa.limits import check_time


@dataclass
class WebpLayout:
    width: int = 0
    height: int = 0
    frames: list[tuple[int, int]] = field(default_factory=list)  # every bitstream and animation frame
    alpha: bool = False
    xmp: list[bytes] = field(default_factory=list)
    exif: list[bytes] = field(default_factory=list)
    broken: str = ""
    warnings: list[str] = field(default_factory=list)


def _bitstream_size(kind: bytes, body: bytes) -> tuple[int, int] | None:
    if kind == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        return int.from_bytes(body[6:8], "little") & 0x3FFF, int.from_bytes(body[8:10], "little") & 0x3FFF
    if kind == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def walk(data: bytes) -> WebpLayout:
    layout = WebpLayout()
    declared = int.from_bytes(data[4:8], "little") + 8
    if len(data) < declared:
        layout.broken = f"{len(data)} of {declared} bytes"
        return layout
    pos, end = 12, min(declared, len(data))
    count = 0
    while pos + 8 <= end:
        count += 1
        if count % 1024 == 0:
            check_time()
        kind = data[pos : pos + 4]
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        body = data[pos + 8 : pos + 8 + length]
        if pos + 8 + length > end:
            layout.broken = f"chunk {kind!r} runs past the end of the file"
            return layout
        if kind == b"VP8X" and len(body) >= 10:
            layout.alpha = bool(body[0] & 0x10)
            layout.width = int.from_bytes(body[4:7], "little") + 1
            layout.height = int.from_bytes(body[7:10], "little") + 1
        elif kind == b"ANMF" and len(body) >= 16:
            layout.frames.append((int.from_bytes(body[6:9], "little") + 1, int.from_bytes(body[9:12], "little") + 1))
        elif kind in (b"VP8 ", b"VP8L"):
            size = _bitstream_size(kind, body)
            if size is None:
                layout.broken = f"the {kind.decode().strip()} image header is damaged"
                return layout
            layout.frames.append(size)
            if not layout.width:
                layout.width, layout.height = size
            if kind == b"VP8L":
                layout.alpha = layout.alpha or bool(body[4] & 0x10)
        elif kind == b"ALPH":
            layout.alpha = True
        elif kind == b"XMP ":
            layout.xmp.append(body)
        elif kind == b"EXIF":
            layout.exif.append(body)
        pos += 8 + length + (length % 2)
    if not layout.width:
        layout.broken = "no image header"
    return layout
