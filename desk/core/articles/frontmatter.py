"""Markdown files with YAML front matter, checked before anything is stored.

Every value is checked for type and range, and any problem is one InputError naming the
file and the line (the CLI's exit status 2): nothing in a file can reach a traceback.
Scalars are read as written (``slug: 010`` is "010", ``1:30`` is "1:30"; see
frontmatter_yaml for why and for the limits on the YAML itself). The body is kept exactly
as the file has it after the closing ``---`` line: line endings and leading blank lines
included.

Limits (documented in the README's front matter section): at most MAX_TAGS tags and
MAX_RELATED related slugs, text fields of at most their column's length, dates in years
MIN_YEAR-MAX_YEAR with an offset of at most 18 hours.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.core.articles import frontmatter_yaml
from desk.core.clean_text import clean_text
from desk.core.errors import InputError
from desk.core.articles.frontmatter_yaml import Map, Seq, Text
from desk.core.store.models import STATUSES
from desk.core.articles.slugs import MAX_SLUG, is_valid_slug
from desk.core.site.languages import own_language

KEYS = {
    "title", "slug", "category", "tags", "byline", "standfirst", "status", "date", "updated",
    "source_name", "source_url", "hero", "related", "language",
}
HERO_KEYS = {"file", "alt", "caption", "credit"}

MAX_TAGS = 100
MAX_RELATED = 50
MAX_CATEGORY_LEVELS = 10
MIN_YEAR, MAX_YEAR = 1800, 2200
MAX_OFFSET = dt.timedelta(hours=18)
# A whole file: 100,000 words are about 700 KB; beyond this it is not an article (and
# reading it whole could exhaust memory).
MAX_FILE_BYTES = 16 * 1024 * 1024
# Characters per field: the columns' sizes (models.py), and room for a long standfirst.
MAX_CHARS = {
    "title": 1000, "byline": 300, "standfirst": 10_000, "source_name": 300,
    "source_url": 2000, "category": 200, "tag": 200, "alt": 2000, "caption": 10_000,
    "credit": 2000, "file": 1000,
}

# ISO 8601 and the YAML timestamp forms ("2024-04-15 09:30:00 +02:00") that the old
# loader accepted unquoted.
_DATE = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?"
    r"[ \t]*(?P<z>[Zz]|[-+][0-9]{1,2}(?::?[0-9]{2})?)?)?\Z"
)
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*\Z", re.I)


@dataclass
class Hero:
    file: Path
    alt: str = ""
    caption: str = ""
    credit: str = ""
    name: str = ""  # as written in the front matter


@dataclass
class Document:
    path: Path
    title: str
    body: str
    slug: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    byline: str = ""
    standfirst: str = ""
    status: str = "draft"
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    source_name: str = ""
    source_url: str = ""
    hero: Hero | None = None
    related: list[str] = field(default_factory=list)
    language: str | None = None  # None: the site's language
    # The line of each front matter key, for messages about its value.
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> dict[str, Any]:
        """``path=``/``line=`` for an InputError about ``key``."""
        return {"path": str(self.path), "line": self.lines.get(key)}


def parse_file(path: Path, tz: zoneinfo.ZoneInfo) -> Document:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"the file is over {MAX_FILE_BYTES // (1024 * 1024)} MB; an article is at most that",
                         path=str(path), line=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", path=str(path), line=line) from None
    return parse_text(text, path, tz)


def _split(text: str, where: str) -> tuple[str, str]:
    """The front matter's text and the body, exactly as written after the closing line."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r").strip() != "---":
        raise InputError("no front matter: the file must start with a '---' line", path=where, line=1)
    pos = len(text) if first_end < 0 else first_end + 1
    header_start = pos
    while pos < len(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip("\r").strip() in ("---", "..."):
            header = text[header_start:pos]
            return header, ("" if end < 0 else text[end + 1:])
        pos = len(text) if end < 0 else end + 1
    raise InputError("front matter is not closed by a '---' line", path=where, line=1)


def parse_text(text: str, path: Path, tz: zoneinfo.ZoneInfo) -> Document:
    where = str(path)
    header, body = _split(text, where)
    meta = frontmatter_yaml.load(header, path=where, first_line=2) if header.strip() else Map()
    if meta is None:
        meta = Map()
    if not isinstance(meta, Map):
        raise InputError("front matter must be a set of 'key: value' lines", path=where, line=2)
    if not hasattr(meta, "key_lines"):
        meta.key_lines = {}
    lines = dict(meta.key_lines)

    def fail(key: str, message: str) -> InputError:
        return InputError(message, path=where, line=lines.get(key))

    unknown = sorted(k for k in meta if k not in KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown front matter key {_show(unknown[0])} (known: {', '.join(sorted(KEYS))})")

    def text_value(key: str, limit_key: str | None = None) -> str:
        value = meta.get(key)
        if value is None:
            return ""
        if not isinstance(value, Text):
            raise fail(key, f"{key!r} must be text, not a {'list' if isinstance(value, Seq) else 'set of keys'}")
        return _checked_text(str(value), key, MAX_CHARS[limit_key or key], lambda m: fail(key, m))

    title = text_value("title")
    if not title:
        raise InputError("front matter lacks 'title'", path=where, line=lines.get("title") or 2)
    doc = Document(path=path, title=title, body=clean_text(body, multiline=True), lines=lines)
    slug = meta.get("slug")
    if slug is not None:
        if not isinstance(slug, Text):
            raise fail("slug", "'slug' must be text")
        slug = str(slug).strip()
        if len(slug) > MAX_SLUG or not is_valid_slug(slug):
            raise fail("slug", f"slug {_show(slug)} must be lower-case words joined by hyphens"
                       f" (at most {MAX_SLUG} characters)")
        doc.slug = slug
    if meta.get("category") is not None:
        category = text_value("category", "title")
        parts = [p.strip() for p in category.split(">")]
        if not category or any(not p for p in parts):
            raise fail("category", f"category {_show(category)} has an empty part")
        if len(parts) > MAX_CATEGORY_LEVELS:
            raise fail("category", f"category has {len(parts)} levels; at most {MAX_CATEGORY_LEVELS}")
        long = next((p for p in parts if len(p) > MAX_CHARS["category"]), None)
        if long is not None:
            raise fail("category", f"a category name is over {MAX_CHARS['category']} characters")
        doc.category = " > ".join(parts) if len(parts) > 1 else parts[0]
    doc.tags = _name_list(meta, "tags", MAX_TAGS, lambda m: fail("tags", m))
    for tag in doc.tags:
        if len(tag) > MAX_CHARS["tag"]:
            raise fail("tags", f"a tag is over {MAX_CHARS['tag']} characters")
    doc.related = _name_list(meta, "related", MAX_RELATED, lambda m: fail("related", m))
    for name in doc.related:
        if len(name) > MAX_SLUG or not is_valid_slug(name):
            raise fail("related", f"related {_show(name)} is not an article slug")
    doc.byline = text_value("byline")
    doc.standfirst = text_value("standfirst")
    doc.source_name = text_value("source_name")
    doc.source_url = text_value("source_url")
    if doc.source_url and not _URL.match(doc.source_url):
        raise fail("source_url", f"source_url {_show(doc.source_url)} is not an http(s) address")
    status = meta.get("status")
    if status is not None:
        if not isinstance(status, Text) or str(status) not in STATUSES:
            raise fail("status", f"status {_show(status)} is not one of {', '.join(STATUSES)}")
        doc.status = str(status)
    if meta.get("date") is not None:
        doc.date = parse_date(meta["date"], tz, lambda m: fail("date", m), "date")
    if meta.get("updated") is not None:
        doc.updated = parse_date(meta["updated"], tz, lambda m: fail("updated", m), "updated")
        if doc.date is not None and doc.updated < doc.date:
            raise fail("updated", "'updated' is before 'date'")
    if meta.get("language") is not None:
        language = meta["language"]
        if not isinstance(language, Text):
            raise fail("language", "'language' must be a language tag such as en, fr or fr-CA")
        try:
            doc.language = own_language(str(language))
        except InputError as exc:
            raise fail("language", str(exc)) from None
    if meta.get("hero") is not None:
        doc.hero = _parse_hero(meta["hero"], path, lambda m: fail("hero", m))
    return doc


def _show(value: Any) -> str:
    """A value for a message: quoted, on one line, and short."""
    text = repr(str(value) if isinstance(value, Text) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def _checked_text(value: str, key: str, limit: int, fail: Any) -> str:
    value = clean_text(value).strip()
    if len(value) > limit:
        raise fail(f"{key!r} is {len(value)} characters; at most {limit}")
    return value


def _name_list(meta: Map, key: str, limit: int, fail: Any) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, Text):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, Text) or v is None for v in value):
        raise fail(f"{key!r} must be a list of names")
    if len(value) > limit:
        raise fail(f"{key!r} has {len(value)} entries; at most {limit}")
    names = [" ".join(clean_text(str(v)).split()) for v in value if v is not None]
    return [n for n in names if n]


