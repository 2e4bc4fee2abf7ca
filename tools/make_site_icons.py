"""Draw Desk's own site icons (resources/site-icons): the logo and favicons an exported
site gets when its settings name no logo. Run once; the files are committed.

    .venv/bin/python tools/make_site_icons.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk.core.site.icons import FILES, icons_from  # noqa: E402

ACCENT = (179, 18, 27, 255)  # site.css --accent


def draw(side: int = 512) -> bytes:
    image = Image.new("RGBA", (side, side), ACCENT)
    pen = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(side * 0.72))  # Pillow's own font: no system fonts
    pen.text((side / 2, side / 2), "D", font=font, fill=(255, 255, 255, 255), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def main() -> None:
    folder = REPO / "resources" / "site-icons"
    folder.mkdir(exist_ok=True)
    for path, data in icons_from(draw()).items():
        (folder / FILES[path]).write_bytes(data)
        print(folder / FILES[path], len(data), "bytes")


if __name__ == "__main__":
    main()
