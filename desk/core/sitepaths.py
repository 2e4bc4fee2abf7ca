"""Site paths: from slugs to URLs, and from URLs to files under the export folder, safely.

The renderer (its links: navigation, breadcrumbs, tags, cards) and the exporter (where
it writes files) both build paths here, so a link always points at the file. Slugs come from the database, and a database can hold anything: ``..``, slashes, NUL,
``CON``, 300 characters. Every path component goes through ``safe_component`` so the
file stays inside the output folder and two different slugs never share a file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Longest component we write: well under the 255-byte limit of common file systems,
# leaving room for the temporary names of atomic writes.
MAX_COMPONENT_BYTES = 120
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)
# Characters no component may hold: separators, NUL and controls, what Windows refuses,
# and what would change the meaning of a URL (query, fragment, escapes, spaces).
# Absolute, empty or dot components, backslashes, NUL: one search per manifest entry.
_BAD_RELATIVE = re.compile(r"^/|//|/$|(?:^|/)\.{1,2}(?:/|$)|[\\\x00]")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f/\\:*?\"<>|#%]")


# What slugify makes: checked in one match, the general rules below for everything else.
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _is_safe(part: str) -> bool:
    if len(part) <= MAX_COMPONENT_BYTES and _PLAIN_SLUG.fullmatch(part) and not _WINDOWS_RESERVED.match(part):
        return True
    return (
        bool(part)
        and part not in (".", "..")
        and not _FORBIDDEN.search(part)
        and not part.endswith((".", " "))
        and not _WINDOWS_RESERVED.match(part)
        and len(part.encode("utf-8")) <= MAX_COMPONENT_BYTES
        and unicodedata.normalize("NFC", part) == part
    )


def safe_component(part: str) -> str:
    """``part`` itself when it is a safe file and URL component; otherwise a cleaned
    form plus a hash of the original, so that distinct inputs stay distinct."""
    if _is_safe(part):
        return part
    cleaned = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", part)).strip(". -")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    while len(cleaned.encode("utf-8")) > MAX_COMPONENT_BYTES - 12:
        cleaned = cleaned[:-1]
    digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    result = f"{cleaned}-{digest}" if cleaned else f"x-{digest}"
    # "LPT1.txt-<hash>" is still reserved on Windows: only the part before a dot counts.
    return result if _is_safe(result) else f"_{result}"


def article_url(year: int, month: int, day: int, slug: str) -> str:
    return f"/{year:04d}/{month:02d}/{day:02d}/{safe_component(slug)}/"


def category_url(slug: str) -> str:
    return f"/category/{safe_component(slug)}/"


def tag_url(slug: str) -> str:
    return f"/tag/{safe_component(slug)}/"


def author_url(slug: str) -> str:
    return f"/author/{safe_component(slug)}/"


def paged_url(first: str, number: int) -> str:
    """Page 1 of a listing is its own URL; page n is <url>page/<n>/."""
    return first if number == 1 else f"{first}page/{number}/"


def file_for_url(url: str) -> str:
    """The output-relative file that serves a site-root-relative URL: a folder URL is
    served by its index.html. Raises ValueError for a URL that would leave the folder."""
    if not url.startswith("/"):
        raise ValueError(f"not a site path: {url!r}")
    parts = [p for p in url.split("/") if p]
    for part in parts:
        if not _is_safe(part):
            raise ValueError(f"unsafe path component {part!r} in {url!r}")
    if url.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)


def check_relative(rel: str) -> str:
    """A path read back from a manifest: relative, no '..', no backslash, no NUL.
    A tampered manifest must never make the exporter touch a file outside the folder."""
    if not rel or _BAD_RELATIVE.search(rel):
        raise ValueError(f"unsafe path in manifest: {rel!r}")
    return rel


def collision_key(rel: str) -> str:
    """Two paths that would be one file on a case-insensitive file system (Windows,
    macOS) collide even when they differ in case."""
    return unicodedata.normalize("NFC", rel).casefold()


_MEDIA_EXTENSIONS = {"JPEG": "jpg", "WEBP": "webp"}


def media_path(photo_id: int, width: int, fmt: str = "JPEG") -> str:
    """Where a photo rendition lives on the website (and in the preview)."""
    return f"/media/{photo_id}-{width}.{_MEDIA_EXTENSIONS[fmt.upper()]}"


# What media_path writes, read back: the one parser of /media/ URLs (the export's list
# of photos a page shows, the preview's and the standalone page's media lookups).
_MEDIA = re.compile(r"/media/(\d{1,18})-(\d{1,5})\.(jpg|webp)")
_FORMATS = {ext: fmt for fmt, ext in _MEDIA_EXTENSIONS.items()}


def parse_media_path(path: str) -> tuple[int, int, str] | None:
    """(photo id, width, "JPEG" or "WEBP") of a rendition path, or None."""
    match = _MEDIA.fullmatch(path)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), _FORMATS[match.group(3)]


def media_photo_ids(html: str) -> set[int]:
    """The photos whose renditions a page shows."""
    return {int(m.group(1)) for m in _MEDIA.finditer(html)}


def crop_path(photo_id: int, ratio: tuple[int, int]) -> str:
    """Where a photo's crop to ``ratio`` (16:9, 4:3, 1:1: what search engines and share
    cards ask for) lives on the website."""
    return f"/media/{photo_id}-{ratio[0]}x{ratio[1]}.jpg"


# The site's own images, made by the export from the settings (export/siteimages.py).
LOGO_PATH = "/static/logo.png"
FAVICON = "/favicon.ico"
ICON_192 = "/static/icon-192.png"
APPLE_TOUCH_ICON = "/static/apple-touch-icon.png"
