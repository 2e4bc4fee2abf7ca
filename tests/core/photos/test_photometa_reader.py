"""read_photo: which layer wins, placeholders, dates, orientation, provenance."""

from __future__ import annotations

import pytest

from desk.core.photos.photometa.reader import (
    PhotoInfo,
    iim_datetime,
    is_placeholder,
    normalise_iso,
    read_photo,
)
from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    base_jpeg,
    insert_after_app0,
    png_bytes,
    xmp_packet,
)

ARTIST, COPYRIGHT, DESCRIPTION, ORIENTATION = 315, 33432, 270, 274


def test_digest_match_xmp_wins_and_the_disagreement_is_reported():
    info = read_photo(agency_jpeg({120: "IIM caption"}, xmp={"dc:description": "XMP caption"}, digest="match"))
    assert info.caption == "XMP caption" and info.provenance["caption"] == "xmp"
    assert info.iim_digest == "match"
    assert any("caption" in w and "using XMP (digest matches)" in w for w in info.warnings)


def test_digest_absent_xmp_wins():
    info = read_photo(agency_jpeg({120: "IIM caption"}, xmp={"dc:description": "XMP caption"}, digest=None))
    assert info.caption == "XMP caption" and info.iim_digest == "absent"
    assert any("using XMP (no digest)" in w for w in info.warnings)


def test_digest_mismatch_iim_wins():
    info = read_photo(agency_jpeg({120: "Edited in a legacy tool"}, xmp={"dc:description": "Old caption"}, digest="mismatch"))
    assert info.caption == "Edited in a legacy tool" and info.provenance["caption"] == "iim"
    assert any("digest mismatch" in w for w in info.warnings)


def test_agreeing_layers_give_no_warning():
    info = read_photo(agency_jpeg({110: "AFP", 80: ["A B"]}, xmp={"photoshop:Credit": "AFP", "dc:creator": ["A B"]}))
    assert info.warnings == []
    assert info.credit_line == "AFP" and info.creator == ["A B"]


def test_values_equal_but_for_spacing_are_not_a_disagreement():
    info = read_photo(agency_jpeg({120: b"Line one\rLine  two "}, xmp={"dc:description": "Line one\nLine two"}))
    assert info.caption == "Line one\nLine two" and info.warnings == []


def test_byline_cut_mid_character_loses_to_the_full_xmp_value():
    full = "Anne-Sophie Delacroix-Beaumarchès"
    cut = full.encode("utf-8")[:32]
    # Even a digest mismatch (IIM would win) does not let a truncated prefix win.
    info = read_photo(agency_jpeg({80: [cut]}, xmp={"dc:creator": [full]}, digest="mismatch"))
    assert info.creator == [full] and info.provenance["creator"] == "xmp"
    assert any("cut at the IIM byte limit" in w for w in info.warnings)
    assert any("inside a multi-byte character" in w for w in info.warnings)


def test_credit_cut_at_32_bytes_on_a_character_boundary_loses_to_xmp():
    full = "Agence Nationale de Presse Locale/MAXPPP"
    info = read_photo(agency_jpeg({110: full[:32]}, xmp={"photoshop:Credit": full}, digest="mismatch"))
    assert info.credit_line == full


def test_iim_value_at_its_byte_limit_without_xmp_is_flagged():
    info = read_photo(agency_jpeg({110: "Agence Nationale de Presse Local"}))  # exactly 32 bytes
    assert info.credit_line == "Agence Nationale de Presse Local"
    assert any("credit_line: the IIM value fills its 32-byte limit" in w for w in info.warnings)


def test_short_iim_value_that_merely_starts_like_xmp_is_a_real_disagreement():
    info = read_photo(agency_jpeg({110: "AFP"}, xmp={"photoshop:Credit": "AFP/Getty Images"}, digest="mismatch"))
    assert info.credit_line == "AFP" and info.provenance["credit_line"] == "iim"


