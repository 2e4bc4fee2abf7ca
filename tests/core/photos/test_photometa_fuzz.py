"""Damaged metadata and damaged files give a PhotoError or a result, never a crash.

Seeded, so a failure reproduces; the mutations that found real bugs (Pillow choking on a
cut Photoshop block, a narrow panorama beyond the JPEG limit) are kept as named tests
in test_photometa_bad_input.py and test_photometa_renditions.py.
"""

from __future__ import annotations

import io
import random
import warnings

import pytest
from PIL import Image

from desk.core.photos.photometa.reader import PhotoError, read_photo
from desk.core.photos.photometa.renditions import make_rendition, make_thumbnail
from tests.photo_factory import (
    app1_xmp,
    base_jpeg,
    insert_after_app0,
    iim_block,
    photoshop_resource,
    png_bytes,
    segment,
    xmp_packet,
)


def _mutate(rng: random.Random, payload: bytes, flips: int) -> bytes:
    data = bytearray(payload)
    for _ in range(rng.randint(0, flips)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:
        data = data[: rng.randrange(1, len(data))]
    return bytes(data)


def _survives(action, data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow warns about corrupt EXIF; that is the point here
        try:
            action(data)
        except PhotoError:
            pass


def test_mutated_iim_and_xmp_segments():
    rng = random.Random(20240415)
    app13 = b"Photoshop 3.0\x00" + photoshop_resource(
        0x0404, iim_block({80: ["Zoë"], 120: "caption", 25: ["a", "b"], 55: "20240415", 60: "093000+0900"})
    )
    app1 = app1_xmp(xmp_packet({"dc:creator": ["A"], "dc:description": "d", "photoshop:DateCreated": "2024-04-15"}))[4:]
    plain = base_jpeg()
    for _ in range(400):
        segments = [segment(0xED, _mutate(rng, app13, 10)), segment(0xE1, _mutate(rng, app1, 10))]
        _survives(read_photo, insert_after_app0(plain, segments))


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_mutated_files(kind):
    rng = random.Random(kind)
    if kind == "PNG":
        source = png_bytes(24, 24, itxt={"XML:com.adobe.xmp": xmp_packet({"photoshop:Credit": "EPA"}).decode()})
    elif kind == "JPEG":
        source = base_jpeg(32, 32, exif={274: 6, 315: "x"})
    else:
        out = io.BytesIO()
        Image.new("RGB", (24, 24), (1, 2, 3)).save(out, kind, xmp=xmp_packet({"photoshop:Credit": "X"}))
        source = out.getvalue()
    for _ in range(60):
        data = _mutate(rng, source, 6)
        _survives(read_photo, data)
        _survives(lambda d: make_thumbnail(d, 16), data)
        _survives(lambda d: make_rendition(d, 16, "JPEG", {"caption": "x"}), data)


@pytest.mark.slow
def test_a_thousand_fuzzed_files_through_the_import(tmp_path):
    """benchmarks/photo_fuzz.py's seeded files (truncations, flips in APP1/APP13/iTXt, bad
    lengths, deep XMP, entity attacks, size bombs), each imported by a worker process as
    `desk photo import` does: no traceback, no hang, no refused file stored, no refusal on
    more than one line, nothing on stderr."""
    from benchmarks import photo_fuzz

    files = []
    for name, _kind, data in photo_fuzz.generate(seed=15, count=1000):
        path = tmp_path / name
        path.write_bytes(data)
        files.append(path)
    results = photo_fuzz.run(files, tmp_path / "fuzz.sqlite", hang_s=30.0)
    problems = [r for r in results if r["outcome"] not in ("imported", "refused") or r.get("multiline")]
    assert not problems, problems[:5]
    assert len(results) == 1000
    assert {r["outcome"] for r in results} == {"imported", "refused"}
