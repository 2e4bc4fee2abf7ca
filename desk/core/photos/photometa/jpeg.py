"""Walking the marker segments of a JPEG without decoding it.

Metadata lives in the APPn segments before the first scan (SOS); the frame header
(SOFn) carries the pixel size. Reading these directly lets us refuse a decompression
bomb or a truncated file before Pillow touches a single pixel.

Fill bytes (any number of 0xFF before a marker) are legal; Pillow skips them one byte
at a time in Python, which makes 20 MB of them cost half a minute. ``canonical`` gives
Pillow the same JPEG without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

SOI = b"\xff\xd8"
EOI = b"\xff\xd9"
APP1 = 0xE1
APP13 = 0xED
SOS = 0xDA
# SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
PROGRESSIVE = frozenset({0xC2, 0xC6, 0xCA, 0xCE})
# Markers that stand alone, without a length field.
STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_FILL = re.compile(rb"\xff+")


@dataclass(frozen=True)
class Segment:
    marker: int
    offset: int  # of the 0xFF byte
    payload: bytes  # after the two length bytes

    def raw(self) -> bytes:
        return bytes((0xFF, self.marker)) + (len(self.payload) + 2).to_bytes(2, "big") + self.payload


@dataclass(frozen=True)
class Frame:
    marker: int
    width: int
    height: int
    components: tuple[tuple[int, int], ...]  # (horizontal, vertical) sampling per component

    @property
    def progressive(self) -> bool:
        return self.marker in PROGRESSIVE


@dataclass
class JpegLayout:
    segments: list[Segment]
    width: int = 0
    height: int = 0
    sos_offset: int = -1  # -1: the header ended before the first scan
    broken: str = ""  # why the walk stopped early, "" when it reached SOS
    frames: list[Frame] = field(default_factory=list)
    compact: bool = True  # segments follow each other with no fill bytes between them

    @property
    def frame(self) -> Frame | None:
        return self.frames[0] if self.frames else None


def is_jpeg(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff"


def _frame(marker: int, payload: bytes) -> Frame | None:
    if len(payload) < 6:
        return None
    height = int.from_bytes(payload[1:3], "big")
    width = int.from_bytes(payload[3:5], "big")
    count = payload[5]
    components = []
    for i in range(count):
        at = 6 + 3 * i
        if at + 3 > len(payload):
            break
        sampling = payload[at + 1]
        components.append((sampling >> 4, sampling & 0x0F))
    return Frame(marker, width, height, tuple(components))


def walk(data: bytes) -> JpegLayout:
    """Segments up to the first scan. Never raises; a damaged header sets ``broken``."""
    layout = JpegLayout(segments=[])
    if not data.startswith(SOI):
        layout.broken = "no JPEG start marker"
        return layout
    pos = 2
    size = len(data)
    while pos < size:
        if data[pos] != 0xFF:
            layout.broken = f"garbage at byte {pos} where a marker was expected"
            return layout
        fill = _FILL.match(data, pos)
        start = fill.end() - 1 if fill else pos
        if start != pos:
            layout.compact = False
        pos = start + 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker in STANDALONE:
            layout.compact = False
            continue
        if marker == 0xD9:
            layout.broken = "end of image before any scan"
            return layout
        if pos + 2 > size:
            break
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > size:
            layout.broken = f"segment at byte {start} runs past the end of the file"
            return layout
        payload = data[pos + 2 : pos + length]
        layout.segments.append(Segment(marker, start, payload))
        if marker in SOF_MARKERS:
            frame = _frame(marker, payload)
            if frame is not None:
                layout.frames.append(frame)
                if not layout.width:
                    layout.width, layout.height = frame.width, frame.height
        pos += length
        if marker == SOS:
            layout.sos_offset = start
            return layout
    layout.broken = "file ends inside the header"
    return layout


def has_end_marker(data: bytes, sos_offset: int) -> bool:
    """True when an EOI follows the first scan.

    Entropy-coded data stuffs every 0xFF with 0x00, so FF D9 after the first SOS can only
    be a real end-of-image marker (an EXIF thumbnail's EOI sits before the scan). Searched
    from the end, where it normally is: a forward search over megabytes of entropy data
    full of FF bytes costs tens of milliseconds.
    """
    return sos_offset >= 0 and data.rfind(EOI, sos_offset) != -1


def scan_bytes(data: bytes, layout: JpegLayout) -> int:
    """Bytes of entropy-coded data between the first scan header and the last EOI."""
    if layout.sos_offset < 0:
        return 0
    sos = next(s for s in layout.segments if s.offset == layout.sos_offset)
    start = sos.offset + 4 + len(sos.payload)
    end = data.rfind(EOI, start)
    return max(0, (end if end >= 0 else len(data)) - start)


# After the first scan: FF then a marker. Entropy-coded data stuffs its FF bytes with 00,
# restart markers (D0-D7) sit inside it, and FF before FF is fill.
_MARKER_AFTER_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
MAX_SCANS = 1000  # real files have up to about 20; thousands of scans is a decoding DoS
LOSSLESS = frozenset({0xC3, 0xC7, 0xCB, 0xCF})


def scan_headers(data: bytes, layout: JpegLayout) -> list[bytes] | None:
    """The payload of every SOS up to the end marker (the first one included), or None
    when there are more than MAX_SCANS."""
    first = next((s for s in layout.segments if s.offset == layout.sos_offset), None)
    if first is None:
        return []
    headers = [first.payload]
    pos = first.offset + 4 + len(first.payload)
    while (found := _MARKER_AFTER_SCAN.search(data, pos)) is not None:
        at = found.start()
        marker = data[at + 1]
        if marker == 0xD9:
            break
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker == SOS:
            if len(headers) == MAX_SCANS:
                return None
            headers.append(data[at + 4 : at + 2 + length])
        pos = at + 2 + max(length, 2)
    return headers


def missing_scans(data: bytes, layout: JpegLayout) -> str:
    """Why the scans before the end marker cannot make the whole picture ("" when they
    can): a component no scan carries, or, in a progressive JPEG, coefficients never sent
    or never refined to full precision. That is what a file cut between (or inside) its
    scans, with an end marker put back, looks like; Pillow decodes it without a word into
    a picture with missing colour or detail. (A cut inside the last scan is left to the
    grey-fill check of the decoded picture, renditions._check_complete.)"""
    frame_segment = next((s for s in layout.segments if s.marker in SOF_MARKERS), None)
    if frame_segment is None or frame_segment.marker in LOSSLESS or len(frame_segment.payload) < 6:
        return ""
    payload = frame_segment.payload
    ids = [payload[6 + 3 * i] for i in range(payload[5]) if 6 + 3 * i < len(payload)]
    progressive = frame_segment.marker in PROGRESSIVE
    headers = scan_headers(data, layout)
    if headers is None:
        return f"more than {MAX_SCANS} scans"
    # Per component, per coefficient: the lowest bit position sent so far (-1: none).
    precision = {c: [-1] * 64 for c in ids}
    for header in headers:
        count = header[0] if header else 0
        if len(header) < 1 + 2 * count + 3:
            continue
        start, end, approx = header[1 + 2 * count], min(header[2 + 2 * count], 63), header[3 + 2 * count]
        for component in (header[1 + 2 * i] for i in range(count)):
            if component in precision:
                for k in range(start, end + 1):
                    precision[component][k] = (approx & 0x0F) if progressive else 0
    for number, component in enumerate(ids, 1):
        bits = precision[component]
        if max(bits) == -1:
            return f"no scan carries component {number} of {len(ids)}"
        if progressive and any(b != 0 for b in bits):
            scans = f"{len(headers)} scan" + ("s" if len(headers) != 1 else "")
            return f"the progressive scans stop early ({scans}); part of the picture is missing"
    return ""


def canonical(data: bytes, layout: JpegLayout) -> bytes:
    """The same JPEG with the fill bytes and stand-alone markers between its header
    segments dropped (``data`` itself when there are none)."""
    if layout.compact or layout.sos_offset < 0:
        return data
    out = bytearray(SOI)
    for seg in layout.segments[:-1]:
        out += seg.raw()
    out += data[layout.sos_offset :]
    return bytes(out)


def app_payloads(layout: JpegLayout, marker: int) -> Iterator[bytes]:
    return (s.payload for s in layout.segments if s.marker == marker)


def insert_segments(data: bytes, new_segments: list[bytes], drop: Callable[[Segment], bool]) -> bytes:
    """JPEG bytes with ``drop``-selected segments removed and ``new_segments`` inserted
    after the leading APP0/APP1 segments (JFIF and EXIF must stay first)."""
    layout = walk(data)
    if layout.sos_offset < 0:
        raise ValueError(f"cannot rewrite a damaged JPEG: {layout.broken}")
    out = bytearray(SOI)
    inserted = False
    for seg in layout.segments:
        if not inserted and seg.marker not in (0xE0, APP1):
            out += b"".join(new_segments)
            inserted = True
        if seg.marker == SOS:
            out += data[seg.offset :]
            return bytes(out)
        if drop(seg):
            continue
        out += seg.raw()
    raise ValueError("JPEG has no scan")  # unreachable: walk() stopped at an SOS


def segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > 65533:
        raise ValueError(f"segment payload of {len(payload)} bytes exceeds 65533")
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload
