"""When a question goes to a person, and the promise that is recorded (config/overdracht.yml)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.beloften.berichten import belofte_zin, leesbaar_moment
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.configuratie import ConfiguratieFout
from bot.overdracht.service import (
    draag_over,
    kies_actie,
    lees_regels,
    niet_begrepen_te_vaak,
    raakt_meerdere_teams,
    samenvatting,
    vraagt_zorg,
)
from bot.overdracht.vragen import detail_labels
from bot.zaken.models import AuditRegel, Belofte, BelofteActie, Zaak
from tests import factories as maak

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


def test_the_promised_moment_reads_in_dutch_in_amsterdam_time(session):
    moment = leesbaar_moment(datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc), medewerker=maak.medewerker(session))
    assert moment == "dinsdag 24 november vóór 16.30 uur"


def test_draag_over_records_case_promise_and_audit_and_returns_the_payload(session, artikelen, tmp_path):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    maak.team(session, naam="horeca-evenementen", leden=("Mehmet Yılmaz",), onderwerpen=("terrasvergunning",))
    maak.team(session, naam="vestiging-bouwen")  # another team, which must not get the case
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM)  # a Monday morning
    gegevens = maak.vraag(onderwerp="terrasvergunning", wat="een terras", waarom="meer klanten", hoe="in maart",
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


def test_the_chosen_action_is_one_that_a_promise_can_have():
    assert {kies_actie(onderwerp, "+31612345678", REGELS) for onderwerp in (*REGELS.actie_per_onderwerp, "x")} <= set(
        BelofteActie)


def test_a_broken_handoff_file_names_the_file_and_the_field(tmp_path):
    pad = tmp_path / "overdracht.yml"
    pad.write_text("overdracht:\n  op_verzoek: true\n  na_niet_geholpen: true\n  niet_begrepen_achter_elkaar: 0\n"
                   "  altijd_met_zorg: [bbz]\n  meerdere_teams_verhouding: 0.75\n"
                   "  actie_per_onderwerp: {bedrijfsbezoek: faxen}\n", encoding="utf-8")
    with pytest.raises(ConfiguratieFout) as fout:
        lees_regels(pad)
    assert {p.veld for p in fout.value.problemen} == {
        "overdracht.niet_begrepen_achter_elkaar", "overdracht.actie_per_onderwerp.bedrijfsbezoek"}
    assert "overdracht.yml: veld 'overdracht.actie_per_onderwerp.bedrijfsbezoek': kies uit terugbellen" in str(fout.value)


def test_in_the_demos_horeca_team_a_terrace_question_on_monday_goes_to_mehmet(session, artikelen, tmp_path):
    """What the promise, console and export tests build on (tests/factories.py: horecateam)."""
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    horeca = maak.horecateam(session)
    payload = draag_over(session=session, gegevens=maak.vraag(), kanaal="rest", gesprek_id="g1",
                         moment=datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM))
    assert payload["medewerker"] == {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca",
                                     "telefoon": "06-91234502", "email": "m.yilmaz@voorbeeldstad.nl"}
    assert payload["actie"] == "terugbellen" and horeca.leider.leidt_teams == ["horeca-evenementen"]


def test_an_urgent_question_is_marked_urgent_and_gets_the_shorter_norm(session, artikelen, tmp_path):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    maak.horecateam(session)
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM)  # Monday 09:00: 4 working hours is 13:00 the same day
    gewoon = draag_over(session=session, gegevens=maak.vraag(), kanaal="rest", gesprek_id="g1", moment=moment)
    urgent = draag_over(session=session, gegevens=maak.vraag(urgent=True), kanaal="rest", gesprek_id="g2",
                        moment=moment)
    assert "urgent" not in gewoon and urgent["urgent"] is True
    assert datetime.fromisoformat(urgent["uiterlijk"]) == datetime(2026, 11, 23, 13, 0, tzinfo=AMSTERDAM)
    assert datetime.fromisoformat(urgent["uiterlijk"]) < datetime.fromisoformat(gewoon["uiterlijk"])
    zaak = session.execute(select(Zaak).where(Zaak.nummer == urgent["zaak"])).scalar_one()
    assert zaak.urgent is True
    assert session.execute(select(AuditRegel.details).where(
        AuditRegel.zaak_id == zaak.id, AuditRegel.wat == "zaak_aangemaakt")).scalar_one()["urgent"] is True


def test_the_summary_names_each_detail_by_its_label_and_leaves_out_what_was_not_said():
    """Staff and the zaaksysteem read it: no field keys, no "None" (teksten/overdracht/samenvatting.txt)."""
    sleutel, label = next(iter(detail_labels().items()))
    tekst = samenvatting(maak.vraag(wat="een terras", waarom=None, hoe="", details={sleutel: "Kerkstraat 12",
                                                                                     "nog_niet_benoemd": "ja",
                                                                                     "leeg": None}))
    assert tekst.splitlines() == ["Wat: een terras", f"{label}: Kerkstraat 12", "Nog niet benoemd: ja"]
