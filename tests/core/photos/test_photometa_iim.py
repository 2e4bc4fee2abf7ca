"""IPTC-IIM: parsing, charset decoding, the Photoshop digest, and the writer."""

from __future__ import annotations

import io

from PIL import Image, IptcImagePlugin, TiffImagePlugin

from desk.core.photos.photometa import iim, jpeg
from desk.core.photos.photometa.reader import read_photo
from tests.photo_factory import agency_jpeg, app13, iim_block, iim_dataset, photoshop_resource


def read(data: bytes) -> iim.IIMRecord:
    record = iim.read_jpeg(jpeg.walk(data))
    assert record is not None
    return record


def test_utf8_declared_and_repeatable_datasets():
    record = read(agency_jpeg({80: ["Zoë Ångström", "李明"], 25: ["Café", "Straße", "东京"], 120: "Über"}))
    assert record.utf8_declared
    assert record.values[80] == ["Zoë Ångström", "李明"]
    assert record.values[25] == ["Café", "Straße", "东京"]
    assert record.first(120) == "Über"
    assert record.warnings == []


def test_undeclared_utf8_is_read_as_utf8_without_warning():
    record = read(agency_jpeg({80: "Zoë Ångström"}, utf8=False))
    assert not record.utf8_declared
    assert record.first(80) == "Zoë Ångström"
    assert record.warnings == []


def test_cp1252_is_decoded_with_a_warning():
    record = read(agency_jpeg({120: "Côte d’Ivoire – “quoted”".encode("cp1252")}, utf8=False))
    assert record.first(120) == "Côte d’Ivoire – “quoted”"
    assert any("2:120" in w and "Windows-1252" in w for w in record.warnings)


def test_mixed_encodings_within_one_record_are_decoded_per_dataset():
    record = read(agency_jpeg({80: "José Núñez".encode("cp1252"), 120: "José Núñez in Bogotá".encode("utf-8")}, utf8=False))
    assert record.first(80) == "José Núñez"
    assert record.first(120) == "José Núñez in Bogotá"
    assert len(record.warnings) == 1 and "2:80" in record.warnings[0] and "2:120" not in record.warnings[0]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    record = read(agency_jpeg({120: b"caf\xe9 \x81"}, utf8=False))
    # Latin-1 reads 0x81 as a C1 control character, which is then removed (and said).
    assert record.first(120) == "café"
    assert any("Latin-1" in w for w in record.warnings)
    assert any("control characters removed from 2:120" in w for w in record.warnings)


def test_legacy_bytes_despite_utf8_declaration_are_flagged():
    record = read(agency_jpeg({120: "Zürich".encode("cp1252")}, utf8=True))
    assert record.first(120) == "Zürich"
    assert any("despite the UTF-8 declaration" in w for w in record.warnings)


def test_cr_line_breaks_become_lf():
    assert read(agency_jpeg({120: b"line one\rline two\r\nline three"})).first(120) == "line one\nline two\nline three"


def test_cut_mid_character_keeps_utf8_and_is_marked_truncated():
    raw = "Anne-Sophie Delacroix-Beaumarchè".encode("utf-8")[:32]
    assert raw.endswith(b"\xc3")  # the cut falls inside "è"
    record = read(agency_jpeg({80: raw}))
    assert record.first(80) == raw.decode("utf-8", "ignore")
    assert iim.BYLINE in record.truncated
    assert any("inside a multi-byte character" in w for w in record.warnings)


def test_dataset_length_past_the_segment_stops_with_a_warning():
    block = iim_block({120: "kept caption"}) + b"\x1c\x02\x50\x7f\x00" + b"short"
    record = read(agency_jpeg(extra_segments=[app13(block, digest=None)]))
    assert record.first(120) == "kept caption"
    assert 80 not in record.values
    assert any("2:80" in w and "declares" in w for w in record.warnings)


def test_header_cut_and_junk_do_not_crash():
    warnings: list[str] = []
    assert iim.parse_datasets(b"\x1c\x02", warnings) == []
    assert iim.parse_datasets(b"\x1c\x02\x78\x80\x09", warnings) == []
    assert iim.parse_datasets(iim_dataset(2, 120, "ok") + b"junk", warnings) == [(2, 120, b"ok")]
    assert len(warnings) == 3


