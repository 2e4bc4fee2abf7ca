"""How long importing a 24-megapixel agency JPEG takes.

Generates a 6000×4000 JPEG with camera-like detail and agency metadata (IIM + XMP),
then times read_photo + make_thumbnail (the import path; target < 0.3 s) and each web
rendition, against a plain full decode with Pillow in the same run as a reference.

    python benchmarks/photo_import.py [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk.core.photos.photometa import iim, xmp  # noqa: E402
from desk.core.photos.photometa.reader import read_photo  # noqa: E402
from desk.core.photos.photometa.renditions import make_rendition, make_thumbnail  # noqa: E402

WIDTH, HEIGHT = 6000, 4000
CREDIT = {
    "caption": (
        "Soldiers salute at Mansu Hill in Pyongyang on April 15, 2024, as North Korea marks the 112th "
        "anniversary of the country's founder Kim Il Sung's birth. (Kyodo) ==Kyodo"
    ),
    "creator": ["Kyodo"],
    "credit_line": "Kyodo/MAXPPP",
    "source": "MAXPPP",
    "copyright": "© Kyodo",
    "date_created": "2024-04-15",
    "agency_ref": "maxnewsworldsix198966.jpg",
    "usage_terms": "Editorial use only",
}


def make_photo() -> bytes:
    # Noise on a gradient: about 6 MB at quality 90, like a detailed 24 MP agency photo;
    # flat colour would decode unrealistically fast. Decode time grows with file size.
    noise = Image.effect_noise((WIDTH, HEIGHT), 16)
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    image = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    exif = Image.Exif()
    exif[274] = 1
    exif[315] = "Camera Owner"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp.build_packet(CREDIT))
    return iim.embed_in_jpeg(out.getvalue(), {iim.CAPTION: CREDIT["caption"], iim.CREDIT: CREDIT["credit_line"],
                                              iim.DATE_CREATED: "20240415", iim.JOB_ID: CREDIT["agency_ref"]})


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def full_decode(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        image.load()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median reported)")
    args = parser.parse_args()

    data = make_photo()
    print(f"photo: {WIDTH}×{HEIGHT} JPEG, {len(data) / 1e6:.1f} MB, Pillow {Image.__version__}, runs={args.runs}")
    read_photo(data)  # warm-up: presets loaded, regexes compiled once per process

    read_s = median_seconds(lambda: read_photo(data, "bench.jpg"), args.runs)
    thumb_s = median_seconds(lambda: make_thumbnail(data), args.runs)
    import_s = median_seconds(lambda: (read_photo(data, "bench.jpg"), make_thumbnail(data)), args.runs)
    decode_s = median_seconds(lambda: full_decode(data), max(3, args.runs // 2))

    print(f"read_photo (metadata only)           {read_s * 1000:8.1f} ms")
    print(f"make_thumbnail (320 px, draft)       {thumb_s * 1000:8.1f} ms")
    print(f"import = read_photo + make_thumbnail {import_s * 1000:8.1f} ms   target < 300 ms: "
          f"{'OK' if import_s < 0.3 else 'MISSED'}")
    print(f"reference: Image.open().load()       {decode_s * 1000:8.1f} ms   (import / full decode = "
          f"{import_s / decode_s:.2f})")
    for fmt in ("JPEG", "WEBP"):
        for width in (1600, 800, 400):
            sizes: list[int] = []

            def render() -> None:
                out, _, _ = make_rendition(data, width, fmt, CREDIT)
                sizes.append(len(out))

            seconds = median_seconds(render, max(3, args.runs // 2))
            print(f"make_rendition {width:>4} {fmt:<4}             {seconds * 1000:8.1f} ms   "
                  f"{sizes[-1] / 1024:7.1f} KiB   (/ full decode = {seconds / decode_s:.2f})")
    info = read_photo(make_rendition(data, 800, "JPEG", CREDIT)[0])
    print(f"credit read back from the 800 px JPEG: {info.credit_line!r}, digest {info.iim_digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
