"""The credit line of a stored photo, and what its web renditions carry.

Works on anything with a Photo's attributes (an ORM object, or a row read with plain
sqlite3 by the export), so that composing a credit needs no SQLAlchemy."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from desk.core.photos.photometa import credits as credit_rules

# PhotoInfo attribute -> Photo column, where the names differ.
_COLUMN = {"copyright": "copyright_notice"}
CREDIT_FIELDS = (
    "creator", "creator_title", "credit_line", "source", "distributor", "copyright",
    "caption", "signoff", "date_created", "agency_ref", "instructions", "usage_terms",
    "headline", "city", "country", "keywords", "alt_text",
)
# Photo columns the credit is made of (with width, for the renditions).
COLUMNS = tuple(_COLUMN.get(name, name) for name in CREDIT_FIELDS) + ("credit_override",)

WEB_WIDTHS = (1600, 800, 400)
WEB_FORMATS = ("JPEG", "WEBP")


def fields_of(photo: Any) -> dict[str, Any]:
    return {name: getattr(photo, _COLUMN.get(name, name)) for name in CREDIT_FIELDS}


def preset_dict(preset: Any) -> dict[str, Any]:
    """A stored preset in the shape photometa.credits works with."""
    return {"key": preset.key, "name": preset.name, "template": preset.template,
            "match": preset.match, "date_format": preset.date_format, **(preset.options or {})}


def credit_text(photo: Any) -> str:
    """The credit line shown under the photo: the editor's override, else the preset's."""
    preset = preset_dict(photo.preset) if photo.preset else credit_rules.preset_by_key("generic")
    return credit_rules.compose_credit(fields_of(photo), preset, override=photo.credit_override)


def embedded_credit(photo: Any) -> dict[str, Any]:
    """What a rendition carries in its XMP and IIM: the credit travels with the file.
    Instructions (restrictions) are for the editor and are never embedded."""
    fields = fields_of(photo)
    fields.pop("instructions", None)
    fields["copyright"] = photo.copyright_notice
    fields["credit_text"] = credit_text(photo)
    return fields


def credit_hash(photo: Any) -> str:
    blob = json.dumps(embedded_credit(photo), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def web_widths(photo: Any) -> list[int]:
    """The rendition widths a photo has: never wider than the original."""
    widths = [w for w in WEB_WIDTHS if w < photo.width]
    return sorted({*widths, min(photo.width, WEB_WIDTHS[0])}, reverse=True)
