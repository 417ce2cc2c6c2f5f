"""A case that spans teams: one coordinator of the first subject's team, one person of every other team
informed (an e-mail through the outbox and an audit row), and the entrepreneur told so in one sentence."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.beloften.berichten import belofte_velden
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.teksten import tekst
from bot.overdracht.betrokken import betrokkenen_van_zaak
from bot.overdracht.service import draag_over
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.zaken.models import AuditRegel, Zaak
from bot.zaken.service import zaak_op_nummer
from tests import factories as maak

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=AMSTERDAM)
HORECA, BOUWEN, MILIEU = "horeca-evenementen", "vestiging-bouwen", "bedrijven-milieu"
TERRAS, PAND = "terrasvergunning", "gebruik-pand-wijzigen"  # horeca-evenementen, vestiging-bouwen


@pytest.fixture
def teams(session, artikelen, tmp_path):
    """A horeca team (Mehmet knows terraces) and a building team (Joost knows a change of use)."""
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    horeca = maak.team(session, naam=HORECA, leden=("Mehmet Yılmaz",), onderwerpen=(TERRAS,))
    bouwen = maak.team(session, naam=BOUWEN, leden=("Joost van Dijk",), onderwerpen=(PAND,),
                       functie="vergunningverlener bouwen")
    return horeca, bouwen


def _draag_over(session, **velden) -> dict:
    velden.setdefault("wat", "Ik wil een terras bij mijn café en de bovenverdieping als zaal gebruiken. "
                             "Bel mij op 06-12345678 of mail ans@dehoek.nl, groet Ans Bos")
    return draag_over(session=session, gegevens=maak.vraag(**velden), kanaal="rest", gesprek_id="g1", moment=MAANDAG)


def _informeer_regels(session, zaak: Zaak) -> list[AuditRegel]:
    return list(session.execute(
        select(AuditRegel).where(AuditRegel.zaak_id == zaak.id, AuditRegel.wat == "collega_geinformeerd")).scalars())


def _emails(session) -> list[UitgaandBericht]:
    return list(session.execute(select(UitgaandBericht).where(UitgaandBericht.kanaal == EMAIL)).scalars())


def test_a_two_team_case_has_a_coordinator_of_the_first_team_and_informs_one_person_of_the_other(session, teams):
    horeca, bouwen = teams
    payload = _draag_over(session, extra_onderwerpen=(PAND,))
    zaak = zaak_op_nummer(session=session, nummer=payload["zaak"])

    assert zaak.medewerker.naam == payload["medewerker"]["naam"] == "Mehmet Yılmaz"  # the coordinator
    assert zaak.onderwerpen == [TERRAS, PAND]
    [regel] = _informeer_regels(session, zaak)
    assert regel.details["medewerker"] == "joost-van-dijk" and regel.details["team"] == BOUWEN
    assert regel.details["onderwerpen"] == [PAND] and regel.details["coordinator"] == "mehmet-yilmaz"
    assert [(b.medewerker.naam, b.team) for b in betrokkenen_van_zaak(session=session, zaak=zaak)] == [
        ("Joost van Dijk", BOUWEN)]
    assert payload["ook_betrokken"] == [{"naam": "Joost van Dijk", "functie": "vergunningverlener bouwen"}]


def test_the_informed_person_gets_one_email_in_the_outbox(session, teams):
    payload = _draag_over(session, extra_onderwerpen=(PAND,))
    [email] = _emails(session)
    assert email.ontvanger == "joost-van-dijk@voorbeeldstad.nl" and email.soort == "betrokken"
    assert email.status == "wachtend" and payload["zaak"] in email.custom["onderwerp"]
    inhoud = email.tekst
    assert inhoud.startswith("Beste Joost van Dijk,")
    for stuk in (payload["zaak"], "Ander gebruik van een pand", "Mehmet Yılmaz", "mehmet-yilmaz@voorbeeldstad.nl",
                 "een terras bij mijn café"):
        assert stuk in inhoud, stuk
    # no more of the entrepreneur than the question: no name, phone, e-mail, company or KvK number
    for persoonlijk in ("Ans Bos", "06-12345678", "+31612345678", "ans@dehoek.nl", "Café De Hoek", "12345678"):
        assert persoonlijk not in inhoud, persoonlijk
    assert "[telefoonnummer]" in inhoud and "[e-mailadres]" in inhoud and "[naam]" in inhoud


def test_a_one_team_case_informs_nobody(session, teams):
    payload = _draag_over(session, extra_onderwerpen=("alcoholvergunning",))  # also horeca's
    zaak = zaak_op_nummer(session=session, nummer=payload["zaak"])
    assert _informeer_regels(session, zaak) == [] and _emails(session) == []
    assert betrokkenen_van_zaak(session=session, zaak=zaak) == []
    assert "ook_betrokken" not in payload


def test_the_other_team_falls_back_to_its_lead_like_the_routing_does(session, artikelen, tmp_path):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    maak.team(session, naam=HORECA, leden=("Mehmet Yılmaz",), onderwerpen=(TERRAS,))
    weg = [(date(2026, 11, 1), date(2026, 12, 31))]
    bouwen = maak.team(session, naam=BOUWEN, leden=("Joost van Dijk",), onderwerpen=(PAND,), afwezig=weg)
    payload = _draag_over(session, extra_onderwerpen=(PAND,))
    zaak = zaak_op_nummer(session=session, nummer=payload["zaak"])
    assert [b.medewerker.id for b in betrokkenen_van_zaak(session=session, zaak=zaak)] == [bouwen.leider.id]


def test_every_other_team_gets_one_person_and_a_team_of_the_coordinator_none(session, teams):
    milieu = maak.team(session, naam=MILIEU, leden=("Kees Groen",), onderwerpen=("milieu-melding",))
    payload = _draag_over(session, extra_onderwerpen=(PAND, "milieu-melding", "alcoholvergunning"))
    zaak = zaak_op_nummer(session=session, nummer=payload["zaak"])
    betrokken = betrokkenen_van_zaak(session=session, zaak=zaak)
    assert sorted(b.team for b in betrokken) == [MILIEU, BOUWEN]
    assert zaak.medewerker.id not in {b.medewerker.id for b in betrokken}
    assert [b.medewerker.id for b in betrokken if b.team == MILIEU] == [milieu.leden[0].id]
    assert len(_emails(session)) == 2


def test_a_coordinator_who_also_works_in_the_other_team_informs_nobody(session, artikelen, tmp_path):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    maak.teamleider(session, team=BOUWEN, naam="Pieter Jansen")
    maak.teamleider(session, team=HORECA, naam="Sanne de Vries")
    maak.medewerker(session, naam="Fatima El Amrani", teams=(HORECA, BOUWEN), onderwerpen=(TERRAS, PAND))
    payload = _draag_over(session, extra_onderwerpen=(PAND,))
    assert payload["medewerker"]["naam"] == "Fatima El Amrani" and "ook_betrokken" not in payload
    assert _emails(session) == []


# --- what the entrepreneur reads ------------------------------------------------------------------


def _bedankt(payload: dict, sjabloon: str = "acties/overdracht/bedankt.txt") -> str:
    return tekst(sjabloon, belofte=payload["belofte"], medewerker=payload["medewerker"],
                 betrokken=payload.get("ook_betrokken", []), **belofte_velden(payload))


def test_the_thanks_name_the_other_teams_person_and_keep_the_coordinator_as_the_one_contact(session, teams):
    payload = _draag_over(session, extra_onderwerpen=(PAND,))
    assert _bedankt(payload) == (
        f"Dank u wel. {payload['belofte']}\n"
        "Joost van Dijk, vergunningverlener bouwen, weet ook van uw vraag, maar Mehmet Yılmaz blijft uw vaste "
        "contactpersoon.\n"
        "U kunt Mehmet Yılmaz ook zelf bereiken: telefoon 06-90000000, e-mail mehmet-yilmaz@voorbeeldstad.nl.")


def test_the_thanks_of_a_one_team_case_name_no_one_else(session, teams):
    payload = _draag_over(session)
    bedankt = _bedankt(payload)
    assert "Joost" not in bedankt and "weet ook van uw vraag" not in bedankt
    assert bedankt == (f"Dank u wel. {payload['belofte']}\nU kunt Mehmet Yılmaz ook zelf bereiken: "
                       "telefoon 06-90000000, e-mail mehmet-yilmaz@voorbeeldstad.nl.")


def test_the_english_thanks_say_the_promise_in_english(session, teams):
    """Who calls back, by when and the case number, in English: not the Dutch sentence an English speaker
    cannot read."""
    payload = _draag_over(session)
    bedankt = _bedankt(payload, "acties/overdracht/bedankt_en.txt")
    uiterlijk = datetime.fromisoformat(payload["uiterlijk"])
    assert f"before {uiterlijk:%A} {uiterlijk.day} {uiterlijk:%B} at {uiterlijk:%H:%M}" in bedankt
    assert f"Your case number is {payload['zaak']}." in bedankt
    assert payload["belofte"] not in bedankt and "uw zaaknummer" not in bedankt.lower()


def test_the_english_thanks_also_name_the_other_person(session, teams):
    payload = _draag_over(session, extra_onderwerpen=(PAND,))
    assert ("Joost van Dijk (vergunningverlener bouwen) also knows about your question, but Mehmet Yılmaz stays "
            "your one contact.") in _bedankt(payload, "acties/overdracht/bedankt_en.txt")
    assert "Joost" not in _bedankt(_draag_over(session), "acties/overdracht/bedankt_en.txt")
