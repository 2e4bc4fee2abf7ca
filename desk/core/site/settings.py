"""Site settings: what the pages and the editor's limits depend on.

One definition of each setting (SETTINGS): its label, how text given on the command line
or in the Preferences dialog becomes a value, and the rule a value must meet, with a
one-line reason when it does not. ``save`` checks every change before anything is
written. The logo and the default share image are photos in the library (their bytes,
renditions and credits in the database like any other photo); the settings hold their ids.

SQLAlchemy is imported by load and save only: the window's first screen and the export
read the same SiteSettings with plain SQL (from_sql)."""

from __future__ import annotations

import dataclasses
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desk.core.errors import InputError
from desk.core.store.sqlite import json_value

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk.core.store.db import Database

PREFIX = "site."
BASE_URL_UNSET = ("the site's base URL is not set: set it in Preferences or with "
                  "`desk settings set base_url https://news.example.org`, or pass --base-url")
# Open Graph previews need at least this much (Facebook's minimum; 1200 x 630 is best).
SHARE_IMAGE_MIN = (200, 200)
LOGO_MIN_SIDE = 16


@dataclass(frozen=True)
class SiteSettings:
    name: str = "Desk Daily"
    # Empty until the editor gives it: an export never invents the site's address.
    base_url: str = ""
    language: str = "en"
    timezone: str = "Europe/Paris"
    headline_limit: int = 110
    standfirst_limit: int = 280
    author: str = ""
    # Photos of the library (their bytes and credits stay in the database): the logo is
    # the publisher's in structured data and the source of the favicon; the share image
    # stands for pages that have no photo of their own.
    logo_photo_id: int | None = None
    share_image_photo_id: int | None = None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


_FIELDS = {f.name: f for f in dataclasses.fields(SiteSettings)}
DEFAULTS = SiteSettings()


# --- the rules ------------------------------------------------------------------------

_BASE_URL = re.compile(r"^https?://[^/\s?#]+(/[^\s?#]*)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LANGUAGES = {"en": "English", "fr": "French"}  # offered first; any BCP 47 tag is accepted


def check_base_url(url: str) -> str:
    """The site's public address without its trailing slash; InputError when it is not
    an http(s) address (the export's --base-url obeys the same rule)."""
    url = url.strip().rstrip("/")
    if not _BASE_URL.match(url):
        raise InputError(f"base URL {url!r} must look like https://news.example.org")
    return url


def _check_name(value: Any) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise InputError("the site name cannot be empty")
    if len(text) > 200:
        raise InputError(f"the site name has {len(text)} characters; at most 200")
    return text


def check_language(value: Any) -> str:
    """A BCP 47 tag, normalised (fr_ca -> fr-CA): the one rule for the site's language and
    an article's own (front matter, inspector, `desk language`)."""
    parts = str(value).strip().replace("_", "-").split("-")
    # fr-CA, zh-Hant-TW: the language in lower case, a region in capitals, a script titled.
    tag = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p.title() if len(p) == 4
                                         else p for p in parts[1:]])
    if not _LANGUAGE.match(tag):
        raise InputError(f"language {str(value).strip()!r} must be a language tag such as en, fr or fr-CA")
    return tag


def _check_timezone(value: Any) -> str:
    name = str(value).strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r} (use a name such as Europe/Paris)") from None
    return name


def _limit(label: str, low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InputError(f"{label} {value!r} is not a whole number") from None
        if not low <= number <= high:
            raise InputError(f"{label} must be between {low} and {high} characters, not {number}")
        return number

    return check


def _check_author(value: Any) -> str:
    text = " ".join(str(value).split())
    if len(text) > 200:
        raise InputError(f"the default byline has {len(text)} characters; at most 200")
    return text


def _photo_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a photo number") from None


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    check: Callable[[Any], Any]
    help: str = ""
    photo: bool = False  # the value is a photo id (the CLI also takes an image file)
    bounds: tuple[int, int] | None = None  # a whole number between these



SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("name", "Site name", _check_name, "shown in the page header and titles"),
    Setting("base_url", "Base URL", lambda v: check_base_url(str(v)),
            "the site's public address, e.g. https://news.example.org"),
    Setting("language", "Language", check_language, "BCP 47 tag: en, fr, fr-CA…"),
    Setting("timezone", "Time zone", _check_timezone, "IANA name: dates are shown in it"),
    Setting("headline_limit", "Headline limit", _limit("the headline limit", 10, 500),
            "characters before the checklist warns", bounds=(10, 500)),
    Setting("standfirst_limit", "Standfirst limit", _limit("the standfirst limit", 20, 2000),
            "characters before the checklist warns", bounds=(20, 2000)),
    Setting("author", "Default byline", _check_author, "given to new articles"),
    Setting("logo_photo_id", "Logo", _photo_id, "a photo of the library", photo=True),
    Setting("share_image_photo_id", "Default share image", _photo_id,
            "shown when a shared article has no photo (at least 200 x 200)", photo=True),
)}
ALIASES = {"logo": "logo_photo_id", "share_image": "share_image_photo_id", "site_name": "name",
           "time_zone": "timezone", "byline": "author", "default_byline": "author"}


def key_of(text: str) -> str:
    """The setting a name given by the editor means (``base-url``, ``logo``, ...)."""
    name = text.strip().lower().replace("-", "_")
    name = ALIASES.get(name, name)
    if name not in SETTINGS:
        raise InputError(f"unknown setting {text!r}; known: {', '.join(names())}")
    return name


def names() -> list[str]:
    """The settings' names as the command line shows them."""
    reverse = {"logo_photo_id": "logo", "share_image_photo_id": "share_image"}
    return [reverse.get(n, n) for n in SETTINGS]


