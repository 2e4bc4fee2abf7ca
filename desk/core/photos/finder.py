"""Finding photos in the library: text search over the credit fields, filters by agency
and by what is missing, a page at a time.

Plain LIKE queries: a newsroom library holds thousands of photos, not millions, and a
scan of the photos table (never the blobs) answers in milliseconds at that size."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from desk.core.store.models import Photo, Preset

MISSING_ALT = "missing_alt"
MISSING_CREDIT = "missing_credit"
RESTRICTED = "restricted"
FLAGS = {
    MISSING_ALT: "Missing alt text",
    MISSING_CREDIT: "Missing credit",
    RESTRICTED: "Has restrictions",
}


@dataclass(frozen=True)
class Query:
    text: str = ""
    # A preset key ("maxppp") or a distributor name ("MaxPPP"), matched either way.
    agency: str = ""
    flags: tuple[str, ...] = ()
    # Only these photos (still subject to the rest): does a just-imported photo belong?
    ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class PhotoRow:
    id: int
    filename: str
    caption: str
    credit_line: str
    creator: tuple[str, ...]
    preset: str
    width: int
    height: int
    has_alt: bool
    restricted: bool
    keywords: tuple[str, ...] = field(default=())


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(stmt: Any, query: Query) -> Any:
    text = query.text.strip()
    if text:
        pattern = _like_pattern(text)
        # JSON lists are stored with non-ASCII escaped (\u00e9): match that form too.
        json_pattern = _like_pattern(json.dumps(text)[1:-1])
        creator = cast(Photo.creator, String)
        stmt = stmt.where(or_(
            Photo.caption.ilike(pattern, escape="\\"),
            Photo.credit_line.ilike(pattern, escape="\\"),
            Photo.credit_override.ilike(pattern, escape="\\"),
            Photo.source.ilike(pattern, escape="\\"),
            Photo.distributor.ilike(pattern, escape="\\"),
            Photo.agency_ref.ilike(pattern, escape="\\"),
            Photo.original_filename.ilike(pattern, escape="\\"),
            creator.ilike(pattern, escape="\\"),
            creator.ilike(json_pattern, escape="\\"),
        ))
    if query.agency:
        stmt = stmt.where(or_(
            Photo.preset_id.in_(select(Preset.id).where(Preset.key == query.agency)),
            func.lower(Photo.distributor) == query.agency.lower(),
        ))
    if query.ids is not None:
        stmt = stmt.where(Photo.id.in_(query.ids))
    for flag in query.flags:
        if flag == MISSING_ALT:
            stmt = stmt.where(func.trim(func.coalesce(Photo.alt_text, "")) == "")
        elif flag == MISSING_CREDIT:
            stmt = stmt.where(func.trim(func.coalesce(Photo.credit_line, "")) == "",
                              func.trim(func.coalesce(Photo.credit_override, "")) == "")
        elif flag == RESTRICTED:
            stmt = stmt.where(func.trim(func.coalesce(Photo.instructions, "")) != "")
        else:
            raise ValueError(f"unknown photo filter {flag!r}; known: {', '.join(FLAGS)}")
    return stmt


def count(session: Session, query: Query = Query()) -> int:
    return session.scalar(_where(select(func.count(Photo.id)), query)) or 0


def search(session: Session, query: Query = Query(), *, offset: int = 0, limit: int = 200) -> list[PhotoRow]:
    """Newest imports first."""
    stmt = _where(
        select(Photo.id, Photo.original_filename, Photo.caption, Photo.credit_line, Photo.creator,
               Preset.key, Photo.width, Photo.height, Photo.alt_text, Photo.instructions, Photo.keywords)
        .select_from(Photo).outerjoin(Preset, Preset.id == Photo.preset_id),
        query,
    ).order_by(Photo.imported_at.desc(), Photo.id.desc()).offset(offset).limit(limit)
    return [
        PhotoRow(id=r[0], filename=r[1] or "", caption=r[2] or "", credit_line=r[3] or "",
                 creator=tuple(r[4] or ()), preset=r[5] or "", width=r[6], height=r[7],
                 has_alt=bool((r[8] or "").strip()), restricted=bool((r[9] or "").strip()),
                 keywords=tuple(r[10] or ()))
        for r in session.execute(stmt)
    ]


def agencies(session: Session) -> list[tuple[str, str]]:
    """(key, name) of the presets the library's photos use, for the agency filter."""
    rows = session.execute(
        select(Preset.key, Preset.name).where(Preset.id.in_(select(Photo.preset_id)))
        .order_by(Preset.name)
    )
    return [(key, name) for key, name in rows]
