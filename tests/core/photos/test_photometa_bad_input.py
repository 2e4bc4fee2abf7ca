"""Bad input: a clear one-line PhotoError, never a crash, never a pixel decoded for nothing."""

from __future__ import annotations

import io
import warnings
import time

import pytest
from PIL import Image

from desk.core.photos.photometa.reader import PhotoError, read_photo
from desk.core.photos.photometa.renditions import make_rendition, make_thumbnail
from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    base_jpeg,
    insert_after_app0,
    jpeg_with_size,
    png_bytes,
    png_header_only,
    segment,
    xmp_packet,
)


def refused(data: bytes, filename: str = "photo.jpg") -> str:
    with pytest.raises(PhotoError) as caught:
        read_photo(data, filename)
    message = str(caught.value)
    assert "\n" not in message and message
    return message


def test_empty_file():
    assert refused(b"") == "empty file (0 bytes)"


def test_zeros_named_jpg():
    assert refused(b"\x00" * 4096) == "not an image: the file holds only zero bytes"


def test_text_named_jpg():
    assert refused(b"<html><body>404 Not Found</body></html>\n") == "not an image: the file holds text"


def test_long_utf8_text_cut_inside_a_character_is_still_text():
    text = ("a" + "é" * 3000).encode("utf-8")
    assert text[4095] == 0xC3  # the first 4 KiB end inside an "é"
    assert refused(text) == "not an image: the file holds text"
    assert refused(text[2:]) == "not an image: unrecognised content"  # starts mid-character


def test_random_binary():
    assert refused(bytes(range(7, 256)) * 4) == "not an image: unrecognised content"


def test_truncated_jpeg_in_the_image_data():
    data = agency_jpeg({120: "caption"}, width=200, height=200)
    assert "truncated JPEG" in refused(data[: len(data) * 2 // 3])


def test_truncated_jpeg_in_the_header():
    data = agency_jpeg({120: "caption " * 50})
    assert "truncated JPEG" in refused(data[:300])


def test_jpeg_with_only_its_start_marker():
    assert "JPEG" in refused(b"\xff\xd8\xff")


def test_decompression_bomb_jpeg_is_refused_without_decoding():
    data = jpeg_with_size(50_000, 50_000)
    started = time.perf_counter()
    message = refused(data)
    assert "50000×50000" in message and "decompression bomb" in message
    assert time.perf_counter() - started < 0.5


def test_size_in_pillows_warning_band_is_refused_too():
    # 100 MP: Pillow would only warn (DecompressionBombWarning); Desk refuses.
    assert "decompression bomb" in refused(jpeg_with_size(10_000, 10_000))


def test_decompression_bomb_png_is_refused_without_decoding():
    started = time.perf_counter()
    message = refused(png_header_only(50_000, 50_000), "bomb.png")
    assert "decompression bomb" in message
    assert time.perf_counter() - started < 0.5


def test_renditions_refuse_a_bomb_too():
    with pytest.raises(PhotoError):
        make_thumbnail(png_header_only(50_000, 50_000))
    with pytest.raises(PhotoError):
        make_rendition(jpeg_with_size(50_000, 50_000), 400, "JPEG", {})


def test_heic_is_unsupported():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    assert refused(heic, "IMG_0001.HEIC") == "HEIC is not supported; convert to JPEG"


def test_video_in_an_iso_container_is_not_an_image():
    mp4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
    assert refused(mp4, "clip.jpg") == "not an image: unrecognised content"


def test_avif_and_gif_are_unsupported():
    assert refused(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 32) == "AVIF is not supported; convert to JPEG"
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    assert refused(out.getvalue()) == "GIF is not supported; convert to JPEG"


def test_truncated_png_and_webp():
    png = png_bytes(64, 64, value=(1, 2, 3))
    assert "truncated PNG" in refused(png[:-20], "a.png")
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (9, 9, 9)).save(out, "WEBP")
    assert "truncated WebP" in refused(out.getvalue()[:-10], "a.webp")


def test_cmyk_jpeg_imports_and_renders():
    data = agency_jpeg({110: "EPA-EFE"}, mode="CMYK", width=120, height=80)
    info = read_photo(data)
    assert (info.format, info.width, info.height, info.credit_line) == ("JPEG", 120, 80, "EPA-EFE")
    thumb, w, h = make_thumbnail(data, 60)
    assert (w, h) == (60, 40)
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.mode == "RGB"
    rendition, w, h = make_rendition(data, 100, "JPEG", info.credit_fields())
    assert (w, h) == (100, 67)
    assert read_photo(rendition).credit_line == "EPA-EFE"


def test_16_bit_png_imports_and_is_scaled_not_clipped():
    data = png_bytes(40, 20, mode="I;16", value=32896)  # 50 % grey in 16 bits
    info = read_photo(data, "scan.png")
    assert (info.format, info.width, info.height) == ("PNG", 40, 20)
    rendition, w, h = make_rendition(data, 20, "JPEG", {"caption": "grey"})
    with Image.open(io.BytesIO(rendition)) as image:
        red, green, blue = image.convert("RGB").getpixel((5, 5))
    assert 120 <= red <= 136 and red == green == blue
    thumb, _, _ = make_thumbnail(data, 10)
    assert thumb.startswith(b"\xff\xd8")


def test_damaged_exif_does_not_stop_the_import():
    data = base_jpeg()
    broken_exif = b"\xff\xe1\x00\x10Exif\x00\x00MM\x00*\xff\xff\xff\xff"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the damage is the file's warning, never a Python warning on stderr
        info = read_photo(data[:2] + broken_exif + data[2:])
    assert info.format == "JPEG" and info.orientation == 1
    assert any(w.startswith("TIFF: EXIF IFD0 offset") for w in info.warnings)


def test_damaged_photoshop_block_that_pillow_chokes_on_still_imports():
    broken_app13 = segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04")  # resource header cut short
    data = insert_after_app0(base_jpeg(80, 60), [app1_xmp(xmp_packet({"photoshop:Credit": "AP"})), broken_app13])
    info = read_photo(data)
    assert (info.width, info.height, info.credit_line) == (80, 60, "AP")
    assert any("APP13" in w for w in info.warnings)
    assert make_thumbnail(data, 40)[1:] == (40, 30)
    assert read_photo(make_rendition(data, 40, "JPEG", info.credit_fields())[0]).credit_line == "AP"
