"""Deadlines as a person writes them (bot/beloften/afronding.py): rounded up, never earlier, DST-safe,
and the rounding style read from config/servicenormen.yml."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from bot.beloften.afronding import Afronding, Dagdeel, Deadlinestijl, dagdeel_van, op_kwartier, rond_af
from bot.beloften.normen import lees_normbestand
from bot.kern.configuratie import ConfiguratieFout
from bot.kern.settings import PROJECT_ROOT
from bot.kern.tijd import AMSTERDAM
from bot.kern.werktijden import Werktijden

KWARTIER = Deadlinestijl(afronden=Afronding.KWARTIER)
DAGDEEL = Deadlinestijl(afronden=Afronding.DAGDEEL)
STANDAARD = Werktijden.standaard()  # 08:30-17:00
TOT_ZES = Werktijden(dagen=frozenset(range(5)), begin=time(9, 0), eind=time(18, 0))
DONDERDAG = (2026, 11, 26)


def ams(*delen: int) -> datetime:
    return datetime(*delen, tzinfo=AMSTERDAM)


def donderdag(uur: int, minuut: int = 0, seconde: int = 0) -> datetime:
    return ams(*DONDERDAG, uur, minuut, seconde)


# --- to the quarter hour -----------------------------------------------------------------------


@pytest.mark.parametrize("berekend, verwacht", [
    (donderdag(11, 24), donderdag(11, 30)),
    (donderdag(11, 31), donderdag(11, 45)),
    (donderdag(11, 46), donderdag(12, 0)),  # over the hour
    (donderdag(16, 59, 30), donderdag(17, 0)),
    (donderdag(11, 30, 1), donderdag(11, 45)),  # a second past a quarter is past it
    (ams(2026, 12, 31, 23, 50), ams(2027, 1, 1, 0, 0)),  # over the day and the year
])
def test_a_deadline_is_rounded_up_to_the_next_quarter_hour(berekend, verwacht):
    assert op_kwartier(berekend) == verwacht
    assert rond_af(berekend, stijl=KWARTIER, werktijden=STANDAARD) == verwacht


@pytest.mark.parametrize("minuut", [0, 15, 30, 45])
def test_a_deadline_on_a_quarter_stays(minuut):
    assert rond_af(donderdag(10, minuut), stijl=KWARTIER, werktijden=STANDAARD) == donderdag(10, minuut)


def test_rounding_never_promises_earlier_and_gives_at_most_a_quarter_more():
    start = donderdag(8, 30)
    for seconden in range(0, 9 * 3600, 47):
        berekend = start + timedelta(seconds=seconden)
        afgerond = rond_af(berekend, stijl=KWARTIER, werktijden=STANDAARD)
        assert berekend <= afgerond < berekend + timedelta(minutes=15)
        assert afgerond.minute % 15 == 0 and afgerond.second == afgerond.microsecond == 0
        assert rond_af(afgerond, stijl=KWARTIER, werktijden=STANDAARD) == afgerond  # rounding again changes nothing


@pytest.mark.parametrize("berekend", [
    datetime(2026, 3, 29, 0, 50, tzinfo=timezone.utc),  # 01.50 winter time; 02.00 is 03.00 summer time
    datetime(2026, 10, 25, 0, 50, tzinfo=timezone.utc),  # 02.50 summer time; the hour after it comes twice
    datetime(2026, 10, 25, 1, 5, tzinfo=timezone.utc),  # 02.05 winter time, the second 02.05 of the night
], ids=["zomertijd", "wintertijd-eerste-keer", "wintertijd-tweede-keer"])
def test_rounding_is_dst_safe(berekend):
    afgerond = op_kwartier(berekend)
    assert afgerond.tzinfo is AMSTERDAM
    assert timedelta(0) < afgerond - berekend <= timedelta(minutes=15)  # measured in real time
    assert afgerond.minute % 15 == 0 and afgerond.astimezone(timezone.utc).minute % 15 == 0


# --- to a part of the day ----------------------------------------------------------------------


@pytest.mark.parametrize("berekend, einde, dagdeel", [
    (donderdag(8, 31), donderdag(12, 0), Dagdeel.OCHTEND),
    (donderdag(11, 59, 59), donderdag(12, 0), Dagdeel.OCHTEND),
    (donderdag(12, 0), donderdag(12, 0), Dagdeel.OCHTEND),  # the end of the morning is still the morning
    (donderdag(12, 0, 1), donderdag(17, 0), Dagdeel.MIDDAG),
    (donderdag(17, 0), donderdag(17, 0), Dagdeel.MIDDAG),  # the working day ends with the afternoon
])
def test_a_deadline_is_rounded_up_to_the_end_of_its_part_of_the_day(berekend, einde, dagdeel):
    afgerond = rond_af(berekend, stijl=DAGDEEL, werktijden=STANDAARD)
    assert afgerond == einde >= berekend
    assert dagdeel_van(afgerond, stijl=DAGDEEL, werktijden=STANDAARD) == dagdeel


def test_after_the_afternoon_a_longer_working_day_ends_at_its_own_end():
    afgerond = rond_af(donderdag(17, 10), stijl=DAGDEEL, werktijden=TOT_ZES)
    assert afgerond == donderdag(18, 0)
    assert dagdeel_van(afgerond, stijl=DAGDEEL, werktijden=TOT_ZES) == Dagdeel.EIND_VAN_DE_DAG
    assert dagdeel_van(donderdag(17, 0), stijl=DAGDEEL, werktijden=TOT_ZES) == Dagdeel.MIDDAG


def test_the_boundaries_of_the_parts_of_the_day_are_configurable():
    vroeg = Deadlinestijl(afronden=Afronding.DAGDEEL, ochtend_tot=time(11, 0), middag_tot=time(16, 0))
    assert rond_af(donderdag(11, 10), stijl=vroeg, werktijden=STANDAARD) == donderdag(16, 0)
    assert rond_af(donderdag(16, 10), stijl=vroeg, werktijden=STANDAARD) == donderdag(17, 0)  # end of the day
    assert dagdeel_van(donderdag(17, 0), stijl=vroeg, werktijden=STANDAARD) == Dagdeel.EIND_VAN_DE_DAG


def test_a_moment_that_ends_no_part_of_the_day_has_none_and_quarter_style_never_has_one():
    assert dagdeel_van(donderdag(14, 0), stijl=DAGDEEL, werktijden=STANDAARD) is None  # a moved deadline, say
    assert dagdeel_van(donderdag(12, 0), stijl=KWARTIER, werktijden=STANDAARD) is None


@pytest.mark.parametrize("dag", [(2026, 3, 29), (2026, 10, 25)], ids=["zomertijd", "wintertijd"])
def test_parts_of_the_day_are_wall_clock_times_on_dst_days(dag):
    afgerond = rond_af(ams(*dag, 11, 10), stijl=DAGDEEL, werktijden=STANDAARD)
    assert (afgerond.astimezone(AMSTERDAM).hour, afgerond.minute) == (12, 0)
    assert afgerond.astimezone(AMSTERDAM).date() == ams(*dag, 0).date()


# --- the configuration -------------------------------------------------------------------------

NORM = """\
servicenormen:
  terugbellen:
    werkuren: 8
    omschrijving: "binnen 1 werkdag terugbellen"
    herinnering_uren_voor: 2
