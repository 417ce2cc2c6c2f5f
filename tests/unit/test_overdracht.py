"""When a question goes to a person, and the promise that is recorded (config/overdracht.yml)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kennisbank.service import sla_artikelen_op
from bot.kern.settings import PROJECT_ROOT
from bot.medewerkers.directory import laad_medewerkers
from bot.overdracht.service import (
    Vraaggegevens,
    belofte_zin,
    draag_over,
    kies_actie,
    lees_regels,
    leesbaar_moment,
    niet_begrepen_te_vaak,
    raakt_meerdere_teams,
    vraagt_zorg,
)
from bot.zaken.models import AuditRegel, Belofte, Zaak

REGELS = lees_regels()
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_money_trouble_always_goes_to_a_person():
    assert vraagt_zorg("bbz", REGELS) and vraagt_zorg("schuldhulp-ondernemers", REGELS)
    assert not vraagt_zorg("terrasvergunning", REGELS)


def test_not_understood_twice_goes_to_a_person():
    assert not niet_begrepen_te_vaak(1, REGELS)
    assert niet_begrepen_te_vaak(2, REGELS)


@pytest.mark.parametrize(
    "scores, verwacht",
    [
        ([("terrasvergunning", 0.8), ("gebruik-pand-wijzigen", 0.7)], True),  # horeca and building teams, close
        ([("terrasvergunning", 0.8), ("gebruik-pand-wijzigen", 0.3)], False),  # second far behind
        ([("terrasvergunning", 0.8), ("alcoholvergunning", 0.79)], False),  # same team
        ([("terrasvergunning", 0.8)], False),
    ],
)
def test_a_question_crossing_teams(scores, verwacht):
    teams = {"terrasvergunning": "horeca-evenementen", "alcoholvergunning": "horeca-evenementen",
             "gebruik-pand-wijzigen": "vestiging-bouwen"}
    assert raakt_meerdere_teams(scores, teams, REGELS) is verwacht


def test_the_action_follows_the_subject_and_the_contact_details():
    assert kies_actie("bedrijfsbezoek", "+31612345678", REGELS) == "bezoek_inplannen"
    assert kies_actie("terrasvergunning", "+31612345678", REGELS) == "terugbellen"
    assert kies_actie("terrasvergunning", None, REGELS) == "mailen"


def test_the_promised_moment_reads_in_dutch_in_amsterdam_time():
    assert leesbaar_moment(datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc)) == "uiterlijk dinsdag 24 november om 16.30 uur"


def test_draag_over_records_case_promise_and_audit_and_returns_the_payload(session, artikelen, tmp_path):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    laad_medewerkers(session=session, pad=PROJECT_ROOT / "config" / "medewerkers.yml")
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM)  # a Monday morning
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="een terras", waarom="meer klanten", hoe="in maart",
                             bedrijfsnaam="Café De Hoek", kvk_nummer="12345678", contactnaam="Ans Bos",
                             telefoon="+31612345678", email=None)
    payload = draag_over(session=session, gegevens=gegevens, kanaal="rest", gesprek_id="g1", moment=moment)

    zaak = session.execute(select(Zaak).where(Zaak.nummer == payload["zaak"])).scalar_one()
    belofte = session.execute(select(Belofte).where(Belofte.zaak_id == zaak.id)).scalar_one()
    assert zaak.medewerker.naam == payload["medewerker"]["naam"]
    assert "horeca-evenementen" in zaak.medewerker.teams
    assert belofte.zin == payload["belofte"] == belofte_zin(
        medewerker=zaak.medewerker, actie="terugbellen", deadline=belofte.deadline, zaaknummer=zaak.nummer)
    assert datetime.fromisoformat(payload["uiterlijk"]) == belofte.deadline > moment
    assert payload["onderwerp"] == "terrasvergunning" and payload["actie"] == "terugbellen"
    assert session.execute(select(AuditRegel).where(AuditRegel.zaak_id == zaak.id)).first() is not None
