"""A new promise's deadline is rounded up before it is stored: the sentence, the ``custom.overdracht``
payload (shared/berichten.md), the stored row and the escalation all speak of the same moment."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.beloften import normen
from bot.beloften.afronding import Afronding, Deadlinestijl
from bot.kern.db import transaction
from bot.kern.tijd import AMSTERDAM, dag_en_datum, dagnaam, kloktijd
from bot.kern.werktijden import deadline_na_werkuren
from bot.medewerkers.models import afwezigheden_van, werktijden_van
from bot.overdracht.service import draag_over
from tests import factories as maak
from tests.unit.beloften.hulp import beloften, berichten, medewerker, run

MAANDAG_9_07 = datetime(2026, 11, 23, 9, 7, 20, tzinfo=AMSTERDAM)  # 8 working hours on is not a quarter


@pytest.fixture
def dagdelen(monkeypatch):
    """config/servicenormen.yml with ``deadline_afronden: dagdeel`` (the norms themselves as they are)."""
    bestand = normen.Normbestand(normen=normen.servicenormen(), stijl=Deadlinestijl(afronden=Afronding.DAGDEEL))
    monkeypatch.setattr(normen, "normbestand", lambda: bestand)


@pytest.fixture
def kwartier(monkeypatch):
    bestand = normen.Normbestand(normen=normen.servicenormen(), stijl=Deadlinestijl(afronden=Afronding.KWARTIER))
    monkeypatch.setattr(normen, "normbestand", lambda: bestand)


def overdracht(engine, moment: datetime = MAANDAG_9_07) -> dict:
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=maak.vraag(), kanaal="rest", gesprek_id="g1", moment=moment)


def berekend(engine, moment: datetime = MAANDAG_9_07) -> datetime:
    """The deadline in working hours before rounding, as the norm alone gives it."""
    with transaction(engine) as session:
        mehmet = medewerker(session, "mehmet-yilmaz")
        return deadline_na_werkuren(moment, normen.servicenormen()["terugbellen"].werkuren, werktijden_van(mehmet),
                                    afwezigheden_van(mehmet))


def test_quarter_hours_the_stored_deadline_is_the_rounded_one_the_entrepreneur_reads(gevuld, kwartier):
    zonder_afronding = berekend(gevuld)
    payload = overdracht(gevuld)
    [belofte] = beloften(gevuld)
    assert zonder_afronding.minute % 15 != 0  # the case this test is about
    assert zonder_afronding < belofte.deadline < zonder_afronding + timedelta(minutes=15)
    assert belofte.deadline.astimezone(AMSTERDAM).minute % 15 == 0 and belofte.deadline.second == 0
    assert datetime.fromisoformat(payload["uiterlijk"]) == belofte.deadline
    assert payload["belofte"] == belofte.zin
    assert f"{dag_en_datum(belofte.deadline)} vóór {kloktijd(belofte.deadline)} uur" in belofte.zin
    assert kloktijd(zonder_afronding) not in belofte.zin


def test_parts_of_the_day_the_stored_deadline_is_the_end_of_the_part_the_entrepreneur_reads(gevuld, dagdelen):
    zonder_afronding = berekend(gevuld)
    payload = overdracht(gevuld)
    [belofte] = beloften(gevuld)
    lokaal = belofte.deadline.astimezone(AMSTERDAM)
    assert lokaal.date() == zonder_afronding.date() and zonder_afronding < belofte.deadline
    assert (lokaal.hour, lokaal.minute) == (12, 0) and zonder_afronding.hour < 12  # morning: until noon
    assert f"uiterlijk {dagnaam(lokaal)}ochtend" in belofte.zin and " uur" not in belofte.zin
    assert datetime.fromisoformat(payload["uiterlijk"]) == belofte.deadline
    assert payload["belofte"] == belofte.zin


def test_the_escalation_keeps_to_the_moment_the_entrepreneur_was_told(gevuld, dagdelen, mailer, smtp):
    """Promised "dinsdagochtend": nothing is missed at 11.59, it is at 12.00, not at the computed moment."""
    zonder_afronding = berekend(gevuld)
    overdracht(gevuld)
    [belofte] = beloften(gevuld)
    assert run(gevuld, mailer, zonder_afronding + timedelta(minutes=1))["escalaties"] == 0
    assert run(gevuld, mailer, belofte.deadline - timedelta(minutes=1))["escalaties"] == 0
    assert run(gevuld, mailer, belofte.deadline)["escalaties"] == 1

    oud, nieuw = beloften(gevuld)
    [bericht] = berichten(gevuld)
    uiterlijk = bericht.custom["overdracht"]["uiterlijk"]
    assert datetime.fromisoformat(uiterlijk) == nieuw.deadline  # the new promise is rounded too
    assert bericht.custom["overdracht"]["belofte"] == nieuw.zin and nieuw.zin in bericht.tekst
    assert nieuw.deadline.astimezone(AMSTERDAM).time().minute == 0 and "uiterlijk" in nieuw.zin
