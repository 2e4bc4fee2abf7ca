"""What the planner reads besides the articles' rows, as plain SQL (Database.read_sql):
presets, photos with their composed credit. No SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import TYPE_CHECKING

from desk.core.store.sqlite import json_value

if TYPE_CHECKING:
    from desk.core.store.db import Sql

# Photo columns holding JSON (SQLAlchemy's JSON type gives them decoded).
_JSON_PHOTO = {"creator", "keywords"}


def marks(ids: list[int]) -> str:
    return ",".join("?" * len(ids))



def presets(run: Sql) -> dict[int, SimpleNamespace]:
    """Every preset by id, with the attributes of the Preset model."""
    return {row[0]: SimpleNamespace(
        key=row[1], name=row[2], template=row[3], match=json_value(row[4]), date_format=row[5],
        options=json_value(row[6]))
        for row in run("SELECT id, key, name, template, match, date_format, options FROM presets ORDER BY key")}


def photos(run: Sql, ids: Iterable[int], preset_rows: dict[int, SimpleNamespace]) -> list[tuple]:
    """(id, width, height, alt text, credit line, credit hash, web widths) of these
    photos, the credit composed as photos.credit_text does from the ORM object."""
    # Imported here: an export of articles without photos need not compose credits.
    from desk.core.photos.credit import COLUMNS, credit_hash, credit_text, web_widths

    wanted = sorted(set(ids))
    found: list[tuple] = []
    columns = ("id", "width", "height", "preset_id", *COLUMNS)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in run(f"SELECT {', '.join(columns)} FROM photos WHERE id IN ({marks(chunk)})", chunk):
            photo = SimpleNamespace(**dict(zip(columns, row)))
            for name in _JSON_PHOTO:
                setattr(photo, name, json_value(getattr(photo, name)))
            photo.preset = preset_rows.get(photo.preset_id)
            found.append((photo.id, photo.width, photo.height, photo.alt_text,
                          credit_text(photo), credit_hash(photo), web_widths(photo)))
    return found
