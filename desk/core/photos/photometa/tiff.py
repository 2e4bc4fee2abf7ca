"""TIFF structure (classic and BigTIFF): directories and the raw bytes of their tags.

Used for TIFF files and for EXIF, which is a TIFF structure inside a JPEG APP1, a PNG
eXIf chunk or a WebP EXIF chunk. Tags are returned as raw bytes in file order, whatever
type the writer declared: IIM written as LONG (every TIFF with IIM in the test corpus)
is the same byte stream as IIM written as UNDEFINED, and reading the integers back (as
Pillow does) would reorder the bytes of a little-endian file.

Never raises on damage: a directory that points outside the data, loops, or declares
absurd counts is cut short and the reason lands in ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desk.core.photos.photometa.limits import TIFF_MAX_ENTRIES, TIFF_MAX_IFDS, check_time

# type -> bytes per value
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}
INTEGER_TYPES = {1: False, 3: False, 4: False, 6: True, 8: True, 9: True, 13: False, 16: False, 17: True, 18: False}

IMAGE_WIDTH = 256
IMAGE_LENGTH = 257
BITS_PER_SAMPLE = 258
COMPRESSION = 259
IMAGE_DESCRIPTION = 270
ORIENTATION = 274
SAMPLES_PER_PIXEL = 277
ROWS_PER_STRIP = 278
ARTIST = 315
TILE_WIDTH = 322
TILE_LENGTH = 323
SUB_IFDS = 330
SAMPLE_FORMAT = 339
XMP = 700
COPYRIGHT = 33432
IPTC = 33723
PHOTOSHOP = 34377
EXIF_IFD = 34665


@dataclass(frozen=True)
class Entry:
    tag: int
    type: int
    count: int
    raw: bytes  # count × type size bytes, in file order


@dataclass
class Directory:
    entries: dict[int, Entry] = field(default_factory=dict)
    next_offset: int = 0


@dataclass
class Tiff:
    data: bytes
    little: bool
    big: bool
    first_offset: int
    warnings: list[str] = field(default_factory=list)

    @property
    def order(self) -> str:
        return "little" if self.little else "big"

    def ints(self, entry: Entry | None) -> list[int]:
        if entry is None or entry.type not in INTEGER_TYPES:
            return []
        size = TYPE_SIZES[entry.type]
        signed = INTEGER_TYPES[entry.type]
        return [int.from_bytes(entry.raw[i : i + size], self.order, signed=signed) for i in range(0, len(entry.raw), size)]

    def first_int(self, entry: Entry | None, default: int = 0) -> int:
        values = self.ints(entry)
        return values[0] if values else default

    def directory(self, offset: int, label: str = "IFD") -> Directory:
        """The entries of the directory at ``offset``; damage is warned and cut short."""
        found = Directory()
        data = self.data
        head, entry_size, count_size = (8, 20, 8) if self.big else (2, 12, 2)
        if offset <= 0 or offset + head > len(data):
            self.warnings.append(f"TIFF: {label} offset {offset} is outside the file")
            return found
        count = int.from_bytes(data[offset : offset + count_size], self.order)
        if count > TIFF_MAX_ENTRIES:
            self.warnings.append(f"TIFF: {label} declares {count} entries; the first {TIFF_MAX_ENTRIES} are read")
            count = TIFF_MAX_ENTRIES
        pos = offset + count_size
        inline = 8 if self.big else 4
        value_size = 8 if self.big else 4
        for _ in range(count):
            if pos + entry_size > len(data):
                self.warnings.append(f"TIFF: {label} runs past the end of the file")
                return found
            tag = int.from_bytes(data[pos : pos + 2], self.order)
            kind = int.from_bytes(data[pos + 2 : pos + 4], self.order)
            n = int.from_bytes(data[pos + 4 : pos + 4 + value_size], self.order)
            value_at = pos + 4 + value_size
            pos += entry_size
            size = TYPE_SIZES.get(kind)
            if size is None:
                continue  # unknown type: cannot be sized, and no tag Desk reads has it
            length = size * n
            if length <= inline:
                raw = data[value_at : value_at + length]
            else:
                where = int.from_bytes(data[value_at : value_at + value_size], self.order)
                if where + length > len(data):
                    self.warnings.append(f"TIFF: tag {tag} points past the end of the file; ignored")
                    continue
                raw = data[where : where + length]
            found.entries.setdefault(tag, Entry(tag, kind, n, raw))
        found.next_offset = int.from_bytes(data[pos : pos + value_size], self.order) if pos + value_size <= len(data) else 0
        return found

    def chain(self) -> list[Directory]:
        """IFD0 and the directories it chains to (the pages), loops and excess cut."""
        found: list[Directory] = []
        seen: set[int] = set()
        offset = self.first_offset
        while offset and offset not in seen:
            check_time()
            if len(found) >= TIFF_MAX_IFDS:
                self.warnings.append(f"TIFF: more than {TIFF_MAX_IFDS} pages; the rest are not read")
                break
            seen.add(offset)
            directory = self.directory(offset, "IFD0" if not found else f"IFD{len(found)}")
            found.append(directory)
            offset = directory.next_offset
        return found


def parse(data: bytes) -> Tiff | None:
    """The TIFF header of ``data`` (classic or BigTIFF), or None when it is not one."""
    if len(data) < 8:
        return None
    if data[:2] == b"II":
        little = True
    elif data[:2] == b"MM":
        little = False
    else:
        return None
    order = "little" if little else "big"
    magic = int.from_bytes(data[2:4], order)
    if magic == 42:
        return Tiff(data, little, False, int.from_bytes(data[4:8], order))
    if magic == 43 and len(data) >= 16:
        if int.from_bytes(data[4:6], order) != 8:
            return None
        return Tiff(data, little, True, int.from_bytes(data[8:16], order))
    return None
