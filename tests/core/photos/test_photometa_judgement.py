"""Judgements close to the standards (issue 15): placeholders, DOCTYPE, list fields,
and values cleaned of control characters. docs/photo-metadata.md gives the reasons."""

from __future__ import annotations

import pytest

from desk.core.photos.photometa.reader import read_photo
from desk.core.photos.photometa.text import is_placeholder, placeholder_reason
from tests.photo_factory import agency_jpeg, app1_xmp, base_jpeg, insert_after_app0, xmp_packet

ARTIST, DESCRIPTION = 315, 270


def test_keywords_are_never_judged():
    info = read_photo(agency_jpeg({25: ["photo", "-", "image", "Untitled"]}))
    assert info.keywords == ["photo", "-", "image", "Untitled"]
    assert not any("placeholder" in w for w in info.warnings)


def test_a_language_tag_as_caption_loses_to_a_real_exif_caption():
    # A real file: an XMP caption that is just "x-default" used to beat the EXIF one.
    data = agency_jpeg(xmp={"dc:description": "x-default"}, exif={DESCRIPTION: "Flooded streets in Valencia"})
    info = read_photo(data)
    assert info.caption == "Flooded streets in Valencia" and info.provenance["caption"] == "exif"
    assert any("'x-default' in XMP ignored (only a language tag)" in w for w in info.warnings)


@pytest.mark.parametrize(("field", "value"), [
    ("caption", "Caption"), ("caption", "Description:"), ("city", "City"), ("copyright", "Copyright"),
    ("credit_line", "Credit"), ("creator", "Byline"), ("headline", "Headline"), ("title", "Object Name"),
])
def test_a_fields_own_name_is_a_placeholder(field, value):
    assert placeholder_reason(field, value) == "the field's own name"


@pytest.mark.parametrize(("field", "value"), [
    ("caption", "OLYMPUS DIGITAL CAMERA"), ("caption", "-"), ("credit_line", "..."), ("source", "n/a"),
    ("caption", "en-US"), ("headline", "x-default"),
])
def test_placeholders(field, value):
    assert placeholder_reason(field, value)


@pytest.mark.parametrize(("field", "value"), [
    ("credit_line", "EPA-EFE"), ("creator", "me"), ("country", "FR"), ("city", "Nice"), ("creator_title", "STF"),
    ("caption", "A photo of the city"), ("source", "AFP-DPA"), ("headline", "Caption contest winners"),
])
def test_real_values_are_not_placeholders(field, value):
    assert placeholder_reason(field, value) == ""
    assert not is_placeholder(value, field)


def test_a_camera_stamp_is_a_placeholder_only_in_a_caption():
    assert placeholder_reason("caption", "SONY DSC")
    assert placeholder_reason("creator", "SONY DSC") == ""


def test_doctype_without_entities_is_tolerated():
    packet = xmp_packet({"photoshop:Credit": "AFP"}).replace(
        b"<x:xmpmeta", b'<!DOCTYPE x:xmpmeta [ <!ELEMENT x:xmpmeta ANY> ]><x:xmpmeta', 1)
    info = read_photo(insert_after_app0(base_jpeg(), [app1_xmp(packet)]))
    assert info.credit_line == "AFP" and info.warnings == []


def test_doctype_declaring_entities_is_refused_and_the_other_layers_count():
    packet = xmp_packet({"photoshop:Credit": "&e;"}).replace(
        b"<x:xmpmeta", b'<!DOCTYPE x [ <!ENTITY e "Evil"> ]><x:xmpmeta', 1)
    info = read_photo(agency_jpeg({110: "AP"}, extra_segments=[app1_xmp(packet)]))
    assert info.credit_line == "AP"
    assert any("refused unsafe XML (EntitiesForbidden)" in w for w in info.warnings)


def test_exif_artist_holding_several_creators_as_mwg_writes_them():
    info = read_photo(base_jpeg(exif={ARTIST: 'Jane Roe; "Smith; Jones"'}))
    assert info.creator == ["Jane Roe", "Smith; Jones"]


def test_a_repeated_non_repeatable_dataset_is_read_as_its_last_value():
    info = read_photo(agency_jpeg([(110, "Old credit"), (110, "AFP")]))
    assert info.credit_line == "AFP"  # as exiftool reads it: the later edit


def test_control_characters_are_removed_and_said():
    info = read_photo(agency_jpeg({120: b"Caption\x1b[31m with ESC, BEL\x07 and VT\x0b.\r\nSecond line", 110: "AP\x00"}))
    assert info.caption == "Caption with ESC, BEL and VT.\nSecond line"  # the escape sequence goes whole
    assert info.credit_line == "AP"
    assert any("control characters removed from 2:120" in w for w in info.warnings)


def test_control_characters_in_exif_are_removed_and_said():
    info = read_photo(base_jpeg(exif={DESCRIPTION: "Tab\tand bell\x07"}))
    assert info.caption == "Tab\tand bell"
    assert any("control characters removed from ImageDescription" in w for w in info.warnings)
