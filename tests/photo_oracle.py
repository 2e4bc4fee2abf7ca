"""exiftool as an oracle for Desk's photo reader.

One ``exiftool -j`` call reads every file of a folder; its values are turned into the
Metadata Working Group view (the MWG composite tags exiftool computes itself, and for the
fields MWG leaves out — credit, source, headline, ... — the same IIM/XMP rule MWG.pm applies
to the caption, without the EXIF step). Desk's ``read_photo`` reads the same files, and
each field either side fills is one compared value.

Desk's merged fields are compared as read (``PhotoInfo.as_read``: before the placeholder
judgement, which exiftool does not make); each value that judgement then drops ("Caption"
as a caption, a camera's stamp, "no instructions", EXIF's ': : : :' date) is listed
apart as a judgement, with its reason, and the agreement of the values Desk keeps is
reported beside the figure.

exiftool runs with ``-use MWG`` but strict mode off (a config file sets
``$Image::ExifTool::MWG::strict = 0``): strict mode skips metadata in non-standard places
(IIM in a PNG text chunk, XMP in zTXt), which Desk reads on purpose.

    python -m tests.photo_oracle [FOLDER] [--all]   # the figure and every disagreement
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "fixtures" / "photo-corpus"
NOT_IMAGES = {".md", ".tsv"}

# Desk field -> how the exiftool view is computed (see exiftool_view).
MWG_COMPOSITES = {
    "creator": "MWG:Creator",
    "copyright": "MWG:Copyright",
    "caption": "MWG:Description",
    "keywords": "MWG:Keywords",
    "date_created": "MWG:DateTimeOriginal",
    "city": "MWG:City",
    "country": "MWG:Country",
}
# Fields MWG does not reconcile: (IIM tag, XMP tag, IIM byte limit), reconciled like
# MWG.pm's Description without its EXIF step.
IPTC_PAIRS = {
    "title": ("IPTC:ObjectName", "XMP-dc:Title", 64),
    "creator_title": ("IPTC:By-lineTitle", "XMP-photoshop:AuthorsPosition", 32),
    "credit_line": ("IPTC:Credit", "XMP-photoshop:Credit", 32),
    "source": ("IPTC:Source", "XMP-photoshop:Source", 32),
    "headline": ("IPTC:Headline", "XMP-photoshop:Headline", 256),
    "instructions": ("IPTC:SpecialInstructions", "XMP-photoshop:Instructions", 256),
    "agency_ref": ("IPTC:OriginalTransmissionReference", "XMP-photoshop:TransmissionReference", 32),
}
XMP_ONLY = {
    "usage_terms": "XMP-xmpRights:UsageTerms",
    "alt_text": "XMP-iptcCore:AltTextAccessibility",
}
# The IIM and XMP tags behind each MWG composite (MWG.pm's Desire lists) and the IIM byte
# limit, for IIM exiftool reads outside a Photoshop block (see exiftool_view).
MWG_IIM_XMP = {
    "creator": ("IPTC:By-line", ("XMP-dc:Creator",), 32),
    "copyright": ("IPTC:CopyrightNotice", ("XMP-dc:Rights",), 128),
    "caption": ("IPTC:Caption-Abstract", ("XMP-dc:Description",), 2000),
    "keywords": ("IPTC:Keywords", ("XMP-dc:Subject",), 64),
    "city": ("IPTC:City", ("XMP-photoshop:City", "XMP-iptcExt:LocationShownCity"), 32),
    "country": ("IPTC:Country-PrimaryLocationName",
                ("XMP-photoshop:Country", "XMP-iptcExt:LocationShownCountryName"), 64),
}
LIST_FIELDS = {"creator", "keywords"}
FIELDS = (*MWG_COMPOSITES, *IPTC_PAIRS, *XMP_ONLY, "size", "orientation")

# Each layer as read, before any judgement: Desk's value -> exiftool's tag.
IIM_TAGS = {
    5: "IPTC:ObjectName", 25: "IPTC:Keywords", 40: "IPTC:SpecialInstructions", 80: "IPTC:By-line",
    85: "IPTC:By-lineTitle", 90: "IPTC:City", 101: "IPTC:Country-PrimaryLocationName",
    103: "IPTC:OriginalTransmissionReference", 105: "IPTC:Headline", 110: "IPTC:Credit", 115: "IPTC:Source",
    116: "IPTC:CopyrightNotice", 120: "IPTC:Caption-Abstract", 122: "IPTC:Writer-Editor",
}
IIM_LISTS = {25, 80, 85}
XMP_TAGS = {
    "title": "XMP-dc:Title", "keywords": "XMP-dc:Subject", "creator": "XMP-dc:Creator", "copyright": "XMP-dc:Rights",
    "caption": "XMP-dc:Description", "instructions": "XMP-photoshop:Instructions",
    "date_created": "XMP-photoshop:DateCreated", "creator_title": "XMP-photoshop:AuthorsPosition",
    "city": "XMP-photoshop:City", "agency_ref": "XMP-photoshop:TransmissionReference",
    "headline": "XMP-photoshop:Headline", "credit_line": "XMP-photoshop:Credit", "source": "XMP-photoshop:Source",
    "caption_writer": "XMP-photoshop:CaptionWriter", "usage_terms": "XMP-xmpRights:UsageTerms",
    "web_statement": "XMP-xmpRights:WebStatement", "alt_text": "XMP-iptcCore:AltTextAccessibility",
    "image_supplier_image_id": "XMP-plus:ImageSupplierImageID",
}
EXIF_TAGS = {"artist": "Artist", "copyright": "Copyright", "description": "ImageDescription"}

# XMP groups compared property by property (exiftool group -> Desk's prefix); exiftool's
# tag id is the property's local name. EXIF and TIFF properties are left out: exiftool
# converts their rationals and codes, Desk keeps them as written and never uses them.
XMP_GROUPS = {
    "XMP-dc": "dc", "XMP-photoshop": "photoshop", "XMP-xmpRights": "xmpRights", "XMP-iptcCore": "Iptc4xmpCore",
    "XMP-iptcExt": "Iptc4xmpExt", "XMP-plus": "plus", "XMP-xmp": "xmp", "XMP-xmpNote": "xmpNote",
}
# IPTC record 1 (envelope) tags share dataset numbers with record 2; binary record-2 datasets.
# (exiftool's IPTC.pm: the EnvelopeRecord, NewsPhoto, PreObjectData, ObjectData and PostObjectData tables).
IIM_OTHER_RECORDS = {
    "EnvelopeRecordVersion", "Destination", "FileFormat", "FileVersion", "ServiceIdentifier", "EnvelopeNumber",
    "ProductID", "EnvelopePriority", "DateSent", "TimeSent", "CodedCharacterSet", "UniqueObjectName",
    "ARMIdentifier", "ARMVersion", "NewsPhotoVersion", "IPTCPictureNumber", "IPTCImageWidth", "IPTCImageHeight",
    "IPTCPixelWidth", "IPTCPixelHeight", "SupplementalType", "ColorRepresentation", "InterchangeColorSpace",
    "ColorSequence", "ColorCalibrationMatrix", "LookupTable", "NumIndexEntries", "ColorPalette",
    "IPTCBitsPerSample", "SampleStructure", "ScanningDirection", "IPTCImageRotation", "DataCompressionMethod",
    "QuantizationMethod", "EndPoints", "ExcursionTolerance", "BitsPerComponent", "MaximumDensityRange",
    "GammaCompensatedValue", "SizeMode", "MaxSubfileSize", "ObjectSizeAnnounced", "MaximumObjectSize", "SubFile",
    "ConfirmedObjectSize",
}
# Record-2 datasets that may repeat (IIM 4.2); a repeated other one is read as its last value.
IIM_REPEATABLE = {4, 12, 20, 22, 25, 26, 27, 32, 42, 45, 47, 50, 80, 85, 118, 130, 150}
IIM_BINARY = {0, 125, 200, 201, 202}
IIM_DATES = {30, 37, 47, 55, 62}
IIM_TIMES = {35, 38, 60, 63}

TAGS = (
    "-MWG:all", "-IPTC:all#", *(f"-{group}:all#" for group in XMP_GROUPS), "-CurrentIPTCDigest", "-IPTCDigest", "-ImageWidth",
    "-ImageHeight", "-Orientation#", "-FileType", "-Error", "-EXIF:Artist", "-EXIF:Copyright",
    "-EXIF:ImageDescription", "-EXIF:DateTimeOriginal", "-Composite:SubSecDateTimeOriginal",
)


def exiftool_path() -> str | None:
    return shutil.which("exiftool")


def run_exiftool(paths: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """File name -> exiftool's tags (group:name), from one exiftool process."""
    names = [str(p) for p in paths]
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "mwg.cfg"
        config.write_text("$Image::ExifTool::MWG::strict = 0;\n1;\n")
        args_file = Path(tmp) / "files.txt"
        args_file.write_text("\n".join(names) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["exiftool", "-config", str(config), "-use", "MWG", "-j", "-G1", "-D", "-struct", "-charset", "filename=utf8",
             *TAGS, "-@", str(args_file)],
            capture_output=True, check=False, timeout=300,
        )
    if not done.stdout.strip():
        raise RuntimeError(f"exiftool printed nothing: {done.stderr.decode(errors='replace')[:300]}")
    found: dict[str, dict[str, Any]] = {}
    for entry in json.loads(done.stdout):
        tags: dict[str, Any] = {}
        ids: dict[str, Any] = {}
        for name, value in entry.items():
            if isinstance(value, dict) and "val" in value:
                tags[name], ids[name] = value["val"], value.get("id")
            else:
                tags[name] = value
        tags["_ids"] = ids
        found[Path(entry["SourceFile"]).name] = tags
    return found