def test_iptc_beats_exif_and_the_camera_value_is_reported():
    data = agency_jpeg({80: ["Agency Photographer"], 116: "© Agency"}, exif={ARTIST: "Camera Owner", COPYRIGHT: "Camera Owner 2019"})
    info = read_photo(data)
    assert info.creator == ["Agency Photographer"] and info.provenance["creator"] == "iim"
    assert info.copyright == "© Agency"
    assert any("creator: EXIF says 'Camera Owner'" in w for w in info.warnings)
    assert any("copyright: EXIF says" in w for w in info.warnings)


def test_exif_fills_in_when_iptc_is_empty_and_utf8_is_recovered():
    data = base_jpeg(exif={ARTIST: "Zoë Ångström".encode("utf-8"), COPYRIGHT: b"\xa9 Zo\xeb", DESCRIPTION: "A caption"})
    info = read_photo(data)
    assert info.creator == ["Zoë Ångström"] and info.provenance["creator"] == "exif"
    assert info.copyright == "© Zoë"  # not UTF-8: the legacy fallback (Latin-1 letters), with a warning
    assert any("Copyright is not UTF-8" in w for w in info.warnings)
    assert info.caption == "A caption" and info.provenance["caption"] == "exif"


def test_exif_text_is_utf8_first_then_windows_1252():
    """MWG: EXIF "ASCII" is read as UTF-8 when it is valid UTF-8. Otherwise Windows-1252,
    not bare Latin-1: Windows writers' 0x80-0x9F are quotes and dashes ("Côte d’Ivoire"),
    which Latin-1 would turn into C1 control characters (removed), and U+FFFD (exiftool's
    "?") would lose them too."""
    utf8 = "Côte d’Ivoire – “Abidjan”"
    info = read_photo(base_jpeg(exif={DESCRIPTION: utf8.encode("utf-8"), ARTIST: "Zoë".encode("cp1252"),
                                      COPYRIGHT: "© Zoë – d’Arc".encode("cp1252")}))
    assert info.caption == utf8  # valid UTF-8 is never re-read as a legacy set
    assert info.creator == ["Zoë"]
    assert info.copyright == "© Zoë – d’Arc"
    assert [w for w in info.warnings if "not UTF-8" in w] == [
        "EXIF: Artist is not UTF-8; read as Windows-1252", "EXIF: Copyright is not UTF-8; read as Windows-1252"]


@pytest.mark.parametrize("placeholder", ["-", "...", "OLYMPUS DIGITAL CAMERA", "  ", "—", "SONY DSC"])
def test_placeholders_are_empty(placeholder):
    assert is_placeholder(placeholder)


def test_placeholders_are_ignored_in_every_layer():
    data = agency_jpeg(
        {110: "-", 120: "..."},
        xmp={"photoshop:Credit": "Reuters"},
        exif={DESCRIPTION: "OLYMPUS DIGITAL CAMERA", ARTIST: "-"},
    )
    info = read_photo(data)
    assert info.credit_line == "Reuters" and info.provenance["credit_line"] == "xmp"
    assert info.caption == "" and "caption" not in info.provenance
    assert info.creator == []
    assert sum("placeholder" in w for w in info.warnings) == 4


def test_real_values_are_not_placeholders():
    for value in ("AP", "Kim Il Sung", "- dash inside a caption", "X"):
        assert not is_placeholder(value)


def test_dates():
    assert iim_datetime("20240415") == "2024-04-15"
    assert iim_datetime("20240415", "093000+0900") == "2024-04-15T09:30:00+09:00"
    assert iim_datetime("20240415", "093000") == "2024-04-15T09:30:00"
    assert iim_datetime("20240400") == "2024-04"
    assert iim_datetime("20240000") == "2024"
    assert iim_datetime("2024041") == "" and iim_datetime("20241345") == ""
    assert normalise_iso("2024-04-15T09:30:00Z") == "2024-04-15T09:30:00+00:00"
    assert normalise_iso("2024-04-15T09:30+02:00") == "2024-04-15T09:30:00+02:00"
    assert normalise_iso("2024-04") == "2024-04"
    assert normalise_iso("15/04/2024") == ""


