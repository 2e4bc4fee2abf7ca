"""Hostile files (issue 15): nesting, size and time are bounded by design, and whatever
goes wrong is the file's one-line refusal or warning, never a traceback or noise on stderr."""

from __future__ import annotations

import io
import struct
import warnings

import pytest
from PIL import Image

from desk.core.photos.photometa import jpeg, limits
from desk.core.photos.photometa import reader as reader_module
from desk.core.photos.photometa.reader import PhotoError, read_photo
from desk.core.photos.photometa.renditions import make_rendition, make_thumbnail
from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    base_jpeg,
    extended_xmp_segments,
    iim_block,
    insert_after_app0,
    jpeg_with_size,
    png_chunk,
    png_header_only,
    png_with_chunks,
    segment,
    text_chunk,
    tiff_bytes,
    xmp_packet,
)


def deep_packet(levels: int, tag: str = "a") -> bytes:
    inner = f"<{tag}>" * levels + "deep" + f"</{tag}>" * levels
    return xmp_packet({"photoshop:Credit": "AFP"}, extra_xml=f"<photoshop:Headline>{inner}</photoshop:Headline>")


def noisy_jpeg(width: int = 400, height: int = 264, progressive: bool = False) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=90, progressive=progressive)
    return out.getvalue()


# --- nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [800, 4000, 9000])
def test_deeply_nested_xmp_is_read_without_recursion_error(levels):
    info = read_photo(insert_after_app0(base_jpeg(), [app1_xmp(deep_packet(levels))]))
    assert info.credit_line == "AFP"  # the shallow properties still count
    assert any("nested deeper than 64 levels ignored" in w for w in info.warnings)


def test_very_deep_xmp_in_a_png_text_chunk():
    info = read_photo(png_with_chunks(before=[text_chunk("iTXt-z", "XML:com.adobe.xmp", deep_packet(200_000))]))
    assert info.credit_line == "AFP" or any("elements" in w for w in info.warnings)


def test_deeply_nested_rdf_structures_stay_bounded():
    nested = '<rdf:Bag><rdf:li rdf:parseType="Resource">' * 900 + "</rdf:li></rdf:Bag>" * 900
    packet = xmp_packet({"photoshop:Source": "AP"}, extra_xml=f"<dc:subject>{nested}</dc:subject>")
    info = read_photo(insert_after_app0(base_jpeg(), [app1_xmp(packet)]))
    assert info.source == "AP"


def test_recursion_and_memory_errors_become_the_files_refusal(monkeypatch):
    for error in (RecursionError, MemoryError):
        def explode(data: bytes, error=error):
            raise error()
        monkeypatch.setattr(reader_module, "read_layers", explode)
        with pytest.raises(PhotoError, match="refused"):
            read_photo(base_jpeg())


# --- entities --------------------------------------------------------------------------


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>',
])
def test_entity_attacks_are_refused_and_iim_still_counts(doctype):
    packet = xmp_packet({"photoshop:Credit": "&c;"}).replace(b"<x:xmpmeta", doctype.encode() + b"<x:xmpmeta", 1)
    info = read_photo(agency_jpeg({110: "AP"}, extra_segments=[app1_xmp(packet)]))
    assert info.credit_line == "AP"
    assert any("XMP" in w and ("unsafe" in w or "malformed" in w) for w in info.warnings)


# --- size ------------------------------------------------------------------------------


def test_png_declaring_one_by_89_million_pixels_is_refused_before_decoding():
    # Under Pillow's pixel limit, but its decode would take gigabytes (the row buffers).
    with pytest.raises(PhotoError, match=r"would take about \d+ MB of memory"):
        read_photo(png_header_only(1, 89_000_000))
    with pytest.raises(PhotoError, match="memory"):
        make_thumbnail(png_header_only(1, 89_000_000))


def test_huge_progressive_jpeg_is_refused_on_its_coefficient_memory():
    data = bytearray(noisy_jpeg(64, 48, progressive=True))
    layout = jpeg.walk(bytes(data))
    sof = next(s for s in layout.segments if s.marker == 0xC2)
    struct.pack_into(">HH", data, sof.offset + 5, 9000, 9000)
    with pytest.raises(PhotoError, match="memory"):
        read_photo(bytes(data))