def parse_date(value: Any, tz: dt.tzinfo, fail: Any, key: str = "date") -> dt.datetime:
    """An ISO 8601 date or time as aware UTC; a time without an offset is the newsroom's
    (``tz``). Out of range, or out of range once in UTC: refused with ``fail(message)``."""
    if not isinstance(value, Text):
        raise fail(f"{key!r} must be a date (e.g. 2024-04-15 or 2024-04-15T09:30:00+02:00)")
    text = str(value).strip()
    m = _DATE.match(text)
    if m is None:
        raise fail(f"{key} {_show(text)} is not ISO 8601 (e.g. 2024-04-15 or 2024-04-15T09:30:00+02:00)")
    year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise fail(f"{key} {_show(text)}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    hour, minute = int(m["H"] or 0), int(m["M"] or 0)
    second = int(m["S"] or 0)
    micro = int((m["f"] or "0")[:6].ljust(6, "0"))
    zone: dt.tzinfo = tz
    if m["z"]:
        zone = _offset(m["z"], text, key, fail)
    try:
        moment = dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
        return moment.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError) as exc:
        raise fail(f"{key} {_show(text)} is not a real date or time ({exc})") from None


def _offset(z: str, text: str, key: str, fail: Any) -> dt.tzinfo:
    if z in ("Z", "z"):
        return dt.timezone.utc
    sign = -1 if z[0] == "-" else 1
    digits = z[1:].replace(":", "")
    hours = int(digits[:-2] if len(digits) > 2 else digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if minutes > 59:
        raise fail(f"{key} {_show(text)}: the offset's minutes must be below 60")
    offset = dt.timedelta(hours=hours, minutes=minutes)
    if offset > MAX_OFFSET:
        raise fail(f"{key} {_show(text)}: the offset is over 18 hours")
    return dt.timezone(sign * offset)


def _parse_hero(value: Any, md_path: Path, fail: Any) -> Hero:
    if isinstance(value, Text):
        mapping: dict[str, Any] = {"file": value}
    elif isinstance(value, Map):
        mapping = value
    else:
        raise fail("'hero' must be a file name or a set of file, alt, caption, credit")
    unknown = sorted(k for k in mapping if k not in HERO_KEYS)
    if unknown:
        raise fail(f"unknown hero key {_show(unknown[0])} (known: {', '.join(sorted(HERO_KEYS))})")
    texts: dict[str, str] = {}
    for key in HERO_KEYS:
        item = mapping.get(key)
        if item is None:
            texts[key] = ""
        elif not isinstance(item, Text):
            raise fail(f"hero {key!r} must be text")
        else:
            texts[key] = _checked_text(str(item), f"hero {key}", MAX_CHARS[key], fail)
    name = texts["file"]
    if not name:
        raise fail("'hero' lacks 'file'")
    try:
        file = (md_path.parent / name).resolve()
        exists = file.is_file()
    except (OSError, ValueError, RuntimeError):  # NUL bytes, a loop of links
        exists = False
    if not exists:
        raise fail(f"hero file {_show(name)} does not exist")
    return Hero(file=file, alt=texts["alt"], caption=texts["caption"], credit=texts["credit"], name=name)
