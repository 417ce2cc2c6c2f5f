"""Deadlines in working hours: evenings, weekends, public holidays, absence and DST do not count.

Unless a test says otherwise the working hours are Monday to Friday 08:30-17:00 (8.5 hours a
day). Every expected moment was computed by hand; the comments show the arithmetic.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.kern.werktijden import (
    Afwezigheid,
    Werktijden,
    deadline_na_werkuren,
    is_werkdag,
    volgende_werkmoment,
    werkuren_per_dag,
)

AMS = ZoneInfo("Europe/Amsterdam")
STANDAARD = Werktijden.standaard()
DEELTIJD = Werktijden(dagen=frozenset({0, 1, 3}), begin=time(9, 0), eind=time(13, 0))  # Mon, Tue, Thu


def ams(jaar: int, maand: int, dag: int, uur: int = 0, minuut: int = 0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


# --- working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        (date(2026, 3, 3), True),  # an ordinary Tuesday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 1, 1), False),  # Nieuwjaarsdag
        (date(2026, 4, 6), False),  # Tweede Paasdag
        (date(2026, 4, 27), False),  # Koningsdag, a Monday
        (date(2026, 5, 14), False),  # Hemelvaartsdag
        (date(2026, 5, 25), False),  # Tweede Pinksterdag
        (date(2026, 12, 25), False),  # Eerste Kerstdag, a Friday
        (date(2026, 12, 28), True),  # the Monday after Kerst
    ],
)
def test_working_days_skip_weekends_and_public_holidays(dag, verwacht):
    assert is_werkdag(dag, STANDAARD) is verwacht


def test_absence_covers_both_ends_of_the_period():
    vakantie = [Afwezigheid(van=date(2026, 3, 9), tot_en_met=date(2026, 3, 11))]
    assert is_werkdag(date(2026, 3, 6), STANDAARD, vakantie)
    assert not is_werkdag(date(2026, 3, 9), STANDAARD, vakantie)
    assert not is_werkdag(date(2026, 3, 11), STANDAARD, vakantie)
    assert is_werkdag(date(2026, 3, 12), STANDAARD, vakantie)


def test_part_time_medewerker_works_only_on_their_days():
    week = [date(2026, 3, 2) + timedelta(days=n) for n in range(7)]  # Monday 2 to Sunday 8 March
    assert [is_werkdag(dag, DEELTIJD) for dag in week] == [True, True, False, True, False, False, False]


@pytest.mark.parametrize(("werktijden", "uren"), [(STANDAARD, 8.5), (DEELTIJD, 4.0)])
def test_hours_per_day(werktijden, uren):
    assert werkuren_per_dag(werktijden) == uren


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "werkuren", "verwacht"),
    [
        # Tuesday morning, within the day
        (ams(2026, 3, 3, 9, 0), 4, ams(2026, 3, 3, 13, 0)),
        # 15:00 + 8: 2 h until 17:00, the remaining 6 h from Wednesday 08:30 -> 14:30
        (ams(2026, 3, 3, 15, 0), 8, ams(2026, 3, 4, 14, 30)),
        # before opening counts from 08:30
        (ams(2026, 3, 3, 7, 0), 1, ams(2026, 3, 3, 9, 30)),
        # evening: counts from Wednesday 08:30
        (ams(2026, 3, 3, 20, 0), 2, ams(2026, 3, 4, 10, 30)),
        # just after midnight: still counts from that morning's opening
        (ams(2026, 3, 4, 0, 30), 2, ams(2026, 3, 4, 10, 30)),
        # exactly at closing is outside working time
        (ams(2026, 3, 3, 17, 0), 1, ams(2026, 3, 4, 9, 30)),
        # a whole working day from opening ends at closing, not at the next opening
        (ams(2026, 3, 3, 8, 30), 8.5, ams(2026, 3, 3, 17, 0)),
        # fractions: 16:45 + 0.5 h = 15 min on Tuesday, 15 min on Wednesday -> 08:45
        (ams(2026, 3, 3, 16, 45), 0.5, ams(2026, 3, 4, 8, 45)),
        # 0 hours inside working time is the start itself
        (ams(2026, 3, 3, 12, 0), 0, ams(2026, 3, 3, 12, 0)),
        # bezoek_inplannen: Mon 08:30 + 40 h = 4 x 8.5 h (Mon-Thu) = 34 h, 6 h on Friday -> 14:30
        (ams(2026, 3, 2, 8, 30), 40, ams(2026, 3, 6, 14, 30)),
    ],
)
def test_deadline_within_the_week(start, werkuren, verwacht):
    assert deadline_na_werkuren(start, werkuren, STANDAARD) == verwacht


@pytest.mark.parametrize(
    ("start", "werkuren", "verwacht"),
    [
        # Friday 14:00 + 8: 3 h on Friday, 5 h from Monday 08:30 -> 13:30
        (ams(2026, 3, 6, 14, 0), 8, ams(2026, 3, 9, 13, 30)),
        # Friday evening: nothing counts until Monday 08:30
        (ams(2026, 3, 6, 19, 0), 2, ams(2026, 3, 9, 10, 30)),
        # Saturday: the same
        (ams(2026, 3, 7, 10, 0), 1, ams(2026, 3, 9, 9, 30)),
    ],
)
def test_deadline_skips_the_weekend(start, werkuren, verwacht):
    assert deadline_na_werkuren(start, werkuren, STANDAARD) == verwacht


@pytest.mark.parametrize(
    ("start", "werkuren", "verwacht"),
    [
        # Koningsdag (Mon 27 April): Fri 24 April 16:00 + 8: 1 h Friday, 7 h on Tuesday -> 15:30
        (ams(2026, 4, 24, 16, 0), 8, ams(2026, 4, 28, 15, 30)),
        # Tweede Paasdag (Mon 6 April): Fri 3 April 15:00 + 8: 2 h Friday, 6 h on Tuesday -> 14:30
        (ams(2026, 4, 3, 15, 0), 8, ams(2026, 4, 7, 14, 30)),
        # Hemelvaartsdag (Thu 14 May): Wed 13 May 16:00 + 4: 1 h Wednesday, 3 h on Friday -> 11:30
        (ams(2026, 5, 13, 16, 0), 4, ams(2026, 5, 15, 11, 30)),
        # Kerst (Fri 25 and Sat 26 Dec): Thu 24 Dec 15:00 + 8: 2 h Thursday, 6 h on Monday 28 -> 14:30
        (ams(2026, 12, 24, 15, 0), 8, ams(2026, 12, 28, 14, 30)),
        # Nieuwjaarsdag 2027 (Fri): Thu 31 Dec 16:00 + 2: 1 h Thursday, 1 h on Monday 4 Jan -> 09:30
        (ams(2026, 12, 31, 16, 0), 2, ams(2027, 1, 4, 9, 30)),
    ],
)
def test_deadline_skips_public_holidays(start, werkuren, verwacht):
    assert deadline_na_werkuren(start, werkuren, STANDAARD) == verwacht


def test_deadline_skips_the_medewerkers_absence():
    vakantie = [Afwezigheid(van=date(2026, 3, 9), tot_en_met=date(2026, 3, 11))]
    # Fri 6 March 14:00 + 8: 3 h Friday, away Mon-Wed, 5 h on Thursday 12 March -> 13:30
    assert deadline_na_werkuren(ams(2026, 3, 6, 14, 0), 8, STANDAARD, vakantie) == ams(2026, 3, 12, 13, 30)


def test_deadline_skips_absence_and_public_holiday_together():
    vakantie = [Afwezigheid(van=date(2026, 4, 28), tot_en_met=date(2026, 4, 28))]
    # Fri 24 April 16:00 + 8: 1 h Friday, Koningsdag Monday, away Tuesday, 7 h Wednesday -> 15:30
    assert deadline_na_werkuren(ams(2026, 4, 24, 16, 0), 8, STANDAARD, vakantie) == ams(2026, 4, 29, 15, 30)


@pytest.mark.parametrize(
    ("start", "werkuren", "verwacht"),
    [
        # Tue 3 March 12:00 + 8 (09:00-13:00): 1 h Tue, 4 h Thu, 3 h from Mon 9 March 09:00 -> 12:00
        (ams(2026, 3, 3, 12, 0), 8, ams(2026, 3, 9, 12, 0)),
        # Wednesday is not a working day: 2 h from Thursday 09:00 -> 11:00
        (ams(2026, 3, 4, 10, 0), 2, ams(2026, 3, 5, 11, 0)),
    ],
)
def test_deadline_for_a_part_time_medewerker(start, werkuren, verwacht):
    assert deadline_na_werkuren(start, werkuren, DEELTIJD) == verwacht


@pytest.mark.parametrize(
    ("start", "verwacht", "offset_uren"),
    [
        # summer time starts Sun 29 March 2026. Fri 27 March 15:00 CET + 8: 2 h Friday,
        # 6 h from Monday 08:30 CEST -> 14:30 CEST = 12:30 UTC
        (ams(2026, 3, 27, 15, 0), datetime(2026, 3, 30, 12, 30, tzinfo=timezone.utc), 2),
        # summer time ends Sun 25 October 2026. Fri 23 Oct 15:00 CEST + 8: 2 h Friday,
        # 6 h from Monday 08:30 CET -> 14:30 CET = 13:30 UTC
        (ams(2026, 10, 23, 15, 0), datetime(2026, 10, 26, 13, 30, tzinfo=timezone.utc), 1),
    ],
)
def test_deadline_over_a_dst_change_keeps_wall_clock_hours(start, verwacht, offset_uren):
    deadline = deadline_na_werkuren(start, 8, STANDAARD)
    assert deadline == verwacht
    assert (deadline.hour, deadline.minute) == (14, 30)
    assert deadline.utcoffset() == timedelta(hours=offset_uren)


def test_deadline_accepts_any_time_zone_and_answers_in_amsterdam_time():
    # 14:00 UTC on Fri 27 March is 15:00 CET: the same case as above, ending Monday 14:30 CEST
    deadline = deadline_na_werkuren(datetime(2026, 3, 27, 14, 0, tzinfo=timezone.utc), 8, STANDAARD)
    assert deadline.tzinfo == AMS
    assert deadline.replace(tzinfo=None) == datetime(2026, 3, 30, 14, 30)


@pytest.mark.parametrize(
    ("werkuren", "verwacht"),
    [
        # 00:00 CEST is 22:00 UTC on Saturday; +2 real hours = 00:00 UTC = 02:00 CEST (first 02:00)
        (2, datetime(2026, 10, 25, 2, 0, tzinfo=AMS)),
        # +3 real hours = 01:00 UTC = 02:00 CET (the clock went back: the second 02:00)
        (3, datetime(2026, 10, 25, 2, 0, fold=1, tzinfo=AMS)),
        # the window 00:00-06:00 holds 7 real hours on this night: +7 ends at 06:00 CET
        (7, datetime(2026, 10, 25, 6, 0, tzinfo=AMS)),
    ],
)
def test_hours_inside_a_window_with_a_dst_change_are_real_hours(werkuren, verwacht):
    nachtdienst = Werktijden(dagen=frozenset(range(7)), begin=time(0, 0), eind=time(6, 0))
    deadline = deadline_na_werkuren(ams(2026, 10, 25, 0, 0), werkuren, nachtdienst)
    assert deadline.astimezone(timezone.utc) == verwacht.astimezone(timezone.utc)


# --- the next working moment ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "verwacht"),
    [
        (ams(2026, 3, 3, 11, 15), ams(2026, 3, 3, 11, 15)),  # inside working time: itself
        (ams(2026, 3, 3, 6, 0), ams(2026, 3, 3, 8, 30)),  # before opening
        (ams(2026, 3, 3, 17, 0), ams(2026, 3, 4, 8, 30)),  # at closing
        (ams(2026, 3, 6, 22, 0), ams(2026, 3, 9, 8, 30)),  # Friday evening -> Monday
        (ams(2026, 4, 26, 12, 0), ams(2026, 4, 28, 8, 30)),  # Sunday before Koningsdag -> Tuesday
    ],
)
def test_next_working_moment(moment, verwacht):
    assert volgende_werkmoment(moment, STANDAARD) == verwacht


def test_next_working_moment_of_a_utc_moment_is_the_same_instant_in_amsterdam_time():
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=timezone.utc)  # 12:00 CEST, a Wednesday
    volgende = volgende_werkmoment(moment, STANDAARD)
    assert volgende == moment
    assert volgende.tzinfo == AMS
    assert volgende.hour == 12


# --- refusals ---------------------------------------------------------------------------------


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        deadline_na_werkuren(datetime(2026, 3, 3, 9, 0), 8, STANDAARD)
    with pytest.raises(ValueError, match="time zone"):
        volgende_werkmoment(datetime(2026, 3, 3, 9, 0), STANDAARD)


@pytest.mark.parametrize("werkuren", [-1, -0.5, float("nan"), float("inf")])
def test_negative_or_impossible_hours_are_refused(werkuren):
    with pytest.raises(ValueError, match="werkuren"):
        deadline_na_werkuren(ams(2026, 3, 3, 9, 0), werkuren, STANDAARD)


def test_no_working_days_at_all_is_refused():
    nooit = Werktijden(dagen=frozenset(), begin=time(8, 30), eind=time(17, 0))
    with pytest.raises(ValueError, match="no working day"):
        deadline_na_werkuren(ams(2026, 3, 3, 9, 0), 8, nooit)
    with pytest.raises(ValueError, match="no working day"):
        volgende_werkmoment(ams(2026, 3, 3, 9, 0), nooit)


def test_absence_of_more_than_a_year_is_refused():
    sabbatical = [Afwezigheid(van=date(2026, 3, 1), tot_en_met=date(2027, 6, 30))]
    with pytest.raises(ValueError, match="no working day"):
        deadline_na_werkuren(ams(2026, 3, 3, 9, 0), 8, STANDAARD, sabbatical)


def test_a_long_deadline_is_not_mistaken_for_no_working_days():
    # Only Mondays, 1,000 hours: 117 whole Mondays (117 x 8.5 = 994.5 h) and 5.5 h of the
    # 118th -> 08:30 + 5.5 = 14:00 on a Monday more than two years later. The limit of 366 days
    # applies to days in a row without a working day, not to the length of the deadline.
    alleen_maandag = Werktijden(dagen=frozenset({0}), begin=time(8, 30), eind=time(17, 0))
    deadline = deadline_na_werkuren(ams(2026, 3, 2, 8, 30), 1000, alleen_maandag)
    assert (deadline.year, deadline.weekday(), deadline.hour, deadline.minute) == (2028, 0, 14, 0)


@pytest.mark.parametrize(
    "velden",
    [
        {"dagen": frozenset({7}), "begin": time(8, 30), "eind": time(17, 0)},
        {"dagen": frozenset({0}), "begin": time(17, 0), "eind": time(8, 30)},
        {"dagen": frozenset({0}), "begin": time(9, 0), "eind": time(9, 0)},
    ],
)
def test_impossible_working_hours_are_refused(velden):
    with pytest.raises(ValueError):
        Werktijden(**velden)


def test_absence_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="tot_en_met"):
        Afwezigheid(van=date(2026, 3, 10), tot_en_met=date(2026, 3, 9))
