"""Deadline arithmetic in working hours, and the service norms that set the deadlines.

A promise such as "binnen 1 werkdag terugbellen" is kept in working time: evenings, nights,
non-working days, Dutch public holidays and the medewerker's absence do not count.

Working hours are defined on the local wall clock of the municipality (Europe/Amsterdam):
"08:30-17:00" means 08:30-17:00 local time on every day, in winter and in summer time. Each
day's window is built from wall-clock times, localised with zoneinfo, and all counting is
done in UTC, so a DST change never adds or loses an hour.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from bot.kern.tijd import utc

TIJDZONE = "Europe/Amsterdam"

# How many consecutive days may pass without a working day before we give up: longer than
# any real holiday or absence, short enough to end quickly on impossible working hours.
MAX_DAGEN_ZONDER_WERKDAG = 366


@dataclass(frozen=True)
class Werktijden:
    """The days (0 = Monday) and the local opening hours on which a medewerker works."""

    dagen: frozenset[int]
    begin: time
    eind: time

    def __post_init__(self) -> None:
        object.__setattr__(self, "dagen", frozenset(self.dagen))
        if not all(isinstance(dag, int) and 0 <= dag <= 6 for dag in self.dagen):
            raise ValueError(f"dagen must be weekday numbers 0 (Monday) to 6 (Sunday): {sorted(self.dagen)}")
        if self.begin.tzinfo is not None or self.eind.tzinfo is not None:
            raise ValueError("begin and eind are local wall-clock times, without a time zone")
        if not self.begin < self.eind:
            raise ValueError(f"begin ({self.begin}) must be before eind ({self.eind})")

    @classmethod
    def standaard(cls) -> Werktijden:
        """Monday to Friday, 08:30-17:00."""
        return cls(dagen=frozenset(range(5)), begin=time(8, 30), eind=time(17, 0))


@dataclass(frozen=True)
class Afwezigheid:
    """A period in which the medewerker is away (holiday, illness, training), both days included."""

    van: date
    tot_en_met: date

    def __post_init__(self) -> None:
        if self.tot_en_met < self.van:
            raise ValueError(f"tot_en_met ({self.tot_en_met}) is before van ({self.van})")

    def omvat(self, dag: date) -> bool:
        return self.van <= dag <= self.tot_en_met


@cache
def _feestdagen(jaar: int) -> frozenset[date]:
    """The Dutch public holidays of one year (the ``holidays`` package builds them on every call)."""
    return frozenset(holidays.country_holidays("NL", years=jaar))


def is_werkdag(dag: date, werktijden: Werktijden, afwezig: Sequence[Afwezigheid] = ()) -> bool:
    """Whether the medewerker works on ``dag``: a working weekday, no public holiday, not away."""
    return (
        dag.weekday() in werktijden.dagen
        and dag not in _feestdagen(dag.year)
        and not any(periode.omvat(dag) for periode in afwezig)
    )


def ligt_in_werktijd(
    moment: datetime, werktijden: Werktijden, afwezig: Sequence[Afwezigheid] = (), tz: str = TIJDZONE
) -> bool:
    """Whether a promised moment lies in working time: a working day, from opening up to and including
    closing time (deadlines are "vóór 17.00 uur": closing time itself is a moment one can promise)."""
    lokaal = utc(moment).astimezone(ZoneInfo(tz))
    return is_werkdag(lokaal.date(), werktijden, afwezig) and werktijden.begin <= lokaal.time() <= werktijden.eind


def werkuren_per_dag(werktijden: Werktijden) -> float:
    """The length of a working day on the wall clock, in hours (8.5 for 08:30-17:00)."""
    begin = datetime.combine(date.min, werktijden.begin)
    eind = datetime.combine(date.min, werktijden.eind)
    return (eind - begin) / timedelta(hours=1)


def volgende_werkmoment(
    moment: datetime,
    werktijden: Werktijden,
    afwezig: Sequence[Afwezigheid] = (),
    tz: str = TIJDZONE,
) -> datetime:
    """``moment`` itself if it is inside working time, else the next opening (aware, in ``tz``).

    Closing time itself is outside working time: 17:00 gives the next opening.
    """
    zone = ZoneInfo(tz)
    begin, _ = next(_werkvensters(utc(moment), werktijden, afwezig, zone))
    return begin.astimezone(zone)


def deadline_na_werkuren(
    start: datetime,
    werkuren: float,
    werktijden: Werktijden,
    afwezig: Sequence[Afwezigheid] = (),
    tz: str = TIJDZONE,
) -> datetime:
    """The moment ``werkuren`` of working time after ``start`` (aware, in ``tz``).

    A start before opening counts from opening, a start after closing from the next working
    day's opening. A deadline that falls exactly on closing time is that closing time.
    """
    if isinstance(werkuren, bool) or not isinstance(werkuren, (int, float)) or not math.isfinite(werkuren):
        raise ValueError(f"werkuren must be a finite number: {werkuren!r}")
    if werkuren < 0:
        raise ValueError(f"werkuren must not be negative: {werkuren}")
    zone = ZoneInfo(tz)
    resterend = timedelta(hours=werkuren)
    for begin, eind in _werkvensters(utc(start), werktijden, afwezig, zone):
        if resterend <= eind - begin:
            return (begin + resterend).astimezone(zone)
        resterend -= eind - begin
    raise AssertionError("unreachable: _werkvensters only ends by raising")  # pragma: no cover


def _werkvensters(
    vanaf: datetime,
    werktijden: Werktijden,
    afwezig: Sequence[Afwezigheid],
    zone: ZoneInfo,
) -> Iterator[tuple[datetime, datetime]]:
    """The stretches of working time from ``vanaf`` on, as (begin, eind) in UTC, endlessly.

    Each day's window is built from the local wall-clock times and only then converted to UTC;
    subtracting two aware datetimes that share a ZoneInfo would ignore a DST change between them.
    Raises ValueError after MAX_DAGEN_ZONDER_WERKDAG days in a row without a working day.
    """
    dag = vanaf.astimezone(zone).date()
    dagen_zonder_werkdag = 0
    while dagen_zonder_werkdag < MAX_DAGEN_ZONDER_WERKDAG:
        if is_werkdag(dag, werktijden, afwezig):
            dagen_zonder_werkdag = 0
            opening = datetime.combine(dag, werktijden.begin, tzinfo=zone).astimezone(timezone.utc)
            sluiting = datetime.combine(dag, werktijden.eind, tzinfo=zone).astimezone(timezone.utc)
            begin = max(opening, vanaf)
            if begin < sluiting:
                yield begin, sluiting
        else:
            dagen_zonder_werkdag += 1
        dag += timedelta(days=1)
    raise ValueError(
        f"no working day in {MAX_DAGEN_ZONDER_WERKDAG} days before {dag.isoformat()} "
        f"(dagen: {sorted(werktijden.dagen)}, {len(afwezig)} absence period(s))"
    )