def test_fill_bytes_are_not_walked_byte_by_byte():
    plain = agency_jpeg({110: "AP"})
    layout = jpeg.walk(plain)
    at = layout.segments[1].offset
    data = plain[:at] + b"\xff" * (2 * 1024 * 1024) + plain[at:]
    info = read_photo(data)
    assert info.credit_line == "AP" and (info.width, info.height) == (64, 48)
    fixed = jpeg.canonical(data, jpeg.walk(data))
    assert b"\xff\xff\xff" not in fixed[: jpeg.walk(fixed).sos_offset]
    assert make_thumbnail(data, 32)[1:] == (32, 24)


@pytest.mark.parametrize("size", [(9400, 9400), (9400, 1)])
def test_a_fake_frame_header_claiming_a_huge_size_is_refused_at_decoding(size):
    # 9400×9400 claimed for a 16×16 picture: the decoder pads the missing blocks grey.
    data = jpeg_with_size(*size)
    with pytest.raises(PhotoError, match="image data ends early"):
        make_thumbnail(data)


def test_jpeg_with_its_scan_data_cut_and_an_end_marker_put_back_is_refused():
    data = noisy_jpeg()
    sos = jpeg.walk(data).sos_offset
    cut = data[: sos + (len(data) - sos) // 2] + b"\xff\xd9"
    read_photo(cut)  # the header is intact
    with pytest.raises(PhotoError, match=r"truncated JPEG: the image data ends early; the bottom \d+ %"):
        make_thumbnail(cut)
    with pytest.raises(PhotoError, match="truncated JPEG"):
        make_rendition(cut, 100, "JPEG", {})
    assert make_thumbnail(data)[1:] == (320, 211)  # the whole file is fine


def _scan_offsets(data: bytes) -> list[int]:
    """Where each SOS marker starts (entropy-coded data never holds FF DA)."""
    offsets, at = [], data.find(b"\xff\xda")
    while at != -1:
        offsets.append(at)
        at = data.find(b"\xff\xda", at + 2)
    return offsets


def test_progressive_jpeg_cut_between_its_scans_with_an_end_marker_put_back_is_refused():
    # Pillow decodes it without a word: colour or detail missing from part of the picture.
    data = noisy_jpeg(progressive=True)
    scans = _scan_offsets(data)
    assert len(scans) == 10  # libjpeg's progression: DC, AC bands, then refinements
    assert read_photo(data).width == 400  # every scan there: fine
    for kept in (2, 5, 9):
        cut = data[: scans[kept]] + b"\xff\xd9"
        with pytest.raises(PhotoError, match=rf"truncated JPEG: the progressive scans stop early \({kept} scans\); part of the picture is missing"):
            read_photo(cut)
    # Cut inside the seventh scan (the DC refinement), as a real half-file is.
    cut = data[: (scans[6] + scans[7]) // 2] + b"\xff\xd9"
    with pytest.raises(PhotoError, match=r"stop early \(7 scans\)"):
        read_photo(cut)


def test_a_scan_leaving_out_a_component_is_refused():
    data = noisy_jpeg()
    sos = next(s for s in jpeg.walk(data).segments if s.marker == jpeg.SOS)
    count = sos.payload[0]
    assert count == 3
    two = bytes([2]) + sos.payload[1:5] + sos.payload[1 + 2 * count:]  # components 1 and 2 only
    edited = data[: sos.offset] + segment(jpeg.SOS, two) + data[sos.offset + 4 + len(sos.payload):]
    with pytest.raises(PhotoError, match="truncated JPEG: no scan carries component 3 of 3"):
        read_photo(edited)


def test_thousands_of_scans_are_refused_before_decoding():
    data = noisy_jpeg(progressive=True)
    last = _scan_offsets(data)[-1]
    header = data[last : last + 2 + int.from_bytes(data[last + 2 : last + 4], "big")]
    bloated = data[:-2] + header * 1001 + b"\xff\xd9"
    with pytest.raises(PhotoError, match="more than 1000 scans"):
        read_photo(bloated)


def test_a_flat_grey_picture_is_not_mistaken_for_a_cut_one():
    assert make_thumbnail(base_jpeg(64, 48, mode="L", color=128), 32)[1:] == (32, 24)


def test_a_picture_ending_in_a_mid_grey_band_is_not_mistaken_for_a_cut_one():
    picture = Image.effect_noise((320, 240), 60).convert("RGB")
    picture.paste((128, 128, 128), (0, 200, 320, 240))  # a chart's grey footer, full width
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95)
    assert make_thumbnail(out.getvalue(), 160)[1:] == (160, 120)


def test_two_frame_headers_are_refused():
    plain = base_jpeg()
    sof = next(s for s in jpeg.walk(plain).segments if s.marker == 0xC0)
    data = plain[: sof.offset] + sof.raw() + plain[sof.offset:]
    with pytest.raises(PhotoError, match="2 frame headers"):
        read_photo(data)


def test_absurd_declared_lengths_are_warnings():
    huge_iim = bytes((0x1C, 2, 120)) + (0x8004).to_bytes(2, "big") + (0x7FFFFFFF).to_bytes(4, "big") + b"x" * 10
    app13 = segment(0xED, b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + len(huge_iim).to_bytes(4, "big") + huge_iim)
    main = xmp_packet({"photoshop:Credit": "Getty"},
                      extra_xml="<xmpNote:HasExtendedXMP>0123456789ABCDEF0123456789ABCDEF</xmpNote:HasExtendedXMP>")
    chunks = extended_xmp_segments(b"<x/>", "0123456789ABCDEF0123456789ABCDEF")
    chunk = bytearray(chunks[0])
    struct.pack_into(">I", chunk, 4 + 35 + 32, 0x7FFFFFFF)  # the declared full length
    info = read_photo(insert_after_app0(base_jpeg(), [app13, app1_xmp(main), bytes(chunk)]))
    assert info.credit_line == "Getty"
    assert any("declares" in w for w in info.warnings)


def test_too_many_xmp_elements_are_cut_off():
    flat = "<a/>" * (limits.XMP_MAX_ELEMENTS + 10)
    packet = xmp_packet({"photoshop:Credit": "AFP"}, extra_xml=f"<photoshop:Headline>{flat}</photoshop:Headline>")
    info = read_photo(png_with_chunks(before=[text_chunk("iTXt-z", "XML:com.adobe.xmp", packet)]))
    assert any(f"more than {limits.XMP_MAX_ELEMENTS} elements" in w for w in info.warnings)


# --- time ------------------------------------------------------------------------------


def test_the_time_budget_refuses_a_slow_file(monkeypatch):
    monkeypatch.setattr(limits, "TIME_LIMIT_S", 0.0)
    many = [png_chunk(b"tEXt", b"k\x00v")] * 5000
    with pytest.raises(PhotoError, match="took more than"):
        read_photo(png_with_chunks(before=many))


# --- messages --------------------------------------------------------------------------


def _tiff_with_a_tag_past_the_end() -> bytes:
    data = bytearray(tiff_bytes(tags=[(50000, "UNDEFINED", b"x" * 100)]))
    count = struct.unpack_from("<H", data, 8)[0]
    for i in range(count):
        at = 10 + 12 * i
        if struct.unpack_from("<H", data, at)[0] == 50000:
            struct.pack_into("<I", data, at + 8, len(data) + 50)
    return bytes(data)


def test_pillow_warnings_become_the_files_warnings(capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none may escape as a Python warning
        info = read_photo(_tiff_with_a_tag_past_the_end(), "scan.tif")
    assert any(w.startswith("image decoder: ") for w in info.warnings), info.warnings
    assert capfd.readouterr().err == ""


def test_libtiff_messages_go_into_the_refusal_not_to_stderr(capfd):
    out = io.BytesIO()
    Image.effect_noise((64, 64), 40).convert("RGB").save(out, "TIFF", compression="tiff_lzw")
    data = bytearray(out.getvalue())
    for i in range(200, 600, 7):
        data[i] ^= 0x5A
    with pytest.raises(PhotoError, match=r"cannot decode the image: .*\(.+\)"):
        make_thumbnail(bytes(data))
    assert capfd.readouterr().err == ""


def test_iim_record_far_beyond_any_real_one_is_ignored():
    block = iim_block({120: "x" * 30000} | {110: "AP"})
    big = block * 200
    data = tiff_bytes(tags=[(33723, "UNDEFINED", big)])
    info = read_photo(data)
    assert info.caption == "" and any("far beyond any real one" in w for w in info.warnings)
