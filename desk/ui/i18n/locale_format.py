"""Dates, times and numbers as the interface's language writes them (QLocale's default,
set by i18n.install): "27 Nov" / "27 nov.", "2:05 PM" / "14:05", "12,345" / "12 345".
The moments come in already converted to the site's time zone; the zone's name is added
where the window shows one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

SHORT = QLocale.FormatType.ShortFormat
LONG = QLocale.FormatType.LongFormat


def _date(moment: dt.datetime | dt.date) -> QDate:
    return QDate(moment.year, moment.month, moment.day)


def _time(moment: dt.datetime, seconds: bool = False) -> QTime:
    return QTime(moment.hour, moment.minute, moment.second if seconds else 0)


def _zone(moment: dt.datetime) -> str:
    name = moment.tzname() if moment.tzinfo is not None else None
    return f" {name}" if name else ""


def time(moment: dt.datetime, seconds: bool = False) -> str:
    """14:05 (or 2:05 PM); with seconds, the locale's time with seconds."""
    locale = QLocale()
    if not seconds:
        return locale.toString(_time(moment), SHORT)
    # The long format ends with the system's zone name ("t"): the site's is added instead.
    pattern = locale.timeFormat(LONG).replace("t", "").strip()
    return locale.toString(_time(moment, True), pattern)


def clock(moment: dt.datetime) -> str:
    """A time with seconds and its zone: "14:05:09 CET"."""
    return time(moment, seconds=True) + _zone(moment)


def day_month(moment: dt.datetime | dt.date) -> str:
    """"27 Nov" / "27 nov.": the locale's abbreviated month name."""
    locale = QLocale()
    return f"{moment.day} {locale.monthName(moment.month, SHORT)}"


def date(moment: dt.datetime | dt.date) -> str:
    """The locale's short date: 15/04/2024 in French, 4/15/24 in American English."""
    return QLocale().toString(_date(moment), SHORT)


def date_time(moment: dt.datetime, zone: bool = True) -> str:
    """The short date and time, with the zone: "15/04/2024 14:05 CEST"."""
    text = QLocale().toString(QDateTime(_date(moment), _time(moment)), SHORT)
    return text + (_zone(moment) if zone else "")


def long_date_time(moment: dt.datetime, seconds: bool = False) -> str:
    """"15 April 2024, 14:05 CEST" / "15 avril 2024, 14:05 CEST"."""
    locale = QLocale()
    day = f"{moment.day} {locale.monthName(moment.month, LONG)} {moment.year}"
    return f"{day}, {time(moment, seconds)}{_zone(moment)}"


def number(value: float, decimals: int | None = None) -> str:
    locale = QLocale()
    if decimals is None:
        return locale.toString(int(value)) if float(value).is_integer() else locale.toString(float(value))
    return locale.toString(float(value), "f", decimals)
