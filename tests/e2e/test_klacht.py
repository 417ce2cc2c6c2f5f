"""Complaints, broken promises and urgency over REST (actions/klacht.py, bot/overdracht/urgentie.py)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.kern.db import make_engine
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.zaken.models import AuditRegel, Belofte, Zaak
from tests.assistent import antwoord_tot_overdracht, draag_over_via_rest, overdracht_in, verificatiecodes
from tests.e2e.conftest import custom, teksten

pytestmark = pytest.mark.e2e


def zaak_in_database(assistent, nummer: str):
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        zaak = verbinding.execute(select(Zaak).where(Zaak.nummer == nummer)).one()
        beloften = verbinding.execute(select(Belofte).where(Belofte.zaak_id == zaak.id).order_by(Belofte.id)).all()
        audit = verbinding.execute(select(AuditRegel.wat).where(AuditRegel.zaak_id == zaak.id)).scalars().all()
        emails = verbinding.execute(select(UitgaandBericht).where(
            UitgaandBericht.kanaal == EMAIL, UitgaandBericht.sleutel.like(f"klacht-email:zaak:{zaak.id}:%"))).all()
    engine.dispose()
    return zaak, beloften, audit, emails


def test_a_broken_promise_gets_sorry_the_same_case_a_new_promise_and_an_escalation(assistent):
    gesprek = uuid.uuid4().hex
    eerste = draag_over_via_rest(assistent, gesprek)
    berichten = assistent.praat("Er heeft NIEMAND gebeld en ik ben het zat!", gesprek)
    [overdracht] = custom(berichten, "overdracht")
    assert "spijt" in teksten(berichten)
    assert overdracht["zaak"] == eerste["zaak"] and overdracht["urgent"] is True
    assert overdracht["belofte"] != eerste["belofte"] and overdracht["belofte"] in teksten(berichten)
    assert not custom(berichten, "vraag")  # no new form, no new case

    zaak, beloften, audit, emails = zaak_in_database(assistent, eerste["zaak"])
    assert zaak.urgent and [b.status for b in beloften] == ["geannuleerd", "open"]
    assert beloften[1].zin == overdracht["belofte"]
    assert "klacht_ontvangen" in audit
    [email] = emails
    assert email.soort == "escalatie" and "NIEMAND gebeld" in email.tekst


def test_a_complaint_about_a_case_of_another_conversation_needs_the_contact_details_first(assistent):
    eerste = draag_over_via_rest(assistent, uuid.uuid4().hex)
    ander = uuid.uuid4().hex
    berichten = assistent.praat(f"Ik heb een klacht over {eerste['zaak']}, niemand heeft gebeld!", ander)
    assert not custom(berichten, "overdracht") and eerste["medewerker"]["naam"] not in teksten(berichten)
    berichten = assistent.praat("ans@hethoekje.nl", ander)  # the e-mail address on file: a code is sent to it
    assert not custom(berichten, "overdracht") and eerste["medewerker"]["naam"] not in teksten(berichten)
    berichten = assistent.praat(verificatiecodes(assistent, EMAIL, "ans@hethoekje.nl")[-1], ander)
    [overdracht] = custom(berichten, "overdracht")
    assert overdracht["zaak"] == eerste["zaak"] and overdracht["belofte"] in teksten(berichten)


def test_asking_for_the_lead_without_a_case_apologises_and_starts_the_handoff(assistent):
    berichten = assistent.praat("ik wil dat haar leidinggevende mij belt", uuid.uuid4().hex)
    assert "spijt" in teksten(berichten) and not custom(berichten, "overdracht")
    assert custom(berichten, "vraag")  # the handoff asks what is missing, and a person calls back
    tekst_berichten = [b for b in berichten if b.get("text")]
    assert len(tekst_berichten) == 2, "the apology says questions follow; no second opening before the question"


def test_vandaag_nog_is_marked_urgent_and_answered_honestly(assistent):
    gesprek = uuid.uuid4().hex
    berichten = antwoord_tot_overdracht(assistent, gesprek, assistent.praat("ik wil iemand spreken over een verbouwing", gesprek), {
        "hoe": "Het moet vandaag nog geregeld worden, morgen gaan we al open met 20 zitplaatsen"})
    overdracht = overdracht_in(berichten)
    assert overdracht["urgent"] is True
    tekst = teksten(berichten)
    assert "U vroeg om vandaag." in tekst and ("Dat kan ik niet beloven" in tekst or "Dat lukt" in tekst)
    assert "spoed" in tekst and overdracht["belofte"] in tekst
    zaak, _, _, _ = zaak_in_database(assistent, overdracht["zaak"])
    assert zaak.urgent
