"""Thumbnails and web renditions that keep the photo's credit.

Pillow never writes IIM and drops metadata on resize, so a rendition gets its credit
back explicitly: XMP through Pillow's ``xmp=`` and, for JPEG, an APP13 IIM block with a
matching digest (iim.embed_in_jpeg). JPEG sources are decoded at reduced scale
(``Image.draft``), which is what keeps a 24 MP import fast.
"""

from __future__ import annotations

import io
from typing import Any, Mapping, Sequence

from PIL import Image, ImageCms, ImageOps

from . import iim, xmp
from .reader import PhotoError, open_image

RENDITION_FORMATS = ("JPEG", "WEBP")
# Largest side each encoder accepts: a narrow panorama keeps its aspect within it.
MAX_SIDE = {"JPEG": 65500, "WEBP": 16383}
JPEG_QUALITY = 85
WEBP_QUALITY = 80
THUMB_QUALITY = 80
# Pillow resizes in two steps (a cheap box reduce, then Lanczos) when the scale
# allows; 3.0 is indistinguishable from a pure Lanczos at web sizes.
REDUCING_GAP = 3.0


def _displayed_size(image: Image.Image) -> tuple[int, int, bool]:
    """Width, height as shown, and whether EXIF orientation swaps the axes."""
    try:
        orientation = image.getexif().get(274, 1)
    except Exception:  # damaged EXIF: show the pixels as stored
        orientation = 1
    swapped = orientation in (5, 6, 7, 8)
    width, height = image.size
    return (height, width, True) if swapped else (width, height, False)


def _draft(image: Image.Image, target: tuple[int, int], swapped: bool) -> None:
    """Ask the JPEG decoder for the smallest DCT scale still at least ``target``."""
    if image.format == "JPEG":
        raw_target = (target[1], target[0]) if swapped else target
        image.draft("RGB" if image.mode in ("RGB", "YCbCr") else image.mode, (max(1, raw_target[0]), max(1, raw_target[1])))


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


def _icc_to_keep(source: Image.Image, result: Image.Image) -> bytes | None:
    # A CMYK profile does not describe the RGB result; an RGB one does.
    if source.mode == "CMYK" or result.mode not in ("RGB", "RGBA"):
        return None
    return source.info.get("icc_profile")


def make_thumbnail(data: bytes, max_side: int = 320) -> tuple[bytes, int, int]:
    """A JPEG no larger than ``max_side`` on either side, upright, sRGB-ish 8-bit."""
    image = open_image(data)
    with image:
        _, _, swapped = _displayed_size(image)
        _draft(image, (max_side, max_side), swapped)
        try:
            image.load()  # decode here, not lazily inside save(), so damage is reported as such
            upright = ImageOps.exif_transpose(image)
            rgb = _to_display_mode(upright, keep_alpha=False)
            rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            raise PhotoError(f"cannot decode the image: {err}") from None
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=THUMB_QUALITY, icc_profile=_icc_to_keep(image, rgb))
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


def make_rendition(data: bytes, width: int, fmt: str, credit: Mapping[str, Any]) -> tuple[bytes, int, int]:
    """The photo at ``width`` pixels wide (never enlarged), upright, as JPEG or WEBP,
    carrying ``credit`` (PhotoInfo.credit_fields() or the database row's fields:
    caption, creator, credit_line, source, copyright, usage_terms, alt_text, ...) in XMP,
    and for JPEG also in IIM. Instructions are deliberately not embedded."""
    fmt = fmt.upper()
    if fmt not in RENDITION_FORMATS:
        raise ValueError(f"rendition format must be one of {RENDITION_FORMATS}, not {fmt!r}")
    if width < 1:
        raise ValueError("rendition width must be positive")
    image = open_image(data)
    with image:
        shown_w, shown_h, swapped = _displayed_size(image)
        target_w = min(width, shown_w)
        target_h = max(1, round(shown_h * target_w / shown_w))
        if target_h > MAX_SIDE[fmt]:
            target_h = MAX_SIDE[fmt]
            target_w = max(1, round(shown_w * target_h / shown_h))
        _draft(image, (target_w, target_h), swapped)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = _to_display_mode(upright, keep_alpha=fmt == "WEBP")
            if pixels.size != (target_w, target_h):
                pixels = pixels.resize((target_w, target_h), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            raise PhotoError(f"cannot decode the image: {err}") from None
        packet = xmp.build_packet(_xmp_fields(credit))
        out = io.BytesIO()
        icc = _icc_to_keep(image, pixels)
        try:
            if fmt == "JPEG":
                pixels.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, icc_profile=icc, xmp=packet)
                encoded = iim.embed_in_jpeg(out.getvalue(), _iim_values(credit))
            else:
                pixels.save(out, "WEBP", quality=WEBP_QUALITY, method=4, icc_profile=icc, xmp=packet)
                encoded = out.getvalue()
        except (OSError, ValueError) as err:
            raise PhotoError(f"cannot write the {fmt} rendition: {err}") from None
        return encoded, pixels.width, pixels.height


