"""The `photo:N` syntax of article bodies: one owner for writing, finding and removing
a reference to a photo in the database.

``![alt](photo:12 "caption")`` alone in a paragraph is a figure; inside running text an
image. Every reader (renderer, checklist, export, publishing, the window's highlighter)
asks this module which photos a body names, so they agree on the limits.
"""

from __future__ import annotations

import re

PHOTO_SCHEME = "photo:"

# An id fits SQLite's 64-bit integer. Any mention counts (an image, a link, a reference
# definition `[r]: photo:12`): a body naming a photo depends on it, whatever the form.
_ANY_REF = re.compile(r"(?<![\w:/.-])photo:(\d{1,18})(?!\d)")
_URL = re.compile(r"photo:(\d{1,18})\Z")
# An inline image whose target is a photo: its alt text and the id.
_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\(\s*photo:(\d{1,18})(?=[\s)])")


def photo_url(photo_id: int) -> str:
    return f"{PHOTO_SCHEME}{int(photo_id)}"


def photo_id_of(url: str) -> int | None:
    """The id an image source names, or None when it is not exactly `photo:<digits>`."""
    m = _URL.match(url)
    return int(m.group(1)) if m else None


def photo_ids(body: str) -> set[int]:
    """Every photo a body names, in any form."""
    return {int(m) for m in _ANY_REF.findall(body or "")}


def image_refs(body: str) -> list[tuple[str, int]]:
    """(alt text, photo id) of each inline image naming a photo, in body order."""
    return [(alt, int(ref)) for alt, ref in _IMAGE_REF.findall(body or "")]


def reference(photo_id: int, alt: str = "") -> str:
    """The body reference for an inline photo. Brackets and line breaks would end the
    Markdown image early, so they are left out of the alt text."""
    clean = " ".join(re.sub(r"[\[\]\\]", "", alt).split())
    return f"![{clean}]({photo_url(photo_id)})"


def remove_reference(body: str, photo_id: int) -> str:
    """The body without the references to a photo (and without the blank line each
    left behind when it stood in its own paragraph)."""
    pattern = re.compile(
        rf"[ \t]*!\[[^\]\n]*\]\({PHOTO_SCHEME}{int(photo_id)}(?!\d)(?:\s+\"[^\"\n]*\")?\)[ \t]*")
    out = pattern.sub("", body)
    return re.sub(r"\n{3,}", "\n\n", out)


def has_reference(body: str, photo_id: int) -> bool:
    return remove_reference(body, photo_id) != re.sub(r"\n{3,}", "\n\n", body)
