"""Metadata in every place the formats carry it (issue 15, "Coverage"), and dates."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from desk.core.photos.photometa.reader import PhotoError, read_photo
from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    app13,
    base_jpeg,
    iim_block,
    insert_after_app0,
    photoshop_resource,
    png_chunk,
    png_with_chunks,
    raw_profile,
    text_chunk,
    tiff_bytes,
    xmp_packet,
)

XMP_KEY = "XML:com.adobe.xmp"


def padded(block: bytes) -> bytes:
    return block + b"\x00" * (-len(block) % 4)


# --- TIFF ------------------------------------------------------------------------------


@pytest.mark.parametrize("little", [True, False])
def test_iim_in_tiff_typed_long_is_read(little):
    # Every TIFF with IIM in the public corpus types the IPTC tag LONG.
    block = padded(iim_block({80: ["Ünal Çelik"], 110: "AFP", 115: "AFP", 90: "Ankara"}))
    info = read_photo(tiff_bytes(tags=[(33723, "LONG", block)], little=little), "scan.tif")
    assert (info.creator, info.credit_line, info.source, info.city) == (["Ünal Çelik"], "AFP", "AFP", "Ankara")
    assert info.provenance["credit_line"] == "iim"


def test_tiff_iim_tag_is_checked_against_photoshops_digest_of_it():
    block = padded(iim_block({120: "Edited in a legacy tool"}))
    resources = photoshop_resource(0x0425, b"\x01" * 16)  # an MD5 of something else
    data = tiff_bytes(tags=[(33723, "LONG", block), (34377, "UNDEFINED", resources),
                            (700, "UNDEFINED", xmp_packet({"dc:description": "Old caption"}))])
    info = read_photo(data, "scan.tif")
    assert info.iim_digest == "mismatch" and info.caption == "Edited in a legacy tool"


def test_bigtiff_is_read_with_its_metadata():
    data = tiff_bytes(tags=[(700, "UNDEFINED", xmp_packet({"photoshop:Credit": "Reuters"}))], big_tiff=True)
    info = read_photo(data, "big.tif")
    assert (info.format, info.width, info.height, info.credit_line) == ("TIFF", 8, 6, "Reuters")


def test_big_endian_bigtiff_is_refused_with_the_reason():
    with pytest.raises(PhotoError, match="BigTIFF in big-endian"):
        read_photo(tiff_bytes(big_tiff=True, little=False))


def test_tiff_xmp_and_exif_fields():
    data = tiff_bytes(tags=[(315, "ASCII", b"Camera Owner\x00"), (270, "ASCII", b"A TIFF caption\x00"),
                            (700, "UNDEFINED", xmp_packet({"dc:creator": ["Jane Roe"]}))])
    info = read_photo(data)
    assert info.creator == ["Jane Roe"] and info.caption == "A TIFF caption"
    assert info.provenance["caption"] == "exif"


# --- PNG -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["tEXt", "zTXt", "iTXt", "iTXt-z"])
def test_png_xmp_in_every_text_chunk(kind):
    packet = xmp_packet({"photoshop:Credit": "EPA-EFE", "dc:description": "Café crème"})
    info = read_photo(png_with_chunks(before=[text_chunk(kind, XMP_KEY, packet)]))
    assert (info.credit_line, info.caption) == ("EPA-EFE", "Café crème")


def test_png_xmp_after_the_image_data():
    packet = xmp_packet({"dc:creator": ["Phil Harvey"]})
    info = read_photo(png_with_chunks(after=[text_chunk("iTXt", XMP_KEY, packet)]))
    assert info.creator == ["Phil Harvey"]


@pytest.mark.parametrize("kind", ["zTXt", "tEXt"])
@pytest.mark.parametrize("wrapped", [False, True])
def test_png_iim_in_imagemagick_raw_profile(kind, wrapped):
    block = iim_block({110: "Kyodo/MAXPPP", 55: "20240415", 120: "Soldiers salute. (Kyodo) ==Kyodo"})
    payload = photoshop_resource(0x0404, block) if wrapped else block
    chunk = text_chunk(kind, "Raw profile type iptc" if not wrapped else "Raw profile type 8bim", raw_profile("iptc", payload))
    info = read_photo(png_with_chunks(before=[chunk]))
    assert (info.credit_line, info.date_created, info.signoff) == ("Kyodo/MAXPPP", "2024-04-15", "(Kyodo) ==Kyodo")


def test_png_raw_profile_xmp_and_exif_chunk():
    exif = Image.Exif()
    exif[315] = "Exif Artist"
    chunks = [text_chunk("zTXt", "Raw profile type xmp", raw_profile("xmp", xmp_packet({"photoshop:Source": "AP"}))),
              png_chunk(b"eXIf", exif.tobytes())]
    info = read_photo(png_with_chunks(before=chunks))
    assert info.source == "AP" and info.creator == ["Exif Artist"]


def test_png_with_large_text_chunks_is_not_refused():
    # Pillow refuses text chunks over its limits (1 MB inflated); Desk reads them itself
    # and gives Pillow the picture without them.
    comment = text_chunk("iTXt-z", "Comment", b"x" * (3 * 1024 * 1024))
    packet = text_chunk("iTXt", XMP_KEY, xmp_packet({"photoshop:Credit": "AFP"}))
    info = read_photo(png_with_chunks(before=[comment, packet]))
    assert info.credit_line == "AFP" and (info.width, info.height) == (8, 6)


def test_png_text_bomb_is_cut_off_with_a_warning():
    bomb = png_chunk(b"zTXt", XMP_KEY.encode() + b"\x00\x00" + zlib.compress(b" " * (64 * 1024 * 1024), 9))
    info = read_photo(png_with_chunks(before=[bomb]))
    assert any("inflates beyond" in w for w in info.warnings)


# --- WebP ------------------------------------------------------------------------------


def test_webp_xmp_and_exif():
    exif = Image.Exif()
    exif[33432] = "Jane Roe"
    out = io.BytesIO()
    Image.new("RGB", (10, 8), (1, 2, 3)).save(out, "WEBP", xmp=xmp_packet({"photoshop:Credit": "Getty Images"}),
                                              exif=exif.tobytes())
    info = read_photo(out.getvalue(), "x.webp")
    assert (info.format, info.credit_line, info.copyright) == ("WEBP", "Getty Images", "Jane Roe")


# --- several XMP packets -----------------------------------------------------------------


def test_two_xmp_packets_are_merged_the_later_winning_with_a_warning():
    first = app1_xmp(xmp_packet({"dc:creator": ["First"], "photoshop:Credit": "C1"}))
    second = app1_xmp(xmp_packet({"dc:creator": ["Second"], "photoshop:Source": "S2"}))
    info = read_photo(insert_after_app0(base_jpeg(), [first, second]))
    assert (info.creator, info.credit_line, info.source) == (["Second"], "C1", "S2")  # as exiftool reads it
    assert any("2 packets" in w and "dc:creator" in w for w in info.warnings)


def test_the_same_packet_twice_is_one_packet():
    packet = app1_xmp(xmp_packet({"photoshop:Credit": "AP"}))
    info = read_photo(insert_after_app0(base_jpeg(), [packet, packet]))
    assert info.credit_line == "AP" and info.warnings == []


# --- dates -------------------------------------------------------------------------------


def test_iim_date_with_dashes_is_a_date():
    # A real AFP/Getty file: 2:55 "2015-01-22", XMP "2015-01-22T00:00:00 +00:00".
    info = read_photo(agency_jpeg({55: "2015-01-22"}))
    assert info.date_created == "2015-01-22" and not info.warnings


def test_xmp_date_with_a_space_before_the_offset_is_a_date():
    info = read_photo(agency_jpeg(xmp={"photoshop:DateCreated": "2015-01-22T00:00:00 +00:00"}))
    assert info.date_created == "2015-01-22T00:00:00+00:00" and not info.warnings


def test_time_with_a_fraction_keeps_its_offset():
    info = read_photo(agency_jpeg({55: "20150122", 60: "135926.054-0600"}))
    assert info.date_created == "2015-01-22T13:59:26.054-06:00"


def test_exif_subseconds_and_offset():
    exif = Image.Exif()
    sub = exif.get_ifd(0x8769)
    sub[36867], sub[36881], sub[37521] = "2024:04:15 09:30:00", "+09:00", "25"
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif.tobytes())
    assert read_photo(out.getvalue()).date_created == "2024-04-15T09:30:00.25+09:00"


@pytest.mark.parametrize("value", ["05/04/2024", "2024-13-01", "2024-02-30", "yesterday", "2024-04-15T25:00"])
def test_ambiguous_or_impossible_dates_are_refused_with_a_warning(value):
    info = read_photo(agency_jpeg(xmp={"photoshop:DateCreated": value}))
    assert info.date_created == "" and any("is not a date" in w for w in info.warnings)


def test_iim_with_app13_and_xmp_in_one_file_still_follows_the_digest():
    iim = iim_block({110: "AP"})
    data = insert_after_app0(base_jpeg(), [app1_xmp(xmp_packet({"photoshop:Credit": "AP Photo"})), app13(iim, "mismatch")])
    assert read_photo(data).credit_line == "AP"
