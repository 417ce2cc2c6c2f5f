"""A complaint about a case (bot/beloften/klacht.py): the same case, a new promise with a named person,
the escalation above the one who missed it, the audit trail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.beloften.klacht import behandel_klacht, kies_zaak, vraagt_leidinggevende
from bot.beloften.service import wijs_toe
from bot.kern.db import transaction
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.zaken.models import Zaak
from bot.zaken.service import zaak_op_nummer, zaken_van_kanaal
from tests.unit.beloften.hulp import DEADLINE, MAANDAG, audit, medewerker

KLACHT = "Er heeft NIEMAND gebeld, ik ben het zat!"


def emails(engine) -> list[UitgaandBericht]:
    with transaction(engine) as session:
        return list(session.execute(select(UitgaandBericht).where(UitgaandBericht.kanaal == EMAIL)).scalars())


def test_a_complaint_before_the_deadline_gets_a_new_promise_on_the_same_case_and_tells_the_lead(gevuld, zaak):
    nu = MAANDAG + timedelta(hours=3)
    with transaction(gevuld) as session:
        rij = zaak_op_nummer(session=session, nummer=zaak["zaak"])
        afhandeling = behandel_klacht(session=session, zaak=rij, klacht=KLACHT, leidinggevende_gevraagd=False,
                                      door="assistent", nu=nu)
        assert afhandeling.zaak.nummer == zaak["zaak"] and rij.urgent is True
        assert afhandeling.oud.status == "geannuleerd"  # replaced: its deadline had not passed yet
        nieuwe = afhandeling.nieuwe
        assert (nieuwe.status, nieuwe.medewerker.naam, nieuwe.zaak_id) == ("open", "Mehmet Yılmaz", rij.id)
        assert zaak["zaak"] in nieuwe.zin and nieuwe.zin != zaak["belofte"]
        assert nieuwe.deadline > nu and nieuwe.deadline < afhandeling.oud.deadline + timedelta(days=1)
        assert afhandeling.escalatie.kijkt_mee.naam == "Sanne de Vries"
    assert len(list(_zaken(gevuld))) == 1  # no new case number
    [email] = emails(gevuld)
    assert (email.ontvanger, email.soort) == ("s.devries@voorbeeldstad.nl", "escalatie")
    assert email.custom["cc"] == ["m.yilmaz@voorbeeldstad.nl"]
    assert KLACHT in email.tekst and zaak["zaak"] in email.custom["onderwerp"]
    [regel] = audit(gevuld, "klacht_ontvangen")
    assert regel.details["klacht"] == KLACHT and regel.details["ontvanger"] == "sanne-de-vries"
    assert audit(gevuld, "belofte_geannuleerd")


def test_a_complaint_about_a_lead_who_missed_it_goes_above_the_lead_who_then_makes_the_promise(gevuld, zaak):
    with transaction(gevuld) as session:
        thomas = medewerker(session, "thomas-kok")
        thomas.boven_teamleider_voor = [*thomas.boven_teamleider_voor, "horeca-evenementen"]
        rij = zaak_op_nummer(session=session, nummer=zaak["zaak"])
        wijs_toe(session=session, zaak=rij, medewerker=medewerker(session, "sanne-de-vries"), door="test", nu=MAANDAG)
    nu = DEADLINE + timedelta(minutes=5)  # the promise is past its deadline
    with transaction(gevuld) as session:
        rij = zaak_op_nummer(session=session, nummer=zaak["zaak"])
        afhandeling = behandel_klacht(session=session, zaak=rij, klacht="ik wil dat haar leidinggevende mij belt",
                                      leidinggevende_gevraagd=True, door="assistent", nu=nu)
        assert afhandeling.oud.status == "te_laat"
        assert afhandeling.escalatie.aan.sleutel == "thomas-kok"
        assert afhandeling.nieuwe.medewerker.sleutel == "thomas-kok" and "Thomas Kok" in afhandeling.nieuwe.zin
    [email] = emails(gevuld)
    assert email.ontvanger == medewerker_email(gevuld, "thomas-kok") and "vroeg om een leidinggevende" in email.tekst


def test_the_case_of_a_complaint_is_the_one_named_or_the_newest_still_open(gevuld, zaak):
    from tests.unit.beloften.hulp import nieuwe_zaak

    tweede = nieuwe_zaak(gevuld)["zaak"]
    with transaction(gevuld) as session:
        zaken = zaken_van_kanaal(session=session, kanaal="rest", kanaal_id="g1")
        assert kies_zaak(zaken).nummer == tweede
        assert kies_zaak(zaken, zaak["zaak"].lower()).nummer == zaak["zaak"]
        assert kies_zaak(zaken, "ON-2026-99999") is None
        assert kies_zaak([]) is None


def test_asking_for_a_manager_is_recognised():
    assert vraagt_leidinggevende("ik wil dat haar leidinggevende mij belt")
    assert vraagt_leidinggevende("Geef mij je baas, nu.")
    assert not vraagt_leidinggevende("er heeft niemand gebeld")
    assert not vraagt_leidinggevende("ik heb een bakkerij met een chefkok")


def medewerker_email(engine, sleutel: str) -> str:
    with transaction(engine) as session:
        return medewerker(session, sleutel).email


def _zaken(engine):
    with transaction(engine) as session:
        return [z.nummer for z in session.execute(select(Zaak)).scalars()]
