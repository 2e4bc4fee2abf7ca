"""XMP: finding packets in every container, safe parsing, property shapes, the writer."""

from __future__ import annotations

import io

from PIL import Image

from desk.core.photos.photometa import jpeg, xmp
from desk.core.photos.photometa.reader import read_photo
from tests.photo_factory import (
    agency_jpeg,
    app1_xmp,
    base_jpeg,
    extended_xmp_segments,
    insert_after_app0,
    png_bytes,
    xmp_packet,
)

CREDIT_PROPS = {
    "dc:creator": ["Paul Sancya", "Second Creator"],
    "dc:description": "A caption & <more>",
    "dc:rights": "© 2024 AP",
    "dc:title": "ID-123",
    "dc:subject": ["one", "two"],
    "photoshop:Credit": "AP",
    "photoshop:Source": "AP",
    "photoshop:Instructions": "NO ARCHIVES",
    "photoshop:DateCreated": "2024-04-15T09:30:00+09:00",
    "photoshop:AuthorsPosition": "STF",
    "photoshop:City": "Detroit",
    "photoshop:Country": "United States",
    "photoshop:TransmissionReference": "MIDS101",
    "photoshop:Headline": "Headline",
    "photoshop:CaptionWriter": "JD",
    "xmpRights:UsageTerms": "Editorial use only",
    "xmpRights:WebStatement": "https://example.com/rights",
    "Iptc4xmpCore:AltTextAccessibility": "A man at a lectern",
}


def fields_of(data: bytes) -> dict:
    found = xmp.read_packets(xmp.packets_from_jpeg(jpeg.walk(data)))
    assert found is not None
    return found.fields()


def test_element_form_every_field():
    fields = fields_of(agency_jpeg(xmp=CREDIT_PROPS))
    assert fields["creator"] == ["Paul Sancya", "Second Creator"]
    assert fields["caption"] == "A caption & <more>"  # x-default chosen over the "fr" entry
    assert fields["copyright"] == "© 2024 AP"
    assert fields["title"] == "ID-123"
    assert fields["keywords"] == ["one", "two"]
    assert fields["credit_line"] == "AP" and fields["source"] == "AP"
    assert fields["instructions"] == "NO ARCHIVES"
    assert fields["date_created"] == "2024-04-15T09:30:00+09:00"
    assert fields["creator_title"] == "STF"
    assert fields["city"] == "Detroit" and fields["country"] == "United States"
    assert fields["agency_ref"] == "MIDS101"
    assert fields["headline"] == "Headline"
    assert fields["caption_writer"] == "JD"
    assert fields["usage_terms"] == "Editorial use only"
    assert fields["web_statement"] == "https://example.com/rights"
    assert fields["alt_text"] == "A man at a lectern"


def test_attribute_form():
    packet = xmp_packet({"photoshop:Credit": "REUTERS", "photoshop:City": "Kyiv", "dc:creator": ["Name"]}, attribute_form=True)
    fields = fields_of(insert_after_app0(base_jpeg(), [app1_xmp(packet)]))
    assert fields["credit_line"] == "REUTERS" and fields["city"] == "Kyiv" and fields["creator"] == ["Name"]


def test_legacy_header_is_found():
    fields = fields_of(agency_jpeg(xmp={"photoshop:Credit": "AFP"}, xmp_header="legacy"))
    assert fields["credit_line"] == "AFP"


def test_structures_and_country_name():
    extra = (
        '<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource"><plus:LicensorName>Lic One</plus:LicensorName>'
        "</rdf:li><rdf:li><rdf:Description><plus:LicensorName>Lic Two</plus:LicensorName></rdf:Description></rdf:li>"
        '</rdf:Seq></plus:Licensor><plus:ImageSupplier><rdf:Seq><rdf:li plus:ImageSupplierName="Supplier"/>'
        "</rdf:Seq></plus:ImageSupplier><Iptc4xmpCore:CountryName>France</Iptc4xmpCore:CountryName>"
    )
    packet = xmp_packet({}, extra_xml=extra)
    fields = fields_of(insert_after_app0(base_jpeg(), [app1_xmp(packet)]))
    assert fields["licensor"] == "Lic One; Lic Two"
    assert fields["image_supplier"] == "Supplier"
    assert fields["country"] == "France"


