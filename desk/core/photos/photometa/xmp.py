"""XMP: finding the packets in a JPEG, parsing them safely, merging them, writing one.

Pillow's getxmp() misses the legacy ``XMP\\0://`` header some AFP/Getty files use and
ignores Extended XMP, and the shapes it returns vary with the data, so packets are found
by walking the containers (here for JPEG; png.py, webp.py and the TIFF tag for the
others) and parsed with defusedxml: no entity declarations (billion laughs), no external
entities. A DOCTYPE alone is harmless and tolerated.

Parsing is bounded by design: elements deeper than limits.XMP_MAX_DEPTH are dropped, a
packet stops being read after limits.XMP_MAX_ELEMENTS elements, and the walk over the
tree never recurses deeper than the (bounded) tree, so no packet can raise RecursionError
or exhaust memory.

Several packets (a second APP1 appended by a later tool, iTXt and a raw profile in a PNG)
are merged property by property; where they differ the later one in the file wins, as
exiftool does, and the merge is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from desk.core.clean_text import xml_text
from desk.core.photos.photometa import jpeg
from desk.core.photos.photometa.limits import (
    XMP_MAX_BYTES,
    XMP_MAX_DEPTH,
    XMP_MAX_ELEMENTS,
    check_time,
)
from desk.core.photos.photometa.text import clean

STANDARD_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
LEGACY_HEADER = b"XMP\x00://ns.adobe.com/xap/1.0/"
EXTENSION_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
TIFF_TAG_XMP = 700

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_BYTES = 64 * 1024

# Canonical prefixes: files may bind any prefix, so properties are keyed by namespace.
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "xmpNote": "http://ns.adobe.com/xmp/note/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
}
PREFIX_OF = {uri: prefix for prefix, uri in NAMESPACES.items()}

# Desk field -> XMP properties to try, in order.
FIELD_PROPERTIES: dict[str, tuple[str, ...]] = {
    "title": ("dc:title",),
    "keywords": ("dc:subject",),
    "creator": ("dc:creator",),
    "copyright": ("dc:rights",),
    "caption": ("dc:description",),
    "instructions": ("photoshop:Instructions",),
    "date_created": ("photoshop:DateCreated",),
    "creator_title": ("photoshop:AuthorsPosition",),
    "city": ("photoshop:City",),
    "country": ("photoshop:Country", "Iptc4xmpCore:CountryName"),
    "agency_ref": ("photoshop:TransmissionReference",),
    "headline": ("photoshop:Headline",),
    "credit_line": ("photoshop:Credit",),
    "source": ("photoshop:Source",),
    "caption_writer": ("photoshop:CaptionWriter",),
    "usage_terms": ("xmpRights:UsageTerms",),
    "web_statement": ("xmpRights:WebStatement",),
    "alt_text": ("Iptc4xmpCore:AltTextAccessibility",),
    "image_supplier_image_id": ("plus:ImageSupplierImageID",),
}
LIST_FIELDS = frozenset({"keywords", "creator"})
# Structures whose display name is one member.
STRUCT_NAMES = {"licensor": ("plus:Licensor", "plus:LicensorName"), "image_supplier": ("plus:ImageSupplier", "plus:ImageSupplierName")}


@dataclass
class XMPData:
    properties: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def text(self, name: str) -> str:
        return _as_text(self.properties.get(name))

    def texts(self, name: str) -> list[str]:
        value = self.properties.get(name)
        if value is None:
            return []
        if isinstance(value, list):
            return [t for t in (_as_text(v) for v in value) if t]
        text = _as_text(value)
        return [text] if text else []

    def fields(self) -> dict[str, str | list[str]]:
        """Desk's field names -> values, only for fields the packet fills."""
        found: dict[str, str | list[str]] = {}
        for name, candidates in FIELD_PROPERTIES.items():
            for prop in candidates:
                value: str | list[str] = self.texts(prop) if name in LIST_FIELDS else self.text(prop)
                if value:
                    found[name] = value
                    break
        for name, (prop, member) in STRUCT_NAMES.items():
            names = [_as_text(item.get(member)) for item in _as_list(self.properties.get(prop)) if isinstance(item, dict)]
            if any(names):
                found[name] = "; ".join(n for n in names if n)
        return found


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else ([] if value is None else [value])


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return clean(value)[0].strip()
    if isinstance(value, list):
        # A list where text is wanted: Seq of one, or several joined as XMP readers do.
        return "; ".join(t for t in (_as_text(v) for v in value) if t)
    return ""


