"""Attack 5 of issue 13, in part: case numbers cannot be enumerated and contact details cannot be
guessed without limit. Unknown and known numbers of another conversation get the same answer; failed
checks are limited per channel identity and per case number, in the database: past a limit not even the
detail on file gets a code sent (tests/security/test_verificatiecode.py). Failed before."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.overdracht.overdragen import ActionOverdragen
from actions.overdracht.status import ActionStatus
from bot.zaken.statuscontrole import MAX_POGINGEN_PER_IDENTITEIT, MAX_POGINGEN_PER_ZAAK
from tests.unit.actions.hulp import run, tracker
from tests.unit.actions.test_status import codeberichten, geef_detail, na_formulier

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


def controleer(nummer: str, bericht: str, afzender: str, database) -> bool:
    """Give ``bericht`` as the contact detail for case ``nummer``: whether a code went out for it."""
    voor = len(codeberichten(database))
    assert geef_detail(nummer, bericht, afzender)[0] == [], "the same answer, matching or not: the form asks for a code"
    return len(codeberichten(database)) > voor


def test_guessing_contact_details_stops_after_a_few_tries_even_the_right_one(zaaknummer, database):
    for poging in range(MAX_POGINGEN_PER_IDENTITEIT):
        assert not controleer(zaaknummer, f"06{poging:08d}", "aanvaller", database)
    # the right detail now changes nothing for this identity within the hour: no code is sent
    assert not controleer(zaaknummer, "ans@example.nl", "aanvaller", database)
    assert na_formulier(zaaknummer, "aanvaller")[0][0]["response"] == "utter_status_geweigerd"
    assert controleer(zaaknummer, "ans@example.nl", "iemand-anders", database), "another identity is not locked"


def test_one_case_number_tried_from_many_identities_is_locked_too(zaaknummer, database):
    for poging in range(MAX_POGINGEN_PER_ZAAK):
        controleer(zaaknummer, f"06{poging:08d}", f"aanvaller-{poging}", database)
    assert not controleer(zaaknummer, "ans@example.nl", "nog-een-aanvaller", database)
