"""The Site every page is drawn with, from the settings and a few rows: one definition
for the preview (pages.site_of), the full export and the incremental one.

Plain SQL through ``run(sql, params)`` (a sqlite3 connection's execute, Database.read_sql,
or a SQLAlchemy connection's exec_driver_sql): the export never imports SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from typing import TYPE_CHECKING

from desk.core.photos.crops import SizedImage, crops_of
from desk.core.site.settings import SiteSettings
from desk.core.site.addresses import LOGO_PATH, category_url

if TYPE_CHECKING:
    from desk.core.render.page import Site

Run = Callable[..., Iterable[Any]]

# The top categories that have a published article in them or below them, in the
# navigation's order. An empty section is not offered to readers (nor to search engines:
# the sitemap leaves it out too). UNION, not UNION ALL: a cycle in bad data ends.
NAV_SQL = """
WITH RECURSIVE below(top, id) AS (
    SELECT id, id FROM categories WHERE parent_id IS NULL
    UNION
    SELECT below.top, c.id FROM categories c JOIN below ON c.parent_id = below.id
)
SELECT name, slug FROM categories
WHERE parent_id IS NULL AND id IN (
    SELECT below.top FROM below JOIN articles a ON a.category_id = below.id
    WHERE a.status = 'published' AND a.deleted_at IS NULL)
ORDER BY position, id
"""

LOGO_BOX = 600  # the logo file fits in 600 x 600 (Google: at least 112 x 112)
DEFAULT_LOGO_SIDE = 512  # the drawn initial, when the settings name no logo


def nav(run: Run) -> list[tuple[str, str]]:
    """(name, URL) of the sections the header shows."""
    return [(name, category_url(slug)) for name, slug in run(NAV_SQL, ())]


def logo_size(width: int, height: int) -> tuple[int, int]:
    """The logo file's size for a photo of ``width`` x ``height``: within LOGO_BOX,
    never enlarged."""
    scale = min(1.0, LOGO_BOX / max(1, width), LOGO_BOX / max(1, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def site_photo_ids(settings: SiteSettings) -> list[int]:
    return [i for i in (settings.logo_photo_id, settings.share_image_photo_id) if i is not None]


def site_photos(run: Run, settings: SiteSettings) -> dict[int, tuple[int, int, str]]:
    """id -> (width, height, alt text) of the photos the settings name that exist."""
    ids = site_photo_ids(settings)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {row[0]: (row[1], row[2], row[3] or "") for row in run(
        f"SELECT id, width, height, alt_text FROM photos WHERE id IN ({marks})", tuple(ids))}


def build_site(settings: SiteSettings, nav_items: Iterable[tuple[str, str]],
               photos: dict[int, tuple[int, int, str]]) -> Site:
    from desk.core.render.page import Crumb, Site  # the renderer: only when a page is to be drawn

    logo = photos.get(settings.logo_photo_id) if settings.logo_photo_id is not None else None
    share = photos.get(settings.share_image_photo_id) if settings.share_image_photo_id is not None else None
    return Site(
        name=settings.name,
        base_url=settings.base_url,
        language=settings.language,
        timezone=settings.timezone,
        nav=tuple(Crumb(name, url) for name, url in nav_items),
        logo=SizedImage(LOGO_PATH, *logo_size(logo[0], logo[1])) if logo
        else SizedImage(LOGO_PATH, DEFAULT_LOGO_SIDE, DEFAULT_LOGO_SIDE),
        share=crops_of(settings.share_image_photo_id, share[0], share[1]) if share else (),
        share_alt=share[2] if share else "",
    )


def read_site(run: Run, settings: SiteSettings) -> Site:
    return build_site(settings, nav(run), site_photos(run, settings))
