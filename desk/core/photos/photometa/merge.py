"""One answer per field from the three layers, with where it came from and every
disagreement (docs/photo-metadata.md: the rules, and where they depart from exiftool's
reading of the Metadata Working Group guidelines).

* IIM vs XMP (MWG): when Photoshop's MD5 of the IIM (resource 0x0425) no longer matches,
  a legacy tool edited the IIM after the last sync, so IIM wins; when it matches or is
  absent, XMP wins. An IIM value that is a byte-truncated prefix of the XMP value always
  loses to XMP.
* IPTC (IIM/XMP) over EXIF for the creator, copyright and caption: cameras stamp
  Artist/Copyright that contradict the agency. (MWG puts EXIF first; Desk departs here on
  purpose.)
* Placeholders count as empty (text.placeholder_reason); keywords are never judged. A
  Merger built with ``judge=False`` skips this step: the values as read, which the
  exiftool oracle compares (PhotoInfo.as_read).
* Dates: the camera's EXIF DateTimeOriginal first, as MWG reads it (IIM/XMP dates are
  also written by tools: GIMP stores its save time in IIM 2:55); the same moment given
  at different precision is one date, kept at the finest precision any layer gives.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from desk.core.photos.photometa import dates, exif, iim
from desk.core.photos.photometa.text import placeholder_reason

# Field -> (IIM dataset, EXIF attribute). XMP uses the same field names (xmp.FIELD_PROPERTIES).
FIELD_SOURCES: dict[str, tuple[int | None, str | None]] = {
    "title": (iim.OBJECT_NAME, None),
    "keywords": (iim.KEYWORDS, None),
    "creator": (iim.BYLINE, "artist"),
    "creator_title": (iim.BYLINE_TITLE, None),
    "credit_line": (iim.CREDIT, None),
    "source": (iim.SOURCE, None),
    "copyright": (iim.COPYRIGHT, "copyright"),
    "caption": (iim.CAPTION, "description"),
    "agency_ref": (iim.JOB_ID, None),
    "instructions": (iim.INSTRUCTIONS, None),
    "usage_terms": (None, None),
    "headline": (iim.HEADLINE, None),
    "city": (iim.CITY, None),
    "country": (iim.COUNTRY, None),
    "alt_text": (None, None),
}
LIST_FIELDS = frozenset({"creator", "keywords"})


def mwg_list(text: str) -> list[str]:
    """EXIF Artist as MWG stores several creators in one string: "A; B", with a value
    that holds "; " or starts with a quote written in double quotes ("" for a quote)."""
    values: list[str] = []
    quoted = False  # inside a quoted value that continues past "; "
    for part in text.split("; "):
        continuing = quoted
        if not quoted and part.startswith('"'):
            quoted, part = True, part[1:]
        if quoted:
            if re.search(r'(^|[^"])("")*"$', part):
                quoted, part = False, part[:-1]
            part = part.replace('""', '"')
        if continuing and values:
            values[-1] += "; " + part
        else:
            values.append(part)
    return [v.strip() for v in values if v.strip()]


def _short(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _squashed(value: Any) -> Any:
    if isinstance(value, list):
        return [" ".join(v.split()) for v in value]
    return " ".join(value.split())


class Merger:
    def __init__(self, record: iim.IIMRecord | None, xmp_fields: Mapping[str, Any], camera: exif.ExifData,
                 judge: bool = True) -> None:
        self.judge = judge
        self.record = record
        self.xmp = xmp_fields
        self.exif = camera
        self.digest = record.digest if record else ""
        self.provenance: dict[str, str] = {}
        self.warnings: list[str] = []

    def _drop_placeholders(self, name: str, layer: str, value: Any) -> Any:
        if not self.judge:
            return [v for v in value if v] if isinstance(value, list) else value or ""
        if isinstance(value, list):
            kept = []
            for v in value:
                why = placeholder_reason(name, v) if v else ""
                if why:
                    self.warnings.append(f"{name}: placeholder {v!r} in {layer} ignored ({why})")
                elif v:
                    kept.append(v)
            return kept
        why = placeholder_reason(name, value) if value else ""
        if why:
            self.warnings.append(f"{name}: placeholder {value!r} in {layer} ignored ({why})")
            return ""
        return value or ""

    def _iim_value(self, name: str, dataset: int | None) -> Any:
        if self.record is None or dataset is None:
            return [] if name in LIST_FIELDS else ""
        if name in LIST_FIELDS:
            return [v for v in self.record.values.get(dataset, []) if v]
        return self.record.value(dataset)

    @staticmethod
    def _truncated_prefix(iim_value: Any, xmp_value: Any, dataset: int | None) -> bool:
        """The IIM value is the XMP value cut at the IIM byte limit."""
        limit = iim.MAX_BYTES.get(dataset or -1, 0)

        def cut(short: str, full: str) -> bool:
            # Allow 3 bytes of slack: a careful writer stops before a split character.
            return full.startswith(short) and len(full) > len(short) and len(short.encode("utf-8")) >= limit - 3

        if isinstance(iim_value, list):
            return len(iim_value) == len(xmp_value) and iim_value != xmp_value and all(
                a == b or cut(a, b) for a, b in zip(iim_value, xmp_value)
            )
        return bool(limit) and cut(iim_value, xmp_value)

    def _iptc(self, name: str, dataset: int | None) -> tuple[Any, str]:
        iim_value = self._drop_placeholders(name, "IIM", self._iim_value(name, dataset))
        xmp_value = self._drop_placeholders(name, "XMP", self.xmp.get(name, [] if name in LIST_FIELDS else ""))
        if name in LIST_FIELDS and isinstance(xmp_value, str):
            xmp_value = [xmp_value] if xmp_value else []
        if not iim_value:
            return xmp_value, "xmp" if xmp_value else ""
        if not xmp_value:
            if self.record is not None and dataset in self.record.truncated:
                self.warnings.append(
                    f"{name}: the IIM value fills its {iim.MAX_BYTES[dataset]}-byte limit and may be cut short; "
                    "no XMP value to complete it"
                )
            return iim_value, "iim"
        if _squashed(iim_value) == _squashed(xmp_value):
            # Equal but for spacing (CR/LF, doubled blanks): no disagreement to report.
            return (iim_value, "iim") if self.digest == iim.DIGEST_MISMATCH else (xmp_value, "xmp")
        if self._truncated_prefix(iim_value, xmp_value, dataset):
            # The IIM is a cut copy of the XMP value: no disagreement, unless the digest
            # says IIM was edited later and would otherwise win.
            if self.digest == iim.DIGEST_MISMATCH:
                self.warnings.append(
                    f"{name}: IIM holds {_short(iim_value)!r}, cut at the IIM byte limit; using the full XMP value")
            return xmp_value, "xmp"
        if self.digest == iim.DIGEST_MISMATCH:
            self.warnings.append(
                f"{name}: IIM {_short(iim_value)!r} and XMP {_short(xmp_value)!r} differ; using IIM, "
                "edited after the last sync (digest mismatch)"
            )
            return iim_value, "iim"
        why = "digest matches" if self.digest == iim.DIGEST_MATCH else "no digest"
        self.warnings.append(f"{name}: IIM {_short(iim_value)!r} and XMP {_short(xmp_value)!r} differ; using XMP ({why})")
        return xmp_value, "xmp"

    def field(self, name: str) -> Any:
        dataset, exif_attr = FIELD_SOURCES[name]
        value, layer = self._iptc(name, dataset)
        camera_value = self._drop_placeholders(name, "EXIF", getattr(self.exif, exif_attr)) if exif_attr else ""
        if camera_value:
            camera_list = mwg_list(camera_value) if name in LIST_FIELDS else camera_value
            if not value:
                value, layer = camera_list, "exif"
            elif not self._same_as_exif(value, camera_value):
                self.warnings.append(f"{name}: EXIF says {_short(camera_value)!r}; the IPTC value is used")
        if layer:
            self.provenance[name] = layer
        return value

    @staticmethod
    def _same_as_exif(value: Any, camera_value: str) -> bool:
        folded = " ".join(camera_value.split()).casefold()
        items = value if isinstance(value, list) else [value]
        joined = [" ".join(i.split()).casefold() for i in items]
        return folded in joined or folded in (", ".join(joined), "; ".join(joined))

    def date_created(self) -> str:
        iim_date = ""
        if self.record is not None:
            raw_date, raw_time = self.record.value(iim.DATE_CREATED), self.record.value(iim.TIME_CREATED)
            iim_date = dates.iim_datetime(raw_date, raw_time)
            if raw_date and not iim_date:
                self.warnings.append(f"date_created: IIM 2:55 {raw_date!r} is not a date; ignored")
            elif raw_time and iim_date and "T" not in iim_date:
                self.warnings.append(f"date_created: IIM 2:60 {raw_time!r} is not a time; the date alone is used")
        raw_xmp = str(self.xmp.get("date_created", ""))
        xmp_date = dates.normalise_iso(raw_xmp)
        if raw_xmp and not xmp_date:
            self.warnings.append(f"date_created: XMP {raw_xmp!r} is not a date; ignored")
        if iim_date and xmp_date:
            if dates.same_moment(iim_date, xmp_date):
                # The same moment at different precision is no disagreement: the finer one.
                value, layer = (iim_date, "iim") if len(iim_date) > len(xmp_date) else (xmp_date, "xmp")
                if len(iim_date) == len(xmp_date) and self.digest == iim.DIGEST_MISMATCH:
                    layer = "iim"
            elif self.digest == iim.DIGEST_MISMATCH:
                self.warnings.append(f"date_created: IIM {iim_date} and XMP {xmp_date} differ; using IIM (digest mismatch)")
                value, layer = iim_date, "iim"
            else:
                self.warnings.append(f"date_created: IIM {iim_date} and XMP {xmp_date} differ; using XMP")
                value, layer = xmp_date, "xmp"
        else:
            value, layer = (iim_date, "iim") if iim_date else (xmp_date, "xmp" if xmp_date else "")
        camera = self.exif.date_created
        if camera:
            if not value:
                value, layer = camera, "exif"
            elif dates.same_moment(value, camera):
                if len(camera) > len(value):
                    value, layer = camera, "exif"
            else:
                self.warnings.append(f"date_created: IPTC says {value}; the camera's EXIF date {camera} is used")
                value, layer = camera, "exif"
        if layer:
            self.provenance["date_created"] = layer
        return value
