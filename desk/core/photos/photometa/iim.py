"""IPTC-IIM: reading and writing the legacy record agencies still fill first.

IIM lives in a Photoshop image-resource block (APP13 "Photoshop 3.0", resource 0x0404);
resource 0x0425 holds an MD5 of that block, which tells us whether a legacy tool edited
the IIM after Photoshop last synchronised it with XMP (see reader.py for the rule).
Lengths in IIM are bytes, and the character set is declared (1:90) or guessed per dataset.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from desk.core.photos.photometa import jpeg
from desk.core.photos.photometa.limits import IIM_MAX_BYTES
from desk.core.photos.photometa.text import clean

PHOTOSHOP_SIGNATURE = b"Photoshop 3.0\x00"
RESOURCE_IPTC = 0x0404
RESOURCE_IPTC_DIGEST = 0x0425
UTF8_DECLARATION = b"\x1b%G"  # ESC % G, ISO 2022 for UTF-8

# TIFF tags: raw IIM (IPTC-NAA) and a whole Photoshop resource block.
TIFF_TAG_IPTC = 33723
TIFF_TAG_PHOTOSHOP = 34377

# Record 2 datasets Desk reads or writes, with their maximum length in bytes.
OBJECT_NAME = 5
KEYWORDS = 25
INSTRUCTIONS = 40
DATE_CREATED = 55
TIME_CREATED = 60
BYLINE = 80
BYLINE_TITLE = 85
CITY = 90
COUNTRY = 101
JOB_ID = 103
HEADLINE = 105
CREDIT = 110
SOURCE = 115
COPYRIGHT = 116
CAPTION = 120
CAPTION_WRITER = 122

MAX_BYTES: dict[int, int] = {
    OBJECT_NAME: 64,
    KEYWORDS: 64,
    INSTRUCTIONS: 256,
    DATE_CREATED: 8,
    TIME_CREATED: 11,
    BYLINE: 32,
    BYLINE_TITLE: 32,
    CITY: 32,
    COUNTRY: 64,
    JOB_ID: 32,
    HEADLINE: 256,
    CREDIT: 32,
    SOURCE: 32,
    COPYRIGHT: 128,
    CAPTION: 2000,
    CAPTION_WRITER: 32,
}
REPEATABLE = frozenset({KEYWORDS, BYLINE, BYLINE_TITLE})

DIGEST_MATCH = "match"
DIGEST_MISMATCH = "mismatch"
DIGEST_ABSENT = "absent"


@dataclass
class IIMRecord:
    """Decoded record-2 text, one list per dataset number, in file order."""

    values: dict[int, list[str]] = field(default_factory=dict)
    utf8_declared: bool = False
    digest: str = DIGEST_ABSENT
    # Datasets whose bytes hit the IIM limit or ended mid-character: likely cut short.
    truncated: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def first(self, dataset: int) -> str:
        found = self.values.get(dataset)
        return found[0] if found else ""

    def value(self, dataset: int) -> str:
        """A non-repeatable dataset's value: the last one when a writer repeated it (a
        later edit appended), as exiftool reads it."""
        found = [v for v in self.values.get(dataset, []) if v]
        return found[-1] if found else ""


# --- reading -------------------------------------------------------------------------


def parse_resources(block: bytes, warnings: list[str]) -> dict[int, bytes]:
    """Photoshop image resources ("8BIM" + id + Pascal name + size + data, even-padded)."""
    resources: dict[int, bytes] = {}
    pos = 0
    size = len(block)
    while pos + 12 <= size:
        if block[pos : pos + 4] != b"8BIM":
            # Padding at the end of a block is common; anything else is worth a word.
            if block[pos:].strip(b"\x00"):
                warnings.append("IIM: Photoshop resource block has trailing data that is not a resource")
            break
        resource_id = int.from_bytes(block[pos + 4 : pos + 6], "big")
        name_length = block[pos + 6]
        name_field = 1 + name_length + ((1 + name_length) % 2)
        size_at = pos + 6 + name_field
        if size_at + 4 > size:
            warnings.append("IIM: Photoshop resource header runs past the segment")
            break
        data_length = int.from_bytes(block[size_at : size_at + 4], "big")
        data_at = size_at + 4
        if data_at + data_length > size:
            warnings.append(
                f"IIM: Photoshop resource 0x{resource_id:04X} declares {data_length} bytes, "
                "more than the segment holds; ignored"
            )
            break
        resources.setdefault(resource_id, block[data_at : data_at + data_length])
        pos = data_at + data_length + (data_length % 2)
    return resources


def parse_datasets(iim: bytes, warnings: list[str]) -> list[tuple[int, int, bytes]]:
    """(record, dataset, raw bytes) in file order; stops at the first damaged dataset."""
    found: list[tuple[int, int, bytes]] = []
    pos = 0
    size = len(iim)
    while pos < size:
        if iim[pos] != 0x1C:
            # Writers pad the block with zeros; real junk means we lost the thread.
            if iim[pos:].strip(b"\x00"):
                warnings.append(f"IIM: unexpected byte 0x{iim[pos]:02X} at offset {pos}; rest ignored")
            break
        if pos + 5 > size:
            warnings.append("IIM: dataset header runs past the end of the block; rest ignored")
            break
        record, dataset = iim[pos + 1], iim[pos + 2]
        length = int.from_bytes(iim[pos + 3 : pos + 5], "big")
        pos += 5
        if length & 0x8000:
            # Extended dataset: the low 15 bits give how many bytes hold the length.
            count = length & 0x7FFF
            if count == 0 or count > 4 or pos + count > size:
                warnings.append(f"IIM: dataset {record}:{dataset:02d} has a bad extended length; rest ignored")
                break
            length = int.from_bytes(iim[pos : pos + count], "big")
            pos += count
        if pos + length > size:
            warnings.append(
                f"IIM: dataset {record}:{dataset:02d} declares {length} bytes but only "
                f"{size - pos} remain; rest ignored"
            )
            break
        found.append((record, dataset, iim[pos : pos + length]))
        pos += length
    return found


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "cp1252" or "latin-1"
    cut_mid_character: bool = False


def decode_text(raw: bytes) -> Decoded:
    """Strict UTF-8, then Windows-1252, then Latin-1 (which never fails).

    A UTF-8 value whose only fault is an incomplete character at the very end was cut at
    a byte limit: keep the UTF-8 reading without the broken tail rather than turn the
    whole value into cp1252 mojibake.
    """
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start >= len(raw) - 3:
            try:
                return Decoded(raw[: err.start].decode("utf-8"), "utf-8", cut_mid_character=True)
            except UnicodeDecodeError:
                pass
    try:
        return Decoded(raw.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(raw.decode("latin-1"), "latin-1")


def decode_record(iim: bytes, digest: str = DIGEST_ABSENT) -> IIMRecord:
    record = IIMRecord(digest=digest)
    if len(iim) > IIM_MAX_BYTES:
        record.warnings.append(f"IIM: the record is {len(iim) // 1024} KB, far beyond any real one; ignored")
        return record
    datasets = parse_datasets(iim, record.warnings)
    record.utf8_declared = any(r == 1 and d == 90 and v.startswith(UTF8_DECLARATION) for r, d, v in datasets)
    legacy: dict[str, list[str]] = {}
    controls: list[str] = []
    for rec, ds, raw in datasets:
        if rec != 2 or ds == 0:
            continue
        if ds in (DATE_CREATED, TIME_CREATED):
            text = raw.decode("ascii", "replace")
        else:
            decoded = decode_text(raw)
            text = decoded.text
            if decoded.cut_mid_character:
                record.truncated.add(ds)
                record.warnings.append(f"IIM: 2:{ds:02d} was cut inside a multi-byte character at {len(raw)} bytes")
            elif ds in MAX_BYTES and len(raw) >= MAX_BYTES[ds]:
                record.truncated.add(ds)
            if decoded.encoding != "utf-8":
                legacy.setdefault(decoded.encoding, []).append(f"2:{ds:02d}")
        # Photoshop writes CR line breaks; some writers pad with NULs; ESC, BEL, VT are seen.
        text, removed = clean(text.strip("\x00"))
        if removed:
            controls.append(f"2:{ds:02d}")
        record.values.setdefault(ds, []).append(text.strip())
    if controls:
        record.warnings.append(f"IIM: control characters removed from {', '.join(dict.fromkeys(controls))}")
    for encoding, where in legacy.items():
        name = "Windows-1252" if encoding == "cp1252" else "Latin-1"
        declared = " despite the UTF-8 declaration" if record.utf8_declared else ""
        record.warnings.append(
            f"IIM: {', '.join(where)} decoded as {name}{declared}; "
            "check accented letters (Mac Roman looks the same to a machine)"
        )
    return record


def digest_status(resources: Mapping[int, bytes], iim: bytes) -> str:
    stored = resources.get(RESOURCE_IPTC_DIGEST)
    if stored is None or len(stored) != 16:
        return DIGEST_ABSENT
    return DIGEST_MATCH if hashlib.md5(iim).digest() == stored else DIGEST_MISMATCH


def read_resource_block(block: bytes) -> IIMRecord | None:
    warnings: list[str] = []
    resources = parse_resources(block, warnings)
    iim = resources.get(RESOURCE_IPTC)
    if iim is None:
        return IIMRecord(warnings=warnings) if warnings else None
    record = decode_record(iim, digest_status(resources, iim))
    record.warnings[:0] = warnings
    return record


def read_jpeg(layout: jpeg.JpegLayout) -> IIMRecord | None:
    """IIM from the APP13 segments. A resource block larger than one segment continues in
    the next APP13, which repeats the signature; the pieces are joined before parsing."""
    pieces = [p[len(PHOTOSHOP_SIGNATURE) :] for p in jpeg.app_payloads(layout, jpeg.APP13) if p.startswith(PHOTOSHOP_SIGNATURE)]
    if not pieces:
        return None
    return read_resource_block(b"".join(pieces))


def read_tiff(iptc: bytes | None, photoshop: bytes | None) -> IIMRecord | None:
    """IIM from a TIFF's tags, as raw bytes whatever their declared type (tiff.py): a
    whole Photoshop resource block (34377) first, else the bare IPTC-NAA record (33723)."""
    resources: dict[int, bytes] = {}
    warnings: list[str] = []
    if photoshop:
        resources = parse_resources(photoshop, warnings)
        if RESOURCE_IPTC in resources:
            found = read_resource_block(photoshop)
            if found is not None:
                return found
    if not iptc:
        return IIMRecord(warnings=warnings) if warnings else None
    # The IIM's own tag, with Photoshop's digest of it kept in the resource block.
    found = decode_record(iptc.rstrip(b"\x00"), digest_status(resources, iptc))
    found.warnings[:0] = warnings
    return found


def read_block(data: bytes) -> IIMRecord | None:
    """IIM handed over without a JPEG around it (TIFF tag, PNG raw profile): a raw
    record (starting with 0x1C) or a Photoshop resource block ("8BIM")."""
    if data.startswith(b"8BIM"):
        return read_resource_block(data)
    if data.startswith(PHOTOSHOP_SIGNATURE):
        return read_resource_block(data[len(PHOTOSHOP_SIGNATURE):])
    if data[:1] == b"\x1c":
        return decode_record(data.rstrip(b"\x00"))
    return IIMRecord(warnings=["IIM: a block that is neither an IIM record nor Photoshop resources; ignored"])


# --- writing -------------------------------------------------------------------------


def truncate_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits in ``limit`` bytes."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")


def _dataset(record: int, number: int, value: bytes) -> bytes:
    if len(value) > 0x7FFF:
        raise ValueError(f"IIM dataset {record}:{number} too long ({len(value)} bytes)")
    return bytes((0x1C, record, number)) + len(value).to_bytes(2, "big") + value


def build_iim(values: Mapping[int, str | Sequence[str]]) -> bytes:
    """Record 1 declaring UTF-8, then record 2 in dataset order.

    ``values`` maps record-2 dataset numbers to text (or lists for repeatable ones).
    Each value is cut at its IIM byte limit without splitting a character; CR/LF become
    LF. Empty values are left out.
    """
    out = bytearray(_dataset(1, 90, UTF8_DECLARATION))
    out += _dataset(2, 0, (4).to_bytes(2, "big"))  # record version 4
    for number in sorted(values):
        value = values[number]
        items = [value] if isinstance(value, str) else list(value)
        if number not in REPEATABLE:
            items = items[:1]
        limit = MAX_BYTES.get(number, 2000)
        for item in items:
            text = truncate_utf8(clean(item)[0].strip(), limit)
            if text:
                out += _dataset(2, number, text.encode("utf-8"))
    return bytes(out)


def _resource(resource_id: int, data: bytes) -> bytes:
    # Empty Pascal name (length byte + pad byte), size, data padded to an even length.
    return b"8BIM" + resource_id.to_bytes(2, "big") + b"\x00\x00" + len(data).to_bytes(4, "big") + data + b"\x00" * (len(data) % 2)


def build_resource_block(iim: bytes) -> bytes:
    """The IIM resource plus its MD5, so MWG readers treat IIM and XMP as in sync."""
    return _resource(RESOURCE_IPTC, iim) + _resource(RESOURCE_IPTC_DIGEST, hashlib.md5(iim).digest())


def build_app13(values: Mapping[int, str | Sequence[str]]) -> bytes:
    """A complete APP13 segment (marker, length, payload)."""
    return jpeg.segment(jpeg.APP13, PHOTOSHOP_SIGNATURE + build_resource_block(build_iim(values)))


def embed_in_jpeg(data: bytes, values: Mapping[int, str | Sequence[str]]) -> bytes:
    """JPEG bytes with any Photoshop APP13 replaced by one carrying ``values``.

    Other Photoshop resources in the old segment (paths, slices) are not kept: this is
    meant for renditions Desk generates, not for editing originals.
    """
    return jpeg.insert_segments(
        data,
        [build_app13(values)],
        drop=lambda seg: seg.marker == jpeg.APP13 and seg.payload.startswith(PHOTOSHOP_SIGNATURE),
    )