def make_renditions(data: bytes, sizes: Sequence[tuple[int, str]], credit: Mapping[str, Any]) -> list[tuple[int, str, bytes, int, int]]:
    """Several renditions of one photo from a single decode: each size is resized from
    the smallest larger one already made (largest first), which is what makes all web
    sizes of a 24 MP photo cost little more than its largest. Returns (asked width,
    format, bytes, width, height) per size, in the order asked."""
    if not sizes:
        return []
    for width, fmt in sizes:
        if fmt.upper() not in RENDITION_FORMATS:
            raise ValueError(f"rendition format must be one of {RENDITION_FORMATS}, not {fmt!r}")
        if width < 1:
            raise ValueError("rendition width must be positive")
    image = open_image(data)
    with image:
        shown_w, shown_h, swapped = _displayed_size(image)

        def target(width: int, fmt: str) -> tuple[int, int]:
            w = min(width, shown_w)
            h = max(1, round(shown_h * w / shown_w))
            if h > MAX_SIDE[fmt]:
                h = MAX_SIDE[fmt]
                w = max(1, round(shown_w * h / shown_h))
            return w, h

        targets = {(width, fmt.upper()): target(width, fmt.upper()) for width, fmt in sizes}
        largest = max(targets.values())
        _draft(image, largest, swapped)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
            # One RGBA-capable base when some WebP keeps alpha; JPEG flattens its own copy.
            base = _to_display_mode(upright, keep_alpha=any(f == "WEBP" for _, f in targets))
        except (OSError, SyntaxError, ValueError, EOFError) as err:
            raise PhotoError(f"cannot decode the image: {err}") from None
        icc = _icc_to_keep(image, base)
        packet = xmp.build_packet(_xmp_fields(credit))
        iim_values = _iim_values(credit)
        resized: dict[tuple[int, int], Image.Image] = {}
        results: dict[tuple[int, str], tuple[bytes, int, int]] = {}
        for key in sorted(targets, key=lambda k: targets[k], reverse=True):
            size = targets[key]
            if size not in resized:
                source = min((im for s, im in resized.items() if s[0] >= size[0] and s[1] >= size[1]),
                             key=lambda im: im.width, default=base)
                try:
                    resized[size] = source if source.size == size else source.resize(
                        size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
                except (OSError, ValueError) as err:
                    raise PhotoError(f"cannot decode the image: {err}") from None
            pixels = resized[size]
            out = io.BytesIO()
            try:
                if key[1] == "JPEG":
                    flat = pixels if pixels.mode == "RGB" else _to_display_mode(pixels, keep_alpha=False)
                    flat.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, icc_profile=icc, xmp=packet)
                    encoded = iim.embed_in_jpeg(out.getvalue(), iim_values)
                else:
                    pixels.save(out, "WEBP", quality=WEBP_QUALITY, method=4, icc_profile=icc, xmp=packet)
                    encoded = out.getvalue()
            except (OSError, ValueError) as err:
                raise PhotoError(f"cannot write the {key[1]} rendition: {err}") from None
            results[key] = (encoded, *size)
    return [(width, fmt.upper(), *results[(width, fmt.upper())]) for width, fmt in sizes]