# --- the exiftool (MWG) view -----------------------------------------------------------


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _recover_truncated(iptc: Any, xmp: Any, limit: int) -> Any:
    """MWG.pm RecoverTruncatedIPTC: an IIM value cut at its limit yields to XMP."""
    if xmp is None:
        return iptc
    if isinstance(iptc, list):
        xmp_list = xmp if isinstance(xmp, list) else [xmp]
        return [_recover_truncated(v, xmp_list[i] if i < len(xmp_list) else None, limit) for i, v in enumerate(iptc)]
    if isinstance(iptc, str) and len(iptc) == limit:
        full = xmp[0] if isinstance(xmp, list) else xmp
        if isinstance(full, str) and len(full) > limit and full.startswith(iptc):
            return full
    return iptc


def _reconcile(tags: dict[str, Any], iptc_tag: str, xmp_tag: str, limit: int) -> Any:
    # MWG.pm: XMP when there is no IIM, or when XMP exists and the digest matches or is
    # absent. exiftool computes CurrentIPTCDigest only for IIM in a Photoshop block; IIM
    # found elsewhere (a PNG raw profile, a bare TIFF tag) counts here as IIM without a
    # digest, as the MWG guidelines read, rather than as no IIM at all.
    iptc, xmp = tags.get(iptc_tag), tags.get(xmp_tag)
    current, stored = tags.get("File:CurrentIPTCDigest"), tags.get("Photoshop:IPTCDigest")
    if iptc is None or (xmp is not None and (current is None or stored is None or current == stored)):
        return xmp
    return _recover_truncated(iptc, xmp, limit)


