"""``validate_vraag_form``: the questions asked per subject and what counts as an answer."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.overdracht.formulier import FORM_SLOTS
from actions.overdracht.validatie import ValidateVraagForm, rest_tekst
from tests.unit.actions.hulp import tracker


def gevraagd(onderwerp: str | None, toestemming: bool | None = None) -> list[str]:
    t = tracker("", onderwerp=onderwerp, slots={"toestemming": toestemming})
    return asyncio.run(ValidateVraagForm().required_slots([], CollectingDispatcher(), t, {}))


def test_the_questions_follow_the_subject_and_consent():
    assert gevraagd(None) == ["wat", "waarom", "hoe", "bedrijf", "contact", "toestemming", "bevestiging"]
    assert gevraagd("evenementenvergunning")[3:6] == ["evenement_datum", "evenement_bezoekers", "evenement_locatie"]
    assert gevraagd("gebruik-pand-wijzigen")[3:5] == ["bouw_adres", "bouw_wijziging"]
    assert "bevestiging" not in gevraagd(None, toestemming=False)


@pytest.mark.parametrize("waarde, verwacht, response", [
    ("x", {"wat": None}, "utter_iets_meer"),
    ("  een terras  ", {"wat": "een terras"}, None),
])
def test_an_open_answer_needs_a_few_words(waarde, verwacht, response):
    dispatcher = CollectingDispatcher()
    assert ValidateVraagForm().validate_wat(waarde, dispatcher, tracker(""), {}) == verwacht
    assert [b["response"] for b in dispatcher.messages] == ([response] if response else [])


@pytest.mark.parametrize("waarde, verwacht, response", [
    ("ik heb nog geen bedrijf", {"bedrijf": "nog geen bedrijf", "bedrijfsnaam": None, "kvk_nummer": None}, None),
    ("Café De Hoek, KvK 12345678", {"bedrijf": "Café De Hoek, KvK 12345678", "bedrijfsnaam": "Café De Hoek",
                                    "kvk_nummer": "12345678"}, None),
    ("KvK 12345", {"bedrijf": None}, "utter_kvk_ongeldig"),
    ("...", {"bedrijf": None}, "utter_bedrijf_onduidelijk"),
])
def test_the_company_is_a_name_or_a_kvk_number(waarde, verwacht, response):
    dispatcher = CollectingDispatcher()
    assert ValidateVraagForm().validate_bedrijf(waarde, dispatcher, tracker(""), {}) == verwacht
    assert [b["response"] for b in dispatcher.messages] == ([response] if response else [])


def test_contact_needs_a_way_to_reach_and_a_name():
    dispatcher = CollectingDispatcher()
    valideer = ValidateVraagForm().validate_contact
    assert valideer("Ans", dispatcher, tracker(""), {}) == {"contact": None}
    assert valideer("0612345678", dispatcher, tracker(""), {}) == {"contact": None, "telefoon": "+31612345678",
                                                                  "email": None}
    assert valideer("Ans de Vries, 0612345678", dispatcher, tracker(""), {}) == {
        "contact": "Ans de Vries, 0612345678", "contactnaam": "Ans de Vries", "telefoon": "+31612345678", "email": None}
    assert [b["response"] for b in dispatcher.messages] == ["utter_contact_ongeldig", "utter_naam_ontbreekt"]


def test_no_at_the_summary_starts_again_but_keeps_consent():
    dispatcher = CollectingDispatcher()
    leeg = ValidateVraagForm().validate_bevestiging(False, dispatcher, tracker(""), {})
    assert leeg == {slot: None for slot in FORM_SLOTS if slot != "toestemming"}
    assert dispatcher.messages[0]["response"] == "utter_opnieuw"
    assert ValidateVraagForm().validate_bevestiging(True, dispatcher, tracker(""), {}) == {"bevestiging": True}


def test_the_name_is_what_is_left_after_the_contact_details():
    assert rest_tekst("mijn naam is Ans, bereikbaar op ans@example.nl", "ans@example.nl") == "Ans"
    assert rest_tekst("0612345678") is None
