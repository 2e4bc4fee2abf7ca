"""The share crops of a stored photo (16:9, 4:3, 1:1), made once and kept with its other
renditions, remade when its credit changes (they carry it, like every rendition).

Stored as renditions of kind "crop-16x9", "crop-4x3", "crop-1x1". The export reads them
with plain SQL (crops.CROP_SQL) and only calls ``crops`` for what is missing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.photos.crops import RATIOS, kind_of
from desk.core.store.models import Rendition, utcnow
from desk.core.photos.credit import credit_hash, embedded_credit
from desk.core.photos.records import get, original_bytes

def crops(session: Session, photo_id: int, *, keep: bool = True) -> dict[tuple[int, int], bytes]:
    """ratio -> JPEG bytes of every crop, made (and stored, unless not ``keep``: a
    database that cannot be written) where missing or stale."""
    photo = get(session, photo_id)
    wanted = credit_hash(photo)
    rows = {row.kind: row for row in session.scalars(
        select(Rendition).where(Rendition.photo_id == photo_id, Rendition.kind.like("crop-%"),
                                Rendition.format == "JPEG"))}
    out = {ratio: rows[kind_of(ratio)].data for ratio in RATIOS
           if kind_of(ratio) in rows and rows[kind_of(ratio)].credit_hash == wanted}
    missing = [ratio for ratio in RATIOS if ratio not in out]
    if not missing:
        return out
    from desk.core.photos.photometa.crops import make_crops  # Pillow: only when a crop must be made

    made = make_crops(original_bytes(session, photo_id), photo.width, photo.height,
                      embedded_credit(photo), missing)
    for ratio, (data, width, height) in made.items():
        out[ratio] = data
        if not keep:
            continue
        row = rows.get(kind_of(ratio))
        if row is None:
            row = rows[kind_of(ratio)] = Rendition(photo_id=photo_id, kind=kind_of(ratio), format="JPEG")
            session.add(row)
        row.width, row.height, row.data, row.credit_hash, row.created_at = width, height, data, wanted, utcnow()
    if keep:
        session.flush()
    return out