def test_date_created_from_iim_with_time_and_offset():
    info = read_photo(agency_jpeg({55: "20240415", 60: "093000+0900"}))
    assert info.date_created == "2024-04-15T09:30:00+09:00" and info.provenance["date_created"] == "iim"


def test_date_created_same_day_at_different_precision_is_not_a_disagreement():
    # One moment at two precisions: the finer one is kept, from whichever layer has it.
    info = read_photo(agency_jpeg({55: "20240415", 60: "093000+0900"}, xmp={"photoshop:DateCreated": "2024-04-15"}))
    assert info.date_created == "2024-04-15T09:30:00+09:00" and info.warnings == []
    assert info.provenance["date_created"] == "iim"


def test_date_created_disagreement_and_exif_fallback():
    info = read_photo(agency_jpeg({55: "20240415"}, xmp={"photoshop:DateCreated": "2024-04-16"}))
    assert info.date_created == "2024-04-16" and any("date_created" in w for w in info.warnings)
    exif_only = base_jpeg(exif={ORIENTATION: 1})
    assert read_photo(exif_only).date_created == ""


def test_orientation_swaps_displayed_size():
    info = read_photo(base_jpeg(80, 40, exif={ORIENTATION: 6}))
    assert (info.width, info.height, info.orientation) == (40, 80, 6)
    info = read_photo(base_jpeg(80, 40, exif={ORIENTATION: 3}))
    assert (info.width, info.height, info.orientation) == (80, 40, 3)


def test_full_record_fields_and_provenance():
    data = agency_jpeg(
        {5: "ID-42", 25: ["war", "peace"], 40: "MANDATORY CREDIT", 55: "20240415", 80: ["Paul Sancya"], 85: "STF",
         90: "Detroit", 101: "United States", 103: "MIDS101", 105: "Floods in Detroit", 110: "AP", 115: "AP",
         116: "Copyright 2024 The Associated Press", 120: "Caption. (AP Photo/Paul Sancya)"},
        xmp={"xmpRights:UsageTerms": "Editorial use only", "Iptc4xmpCore:AltTextAccessibility": "Soldiers at a parade"},
    )
    info = read_photo(data)
    assert isinstance(info, PhotoInfo)
    assert (info.title, info.keywords, info.instructions) == ("ID-42", ["war", "peace"], "MANDATORY CREDIT")
    assert (info.creator, info.creator_title, info.city, info.country) == (["Paul Sancya"], "STF", "Detroit", "United States")
    assert (info.agency_ref, info.headline, info.credit_line, info.source) == ("MIDS101", "Floods in Detroit", "AP", "AP")
    assert info.copyright == "Copyright 2024 The Associated Press"
    assert info.signoff == "(AP Photo/Paul Sancya)" and info.distributor == "AP"
    assert (info.usage_terms, info.alt_text) == ("Editorial use only", "Soldiers at a parade")
    assert info.provenance["usage_terms"] == "xmp" and info.provenance["caption"] == "iim"
    assert info.provenance["signoff"] == "iim" and info.provenance["distributor"] == "iim"
    assert info.warnings == []
    assert "warnings" not in info.credit_fields() and info.credit_fields()["caption"] == info.caption


def test_distributor_falls_back_to_the_xmp_image_supplier():
    extra = '<plus:ImageSupplier><rdf:Seq><rdf:li plus:ImageSupplierName="Picture Desk Ltd"/></rdf:Seq></plus:ImageSupplier>'
    info = read_photo(insert_after_app0(base_jpeg(), [app1_xmp(xmp_packet({}, extra_xml=extra))]))
    assert info.distributor == "Picture Desk Ltd" and info.provenance["distributor"] == "xmp"


def test_file_named_with_the_wrong_extension_is_read_with_a_warning():
    info = read_photo(png_bytes(4, 4), "photo.jpg")
    assert info.format == "PNG" and any("named .jpg but holds PNG" in w for w in info.warnings)
