"""Site settings: what the pages and the editor's limits depend on.

SQLAlchemy is imported by load and save only: the window's first screen and the export
read the same SiteSettings with plain SQL (from_sql)."""

from __future__ import annotations

import dataclasses
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .sqlite import json_value

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PREFIX = "site."


@dataclass(frozen=True)
class SiteSettings:
    name: str = "Desk Daily"
    base_url: str = "https://example.org"
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


def load(session: Session) -> SiteSettings:
    from sqlalchemy import select

    from .models import Setting

    rows = session.execute(select(Setting).where(Setting.key.like(PREFIX + "%"))).scalars()
    return from_rows((row.key, row.value) for row in rows)


def save(session: Session, **changes: Any) -> SiteSettings:
    from .models import Setting

    current = load(session)
    for name, value in changes.items():
        if name not in _FIELDS:
            raise InputError(f"unknown setting {name!r}")
    updated = dataclasses.replace(current, **changes)
    try:
        updated.tz
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {updated.timezone!r}") from None
    for name, value in changes.items():
        session.merge(Setting(key=f"{PREFIX}{name}", value=value))
    return updated
