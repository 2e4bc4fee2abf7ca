"""The crops Desk makes of a photo for sharing and structured data: 16:9, 4:3 and 1:1,
as Google asks of a NewsArticle's images, 1200 px wide where the photo allows.

Only geometry here (no Pillow): the renderer names the files and their sizes in the
page's head, the exporter makes them (photometa/crops.py), from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk.core.site.addresses import crop_path

RATIOS: tuple[tuple[int, int], ...] = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200  # Google's "at least 1200 pixels wide" for large images in results


@dataclass(frozen=True)
class SizedImage:
    """An image file of the site with its pixel size: a crop, the logo, an icon."""

    url: str  # site-root-relative
    width: int
    height: int


def crop_box(width: int, height: int, ratio: tuple[int, int]) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """The part of a ``width`` x ``height`` photo (as shown, upright) kept for ``ratio``:
    (left, top, right, bottom), and the size it is scaled to. Width is cut evenly on
    both sides; height is cut two thirds below, one third above, since faces and the
    subject of news photos sit in the upper part of a portrait more often than not."""
    rw, rh = ratio
    width, height = max(1, int(width)), max(1, int(height))
    if width * rh > height * rw:  # wider than the ratio: cut the sides
        crop_w, crop_h = max(1, height * rw // rh), height
        left, top = (width - crop_w) // 2, 0
    else:  # taller: cut top and bottom
        crop_w, crop_h = width, max(1, width * rh // rw)
        left, top = 0, (height - crop_h) // 3
    out_w = min(CROP_WIDTH, crop_w)
    out_h = max(1, round(out_w * rh / rw))
    return (left, top, left + crop_w, top + crop_h), (out_w, out_h)


def crops_of(photo_id: int, width: int, height: int) -> tuple[SizedImage, ...]:
    """The three crops of a photo, 16:9 first (the one share cards show)."""
    return tuple(SizedImage(crop_path(photo_id, ratio), *crop_box(width, height, ratio)[1])
                 for ratio in RATIOS)


# Stored with the photo's renditions, kind "crop-16x9" etc. (photo_crops.py makes them).
CROP_SQL = ("SELECT kind, data FROM renditions WHERE photo_id = ? AND kind LIKE 'crop-%' "
            "AND format = 'JPEG' AND credit_hash = ?")


def kind_of(ratio: tuple[int, int]) -> str:
    return f"crop-{ratio[0]}x{ratio[1]}"
