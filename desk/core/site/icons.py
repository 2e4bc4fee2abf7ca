"""The site's logo and icons from its logo photo: logo.png (within sitebuild.LOGO_BOX,
the publisher's logo in structured data), favicon.ico (16, 32, 48 px), icon-192.png and
apple-touch-icon.png (180 px, opaque: iOS puts transparent corners on black).

Without a logo in the settings, the site gets Desk's own icons (resources/site-icons,
drawn by tools/make_site_icons.py): no Pillow on that path.
"""

from __future__ import annotations

import io

from desk.core.site.build import logo_size
from desk.core.site.addresses import APPLE_TOUCH_ICON, FAVICON, ICON_192, LOGO_PATH

ICO_SIZES = ((16, 16), (32, 32), (48, 48))
# Site path -> file in resources/site-icons.
FILES = {LOGO_PATH: "logo.png", FAVICON: "favicon.ico", ICON_192: "icon-192.png",
         APPLE_TOUCH_ICON: "apple-touch-icon.png"}


def default_icons() -> dict[str, bytes]:
    """Site path -> bytes of Desk's own logo and icons."""
    from desk.core.render import assets

    folder = assets.resources_dir() / "site-icons"
    return {path: (folder / name).read_bytes() for path, name in FILES.items()}


def icons_from(data: bytes) -> dict[str, bytes]:
    """Site path -> bytes of the logo and icons made from a logo image's bytes.
    Raises PhotoError for an image Pillow cannot read."""
    from PIL import Image, ImageOps

    from desk.core.photos.photometa.reader import PhotoError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, ValueError, SyntaxError, EOFError) as err:
        raise PhotoError(f"cannot read the logo: {err}") from None
    out = {LOGO_PATH: _png(upright.resize(logo_size(*upright.size), Image.Resampling.LANCZOS))}
    side = max(upright.size)
    square = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    square.paste(upright, ((side - upright.width) // 2, (side - upright.height) // 2))
    out[ICON_192] = _png(square.resize((192, 192), Image.Resampling.LANCZOS))
    opaque = Image.new("RGBA", (side, side), (255, 255, 255, 255))
    opaque.alpha_composite(square)
    out[APPLE_TOUCH_ICON] = _png(opaque.convert("RGB").resize((180, 180), Image.Resampling.LANCZOS))
    buffer = io.BytesIO()
    square.resize((48, 48), Image.Resampling.LANCZOS).save(buffer, "ICO", sizes=list(ICO_SIZES))
    out[FAVICON] = buffer.getvalue()
    return out


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
