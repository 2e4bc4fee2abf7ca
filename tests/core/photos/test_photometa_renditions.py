"""Thumbnails and renditions: size, orientation, and the credit travelling with the file."""

from __future__ import annotations

import io

import pytest
from PIL import Image, IptcImagePlugin

from desk.core.photos.photometa.reader import read_photo
from desk.core.photos.photometa.renditions import make_rendition, make_thumbnail
from tests.photo_factory import agency_jpeg, base_jpeg, png_bytes

CREDIT = {
    "caption": "Soldiers salute in Pyongyang. (Kyodo) ==Kyodo",
    "creator": ["Kyodo Photographer With A Very Long Name Indeed"],
    "credit_line": "Kyodo/MAXPPP",
    "source": "MAXPPP",
    "copyright": "© Kyodo 2024",
    "usage_terms": "Editorial use only",
    "alt_text": "Rows of soldiers saluting in front of bronze statues",
    "date_created": "2024-04-15",
    "agency_ref": "maxnewsworldsix198966.jpg",
    "instructions": "NO ARCHIVES",
}


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_thumbnail_fits_and_keeps_the_aspect():
    thumb, w, h = make_thumbnail(base_jpeg(1200, 800), 320)
    assert (w, h) == (320, 213)
    assert decoded(thumb).size == (320, 213)


def test_thumbnail_applies_exif_orientation():
    # Stored landscape, shown portrait: left half red, right half blue as stored.
    image = Image.new("RGB", (400, 200), (255, 0, 0))
    image.paste((0, 0, 255), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[274] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    thumb, w, h = make_thumbnail(out.getvalue(), 100)
    assert (w, h) == (50, 100)
    shown = decoded(thumb).convert("RGB")
    top, bottom = shown.getpixel((25, 5)), shown.getpixel((25, 95))
    assert top[0] > 200 and top[2] < 60  # stored left (red) is now on top
    assert bottom[2] > 200 and bottom[0] < 60


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
@pytest.mark.parametrize("width", [1600, 800, 400])
def test_rendition_sizes_and_credit_round_trip(fmt, width):
    source = agency_jpeg({120: "original"}, width=1000, height=600)
    data, w, h = make_rendition(source, width, fmt, CREDIT)
    expected_w = min(width, 1000)  # never enlarged
    assert (w, h) == (expected_w, round(600 * expected_w / 1000))
    image = decoded(data)
    assert image.format == fmt and image.size == (w, h)
    info = read_photo(data)
    assert info.caption == CREDIT["caption"] and info.signoff == "(Kyodo) ==Kyodo"
    assert info.creator == CREDIT["creator"]  # the full name, even where IIM had to cut it
    assert info.credit_line == "Kyodo/MAXPPP" and info.distributor == "MaxPPP"
    assert (info.source, info.copyright, info.usage_terms) == ("MAXPPP", "© Kyodo 2024", "Editorial use only")
    assert info.alt_text == CREDIT["alt_text"] and info.date_created == "2024-04-15"
    assert info.agency_ref == "maxnewsworldsix198966.jpg"
    assert info.instructions == ""  # restrictions are never published
    assert not [w for w in info.warnings if "differ" in w]


def test_jpeg_rendition_carries_utf8_iim_with_a_matching_digest():
    data, _, _ = make_rendition(base_jpeg(300, 200), 200, "JPEG", dict(CREDIT, caption="Légende française — « citée »"))
    info = read_photo(data)
    assert info.iim_digest == "match"
    with Image.open(io.BytesIO(data)) as image:
        iptc = IptcImagePlugin.getiptcinfo(image)
    assert iptc[(1, 90)] == b"\x1b%G"
    assert iptc[(2, 120)].decode("utf-8") == "Légende française — « citée »"
    assert iptc[(2, 110)] == b"Kyodo/MAXPPP"
    assert len(iptc[(2, 80)]) <= 32  # by-line cut at its IIM limit; XMP has the whole name


def test_rendition_applies_orientation():
    data, w, h = make_rendition(base_jpeg(400, 200, exif={274: 8}), 100, "JPEG", {})
    assert (w, h) == (100, 200)
    assert read_photo(data).orientation == 1  # pixels are upright; no EXIF rotation left


def test_rendition_accepts_database_field_names():
    data, _, _ = make_rendition(base_jpeg(), 32, "WEBP", {"copyright_notice": "© Desk", "creator": "One Name"})
    info = read_photo(data)
    assert info.copyright == "© Desk" and info.creator == ["One Name"]


def test_webp_rendition_keeps_alpha_and_jpeg_flattens_it():
    source = png_bytes(20, 20, mode="RGBA", value=(255, 0, 0, 0))
    webp, _, _ = make_rendition(source, 10, "WEBP", {})
    assert decoded(webp).mode == "RGBA"
    jpeg_bytes, _, _ = make_rendition(source, 10, "JPEG", {})
    assert decoded(jpeg_bytes).convert("RGB").getpixel((5, 5)) >= (250, 250, 250)


def test_bad_format_or_width():
    with pytest.raises(ValueError):
        make_rendition(base_jpeg(), 100, "PNG", {})
    with pytest.raises(ValueError):
        make_rendition(base_jpeg(), 0, "JPEG", {})


def test_narrow_panorama_stays_within_the_encoder_limit():
    source = png_bytes(20, 40000, mode="L", value=90)
    data, w, h = make_rendition(source, 20, "WEBP", {})
    assert (w, h) == (8, 16383)
    assert decoded(data).size == (8, 16383)
