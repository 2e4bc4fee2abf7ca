"""Site settings: what the pages and the editor's limits depend on."""

from __future__ import annotations

import dataclasses
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SiteSettings:
    name: str = "Desk Daily"
    base_url: str = "https://example.org"
    language: str = "en"
    timezone: str = "Europe/Paris"
    headline_limit: int = 110
    standfirst_limit: int = 280
    author: str = ""

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


_FIELDS = {f.name: f for f in dataclasses.fields(SiteSettings)}


def load(session: Session) -> SiteSettings:
    from sqlalchemy import select

    from .models import Setting

    rows = session.execute(select(Setting).where(Setting.key.like("site.%"))).scalars()
    values: dict[str, Any] = {}
    for row in rows:
        name = row.key.removeprefix("site.")
        if name in _FIELDS:
            values[name] = row.value
    return SiteSettings(**values)


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
        session.merge(Setting(key=f"site.{name}", value=value))
    return updated
