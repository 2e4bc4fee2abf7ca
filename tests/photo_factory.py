"""Agency-like test photos, built byte by byte.

Independent of desk's own writers on purpose: the reader is tested against bytes laid
out here from the specifications (IPTC-IIM 4.2, Photoshop image resources, XMP part 3),
so a mistake shared by desk's writer and reader cannot hide.

    jpeg = agency_jpeg(
        iim={80: ["Paul Sancya"], 110: "AP", 120: "Caption. (AP Photo/Paul Sancya)"},
        xmp={"dc:creator": ["Paul Sancya"], "photoshop:Credit": "AP"},
        digest="match",
    )
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from typing import Any, Iterable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, PngImagePlugin

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmpNote": "http://ns.adobe.com/xmp/note/",
}
ALT_PROPERTIES = {"dc:description", "dc:rights", "dc:title", "xmpRights:UsageTerms", "Iptc4xmpCore:AltTextAccessibility"}
SEQ_PROPERTIES = {"dc:creator"}
BAG_PROPERTIES = {"dc:subject"}

UTF8_DECLARATION = b"\x1b%G"


# --- pixels --------------------------------------------------------------------------


def base_jpeg(width: int = 64, height: int = 48, mode: str = "RGB", exif: Mapping[int, Any] | None = None,
              color: Any = None, quality: int = 85) -> bytes:
    """A plain JPEG from Pillow, optionally with EXIF tags (0th IFD tag numbers)."""
    image = Image.new(mode, (width, height), color if color is not None else _default_color(mode))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {"quality": quality}
    if exif:
        tags = Image.Exif()
        for tag, value in exif.items():
            tags[tag] = value
        kwargs["exif"] = tags.tobytes()
    image.save(out, "JPEG", **kwargs)
    return out.getvalue()


def _default_color(mode: str) -> Any:
    return {"RGB": (200, 80, 40), "CMYK": (0, 120, 200, 30), "L": 128}.get(mode, 0)


# --- IIM -----------------------------------------------------------------------------


def iim_dataset(record: int, number: int, value: bytes | str) -> bytes:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    if len(raw) > 0x7FFF:
        # Extended dataset: the length field says "4 bytes of length follow".
        return bytes((0x1C, record, number)) + (0x8004).to_bytes(2, "big") + len(raw).to_bytes(4, "big") + raw
    return bytes((0x1C, record, number)) + len(raw).to_bytes(2, "big") + raw


def iim_block(values: Mapping[int, bytes | str | Sequence[bytes | str]] | Iterable[tuple[int, bytes | str]],
              utf8: bool = True) -> bytes:
    """Record 1 (UTF-8 declared when ``utf8``) then record 2 datasets as given.

    ``values`` maps 2:xx dataset numbers to bytes/str or lists of them (repeatable), or
    is a sequence of (number, value) pairs when order or duplicates matter.
    """
    out = bytearray()
    if utf8:
        out += iim_dataset(1, 90, UTF8_DECLARATION)
    out += iim_dataset(2, 0, b"\x00\x04")
    pairs = values.items() if isinstance(values, Mapping) else values
    for number, value in pairs:
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            out += iim_dataset(2, number, item)
    return bytes(out)


def photoshop_resource(resource_id: int, data: bytes, name: bytes = b"") -> bytes:
    pascal = bytes([len(name)]) + name
    if len(pascal) % 2:
        pascal += b"\x00"
    return b"8BIM" + struct.pack(">H", resource_id) + pascal + struct.pack(">I", len(data)) + data + b"\x00" * (len(data) % 2)


def app13(iim: bytes, digest: str | None = "match") -> bytes:
    """APP13 "Photoshop 3.0" with the IIM resource and, unless ``digest`` is None, the
    0x0425 MD5 ("match": of this IIM; "mismatch": of something else)."""
    block = photoshop_resource(0x0404, iim)
    if digest == "match":
        block += photoshop_resource(0x0425, hashlib.md5(iim).digest())
    elif digest == "mismatch":
        block += photoshop_resource(0x0425, hashlib.md5(iim + b"edited").digest())
    return segment(0xED, b"Photoshop 3.0\x00" + block)


# --- XMP -----------------------------------------------------------------------------


def xmp_packet(props: Mapping[str, str | Sequence[str]], attribute_form: bool = False, extra_xml: str = "") -> bytes:
    """An XMP packet: lists become Seq/Bag, known lang-alt properties an Alt with
    x-default, simple ones elements (or attributes when ``attribute_form``)."""
    attributes: list[str] = []
    elements: list[str] = []
    for name, value in props.items():
        if name in ALT_PROPERTIES:
            elements.append(f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(str(value))}</rdf:li>'
                            f'<rdf:li xml:lang="fr">ignored</rdf:li></rdf:Alt></{name}>')
        elif isinstance(value, (list, tuple)) or name in SEQ_PROPERTIES | BAG_PROPERTIES:
            kind = "Bag" if name in BAG_PROPERTIES else "Seq"
            items = [value] if isinstance(value, str) else value
            elements.append(f"<{name}><rdf:{kind}>" + "".join(f"<rdf:li>{escape(i)}</rdf:li>" for i in items)
                            + f"</rdf:{kind}></{name}>")
        elif attribute_form:
            attributes.append(f"{name}={quoteattr(str(value))}")
        else:
            elements.append(f"<{name}>{escape(str(value))}</{name}>")
    xmlns = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    return (
        "<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {xmlns} {" ".join(attributes)}>'
        + "".join(elements) + extra_xml
        + "</rdf:Description></rdf:RDF></x:xmpmeta>\n" + " " * 200 + '\n<?xpacket end="w"?>'
    ).encode("utf-8")


def app1_xmp(packet: bytes, header: str = "standard") -> bytes:
    prefix = {"standard": b"http://ns.adobe.com/xap/1.0/\x00", "legacy": b"XMP\x00://ns.adobe.com/xap/1.0/\x00"}[header]
    return segment(0xE1, prefix + packet)


def extended_xmp_segments(packet: bytes, guid: str, chunk_size: int = 1000) -> list[bytes]:
    """Extended XMP split in chunks: header, 32-char GUID, full length, offset, data."""
    assert len(guid) == 32
    out = []
    for offset in range(0, len(packet), chunk_size):
        body = (b"http://ns.adobe.com/xmp/extension/\x00" + guid.encode("ascii")
                + struct.pack(">II", len(packet), offset) + packet[offset : offset + chunk_size])
        out.append(segment(0xE1, body))
    return out


# --- assembling ----------------------------------------------------------------------


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def insert_after_app0(jpeg: bytes, segments: Sequence[bytes]) -> bytes:
    """Segments placed after SOI and any APP0/APP1(EXIF) Pillow wrote."""
    pos = 2
    while jpeg[pos] == 0xFF and jpeg[pos + 1] in (0xE0, 0xE1):
        pos += 2 + struct.unpack(">H", jpeg[pos + 2 : pos + 4])[0]
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def agency_jpeg(iim: Mapping[int, Any] | Iterable[tuple[int, Any]] | None = None,
                xmp: Mapping[str, Any] | None = None, digest: str | None = "match", exif: Mapping[int, Any] | None = None,
                utf8: bool = True, width: int = 64, height: int = 48, mode: str = "RGB",
                xmp_header: str = "standard", extra_segments: Sequence[bytes] = ()) -> bytes:
    """A JPEG as an agency sends it: IIM in APP13 (with a digest), XMP in APP1, EXIF."""
    segments: list[bytes] = []
    if xmp is not None:
        segments.append(app1_xmp(xmp_packet(xmp), xmp_header))
    segments.extend(extra_segments)
    if iim is not None:
        segments.append(app13(iim_block(iim, utf8=utf8), digest))
    return insert_after_app0(base_jpeg(width, height, mode, exif), segments)


def png_bytes(width: int, height: int, mode: str = "RGB", value: Any = 0, itxt: Mapping[str, str] | None = None) -> bytes:
    image = Image.new(mode, (width, height), value)
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    for key, text in (itxt or {}).items():
        info.add_itxt(key, text)
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` but holds almost no data:
    enough to reach a decompression-bomb check without allocating anything."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def jpeg_with_size(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header is patched to claim ``width`` x ``height``."""
    data = bytearray(base_jpeg(16, 16))
    pos = 2
    while True:
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if 0xC0 <= marker <= 0xC3:
            data[pos + 5 : pos + 9] = struct.pack(">HH", height, width)
            return bytes(data)
        pos += 2 + length


