"""Starting the probing form, the handoff with its words, and stopping midway."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.overdracht import overdragen
from actions.overdracht.formulier import FORM_SLOTS
from actions.overdracht.overdragen import (
    ActionOverdragen,
    ActionStartOverdracht,
    ActionVraagGestopt,
    onderwerpen_uit_antwoorden,
)
from tests.unit.actions.hulp import run, tracker

LEEG = [SlotSet(slot, None) for slot in FORM_SLOTS]
FORMULIER = {"wat": "een terras bij mijn café", "waarom": "meer klanten", "hoe": "vanaf maart",
             "bedrijfsnaam": "Café De Hoek", "kvk_nummer": "12345678", "contactnaam": "Ans de Vries",
             "telefoon": "+31612345678", "email": None, "toestemming": True, "bevestiging": True}


@pytest.mark.parametrize(
    "wat, hoe, passend",
    [
        # a restaurant in an empty building touches horeca and building rules: any of these is right
        ("Ik wil in het lege pand aan de Markt een restaurant met terras beginnen",
         "Volgend voorjaar openen, ongeveer 60 zitplaatsen binnen en 30 buiten",
         {"exploitatievergunning", "terrasvergunning", "gebruik-pand-wijzigen", "bedrijfsruimte"}),
        ("een festival organiseren in het park", "in juni, 500 mensen", {"evenementenvergunning"}),
        ("ik wil een kapsalon aan huis beginnen", "in maart", {"bedrijf-aan-huis"}),
    ],
)
def test_a_question_without_subject_gets_one_from_the_entrepreneurs_answers(zoeker, monkeypatch, wat, hoe, passend):
    monkeypatch.setattr(overdragen, "ZOEKER", zoeker)
    assert onderwerpen_uit_antwoorden(wat, "omdat het moet", hoe)[0] in passend
    assert onderwerpen_uit_antwoorden("ik weet het niet", None, "geen idee") == []


def overdragen_met(gesprek: str, **slots) -> tuple[list[dict], list]:
    return run(ActionOverdragen(), tracker("/affirm", "affirm", onderwerp="terrasvergunning",
                                           slots={**FORMULIER, **slots}, sender_id=gesprek))


def test_the_handoff_thanks_with_the_promise_and_how_to_reach_the_medewerker(database):
    berichten, events = overdragen_met("g1")
    [bericht] = berichten
    overdracht = bericht["custom"]["overdracht"]
    m = overdracht["medewerker"]
    assert bericht["text"] == (f"Dank u wel. {overdracht['belofte']}\nU kunt {m['naam']} ook zelf bereiken: "
                               f"telefoon {m['telefoon']}, e-mail {m['email']}.")
    assert overdracht["onderwerp"] == "terrasvergunning"
    assert events == LEEG


def test_a_medewerker_who_can_chat_now_is_offered(database, monkeypatch):
    monkeypatch.setattr(overdragen, "kan_nu_chatten", lambda **_: True)
    berichten, _ = overdragen_met("g1")
    naam = berichten[0]["custom"]["overdracht"]["medewerker"]["naam"]
    assert berichten[1]["text"] == f"{naam} is nu aan het werk en online. Wilt u meteen met {naam.split()[0]} chatten?"
    assert berichten[1]["buttons"] == [{"title": "Nu chatten met een medewerker", "payload": "/nu_chatten"}]


def test_without_consent_nothing_is_stored(database):
    berichten, events = overdragen_met("g1", toestemming=False)
    assert [b["response"] for b in berichten] == ["utter_geen_toestemming"]
    assert events == LEEG


def test_the_form_starts_with_what_an_earlier_case_of_this_channel_identity_knows(database):
    overdragen_met("g1")
    berichten, events = run(ActionStartOverdracht(), tracker("ik wil iemand spreken", "request_human", sender_id="g1"))
    assert berichten[0]["response"] == "utter_overdracht_start"
    assert events == [SlotSet("bedrijf", "Café De Hoek"), SlotSet("bedrijfsnaam", "Café De Hoek"),
                      SlotSet("kvk_nummer", "12345678"), SlotSet("contact", "Ans de Vries"),
                      SlotSet("contactnaam", "Ans de Vries"), SlotSet("telefoon", "+31612345678"), SlotSet("email", None)]


def test_a_new_channel_identity_starts_empty_but_keeps_a_number_in_the_message(database):
    _, events = run(ActionStartOverdracht(), tracker("bel mij op 0612345678", "request_human", sender_id="nieuw"))
    assert events == [SlotSet("telefoon", "+31612345678"), SlotSet("email", None)]
    _, events = run(ActionStartOverdracht(), tracker("ik wil iemand spreken", "request_human", sender_id="nieuw"))
    assert events == []


def test_money_trouble_starts_the_form_with_care(database):
    berichten, _ = run(ActionStartOverdracht(), tracker("help", "request_human", onderwerp="schuldhulp-ondernemers"))
    assert berichten[0]["response"] == "utter_overdracht_zorg"


def test_stopping_midway_forgets_everything(database):
    berichten, events = run(ActionVraagGestopt(), tracker("stop", "stop"))
    assert berichten[0]["response"] == "utter_vraag_gestopt"
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), *LEEG]
