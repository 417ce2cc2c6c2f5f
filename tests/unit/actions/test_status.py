"""The status of the entrepreneur's own cases, and who may see a case number."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.overdracht.overdragen import ActionOverdragen
from actions.overdracht.status import ActionStatus, ActionStatusControleren, status_tekst
from tests.unit.actions.hulp import run, tracker

MEDEWERKER = SimpleNamespace(naam="Mehmet Yılmaz", functie="accountmanager bedrijven")
DEADLINE = datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc)  # 16.30 in Amsterdam


def zaak(status: str, *beloften: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(nummer="ON-2026-00001", status=status, medewerker=MEDEWERKER, beloften=list(beloften))


@pytest.mark.parametrize("status, stand", [
    ("toegewezen", "toegewezen aan een medewerker"),
    ("in_behandeling", "in behandeling"),
    ("afgerond", "afgerond"),
    ("onbekend", "onbekend"),  # a status without words of its own is shown as it is
])
def test_the_status_text_names_the_state_and_the_medewerker(status, stand):
    assert status_tekst(zaak(status)) == (
        f"Zaak ON-2026-00001: {stand}. Mehmet Yılmaz, accountmanager bedrijven, behandelt uw vraag.")


def test_the_status_text_says_when_the_entrepreneur_hears_back():
    nagekomen = SimpleNamespace(status="nagekomen", deadline=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc))
    open_ = SimpleNamespace(status="open", deadline=DEADLINE, medewerker=MEDEWERKER)
    assert status_tekst(zaak("toegewezen", nagekomen, open_)) == (
        "Zaak ON-2026-00001: toegewezen aan een medewerker. Mehmet Yılmaz, accountmanager bedrijven, behandelt uw "
        "vraag. U hoort dinsdag 24 november vóór 16.30 uur van Mehmet.")


FORMULIER = {"wat": "een terras", "waarom": "meer klanten", "hoe": "vanaf maart", "bedrijfsnaam": "Café De Hoek",
             "kvk_nummer": "12345678", "contactnaam": "Ans de Vries", "telefoon": "+31612345678",
             "email": "ans@example.nl", "toestemming": True}


@pytest.fixture
def zaaknummer(database) -> str:
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", "affirm", onderwerp="terrasvergunning",
                                                   slots=FORMULIER, sender_id="g1"))
    return berichten[0]["custom"]["overdracht"]["zaak"]


def test_own_cases_are_shown_with_their_status(zaaknummer):
    berichten, events = run(ActionStatus(), tracker("hoe staat mijn zaak ervoor", "ask_status", sender_id="g1"))
    [bericht] = berichten
    assert bericht["text"].startswith(f"Zaak {zaaknummer}: toegewezen aan een medewerker. ")
    assert bericht["custom"] == {"zaak": {"nummer": zaaknummer, "status": "toegewezen"}}
    assert events == []


def test_without_cases_or_with_an_unknown_number(database):
    berichten, _ = run(ActionStatus(), tracker("hoe staat mijn zaak ervoor", "ask_status", sender_id="g2"))
    assert berichten[0]["response"] == "utter_geen_zaken"
    # an unknown number gets the same question for the contact detail as a known one: no guessing
    berichten, events = run(ActionStatus(), tracker("zaak ON-2026-99999", "ask_status", sender_id="g2"))
    assert berichten == [] and events == [SlotSet("status_nummer", "ON-2026-99999")]


def test_without_a_case_a_request_for_a_person_is_arranged(database):
    vraag = "morgen gaan we al open en we hebben nog steeds geen exploitatievergunning!! kan iemand vandaag nog bellen"
    berichten, events = run(ActionStatus(), tracker(vraag, "ask_status", sender_id="g3"))
    assert berichten == [] and events == [FollowupAction("action_regel_contact")]


def test_a_case_of_another_conversation_needs_the_contact_detail_on_file(zaaknummer):
    berichten, events = run(ActionStatus(), tracker(f"hoe staat {zaaknummer.lower()} ervoor", "ask_status",
                                                    sender_id="g2"))
    assert berichten == [], "nothing of the case is shown; status_form asks for the contact detail"
    assert events == [SlotSet("status_nummer", zaaknummer)]

    fout = tracker("0687654321", "inform", slots={"status_nummer": zaaknummer}, sender_id="g2")
    berichten, events = run(ActionStatusControleren(), fout)
    assert berichten[0]["response"] == "utter_status_geweigerd"
    assert events == [SlotSet("status_nummer", None), SlotSet("status_controle", None)]

    goed = tracker("ANS@example.nl", "inform", slots={"status_nummer": zaaknummer}, sender_id="g2")
    berichten, _ = run(ActionStatusControleren(), goed)
    assert berichten[0]["custom"] == {"zaak": {"nummer": zaaknummer, "status": "toegewezen"}}
    berichten, _ = run(ActionStatus(), tracker("hoe staat mijn zaak ervoor", "ask_status", sender_id="g2"))
    assert berichten[0]["custom"]["zaak"]["nummer"] == zaaknummer, "the channel identity is linked now"