def exiftool_view(tags: dict[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = {}
    for name, tag in MWG_COMPOSITES.items():
        view[name] = tags.get(tag)
        # MWG.pm returns the XMP value whenever CurrentIPTCDigest is undefined, and exiftool
        # computes that digest only for IIM in a Photoshop block: IIM it read from a PNG raw
        # profile then vanishes from the composite (XMP absent: nothing) although exiftool
        # reports it as IPTC tags. The same MWG rule is applied with that IIM counted as IIM
        # without a digest, as for the fields MWG does not reconcile (_reconcile). When the
        # composite is empty its EXIF step found nothing, so only IIM/XMP remain.
        if view[name] is None and name in MWG_IIM_XMP and "File:CurrentIPTCDigest" not in tags:
            iptc_tag, xmp_tags, limit = MWG_IIM_XMP[name]
            xmp_tag = next((t for t in xmp_tags if t in tags), xmp_tags[0])
            view[name] = _reconcile(tags, iptc_tag, xmp_tag, limit)
    for name, (iptc_tag, xmp_tag, limit) in IPTC_PAIRS.items():
        view[name] = _reconcile(tags, iptc_tag, xmp_tag, limit)
    for name, tag in XMP_ONLY.items():
        view[name] = tags.get(tag)
    width, height = tags.get("File:ImageWidth") or tags.get("IFD0:ImageWidth"), tags.get("File:ImageHeight") or tags.get("IFD0:ImageHeight")
    if width is None or height is None:
        for key, value in tags.items():
            if key.endswith(":ImageWidth") and width is None:
                width = value
            if key.endswith(":ImageHeight") and height is None:
                height = value
    view["size"] = f"{width}x{height}" if width and height else None
    orientation = next((v for k, v in tags.items() if k.endswith(":Orientation") and not k.startswith("MWG")), None)
    view["orientation"] = orientation if isinstance(orientation, int) and 2 <= orientation <= 8 else None
    return view


def desk_view(info: Any, as_read: bool = True) -> dict[str, Any]:
    """Desk's merged fields: as read (before the placeholder judgement), or as kept."""
    view = {name: getattr(info, name) for name in (*MWG_COMPOSITES, *IPTC_PAIRS, *XMP_ONLY)}
    if as_read:
        view.update({name: value for name, value in info.as_read.items() if name in view})
    width, height = info.width, info.height
    if info.orientation in (5, 6, 7, 8):
        width, height = height, width  # exiftool gives the pixel size as stored
    view["size"] = f"{width}x{height}"
    view["orientation"] = info.orientation if info.orientation != 1 else None
    return view


def _exif_tag(tags: dict[str, Any], name: str) -> Any:
    # IFD0 in a JPEG, PNG or WebP EXIF block and in a TIFF itself; never IFD1 (the thumbnail's).
    return tags.get(f"IFD0:{name}")


def _structured(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value))


def layer_views(layers: Any, tags: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(value name, Desk's reading, exiftool's) for each layer value either side has."""
    from desk.core.photos.photometa.dates import iim_datetime

    pairs: list[tuple[str, Any, Any]] = []
    ids = tags.get("_ids", {})
    record = layers.iim
    values = record.values if record is not None else {}
    # Every record-2 dataset: exiftool's, by its dataset number, and Desk's.
    theirs_iim = {ids[name]: value for name, value in tags.items()
                  if name.startswith("IPTC:") and name[5:] not in IIM_OTHER_RECORDS and isinstance(ids.get(name), int)}
    for number in sorted((set(values) | set(theirs_iim)) - IIM_BINARY):
        ours: Any = [v for v in values.get(number, []) if v]
        theirs: Any = theirs_iim.get(number)
        if number in IIM_DATES:
            ours = [iim_datetime(v) or v for v in ours]
        elif number in IIM_TIMES:
            ours = [iim_datetime("20000101", v)[11:] or v for v in ours]
        if number not in IIM_REPEATABLE:
            ours = ours[-1] if ours else ""
        pairs.append((f"iim:2:{number:02d}", ours, theirs))
    date = iim_datetime(record.first(55), record.first(60)) if record is not None else ""
    theirs = tags.get("IPTC:DateCreated")
    if theirs and tags.get("IPTC:TimeCreated"):
        theirs = f"{theirs} {tags['IPTC:TimeCreated']}"
    pairs.append(("iim:date", date, theirs))
    if "File:CurrentIPTCDigest" in tags and record is not None:
        stored = tags.get("Photoshop:IPTCDigest")
        state = "absent" if stored is None else ("match" if stored == tags["File:CurrentIPTCDigest"] else "mismatch")
        pairs.append(("iim:digest", record.digest, state))
    properties = layers.xmp.properties if layers.xmp is not None else {}
    theirs_xmp = {}
    for name, value in tags.items():
        group, _, _tag = name.partition(":")
        prefix = XMP_GROUPS.get(group)
        if prefix and isinstance(ids.get(name), str):
            theirs_xmp[f"{prefix}:{ids[name]}"] = value
    wanted = set(theirs_xmp) | {k for k in properties if k.split(":")[0] in XMP_GROUPS.values()}
    for key in sorted(wanted):
        ours, theirs = properties.get(key), theirs_xmp.get(key)
        if _structured(ours) or _structured(theirs):
            continue  # structures: compared through the fields Desk takes from them
        pairs.append((f"xmp:{key}", ours, theirs))
    camera = layers.exif
    for name, tag in EXIF_TAGS.items():
        theirs = _exif_tag(tags, tag)
        if isinstance(theirs, list):  # MWG reads Artist as a "; "-separated list
            theirs = "; ".join(str(t) for t in theirs)
        pairs.append((f"exif:{name}", getattr(camera, name), theirs))
    theirs = tags.get("Composite:SubSecDateTimeOriginal") or tags.get("ExifIFD:DateTimeOriginal")
    # As read: the parsed date, or the text written when Desk judges it not a date.
    pairs.append(("exif:date", camera.date_created or camera.date_raw, theirs))
    return pairs


# --- comparing ----------------------------------------------------------------------------

PLUS_VOCABULARY = "http://ns.useplus.org/ldf/vocab/"
_EXIF_DATE = re.compile(r"^(\d{4})[:-](\d\d)(?:[:-](\d\d))?(?:[ T](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?\s*(Z|[+-]\d\d:?\d\d)?$")


def canonical_date(value: str) -> str:
    """Both sides' dates as ISO 8601 at the precision given ('2004:02:26' -> '2004-02-26');
    anything that is not a date as it was. PLUS vocabulary codes lose their namespace
    (exiftool shows 'MR-LMR' for 'http://ns.useplus.org/ldf/vocab/MR-LMR')."""
    if value.startswith(PLUS_VOCABULARY):
        return value[len(PLUS_VOCABULARY):]
    found = _EXIF_DATE.match(value.strip())
    if not found:
        return value.strip()
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    text = f"{year}-{month}" + (f"-{day}" if day else "")
    if hour:
        text += f"T{hour}:{minute}:{second or '00'}{fraction or ''}"
        if zone:
            text += "+00:00" if zone == "Z" else (zone if ":" in zone else f"{zone[:3]}:{zone[3:]}")
    return text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A byte that is not UTF-8: Desk shows U+FFFD, exiftool (Charset UTF8) a '?'.
    text = unicodedata.normalize("NFC", str(value)).replace("\ufffd", "?")
    return " ".join(text.split())


def normalised(name: str, value: Any) -> Any:
    """A value as compared: spacing squashed, lists as lists, '' for nothing."""
    listed = name in LIST_FIELDS or isinstance(value, list)
    if not _present(value):
        return ""
    if listed:
        items = value if isinstance(value, list) else [value]
        found = [canonical_date(t) for t in (_text(v) for v in items) if t]
        return found if len(found) != 1 else found[0]
    if isinstance(value, list):
        value = "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        value = json.dumps(value, sort_keys=True)
    text = _text(value)
    if text.casefold() in ("true", "false"):
        return text.casefold()
    return canonical_date(text)


def _same_number(a: Any, b: Any) -> bool:
    # exiftool's JSON writes numeric-looking text as a number ("7.0" becomes 7).
    try:
        return isinstance(a, str) and isinstance(b, str) and float(a) == float(b)
    except ValueError:
        return False


@dataclass
class Disagreement:
    file: str
    field: str
    desk: Any
    exiftool: Any

    def line(self) -> str:
        return f"{self.file}\t{self.field}\tdesk={self.desk!r}\texiftool={self.exiftool!r}"


@dataclass
class Judgement:
    """A value Desk read as exiftool did, then judged a placeholder (or not a date)."""
    file: str
    field: str
    read: Any
    kept: Any
    reason: str

    def line(self) -> str:
        return f"{self.file}\t{self.field}\tread={self.read!r}\tkept={self.kept!r}\t({self.reason})"


@dataclass
class Tally:
    compared: int = 0
    agreed: int = 0

    @property
    def agreement(self) -> float:
        return self.agreed / self.compared if self.compared else 1.0

    def __str__(self) -> str:
        return f"{self.agreed}/{self.compared} ({100 * self.agreement:.2f} %)"


@dataclass
class Comparison:
    compared: int = 0
    agreed: int = 0
    files: int = 0
    groups: dict[str, Tally] = field(default_factory=dict)  # "merged", "iim", "xmp", "exif"
    disagreements: list[Disagreement] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    kept: Tally = field(default_factory=Tally)  # the merged fields as kept, after judgement
    refused: dict[str, str] = field(default_factory=dict)  # file -> Desk's reason
    crashed: dict[str, str] = field(default_factory=dict)  # file -> exception

    @property
    def agreement(self) -> float:
        return self.agreed / self.compared if self.compared else 1.0

    def count(self, group: str, file: str, name: str, ours: Any, theirs: Any) -> None:
        a, b = normalised(name, ours), normalised(name, theirs)
        if not a and not b:
            return
        tally = self.groups.setdefault(group, Tally())
        tally.compared += 1
        self.compared += 1
        if a == b or _same_number(a, b):
            tally.agreed += 1
            self.agreed += 1
        else:
            self.disagreements.append(Disagreement(file, name, a, b))

    def judge(self, file: str, name: str, read: Any, kept: Any, reason: str) -> None:
        a, b = normalised(name, read), normalised(name, kept)
        if a != b:
            self.judgements.append(Judgement(file, name, a, b, reason))

    def count_kept(self, name: str, ours: Any, theirs: Any) -> None:
        a, b = normalised(name, ours), normalised(name, theirs)
        if a or b:
            self.kept.compared += 1
            self.kept.agreed += a == b or _same_number(a, b)

    def summary(self) -> str:
        groups = ", ".join(f"{name} {tally}" for name, tally in sorted(self.groups.items()))
        return (f"{self.agreed} of {self.compared} field values agree ({100 * self.agreement:.2f} %) over "
                f"{self.files} files read [{groups}]; {len(self.judgements)} judged placeholders or not dates "
                f"(merged fields as kept: {self.kept}); {len(self.refused)} refused, {len(self.crashed)} crashed")


def corpus_files(folder: Path = CORPUS) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() not in NOT_IMAGES)


def compare(paths: list[Path], exif_tags: dict[str, dict[str, Any]] | None = None) -> Comparison:
    import warnings

    from desk.core.photos.photometa.layers import read_layers
    from desk.core.photos.photometa.reader import PhotoError, read_photo
    from desk.core.photos.photometa.text import placeholder_reason

    exif_tags = exif_tags if exif_tags is not None else run_exiftool(paths)
    result = Comparison()
    for path in paths:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data = path.read_bytes()
                info = read_photo(data, path.name)
                layers = read_layers(data)
        except PhotoError as err:
            result.refused[path.name] = str(err)
            continue
        except Exception as err:  # noqa: BLE001 - the oracle reports crashes, it does not hide them
            result.crashed[path.name] = f"{type(err).__name__}: {err}"
            continue
        result.files += 1
        tags = exif_tags.get(path.name, {})
        ours, kept, theirs = desk_view(info), desk_view(info, as_read=False), exiftool_view(tags)
        for name in FIELDS:
            result.count("merged", path.name, name, ours.get(name), theirs.get(name))
            result.count_kept(name, kept.get(name), theirs.get(name))
            read = ours.get(name)
            why = next((placeholder_reason(name, v) for v in (read if isinstance(read, list) else [read])
                        if isinstance(v, str) and placeholder_reason(name, v)), "")
            result.judge(path.name, name, read, kept.get(name), why)
        for name, a, b in layer_views(layers, tags):
            result.count(name.split(":", 1)[0], path.name, name, a, b)
        if layers.exif.date_raw and not layers.exif.date_created:
            result.judge(path.name, "exif:date", layers.exif.date_raw, "", "not a date")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Desk's photo reader against exiftool")
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--refused", action="store_true", help="also list the files Desk refuses")
    args = parser.parse_args(argv)
    if exiftool_path() is None:
        print("exiftool is not installed (Debian: libimage-exiftool-perl)", file=sys.stderr)
        return 2
    result = compare(corpus_files(args.folder))
    for d in result.disagreements:
        print(d.line())
    for j in result.judgements:
        print(f"judged\t{j.line()}")
    for name, why in result.crashed.items():
        print(f"{name}\tCRASH\t{why}")
    if args.refused:
        for name, why in result.refused.items():
            print(f"{name}\trefused\t{why}")
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
