"""The 16:9, 4:3 and 1:1 crops of a photo for share cards and structured data, carrying
the photo's credit like every other rendition.

Built on the public make_rendition: an upright JPEG with the credit embedded (XMP, IIM)
at the size the crops need, cropped and scaled to the sizes crops.crop_box gives for the
photo as stored (the sizes the page announces), and its metadata segments (APP1, APP2,
APP13) carried over byte for byte.
"""

from __future__ import annotations

import io
import math
from typing import Any, Mapping, Sequence

from PIL import Image

from desk.core.photos.crops import RATIOS, crop_box
from desk.core.photos.photometa.reader import PhotoError
from desk.core.photos.photometa.renditions import JPEG_QUALITY, make_rendition

# Segments a crop keeps from its source rendition: XMP and EXIF (APP1), the ICC profile
# (APP2), the Photoshop block holding IIM (APP13).
_KEPT = {0xE1, 0xE2, 0xED}


def metadata_segments(jpeg: bytes) -> list[bytes]:
    """The APP1, APP2 and APP13 segments of a JPEG, whole (marker and length included)."""
    if jpeg[:2] != b"\xff\xd8":
        raise PhotoError("the rendition is not a JPEG")
    out, pos = [], 2
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF:
        marker = jpeg[pos + 1]
        if marker in (0xDA, 0xD9):  # start of scan, end of image: no more headers
            break
        length = int.from_bytes(jpeg[pos + 2:pos + 4], "big")
        if marker in _KEPT:
            out.append(jpeg[pos:pos + 2 + length])
        pos += 2 + length
    return out


def _with_segments(jpeg: bytes, segments: list[bytes]) -> bytes:
    """``jpeg`` (as Pillow wrote it, without metadata) with ``segments`` after its SOI
    and JFIF header."""
    pos = 2
    if jpeg[2:4] == b"\xff\xe0":  # keep JFIF first, as decoders expect
        pos = 4 + int.from_bytes(jpeg[4:6], "big")
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def make_crops(data: bytes, width: int, height: int, credit: Mapping[str, Any],
               ratios: Sequence[tuple[int, int]] = RATIOS) -> dict[tuple[int, int], tuple[bytes, int, int]]:
    """ratio -> (JPEG bytes, width, height) of each crop of the photo ``data``, which is
    ``width`` x ``height`` as shown (the Photo row's size)."""
    boxes = {ratio: crop_box(width, height, ratio) for ratio in ratios}
    # The source rendition is as large as the most demanding crop needs, never larger.
    scale = max(size[0] / (box[2] - box[0]) for box, size in boxes.values())
    source_width = min(width, math.ceil(width * scale) + 2)
    source, _, _ = make_rendition(data, source_width, "JPEG", credit)
    segments = metadata_segments(source)
    out: dict[tuple[int, int], tuple[bytes, int, int]] = {}
    try:
        with Image.open(io.BytesIO(source)) as image:
            image.load()
            # Each axis its own factor: the rendition's height is rounded, and a box scaled by
            # the width's factor could end a fraction of a pixel below it (3000 x 2000).
            fx, fy = image.width / width, image.height / height
            for ratio, (box, size) in boxes.items():
                scaled = (box[0] * fx, box[1] * fy, min(box[2] * fx, image.width), min(box[3] * fy, image.height))
                crop = image.resize(size, Image.Resampling.LANCZOS, box=scaled)
                buffer = io.BytesIO()
                crop.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True)
                out[ratio] = (_with_segments(buffer.getvalue(), segments), *size)
    except (OSError, ValueError) as err:
        raise PhotoError(f"cannot make the crops: {err}") from None
    return out