# --- TIFF and PNG built by hand ------------------------------------------------------------

TIFF_TYPES = {"BYTE": (1, 1), "ASCII": (2, 1), "SHORT": (3, 2), "LONG": (4, 4), "UNDEFINED": (7, 1)}


def tiff_bytes(width: int = 8, height: int = 6, tags: Sequence[tuple[int, str, bytes]] = (), little: bool = True,
               big_tiff: bool = False) -> bytes:
    """An uncompressed 8-bit RGB TIFF (classic or BigTIFF, either byte order) with extra
    IFD0 tags given as (tag, type name, raw value bytes in file order). The raw bytes of
    a LONG-typed tag are written as they are, as writers of IPTC-as-LONG do."""
    order = "<" if little else ">"
    pixels = b"".join(bytes((x * 30 % 256, y * 40 % 256, 128)) for y in range(height) for x in range(width))

    def num(value: int, kind: str) -> bytes:
        return struct.pack(order + {"SHORT": "H", "LONG": "I"}[kind], value)

    entries: list[tuple[int, int, int, bytes]] = [
        (256, 3, 1, num(width, "SHORT")), (257, 3, 1, num(height, "SHORT")),
        (258, 3, 3, num(8, "SHORT") * 3), (259, 3, 1, num(1, "SHORT")), (262, 3, 1, num(2, "SHORT")),
        (273, 4, 1, b""),  # strip offset: patched below
        (277, 3, 1, num(3, "SHORT")), (278, 3, 1, num(height, "SHORT")),
        (279, 4, 1, num(len(pixels), "LONG")),
    ]
    for tag, kind, raw in tags:
        code, size = TIFF_TYPES[kind]
        entries.append((tag, code, len(raw) // size, raw))
    entries.sort(key=lambda e: e[0])
    head = 16 if big_tiff else 8
    entry_size, count_size, pointer = (20, 8, 8) if big_tiff else (12, 2, 4)
    inline = 8 if big_tiff else 4
    ifd_at = head
    ifd_size = count_size + entry_size * len(entries) + pointer
    data_at = ifd_at + ifd_size
    blobs = bytearray()
    strip_at = data_at
    blobs += pixels
    if len(blobs) % 2:
        blobs += b"\x00"
    body = bytearray()
    body += struct.pack(order + ("Q" if big_tiff else "H"), len(entries))
    for tag, code, count, raw in entries:
        if tag == 273:
            raw = struct.pack(order + "I", strip_at)
        if big_tiff:
            body += struct.pack(order + "HHQ", tag, code, count)
        else:
            body += struct.pack(order + "HHI", tag, code, count)
        if len(raw) <= inline:
            body += raw + b"\x00" * (inline - len(raw))
        else:
            offset = data_at + len(blobs)
            blobs += raw + b"\x00" * (len(raw) % 2)
            body += struct.pack(order + ("Q" if big_tiff else "I"), offset)
    body += b"\x00" * pointer
    if big_tiff:
        header = (b"II" if little else b"MM") + struct.pack(order + "HHHQ", 43, 8, 0, head)
    else:
        header = (b"II" if little else b"MM") + struct.pack(order + "HI", 42, head)
    return header + bytes(body) + bytes(blobs)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_chunks(before: Sequence[bytes] = (), after: Sequence[bytes] = (), width: int = 8, height: int = 6) -> bytes:
    """A real RGB PNG with extra chunks (made with png_chunk) before and after its IDAT."""
    plain = png_bytes(width, height, value=(90, 120, 150))
    pos, chunks = 8, []
    while pos < len(plain):
        length = struct.unpack(">I", plain[pos : pos + 4])[0]
        chunks.append(plain[pos : pos + 12 + length])
        pos += 12 + length
    ihdr, rest = chunks[0], chunks[1:]
    idat = [c for c in rest if c[4:8] == b"IDAT"]
    return plain[:8] + ihdr + b"".join(before) + b"".join(idat) + b"".join(after) + png_chunk(b"IEND", b"")


def raw_profile(name: str, payload: bytes) -> bytes:
    """ImageMagick's hex text for a 'Raw profile type NAME' chunk."""
    digits = payload.hex()
    lines = "\n".join(digits[i : i + 72] for i in range(0, len(digits), 72))
    return f"\n{name}\n{len(payload):8d}\n{lines}\n".encode("ascii")


def text_chunk(kind: str, keyword: str, text: bytes) -> bytes:
    """tEXt, zTXt or iTXt (compressed when kind is 'iTXt-z') with ``text`` as its value."""
    key = keyword.encode("latin-1") + b"\x00"
    if kind == "tEXt":
        return png_chunk(b"tEXt", key + text)
    if kind == "zTXt":
        return png_chunk(b"zTXt", key + b"\x00" + zlib.compress(text))
    compressed = kind == "iTXt-z"
    return png_chunk(b"iTXt", key + bytes((int(compressed), 0)) + b"\x00\x00" + (zlib.compress(text) if compressed else text))