def check(name: str, value: Any) -> Any:
    """The value, normalised, if it meets the setting's rule; InputError otherwise."""
    return SETTINGS[name].check(value)


# --- reading --------------------------------------------------------------------------

def from_rows(rows: Iterable[tuple[str, Any]]) -> SiteSettings:
    """SiteSettings from (key, decoded value) pairs of the settings table."""
    values: dict[str, Any] = {}
    for key, value in rows:
        name = key.removeprefix(PREFIX)
        if key.startswith(PREFIX) and name in _FIELDS:
            values[name] = value
    return SiteSettings(**values)


def from_sql(run: Callable[..., Iterable[tuple[str, Any]]]) -> SiteSettings:
    """SiteSettings read with plain SQL, ``run(sql, params)`` (a sqlite3 connection's
    execute, or Database.read_sql): no SQLAlchemy."""
    return from_rows((key, json_value(value)) for key, value in run(
        "SELECT key, value FROM settings WHERE key LIKE ?", (PREFIX + "%",)))


def read(db: Database) -> SiteSettings:
    """The stored settings, read with plain SQL in their own transaction."""
    with db.read_sql("reading the settings") as sql:
        return from_sql(sql)


def load(session: Session) -> SiteSettings:
    from sqlalchemy import select

    from desk.core.store.models import Setting as Row

    rows = session.execute(select(Row).where(Row.key.like(PREFIX + "%"))).scalars()
    return from_rows((row.key, row.value) for row in rows)


def stored_names(session: Session) -> set[str]:
    """The settings the editor has set (the others have their default)."""
    from sqlalchemy import select

    from desk.core.store.models import Setting as Row

    keys = session.scalars(select(Row.key).where(Row.key.like(PREFIX + "%")))
    return {k.removeprefix(PREFIX) for k in keys} & set(_FIELDS)


# --- writing --------------------------------------------------------------------------

def save(session: Session, **changes: Any) -> SiteSettings:
    """Check every change, then store them all (None: back to the default). Raises
    InputError naming the first bad one; then nothing is written."""
    from desk.core.store.models import Setting as Row

    for name in changes:
        if name not in _FIELDS:
            raise InputError(f"unknown setting {name!r}")
    checked = {name: (None if value is None else check(name, value)) for name, value in changes.items()}
    for name, value in checked.items():
        if SETTINGS[name].photo and value is not None:
            _check_photo(session, name, value)
    current = load(session)
    updated = dataclasses.replace(current, **{n: (getattr(DEFAULTS, n) if v is None else v)
                                              for n, v in checked.items()})
    from desk.core.store import concurrent_writes

    for name, value in checked.items():
        if value is None:
            row = session.get(Row, f"{PREFIX}{name}")
            if row is not None:
                session.delete(row)
    session.flush()
    # One INSERT ... ON CONFLICT: another editor may save the same setting at once.
    concurrent_writes.upsert(session, Row.__table__, [
        {"key": f"{PREFIX}{name}", "value": value}
        for name, value in checked.items() if value is not None], keys=["key"])
    for obj in [o for o in session.identity_map.values() if isinstance(o, Row)]:
        session.expire(obj)  # the rows loaded above are older than the statement
    return updated


def _check_photo(session: Session, name: str, photo_id: int) -> None:
    from desk.core.store.models import Photo

    photo = session.get(Photo, photo_id)
    if photo is None:
        raise InputError(f"the {SETTINGS[name].label.lower()} must be a photo of the library; "
                         f"there is no photo {photo_id}")
    check_image_size(name, photo.width, photo.height)


def check_image_size(name: str, width: int, height: int) -> None:
    """The logo and the share image must be big enough for what they are used for."""
    if name == "share_image_photo_id":
        low_w, low_h = SHARE_IMAGE_MIN
        if width < low_w or height < low_h:
            raise InputError(f"the default share image is {width} x {height}; Open Graph "
                             f"needs at least {low_w} x {low_h} (1200 x 630 is best)")
    elif min(width, height) < LOGO_MIN_SIDE:
        raise InputError(f"the logo is {width} x {height}; at least {LOGO_MIN_SIDE} pixels on each side")


def display(settings: SiteSettings, name: str) -> str:
    """A setting's value as text (the command line's `get`, the dialog's fields)."""
    value = getattr(settings, name)
    return "" if value is None else str(value)


def save_image(db: Database, name: str, path: Any) -> int:
    """Make an image file the logo or the default share image. Returns the photo id."""
    return getattr(apply(db, {}, {name: path}), name)


def apply(db: Database, changes: dict[str, Any], images: dict[str, Any] | None = None) -> SiteSettings:
    """Save ``changes`` (None: back to the default) and make each of ``images`` (setting
    name -> image file) the logo or share image: every image is read and checked first,
    then the photos are stored in the library (or the photo with the same bytes reused)
    and all settings saved in one transaction, so a refused value or image leaves neither
    a photo nor a setting behind."""
    from pathlib import Path

    from desk.core.photos import records as photos

    read: dict[str, tuple[Path, bytes, Any]] = {}
    for name, path in (images or {}).items():
        if not SETTINGS[name].photo:
            raise InputError(f"{SETTINGS[name].label} is not an image setting")
        data, info = photos.read_file(Path(path))
        try:
            check_image_size(name, info.width, info.height)
        except InputError as exc:
            raise InputError(str(exc), path=str(path)) from None
        read[name] = (Path(path), data, info)
    what = "saving the settings" if changes or len(read) != 1 else \
        f"setting the {SETTINGS[next(iter(read))].label.lower()}"
    with db.write(what) as session:
        values = dict(changes)
        for name, (path, data, info) in read.items():
            photo, _created = photos.store(session, data, path.name, info)
            values[name] = photo.id
        return save(session, **values)
