"""Thumbnails and web renditions that keep the photo's credit.

Pillow never writes IIM and drops metadata on resize, so a rendition gets its credit
back explicitly: XMP through Pillow's ``xmp=`` and, for JPEG, an APP13 IIM block with a
matching digest (iim.embed_in_jpeg). JPEG sources are decoded at reduced scale
(``Image.draft``), which is what keeps a 24 MP import fast.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from PIL import Image, ImageCms

from desk.core.photos.photometa import iim, xmp
from desk.core.photos.photometa.errors import PhotoError
from desk.core.photos.photometa.guard import guarded
from desk.core.photos.photometa.layers import read_layers
from desk.core.photos.photometa.reader import open_image

RENDITION_FORMATS = ("JPEG", "WEBP")
# Largest side each encoder accepts: a narrow panorama keeps its aspect within it.
MAX_SIDE = {"JPEG": 65500, "WEBP": 16383}
JPEG_QUALITY = 85
WEBP_QUALITY = 80
THUMB_QUALITY = 80
# Pillow resizes in two steps (a cheap box reduce, then Lanczos) when the scale
# allows; 3.0 is indistinguishable from a pure Lanczos at web sizes.
REDUCING_GAP = 3.0
# Modes Pillow resizes as they are; others are converted first (palette, 16-bit, float).
RESIZABLE = frozenset({"RGB", "RGBA", "L", "LA", "CMYK"})
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError)


@dataclass
class Decoded:
    """A picture decoded at (or a little above) the size asked, not yet upright."""

    image: Image.Image
    orientation: int
    shown: tuple[int, int]  # the full picture's size as displayed
    icc: bytes | None  # the source's ICC profile, when it describes RGB output
    source_mode: str

    @property
    def swapped(self) -> bool:
        return self.orientation in (5, 6, 7, 8)


def _grey_bands(extrema: Any) -> bool:
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(lo == hi and lo in (127, 128, 129) for lo, hi in bands)


def _grey_run(image: Image.Image, y: int) -> int:
    """How many pixels at the right end of row ``y`` are exactly mid-grey."""
    row = list(image.crop((0, y, image.width, y + 1)).getdata())
    run = 0
    for pixel in reversed(row):
        values = pixel if isinstance(pixel, tuple) else (pixel,)
        if not all(v in (127, 128, 129) for v in values) or len(set(values)) != 1 and image.mode != "CMYK":
            break
        run += 1
    return run


def _check_complete(image: Image.Image, fmt: str) -> None:
    """A JPEG whose entropy-coded data was cut (and an end marker put back) decodes with
    every block after the cut filled flat mid-grey; Pillow says nothing. In a sequential
    JPEG the blocks run left to right, top to bottom, so the cut shows as grey rows at the
    bottom under a row that turns grey part of the way along: a picture that merely ends
    in a grey band has no such row."""
    if fmt != "JPEG":
        return
    width, height = image.size
    rows = 0
    while rows < height and _grey_bands(image.crop((0, height - rows - 1, width, height - rows)).getextrema()):
        rows += 1
    if rows == height:
        return  # a flat grey picture
    boundary = height - rows - 1
    run = _grey_run(image, boundary)
    if run == 0:
        return  # the grey starts on a full row: a grey band, or a cut exactly between rows
    if rows == 0 and run < max(16, width // 4):
        return  # a little grey in the corner, not a missing stretch of the last row
    share = 100 * (rows * width + run) / (height * width)
    raise PhotoError(f"truncated JPEG: the image data ends early; the bottom {share:.0f} % of the picture is grey fill")


def _decode(data: bytes, target: tuple[int, int], messages: list[str]) -> Decoded:
    """Decode ``data`` for a picture of at most ``target`` (as displayed), at the smallest
    scale the decoder offers that is still at least that big. The checks of read_photo
    (truncation, bombs, decode cost) run first."""
    layers = read_layers(data)
    image = open_image(data, layers.format, messages)
    orientation = layers.orientation
    stored = image.size
    shown = (stored[1], stored[0]) if orientation in (5, 6, 7, 8) else stored
    if layers.format == "JPEG":
        raw_target = (target[1], target[0]) if orientation in (5, 6, 7, 8) else target
        image.draft("RGB" if image.mode in ("RGB", "YCbCr") else image.mode,
                    (max(1, raw_target[0]), max(1, raw_target[1])))
    try:
        image.load()  # decode here, not lazily inside save(), so damage is reported as such
    except DECODE_ERRORS as err:
        image.close()
        raise PhotoError(f"cannot decode the image: {err}") from None
    _check_complete(image, layers.format)
    icc = image.info.get("icc_profile")
    return Decoded(image, orientation, shown, icc if image.mode != "CMYK" else None, image.mode)


def _to_display_mode(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """8-bit RGB (or RGBA when the output keeps alpha): CMYK through its ICC profile,
    16-bit scaled rather than clipped, palettes expanded, alpha flattened on white."""
    mode = image.mode
    if mode == "CMYK":
        icc = image.info.get("icc_profile")
        if icc:
            try:
                converted = ImageCms.profileToProfile(
                    image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"), outputMode="RGB"
                )
                if converted is not None:
                    return converted
            except (ImageCms.PyCMSError, OSError):
                pass  # a broken profile: the plain conversion below is still close
        return image.convert("RGB")
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # Pillow's I -> L conversion clips at 255; scale the 16-bit range down instead.
        return image.convert("I").point(lambda v: v * (1 / 257)).convert("L").convert("RGB")
    if mode == "F":
        return image.convert("L").convert("RGB")
    has_alpha = mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info)
    if has_alpha:
        rgba = image.convert("RGBA")
        if keep_alpha:
            return rgba
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if mode == "RGB" else image.convert("RGB")


def _resizable(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """The image in a mode Pillow resamples well; converted at full size only when needed."""
    if image.mode in RESIZABLE:
        return image
    return _to_display_mode(image, keep_alpha)


def _fit(decoded: Decoded, shown_size: tuple[int, int], keep_alpha: bool) -> Image.Image:
    """Resized to ``shown_size`` (as displayed), then turned upright and made 8-bit RGB(A):
    resizing first keeps the full-size copies to the one the decoder made."""
    image = _resizable(decoded.image, keep_alpha)
    raw = (shown_size[1], shown_size[0]) if decoded.swapped else shown_size
    if image.size != raw:
        image = image.resize(raw, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    if decoded.orientation in TRANSPOSE:
        image = image.transpose(TRANSPOSE[decoded.orientation])
    return _to_display_mode(image, keep_alpha)


def _icc_to_keep(decoded: Decoded, result: Image.Image) -> bytes | None:
    # A CMYK profile does not describe the RGB result; an RGB one does.
    if decoded.source_mode == "CMYK" or result.mode not in ("RGB", "RGBA"):
        return None
    return decoded.icc


def _thumb_size(shown: tuple[int, int], max_side: int) -> tuple[int, int]:
    w, h = shown
    if w <= max_side and h <= max_side:
        return w, h
    if w >= h:
        return max_side, max(1, round(h * max_side / w))
    return max(1, round(w * max_side / h)), max_side


def make_thumbnail(data: bytes, max_side: int = 320, warnings: list[str] | None = None) -> tuple[bytes, int, int]:
    """A JPEG no larger than ``max_side`` on either side, upright, sRGB-ish 8-bit.
    Decoder warnings are appended to ``warnings`` when given."""
    messages: list[str] = []
    with guarded(messages):
        decoded = _decode(data, (max_side, max_side), messages)
        with decoded.image:
            try:
                rgb = _fit(decoded, _thumb_size(decoded.shown, max_side), keep_alpha=False)
            except DECODE_ERRORS as err:
                raise PhotoError(f"cannot decode the image: {err}") from None
            out = io.BytesIO()
            rgb.save(out, "JPEG", quality=THUMB_QUALITY, icc_profile=_icc_to_keep(decoded, rgb))
    if warnings is not None:
        warnings.extend(m for m in messages if m not in warnings)
    return out.getvalue(), rgb.width, rgb.height


def _iim_values(credit: Mapping[str, Any]) -> dict[int, Any]:
    def text(name: str) -> str:
        value = credit.get(name) or ""
        return "; ".join(value) if isinstance(value, (list, tuple)) else str(value)

    creators = credit.get("creator") or []
    if isinstance(creators, str):
        creators = [creators]
    date = text("date_created").replace("-", "")[:8]
    values: dict[int, Any] = {
        iim.BYLINE: list(creators),
        iim.BYLINE_TITLE: text("creator_title"),
        iim.CREDIT: text("credit_line"),
        iim.SOURCE: text("source"),
        iim.COPYRIGHT: text("copyright") or text("copyright_notice"),
        iim.CAPTION: text("caption"),
        iim.HEADLINE: text("headline"),
        iim.OBJECT_NAME: text("title"),
        iim.JOB_ID: text("agency_ref"),
        iim.CITY: text("city"),
        iim.COUNTRY: text("country"),
        iim.KEYWORDS: list(credit.get("keywords") or []),
        iim.DATE_CREATED: date if len(date) == 8 and date.isdigit() else "",
    }
    return {k: v for k, v in values.items() if v}


def _xmp_fields(credit: Mapping[str, Any]) -> dict[str, Any]:
    fields = dict(credit)
    if not fields.get("copyright") and fields.get("copyright_notice"):
        fields["copyright"] = fields["copyright_notice"]
    # Restrictions are for the editor, never for the published file.
    fields.pop("instructions", None)
    return fields


def _target(shown: tuple[int, int], width: int, fmt: str) -> tuple[int, int]:
    w = min(width, shown[0])
    h = max(1, round(shown[1] * w / shown[0]))
    if h > MAX_SIDE[fmt]:
        h = MAX_SIDE[fmt]
        w = max(1, round(shown[0] * h / shown[1]))
    return w, h


def _encode(pixels: Image.Image, fmt: str, icc: bytes | None, packet: bytes, iim_values: Mapping[int, Any]) -> bytes:
    out = io.BytesIO()
    try:
        if fmt == "JPEG":
            flat = pixels if pixels.mode == "RGB" else _to_display_mode(pixels, keep_alpha=False)
            flat.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, icc_profile=icc, xmp=packet)
            return iim.embed_in_jpeg(out.getvalue(), iim_values)
        pixels.save(out, "WEBP", quality=WEBP_QUALITY, method=4, icc_profile=icc, xmp=packet)
        return out.getvalue()
    except (OSError, ValueError) as err:
        raise PhotoError(f"cannot write the {fmt} rendition: {err}") from None


def _check_request(width: int, fmt: str) -> str:
    fmt = fmt.upper()
    if fmt not in RENDITION_FORMATS:
        raise ValueError(f"rendition format must be one of {RENDITION_FORMATS}, not {fmt!r}")
    if width < 1:
        raise ValueError("rendition width must be positive")
    return fmt


def make_rendition(data: bytes, width: int, fmt: str, credit: Mapping[str, Any]) -> tuple[bytes, int, int]:
    """The photo at ``width`` pixels wide (never enlarged), upright, as JPEG or WEBP,
    carrying ``credit`` (PhotoInfo.credit_fields() or the database row's fields:
    caption, creator, credit_line, source, copyright, usage_terms, alt_text, ...) in XMP,
    and for JPEG also in IIM. Instructions are deliberately not embedded."""
    [(_, _, encoded, w, h)] = make_renditions(data, [(width, fmt)], credit)
    return encoded, w, h


def make_renditions(data: bytes, sizes: Sequence[tuple[int, str]], credit: Mapping[str, Any]) -> list[tuple[int, str, bytes, int, int]]:
    """Several renditions of one photo from a single decode: each size is resized from
    the smallest larger one already made (largest first), which is what makes all web
    sizes of a 24 MP photo cost little more than its largest. Returns (asked width,
    format, bytes, width, height) per size, in the order asked."""
    if not sizes:
        return []
    asked = [(width, _check_request(width, fmt)) for width, fmt in sizes]
    messages: list[str] = []
    with guarded(messages):
        layers = read_layers(data)
        stored = (layers.width, layers.height)
        shown = (stored[1], stored[0]) if layers.orientation in (5, 6, 7, 8) else stored
        targets = {key: _target(shown, *key) for key in asked}
        decoded = _decode(data, max(targets.values()), messages)
        keep_alpha = any(f == "WEBP" for _, f in targets)
        packet = xmp.build_packet(_xmp_fields(credit))
        iim_values = _iim_values(credit)
        results: dict[tuple[int, str], tuple[bytes, int, int]] = {}
        with decoded.image:
            made: dict[tuple[int, int], Image.Image] = {}
            for key in sorted(targets, key=lambda k: targets[k], reverse=True):
                size = targets[key]
                if size not in made:
                    try:
                        larger = [im for s, im in made.items() if s[0] >= size[0] and s[1] >= size[1]]
                        if larger:
                            source = min(larger, key=lambda im: im.width)
                            made[size] = source if source.size == size else source.resize(
                                size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
                        else:
                            made[size] = _fit(decoded, size, keep_alpha)
                    except DECODE_ERRORS as err:
                        raise PhotoError(f"cannot decode the image: {err}") from None
                pixels = made[size]
                results[key] = (_encode(pixels, key[1], _icc_to_keep(decoded, pixels), packet, iim_values), *pixels.size)
    return [(width, fmt, *results[(width, fmt)]) for width, fmt in asked]
