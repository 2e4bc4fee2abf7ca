"""The checklist of many articles at once, read with plain SQL (no SQLAlchemy): the
export judges every article it would publish. The facts are the ones checklist.facts_of
reads from the ORM, handed to the same checklist.evaluate (a test holds the two to the
same items)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace
from typing import TYPE_CHECKING

from desk.core.articles.checklist import (
    Facts,
    Item,
    LinkFacts,
    PhotoFacts,
    evaluate,
    referenced_photo_ids,
)
from desk.core.store.sqlite import json_value

if TYPE_CHECKING:
    from desk.core.store.db import Sql
    from desk.core.site.settings import SiteSettings

CHUNK = 500
_ARTICLE = ("id, headline, standfirst, body, byline, category_id, source_name, source_url, slug")
# Photo columns holding JSON (SQLAlchemy's JSON type gives them decoded).
_JSON_PHOTO = {"creator", "keywords"}


def _marks(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


def check_many(run: Sql, ids: Iterable[int], site: SiteSettings) -> dict[int, list[Item]]:
    """article id -> its checklist items, for these articles (unknown ids are left out)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows: dict[int, tuple] = {}
    links: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for row in run(f"SELECT {_ARTICLE} FROM articles WHERE id IN ({_marks(chunk)})", chunk):
            rows[row[0]] = tuple(row)
        # In Article.photo_links order.
        for article_id, role, alt, photo_id in run(
                "SELECT article_id, role, alt_override, photo_id FROM article_photos "
                f"WHERE article_id IN ({_marks(chunk)}) ORDER BY article_id, role, position", chunk):
            links[article_id].append((role, alt or "", photo_id))
    photo_ids = {p for found in links.values() for _, _, p in found}
    for row in rows.values():
        photo_ids |= referenced_photo_ids(row[3] or "")
    photos = _photos(run, photo_ids)
    clashes = _clashes(run)
    out: dict[int, list[Item]] = {}
    for article_id, row in rows.items():
        _, headline, standfirst, body, byline, category_id, source_name, source_url, slug = row
        facts = Facts(headline or "", standfirst or "", body or "", byline or "", category_id,
                      source_name or "", source_url or "", slug or "",
                      tuple(LinkFacts(role, alt, photos[p]) for role, alt, p in links.get(article_id, ())
                            if p in photos))
        clash = next((h for other, h in clashes.get((slug or "").lower(), ()) if other != article_id), None)
        out[article_id] = evaluate(facts, site, clash=clash, photo_of=photos.get)
    return out


def _clashes(run: Sql) -> dict[str, list[tuple[int, str]]]:
    """Slugs shared by several articles when case is ignored -> (id, headline), oldest
    first. One pass over the slug index: such slugs are rare (slugs are lower-case)."""
    keys = [k for (k,) in run("SELECT lower(slug) AS k FROM articles GROUP BY k HAVING count(*) > 1")]
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        for article_id, key, headline in run(
                f"SELECT id, lower(slug), headline FROM articles WHERE lower(slug) IN ({_marks(chunk)}) "
                "ORDER BY id", chunk):
            found[key].append((article_id, headline or ""))
    return found


def _photos(run: Sql, ids: set[int]) -> dict[int, PhotoFacts]:
    from desk.core.export.rows import presets
    from desk.core.photos.credit import COLUMNS, credit_text

    if not ids:
        return {}
    preset_rows = presets(run)
    columns = ("id", "original_filename", "preset_id", *COLUMNS)
    wanted = sorted(ids)
    out: dict[int, PhotoFacts] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for row in run(f"SELECT {', '.join(columns)} FROM photos WHERE id IN ({_marks(chunk)})", chunk):
            photo = SimpleNamespace(**dict(zip(columns, row)))
            for name in _JSON_PHOTO:
                setattr(photo, name, json_value(getattr(photo, name)))
            photo.preset = preset_rows.get(photo.preset_id)
            out[photo.id] = PhotoFacts(photo.id, photo.original_filename or "", photo.alt_text or "",
                                       credit_text(photo), photo.instructions or "")
    return out
