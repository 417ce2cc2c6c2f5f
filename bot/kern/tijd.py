"""Time in Ingang: UTC in the database, the municipality's wall clock (Europe/Amsterdam) for people.

Everything stored or compared is an aware UTC datetime (``utc``); everything a person reads is
formatted here, in Dutch, through Babel's CLDR data rather than hand-written month names.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOCALE = "nl_NL"


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is refused, because its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time zone is required (naive datetime: {moment.isoformat()})")
    return moment.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def lokaal(moment: datetime) -> datetime:
    """``moment`` on the municipality's wall clock."""
    return utc(moment).astimezone(AMSTERDAM)


def lokale_datum(moment: datetime) -> date:
    return lokaal(moment).date()


def dagnaam(moment: datetime | date) -> str:
    """'dinsdag'."""
    return _datum(moment, "EEEE")


def dag_en_datum(moment: datetime | date) -> str:
    """'dinsdag 24 november'."""
    return _datum(moment, "EEEE d MMMM")


def dag_en_maand(moment: datetime | date) -> str:
    """'24 november'."""
    return _datum(moment, "d MMMM")


def datum(moment: datetime | date) -> str:
    """'24 november 2026'."""
    return _datum(moment, "d MMMM y")


def korte_datum(moment: datetime | date) -> str:
    """'24 nov.' (tables, charts)."""
    return _datum(moment, "d MMM")


def maandnaam(maand: int) -> str:
    """'november' for 11."""
    return format_date(date(2000, maand, 1), "MMMM", locale=LOCALE)


def kloktijd(moment: datetime) -> str:
    """'16.30' (Dutch style, with a dot)."""
    return format_datetime(lokaal(moment), "HH.mm", locale=LOCALE)


def datum_en_tijd(moment: datetime) -> str:
    """'24 november 2026 16.30'."""
    return f"{datum(moment)} {kloktijd(moment)}"


def moment_en(moment: datetime) -> str:
    """'Monday 7 December at 16:30', for an English speaker."""
    return format_datetime(lokaal(moment), "EEEE d MMMM 'at' HH:mm", locale="en_GB")


def _datum(moment: datetime | date, patroon: str) -> str:
    if isinstance(moment, datetime):
        return format_datetime(lokaal(moment), patroon, locale=LOCALE)
    return format_date(moment, patroon, locale=LOCALE)