def test_extended_xmp_is_joined_by_guid_and_offset():
    guid = "0123456789ABCDEF0123456789ABCDEF"
    long_caption = "Long caption. " * 400
    main = xmp_packet({"xmpNote:HasExtendedXMP": guid, "photoshop:Credit": "Getty Images"})
    extension = xmp_packet({"dc:description": long_caption})
    other = extended_xmp_segments(xmp_packet({"dc:description": "wrong one"}), "F" * 32)
    data = insert_after_app0(base_jpeg(), [app1_xmp(main), *other, *reversed(extended_xmp_segments(extension, guid))])
    fields = fields_of(data)
    assert fields["credit_line"] == "Getty Images"
    assert fields["caption"] == long_caption.strip()


def test_extended_xmp_with_a_missing_chunk_is_ignored_with_a_warning():
    guid = "0123456789ABCDEF0123456789ABCDEF"
    main = xmp_packet({"xmpNote:HasExtendedXMP": guid, "photoshop:Credit": "Getty Images"})
    chunks = extended_xmp_segments(xmp_packet({"dc:description": "x" * 3000}), guid)
    del chunks[1]
    found = xmp.read_packets(xmp.packets_from_jpeg(jpeg.walk(insert_after_app0(base_jpeg(), [app1_xmp(main), *chunks]))))
    assert found is not None and found.fields()["credit_line"] == "Getty Images"
    assert "caption" not in found.fields()
    assert any("missing chunk" in w for w in found.warnings)


def test_malformed_xml_is_a_warning_and_iim_still_counts():
    data = insert_after_app0(agency_jpeg({110: "AFP"}), [app1_xmp(b"<x:xmpmeta><rdf:RDF><unclosed></x:xmpmeta>")])
    info = read_photo(data)
    assert info.credit_line == "AFP" and info.provenance["credit_line"] == "iim"
    assert any("malformed XML" in w for w in info.warnings)


def test_billion_laughs_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="&lol3;"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    info = read_photo(insert_after_app0(base_jpeg(), [app1_xmp(bomb)]))
    assert info.credit_line == ""
    assert any("refused unsafe XML" in w for w in info.warnings)


def test_external_entity_is_refused():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="&e;"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    warnings: list[str] = []
    assert xmp.parse_packet(evil, warnings) == {}
    assert warnings and "refused unsafe XML" in warnings[0]


def test_utf16_packet():
    packet = xmp_packet({"photoshop:Credit": "Yonhap"}).decode("utf-8")
    packet = packet.replace("<?xpacket begin=\"\ufeff\"", '<?xml version="1.0" encoding="UTF-16"?><?xpacket begin=""')
    warnings: list[str] = []
    props = xmp.parse_packet(packet.encode("utf-16"), warnings)
    assert props.get("photoshop:Credit") == "Yonhap", warnings


def test_png_itxt_packet():
    data = png_bytes(8, 8, itxt={"XML:com.adobe.xmp": xmp_packet({"photoshop:Credit": "EPA-EFE"}).decode("utf-8")})
    assert read_photo(data).credit_line == "EPA-EFE"


def test_webp_xmp_chunk():
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "WEBP", xmp=xmp_packet({"photoshop:Credit": "Kyodo"}))
    info = read_photo(out.getvalue())
    assert info.format == "WEBP" and info.credit_line == "Kyodo"


def test_tiff_tag_700_packet():
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "TIFF", tiffinfo={700: xmp_packet({"photoshop:Credit": "THE CANADIAN PRESS"})})
    info = read_photo(out.getvalue())
    assert info.format == "TIFF" and info.credit_line == "THE CANADIAN PRESS"


def test_writer_round_trip():
    credit = {
        "caption": "Caption with <tags> & ampersands",
        "creator": ["Ana Núñez", "李明"],
        "credit_line": "AFP",
        "source": "AFP",
        "copyright": "© AFP 2024",
        "usage_terms": "Editorial use only",
        "alt_text": "Two people shaking hands",
        "keywords": ["a", "b"],
        "date_created": "2024-04-15",
    }
    found = xmp.read_single(xmp.build_packet(credit))
    assert found is not None and found.warnings == []
    fields = found.fields()
    assert fields["caption"] == credit["caption"]
    assert fields["creator"] == credit["creator"]
    assert fields["credit_line"] == "AFP" and fields["source"] == "AFP"
    assert fields["copyright"] == "© AFP 2024"
    assert fields["usage_terms"] == "Editorial use only"
    assert fields["alt_text"] == "Two people shaking hands"
    assert fields["keywords"] == ["a", "b"]
    assert fields["date_created"] == "2024-04-15"


def test_writer_leaves_out_empty_values():
    packet = xmp.build_packet({"caption": "", "creator": [], "credit_line": "AP"})
    assert b"dc:description" not in packet and b"dc:creator" not in packet and b"photoshop:Credit" in packet
