"""Attack 5 of issue 13, in part: case numbers cannot be enumerated and contact details cannot be
guessed without limit. Unknown and known numbers of another conversation get the same answer; failed
checks are limited per channel identity and per case number, in the database. Failed before."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.overdracht.overdragen import ActionOverdragen
from actions.overdracht.status import ActionStatus, ActionStatusControleren
from bot.zaken.statuscontrole import MAX_POGINGEN_PER_IDENTITEIT, MAX_POGINGEN_PER_ZAAK
from tests.unit.actions.hulp import run, tracker

SLOTS = {"wat": "een terras", "waarom": "klanten", "hoe": "maart", "contactnaam": "Ans", "email": "ans@example.nl",
         "telefoon": None, "toestemming": True, "bevestiging": True}


@pytest.fixture
def zaaknummer(database) -> str:
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=SLOTS, sender_id="eigenaar"))
    return berichten[0]["custom"]["overdracht"]["zaak"]


def test_known_and_unknown_case_numbers_get_the_same_answer(zaaknummer):
    bestaand = run(ActionStatus(), tracker(f"hoe staat {zaaknummer}", "ask_status", sender_id="aanvaller"))
    onbekend = run(ActionStatus(), tracker("hoe staat ON-2026-99999", "ask_status", sender_id="aanvaller"))
    assert bestaand[0] == onbekend[0] == []
    assert bestaand[1] == [SlotSet("status_nummer", zaaknummer)] and onbekend[1] == [SlotSet("status_nummer", "ON-2026-99999")]


def controleer(nummer: str, bericht: str, afzender: str) -> list[dict]:
    return run(ActionStatusControleren(), tracker(bericht, "inform", slots={"status_nummer": nummer}, sender_id=afzender))[0]


def test_guessing_contact_details_stops_after_a_few_tries_even_the_right_one(zaaknummer):
    for poging in range(MAX_POGINGEN_PER_IDENTITEIT):
        assert controleer(zaaknummer, f"06{poging:08d}", "aanvaller")[0]["response"] == "utter_status_geweigerd"
    # the right detail now changes nothing for this identity within the hour
    assert controleer(zaaknummer, "ans@example.nl", "aanvaller")[0]["response"] == "utter_status_geweigerd"


def test_one_case_number_tried_from_many_identities_is_locked_too(zaaknummer):
    for poging in range(MAX_POGINGEN_PER_ZAAK):
        controleer(zaaknummer, f"06{poging:08d}", f"aanvaller-{poging}")
    assert controleer(zaaknummer, "ans@example.nl", "nog-een-aanvaller")[0]["response"] == "utter_status_geweigerd"
