"""Dates from the three layers, as ISO 8601 at the precision the file gives.

Desk keeps ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[.fff][±HH:MM]``.
Besides the standard forms (IIM ``CCYYMMDD`` + ``HHMMSS±HHMM``, XMP ISO 8601, EXIF
``YYYY:MM:DD HH:MM:SS``) the non-standard ones real files carry are read when they cannot
mean two things: a year-first date with ``-``, ``:`` or ``/``, a space for the ``T``, a
space before the offset, ``Z`` or ``+0000`` for the offset, a fraction of a second.
Day-first or month-first dates (``05/04/2024``) are ambiguous and refused.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"(\d{4})(?:[-:/]?(\d{2})(?:[-:/]?(\d{2}))?)?")
_TIME = re.compile(r"(\d{2}):?(\d{2})(?::?(\d{2})(\.\d{1,9})?)?")
_ZONE = re.compile(r"(Z|[+-]\d{2}(?::?\d{2})?)")
_ISO = re.compile(
    r"^\s*(?P<date>\d{4}(?:[-:/]\d{2}(?:[-:/]\d{2})?)?|\d{8})"
    r"(?:(?:T|\s+)(?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?|\d{6}(?:\.\d{1,9})?)"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$"
)


def _date_part(text: str) -> str:
    """'2015-01-22', '2015:01:22', '20150122', '2015-01', '2015' -> ISO; '' if invalid.
    '00' for month or day means unknown (IIM), which shortens the date."""
    found = _DATE.fullmatch(text.strip())
    if not found:
        return ""
    year, month, day = found.groups()
    if year == "0000":
        return ""
    if not month or month == "00":
        return year
    if not 1 <= int(month) <= 12:
        return ""
    if not day or day == "00":
        return f"{year}-{month}"
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return ""
    return f"{year}-{month}-{day}"


def _time_part(text: str) -> str:
    """'135926', '13:59:26', '135926.054', '13:59' -> 'HH:MM:SS[.fff]'; '' if invalid."""
    found = _TIME.fullmatch(text.strip())
    if not found:
        return ""
    hour, minute, second, fraction = found.groups()
    second = second or "00"
    if int(hour) > 23 or int(minute) > 59 or int(second) > 60:
        return ""
    return f"{hour}:{minute}:{second}{fraction or ''}"


def _zone_part(text: str) -> str | None:
    """'+0100', '+01:00', '+01', 'Z' -> '+01:00'; None if invalid."""
    found = _ZONE.fullmatch(text.strip())
    if not found:
        return None
    zone = found.group(1)
    if zone == "Z":
        return "+00:00"
    digits = zone[1:].replace(":", "")
    hours, minutes = digits[:2], digits[2:4] or "00"
    if int(hours) > 14 or int(minutes) > 59:
        return None
    return f"{zone[0]}{hours}:{minutes}"


def normalise_iso(value: str) -> str:
    """An XMP (or any year-first) date-time as Desk keeps it; '' if it is not one."""
    found = _ISO.match(value or "")
    if not found:
        return ""
    date = _date_part(found.group("date"))
    if not date:
        return ""
    time_text = found.group("time")
    if not time_text:
        return date
    if len(date) != 10:
        return ""  # a time on a partial date means nothing
    time = _time_part(time_text)
    if not time:
        return ""
    zone_text = found.group("zone")
    if zone_text is None:
        return f"{date}T{time}"
    zone = _zone_part(zone_text)
    return f"{date}T{time}{zone}" if zone is not None else ""


def iim_datetime(date: str, time: str = "") -> str:
    """IIM 2:55 'CCYYMMDD' (+ 2:60 'HHMMSS±HHMM') -> ISO 8601; '' if the date is unreadable.

    A time that cannot be read is dropped and the date kept."""
    iso = _date_part(date)
    if len(iso) != 10 or not time.strip():
        return iso
    found = re.fullmatch(r"\s*(\d{2}:?\d{2}(?::?\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*", time)
    if not found:
        return iso
    clock = _time_part(found.group(1))
    if not clock:
        return iso
    zone = _zone_part(found.group(2)) if found.group(2) else ""
    return f"{iso}T{clock}{zone or ''}"


def exif_datetime(value: str, offset: str = "", subsec: str = "") -> str:
    """EXIF '2024:04:15 09:30:00' (+ OffsetTime '+09:00', SubSecTime '30') -> ISO 8601."""
    value = value.strip().strip("\x00").strip()
    if not value or value.startswith("0000"):
        return ""
    date_text, _, time_text = value.partition(" ")
    date = _date_part(date_text)
    if len(date) != 10:
        return date
    clock = _time_part(time_text.strip()) if time_text.strip() else ""
    if not clock:
        return date
    subsec = subsec.strip().strip("\x00").strip()
    if subsec.isdigit() and "." not in clock:
        clock += "." + subsec
    zone = _zone_part(offset.strip().strip("\x00")) if offset.strip().strip("\x00") else ""
    return f"{date}T{clock}{zone or ''}"


def same_moment(a: str, b: str) -> bool:
    """True when one ISO value is the other given more precisely ('2024-04-15' and
    '2024-04-15T09:30:00+09:00'; '…T09:30:00' and '…T09:30:00.25')."""
    short, long = sorted((a, b), key=len)
    if not long.startswith(short):
        return False
    rest = long[len(short):]
    return not rest or rest[0] in "T.+-" and (short[-1:].isdigit())


def more_precise(a: str, b: str) -> str:
    return a if len(a) >= len(b) else b
