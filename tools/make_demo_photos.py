"""Make the demo photos in resources/demo/photos: drawn illustrations carrying agency-style
credits in IPTC-IIM and XMP, the way press photos arrive. Run once; the JPEGs are committed.

    python tools/make_demo_photos.py
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from desk.core.photos.photometa import iim, xmp

OUT = Path(__file__).resolve().parents[1] / "resources" / "demo" / "photos"
SIZE = (1600, 1067)

PHOTOS = {
    "mansu-hill.jpg": {
        "palette": [(62, 74, 96), (170, 140, 90), (214, 196, 160)],
        "iim": {
            110: "Kyodo/MAXPPP",
            115: "Kyodo",
            55: "20240415",
            103: "maxnewsworldsix198966.jpg",
            90: "Pyongyang",
            101: "North Korea",
            120: "Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, as North Korea "
                 "marks the 112th anniversary of the country's founder Kim Il Sung's birth. "
                 "(Kyodo) ==Kyodo",
        },
    },
    "seoul-blossoms.jpg": {
        "palette": [(250, 210, 222), (120, 160, 200), (90, 120, 80)],
        "iim": {
            110: "Yonhap",
            115: "Yonhap",
            80: "Park Demo",
            55: "20240402",
            90: "Seoul",
            101: "South Korea",
            120: "People walk under cherry blossoms along the Han River in Seoul on April 2, "
                 "2024. (Yonhap)",
            116: "(c) Yonhap News Agency (demo)",
        },
    },
    "tokyo-station.jpg": {
        "palette": [(60, 150, 90), (200, 200, 205), (40, 40, 50)],
        "iim": {
            110: "AFP",
            115: "AFP",
            80: "Sato DEMO",
            85: "STF",
            55: "20240318",
            90: "Tokyo",
            101: "Japan",
            120: "Commuters wait for a train at a station in Tokyo on March 18, 2024. "
                 "(Photo by Sato DEMO / AFP)",
            116: "AFP (demo)",
        },
    },
    "parliament.jpg": {
        "palette": [(120, 40, 40), (220, 200, 170), (60, 50, 40)],
        "iim": {
            110: "REUTERS",
            115: "Reuters",
            80: "Anne Exemple",
            55: "20241021",
            120: "Members of parliament attend a session in the chamber on October 21, 2024. "
                 "REUTERS/Anne Exemple",
            40: "NO RESALES. NO ARCHIVES.",
            116: "Copyright Reuters (demo)",
        },
    },
    "museum.jpg": {
        "palette": [(240, 238, 230), (180, 150, 110), (70, 90, 120)],
        "iim": {
            110: "AP",
            115: "AP",
            80: "Lucas Demo",
            55: "20240601",
            120: "Visitors walk through a renovated gallery of the fine-arts museum on June 1, "
                 "2024. (AP Photo/Lucas Demo)",
            116: "Copyright 2024 The Associated Press (demo)",
        },
    },
}


def draw(palette: list[tuple[int, int, int]], seed: int) -> Image.Image:
    rnd = random.Random(seed)
    img = Image.new("RGB", SIZE)
    top, mid, bottom = palette
    px = ImageDraw.Draw(img)
    for y in range(SIZE[1]):
        t = y / SIZE[1]
        a, b = (top, mid) if t < 0.6 else (mid, bottom)
        u = t / 0.6 if t < 0.6 else (t - 0.6) / 0.4
        px.line([(0, y), (SIZE[0], y)], fill=tuple(int(a[i] + (b[i] - a[i]) * u) for i in range(3)))
    for _ in range(90):
        x, y = rnd.randrange(SIZE[0]), rnd.randrange(int(SIZE[1] * 0.4), SIZE[1])
        r = rnd.randrange(12, 90)
        shade = tuple(max(0, min(255, c + rnd.randrange(-50, 50))) for c in rnd.choice(palette))
        px.ellipse([x - r, y - r * 1.6, x + r, y + r], fill=shade)
    for i in range(12):
        x = int(SIZE[0] * (i + 0.5) / 12 + 30 * math.sin(i))
        px.rectangle([x - 8, 300, x + 8, 760], fill=tuple(int(c * 0.6) for c in bottom))
    return img.filter(ImageFilter.GaussianBlur(1.2))


def _iso(ccyymmdd: str) -> str:
    return f"{ccyymmdd[:4]}-{ccyymmdd[4:6]}-{ccyymmdd[6:]}" if ccyymmdd else ""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for i, (name, spec) in enumerate(sorted(PHOTOS.items())):
        values = spec["iim"]
        packet = xmp.build_packet({
            "caption": values.get(120, ""),
            "creator": [values[80]] if 80 in values else [],
            "credit_line": values.get(110, ""),
            "source": values.get(115, ""),
            "copyright": values.get(116, ""),
            "date_created": _iso(values.get(55, "")),
            "agency_ref": values.get(103, ""),
            "city": values.get(90, ""),
            "country": values.get(101, ""),
        })
        buf = io.BytesIO()
        draw(spec["palette"], i).save(buf, "JPEG", quality=82, optimize=True, xmp=packet)
        data = iim.embed_in_jpeg(buf.getvalue(), values)
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data) // 1024} KB")


if __name__ == "__main__":
    main()