"""


def schrijf(tmp_path: Path, tekst: str) -> Path:
    pad = tmp_path / "servicenormen.yml"
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_the_real_file_names_a_rounding_style():
    stijl = lees_normbestand(PROJECT_ROOT / "config" / "servicenormen.yml").stijl
    assert stijl.afronden in set(Afronding) and stijl.ochtend_tot < stijl.middag_tot


def test_without_a_style_deadlines_are_rounded_to_the_quarter_hour(tmp_path):
    assert lees_normbestand(schrijf(tmp_path, NORM)).stijl == Deadlinestijl()


def test_the_style_and_the_parts_of_the_day_are_read(tmp_path):
    tekst = 'deadline_afronden: dagdeel\ndagdelen: {ochtend_tot: "11:30", middag_tot: "16:30"}\n' + NORM
    stijl = lees_normbestand(schrijf(tmp_path, tekst)).stijl
    assert stijl == Deadlinestijl(afronden=Afronding.DAGDEEL, ochtend_tot=time(11, 30), middag_tot=time(16, 30))


@pytest.mark.parametrize("regels, veld, melding", [
    ("deadline_afronden: halfuur\n", "deadline_afronden", "kies uit kwartier, dagdeel"),
    ('dagdelen: {ochtend_tot: "13:00", middag_tot: "12:00"}\n', "dagdelen.middag_tot", "moet na ochtend_tot"),
    ("dagdelen: {ochtend_tot: 12:00}\n", "dagdelen.ochtend_tot", "geen tijd in de vorm"),
])
def test_a_wrong_style_names_the_file_and_the_field(tmp_path, regels, veld, melding):
    with pytest.raises(ConfiguratieFout) as fout:
        lees_normbestand(schrijf(tmp_path, regels + NORM))
    assert f"servicenormen.yml: veld '{veld}': {melding}" in str(fout.value)