def test_extended_length_dataset_is_read():
    long_caption = "x" * 40000
    record = read(agency_jpeg(extra_segments=[app13(iim_block({120: long_caption}), digest=None)]))
    assert record.first(120) == long_caption


def test_photoshop_resource_running_past_the_segment_is_ignored_with_a_warning():
    block = photoshop_resource(0x0404, iim_block({120: "x"}))[:-3]
    record = iim.read_resource_block(block)
    assert record is not None and record.values == {}
    assert any("more than the segment holds" in w for w in record.warnings)


def test_resource_with_pascal_name_is_parsed():
    block = photoshop_resource(0x0404, iim_block({120: "named"}), name=b"abc")
    record = iim.read_resource_block(block)
    assert record is not None and record.first(120) == "named"


def test_digest_match_mismatch_absent():
    values = {120: "caption"}
    assert read(agency_jpeg(values, digest="match")).digest == iim.DIGEST_MATCH
    assert read(agency_jpeg(values, digest="mismatch")).digest == iim.DIGEST_MISMATCH
    assert read(agency_jpeg(values, digest=None)).digest == iim.DIGEST_ABSENT


def test_no_iim_returns_none():
    assert iim.read_jpeg(jpeg.walk(agency_jpeg())) is None


# --- writer --------------------------------------------------------------------------


def test_truncate_utf8_never_cuts_a_character():
    assert iim.truncate_utf8("abc", 32) == "abc"
    text = "Ångström Øverlië Śliwińska-Zoë"
    cut = iim.truncate_utf8(text, 32)
    assert len(cut.encode("utf-8")) <= 32 and text.startswith(cut)
    assert iim.truncate_utf8("東京東京東京東京東京東京", 32) == "東京東京東京東京東京"  # 30 bytes, not 32


def test_build_iim_declares_utf8_and_respects_limits():
    block = iim.build_iim({iim.BYLINE: ["Ångström " * 10], iim.CREDIT: "Kyodo/MAXPPP", iim.CAPTION: "a\r\nb"})
    record = iim.decode_record(block)
    assert record.utf8_declared
    assert len(record.first(iim.BYLINE).encode("utf-8")) <= 32
    assert record.first(iim.CREDIT) == "Kyodo/MAXPPP"
    assert record.first(iim.CAPTION) == "a\nb"


def test_embed_in_jpeg_writes_a_matching_digest_and_pillow_reads_it():
    source = agency_jpeg({120: "old caption"}, digest="mismatch")
    written = iim.embed_in_jpeg(source, {iim.CAPTION: "Nouvelle légende", iim.KEYWORDS: ["un", "deux"]})
    record = read(written)
    assert record.digest == iim.DIGEST_MATCH
    assert record.first(iim.CAPTION) == "Nouvelle légende"
    assert record.values[iim.KEYWORDS] == ["un", "deux"]
    # An independent reader agrees, and the picture still decodes.
    with Image.open(io.BytesIO(written)) as image:
        info = IptcImagePlugin.getiptcinfo(image)
        image.load()
    assert info[(2, 120)] == "Nouvelle légende".encode("utf-8")
    assert info[(1, 90)] == b"\x1b%G"
    assert written.count(b"Photoshop 3.0\x00") == 1


def _tiff_with_tag(tag: int, payload: bytes) -> bytes:
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[tag] = payload
    ifd.tagtype[tag] = 7  # UNDEFINED
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "TIFF", tiffinfo=ifd)
    return out.getvalue()


def test_tiff_iptc_tag_and_photoshop_tag():
    block = iim_block({110: "AP", 120: "TIFF caption"})
    for tag, payload in ((iim.TIFF_TAG_IPTC, block), (iim.TIFF_TAG_PHOTOSHOP, photoshop_resource(0x0404, block))):
        info = read_photo(_tiff_with_tag(tag, payload), "scan.tif")
        assert (info.format, info.credit_line, info.caption) == ("TIFF", "AP", "TIFF caption"), tag