# --- finding packets in a JPEG ------------------------------------------------------------


@dataclass
class Packets:
    main: list[bytes] = field(default_factory=list)  # in file order
    extensions: dict[bytes, dict[int, bytes]] = field(default_factory=dict)  # guid -> offset -> chunk
    extension_lengths: dict[bytes, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def packets_from_jpeg(layout: jpeg.JpegLayout) -> Packets:
    found = Packets()
    for payload in jpeg.app_payloads(layout, jpeg.APP1):
        if payload.startswith(STANDARD_HEADER):
            found.main.append(payload[len(STANDARD_HEADER) :])
        elif payload.startswith(LEGACY_HEADER):
            start = payload.find(b"<", len(LEGACY_HEADER))
            if start != -1:
                found.main.append(payload[start:])
        elif payload.startswith(EXTENSION_HEADER):
            body = payload[len(EXTENSION_HEADER) :]
            if len(body) < 40:
                found.warnings.append("XMP: an Extended XMP chunk is too short; ignored")
                continue
            guid = body[:32]
            found.extension_lengths[guid] = int.from_bytes(body[32:36], "big")
            found.extensions.setdefault(guid, {})[int.from_bytes(body[36:40], "big")] = body[40:]
    return found


def _join_extension(found: Packets, guid: bytes, warnings: list[str]) -> bytes | None:
    chunks = found.extensions.get(guid)
    if not chunks:
        warnings.append("XMP: the packet names Extended XMP that is not in the file")
        return None
    total = found.extension_lengths.get(guid, 0)
    if total > XMP_MAX_BYTES:
        warnings.append(f"XMP: Extended XMP declares {total // (1024 * 1024)} MB; ignored")
        return None
    joined = bytearray()
    for offset in sorted(chunks):
        if offset != len(joined):
            warnings.append("XMP: Extended XMP has a missing chunk; ignored")
            return None
        joined += chunks[offset]
    if len(joined) != total:
        warnings.append("XMP: Extended XMP is incomplete; ignored")
        return None
    return bytes(joined)


# --- parsing -------------------------------------------------------------------------


class _BoundedBuilder:
    """A TreeBuilder that keeps elements down to XMP_MAX_DEPTH and counts them all."""

    def __init__(self) -> None:
        self._tree = TreeBuilder()
        self.depth = 0
        self.elements = 0
        self.dropped = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > XMP_MAX_DEPTH:
            self.dropped += 1
            return
        self._tree.start(tag, attrib)

    def end(self, tag: str) -> None:
        if self.depth <= XMP_MAX_DEPTH:
            self._tree.end(tag)
        self.depth -= 1

    def data(self, text: str) -> None:
        if self.depth <= XMP_MAX_DEPTH:
            self._tree.data(text)

    def close(self) -> Element | None:
        try:
            return self._tree.close()
        except AssertionError:  # missing end tags: the parser reports those itself
            return None


def _key(tag: str) -> str | None:
    if not tag.startswith("{"):
        return None
    uri, _, local = tag[1:].partition("}")
    prefix = PREFIX_OF.get(uri)
    return f"{prefix}:{local}" if prefix else None


def _struct(node: Element) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for attr, value in node.attrib.items():
        key = _key(attr)
        if key:
            found[key] = value
    for child in node:
        if child.tag == f"{{{RDF}}}Description":
            found.update(_struct(child))
            continue
        key = _key(child.tag)
        if key:
            found.setdefault(key, _value(child))
    return found


def _value(node: Element) -> Any:
    """One property element: text, list (Seq/Bag), chosen language (Alt) or struct.
    Recursion follows the tree, which the builder keeps at most XMP_MAX_DEPTH deep."""
    resource = node.get(f"{{{RDF}}}resource")
    if resource is not None:
        return resource
    if node.get(f"{{{RDF}}}parseType") == "Resource":
        return _struct(node)
    children = list(node)
    if not children:
        qualifiers = {k for k in node.attrib if _key(k)}
        if qualifiers and not (node.text or "").strip():
            return _struct(node)  # struct written as attributes on an empty element
        return (node.text or "").strip()
    container = children[0]
    if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
        return [_value(li) for li in container if li.tag == f"{{{RDF}}}li"]
    if container.tag == f"{{{RDF}}}Alt":
        items = [li for li in container if li.tag == f"{{{RDF}}}li"]
        chosen = next((li for li in items if li.get(XML_LANG, "").lower() == "x-default"), items[0] if items else None)
        return _value(chosen) if chosen is not None else ""
    if container.tag == f"{{{RDF}}}Description":
        return _struct(container)
    return (node.text or "").strip()


def _parse_tree(packet: bytes, warnings: list[str], label: str) -> Element | None:
    builder = _BoundedBuilder()
    parser = SafeET.DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        for start in range(0, len(packet), FEED_BYTES):
            parser.feed(packet[start : start + FEED_BYTES])
            check_time()
            if builder.elements > XMP_MAX_ELEMENTS:
                warnings.append(f"{label}: more than {XMP_MAX_ELEMENTS} elements; ignored")
                return None
        parser.close()
    except DefusedXmlException as err:
        warnings.append(f"{label}: refused unsafe XML ({type(err).__name__}); XMP ignored")
        return None
    except (ParseError, ValueError, UnicodeError) as err:
        warnings.append(f"{label}: malformed XML ({err}); XMP ignored")
        return None
    if builder.dropped:
        warnings.append(f"{label}: {builder.dropped} elements nested deeper than {XMP_MAX_DEPTH} levels ignored")
    return builder.close()


def parse_packet(packet: bytes, warnings: list[str], label: str = "XMP") -> dict[str, Any]:
    """Top-level properties of every rdf:Description, keyed ``prefix:Name``.

    Malformed XML and entity declarations (billion laughs, external entities) are
    refused with a warning; the other layers still count.
    """
    utf16 = packet[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in packet[:2]
    if not utf16:
        # Writers pad packets with NULs and spaces; in UTF-16 a NUL is half a character.
        packet = packet.rstrip(b"\x00 \t\r\n")
    if not packet.strip(b"\x00 \t\r\n"):
        return {}
    if len(packet) > XMP_MAX_BYTES:
        warnings.append(f"{label}: the packet is {len(packet) // (1024 * 1024)} MB; ignored")
        return {}
    root = _parse_tree(packet, warnings, label)
    if root is None:
        return {}
    properties: dict[str, Any] = {}
    rdf_roots = [root] if root.tag == f"{{{RDF}}}RDF" else list(root.iter(f"{{{RDF}}}RDF"))
    for rdf_root in rdf_roots:
        # Only descriptions directly under rdf:RDF describe the image; nested ones are
        # members of structures (artwork, locations) and must not leak to the top.
        for description in rdf_root.findall(f"{{{RDF}}}Description"):
            for key, value in _struct(description).items():
                properties.setdefault(key, value)
    return properties


def _merge(packets: list[dict[str, Any]], data: XMPData) -> None:
    """Later packets win where they differ (as exiftool); the merge is reported."""
    differing: list[str] = []
    for properties in packets:
        for key, value in properties.items():
            if key in data.properties and data.properties[key] != value and key not in differing:
                differing.append(key)
            data.properties[key] = value
    where = f"; the later one is used for {', '.join(differing[:6])}" if differing else ""
    data.warnings.append(f"XMP: {len(packets)} packets in the file, merged{where}")


def read_packets(found: Packets) -> XMPData | None:
    data = XMPData(warnings=list(found.warnings))
    mains = list(dict.fromkeys(found.main))  # the same packet twice is one packet
    if not mains:
        if found.extensions:
            data.warnings.append("XMP: Extended XMP without a main packet; ignored")
            return data
        return None if not data.warnings else data
    parsed: list[dict[str, Any]] = []
    for packet in mains:
        properties = parse_packet(packet, data.warnings)
        guid = _as_text(properties.get("xmpNote:HasExtendedXMP")).encode("ascii", "ignore")
        if guid:
            extension = _join_extension(found, guid, data.warnings)
            if extension:
                for key, value in parse_packet(extension, data.warnings, "Extended XMP").items():
                    properties.setdefault(key, value)
        if properties:
            parsed.append(properties)
    if not any(_as_text(p.get("xmpNote:HasExtendedXMP")) for p in parsed) and found.extensions:
        data.warnings.append("XMP: Extended XMP chunks present but not named by the main packet; ignored")
    if len(parsed) == 1:
        data.properties = parsed[0]
    elif parsed:
        _merge(parsed, data)
    return data


def read_list(packets: Sequence[bytes]) -> XMPData | None:
    """XMP from packets found outside a JPEG (PNG chunks, WebP, TIFF), in file order."""
    return read_packets(Packets(main=list(packets))) if packets else None


def read_single(packet: bytes | None) -> XMPData | None:
    return read_list([packet] if packet is not None else [])


# --- writing -------------------------------------------------------------------------


def _xml(text: str) -> str:
    # XML 1.0 cannot hold control characters, even escaped: they are dropped, not escaped;
    # xml_text also drops lone surrogates, which UTF-8 cannot encode at all.
    return escape(xml_text(clean(text)[0]))


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml(text)}</rdf:li></rdf:Alt>'


def _seq(items: Sequence[str], kind: str = "Seq") -> str:
    return f"<rdf:{kind}>" + "".join(f"<rdf:li>{_xml(i)}</rdf:li>" for i in items) + f"</rdf:{kind}>"


def build_packet(fields: Mapping[str, Any]) -> bytes:
    """An XMP packet carrying a photo's credit.

    Understood keys: caption, creator (list or str), credit_line, source, copyright,
    usage_terms, alt_text, headline, title, date_created, agency_ref, city, country,
    keywords, web_statement. Empty values are left out.
    """
    def text(name: str) -> str:
        value = fields.get(name) or ""
        return ("; ".join(value) if isinstance(value, (list, tuple)) else str(value)).strip()

    def items(name: str) -> list[str]:
        value = fields.get(name) or []
        values = [value] if isinstance(value, str) else list(value)
        return [str(v).strip() for v in values if str(v).strip()]

    parts: list[str] = []
    if items("creator"):
        parts.append(f"<dc:creator>{_seq(items('creator'))}</dc:creator>")
    for name, prop in (("caption", "dc:description"), ("copyright", "dc:rights"), ("title", "dc:title"),
                       ("usage_terms", "xmpRights:UsageTerms"), ("alt_text", "Iptc4xmpCore:AltTextAccessibility")):
        if text(name):
            parts.append(f"<{prop}>{_alt(text(name))}</{prop}>")
    if items("keywords"):
        parts.append(f"<dc:subject>{_seq(items('keywords'), 'Bag')}</dc:subject>")
    for name, prop in (("credit_line", "photoshop:Credit"), ("source", "photoshop:Source"),
                       ("headline", "photoshop:Headline"), ("date_created", "photoshop:DateCreated"),
                       ("agency_ref", "photoshop:TransmissionReference"), ("city", "photoshop:City"),
                       ("country", "photoshop:Country"), ("web_statement", "xmpRights:WebStatement")):
        if text(name):
            parts.append(f"<{prop}>{_xml(text(name))}</{prop}>")
    namespaces = " ".join(f'xmlns:{p}="{NAMESPACES[p]}"' for p in ("dc", "photoshop", "xmpRights", "Iptc4xmpCore"))
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="" {namespaces}>'
        + "".join(parts)
        + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return body.encode("utf-8")
