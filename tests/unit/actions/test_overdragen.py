"""Starting the probing form, the handoff with its words, and stopping midway."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.overdracht import onderwerp, overdragen
from actions.overdracht.formulier import FORM_SLOTS
from actions.overdracht.overdragen import (
    ActionOverdragen,
    ActionStartOverdracht,
    ActionToestemmingAlsnog,
    ActionVraagGestopt,
    onderwerpen_uit_antwoorden,
)
from bot.overdracht.persoonsgegevens import WIS_SLOT
from tests.unit.actions.hulp import run, tracker

LEEG = [SlotSet(slot, None) for slot in FORM_SLOTS]
PERSOONLIJK = ["bedrijf", "bedrijfsnaam", "kvk_nummer", "contact", "contactnaam", "telefoon", "email"]
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
    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)
    assert onderwerpen_uit_antwoorden(f"{wat} {hoe}", None)[0] in passend
    assert onderwerpen_uit_antwoorden("ik weet het niet geen idee", None) == []


def test_the_words_decide_the_subject_not_the_last_card_shown(zoeker, monkeypatch):
    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)
    woorden = "ik wil een festival organiseren in het park met een podium en 500 bezoekers"
    assert onderwerpen_uit_antwoorden(woorden, "toeristenbelasting")[0] == "evenementenvergunning"
    # words that name nothing clearly keep the subject of the card
    assert onderwerpen_uit_antwoorden("ik snap het niet zo goed", "terrasvergunning") == ["terrasvergunning"]


def test_a_story_too_unsure_for_a_card_is_still_routed_by_its_words(zoeker, monkeypatch):
    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)
    teams = zoeker.actueel().teams()
    feest = "we willen op 12 juli een zomerfeest op het Dorpsplein met ongeveer 300 man en een bandje"
    gekozen = onderwerp.onderwerp_uit_woorden(feest, None)
    assert gekozen is not None and teams[gekozen] == "horeca-evenementen"
    for niets in ("ik weet het niet, geen idee", "zie hierboven", "dat heb ik toch al gezegd"):
        assert onderwerp.onderwerp_uit_woorden(niets, None) is None


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
    assert events == [*LEEG, SlotSet("toestemming_geweigerd", None)]


def test_the_thanks_say_that_the_medewerker_sees_when_the_entrepreneur_wants_to_be_called(database):
    """"Bel me liever na 14u": said back, so the entrepreneur knows it was heard (the promise's deadline stays
    the norm's); their phone number is not repeated in it."""
    t = tracker("/affirm", "affirm", onderwerp="terrasvergunning", slots=FORMULIER, sender_id="g-bel")
    t.events.insert(0, {"event": "user", "text": "bel me liever op 06 87654321 en na 14u",
                        "parse_data": {"intent": {"name": "inform"}}})
    [bericht], _ = run(ActionOverdragen(), t)
    m = bericht["custom"]["overdracht"]["medewerker"]
    assert f"{m['naam']} ziet bij uw vraag wanneer u gebeld wilt worden: \"bel me liever op en na 14u\"." in bericht["text"]


def test_a_question_typed_with_the_yes_to_the_summary_is_said_back_not_lost(database):
    t = tracker("ja klopt. maar kan ik nou een dwangsom eisen of niet?", "affirm", onderwerp="terrasvergunning",
                slots=FORMULIER, sender_id="g-bijvraag")
    [bericht], _ = run(ActionOverdragen(), t)
    m = bericht["custom"]["overdracht"]["medewerker"]
    assert f'Uw vraag "kan ik nou een dwangsom eisen of niet?" ziet {m["naam"]} ook' in bericht["text"]
    [gewoon], _ = run(ActionOverdragen(), tracker("ja klopt", "affirm", onderwerp="terrasvergunning",
                                                  slots=FORMULIER, sender_id="g-gewoon"))
    assert "Uw vraag" not in gewoon["text"]


def test_a_medewerker_asked_for_by_name_from_another_team_is_named_with_who_helps_instead(database):
    berichten, _ = overdragen_met("g-naam", gewenste_medewerker="ingrid-bos")  # belastingen; the question is a terrace
    uitleg, bedankt = berichten
    helpt = bedankt["custom"]["overdracht"]["medewerker"]
    assert helpt["naam"] != "Ingrid Bos"
    assert "Ingrid Bos" in uitleg["text"] and helpt["naam"] in uitleg["text"]

    berichten, _ = overdragen_met("g-naam-2", gewenste_medewerker="sanne-de-vries")  # horeca: she gets it, no word about it
    [bedankt] = berichten
    assert bedankt["custom"]["overdracht"]["medewerker"]["naam"] == "Sanne de Vries"


def test_a_medewerker_who_can_chat_now_is_offered(database, monkeypatch):
    monkeypatch.setattr(overdragen, "kan_nu_chatten", lambda **_: True)
    berichten, _ = overdragen_met("g1")
    naam = berichten[0]["custom"]["overdracht"]["medewerker"]["naam"]
    assert berichten[1]["text"] == f"{naam} is nu aan het werk en online. Wilt u meteen met {naam.split()[0]} chatten?"
    assert berichten[1]["buttons"] == [{"title": "Nu chatten met een medewerker", "payload": "/nu_chatten"}]


def test_without_consent_nothing_is_stored_and_the_question_is_kept_for_a_change_of_mind(database):
    berichten, events = overdragen_met("g1", toestemming=False)
    assert [b["response"] for b in berichten] == ["utter_geen_toestemming"]
    # the slots emptied, and the tracker store asked to wipe the details from earlier events too
    assert events == [*(SlotSet(slot, None) for slot in PERSOONLIJK), SlotSet(WIS_SLOT, True),
                      SlotSet("toestemming", None), SlotSet("bevestiging", None), SlotSet("toestemming_geweigerd", True)]
    berichten, events = run(ActionToestemmingAlsnog(), tracker("oh wacht, toch wel", "affirm"))
    assert [b["response"] for b in berichten] == ["utter_toestemming_alsnog"]
    assert events == [SlotSet("toestemming", True), SlotSet("toestemming_geweigerd", None)]


def start(tekst: str, intent: str, sender_id: str = "test", **slots) -> tuple[list[dict], dict]:
    berichten, events = run(ActionStartOverdracht(), tracker(tekst, intent, sender_id=sender_id, slots=slots))
    return berichten, {e["name"]: e["value"] for e in events}


def test_the_form_starts_with_what_an_earlier_case_of_this_channel_identity_knows(database):
    overdragen_met("g1")
    berichten, gezet = start("ik wil iemand spreken", "request_human", sender_id="g1")
    assert berichten[0]["response"] == "utter_overdracht_start"
    assert gezet == {"onderwerp": None, "toestemming_geweigerd": None, "bedrijf": "Café De Hoek, KvK 12345678",
                     "bedrijfsnaam": "Café De Hoek", "kvk_nummer": "12345678", "telefoon": "+31612345678",
                     "email": None, "contactnaam": "Ans de Vries", "contact": "Ans de Vries, +31612345678"}


def test_a_new_channel_identity_starts_empty_but_keeps_a_number_in_the_message(database):
    _, gezet = start("bel mij op 0612345678", "request_human", sender_id="nieuw")
    assert gezet == {"onderwerp": None, "toestemming_geweigerd": None, "telefoon": "+31612345678", "email": None}
    _, gezet = start("ik wil iemand spreken", "request_human", sender_id="nieuw")
    assert gezet == {"onderwerp": None, "toestemming_geweigerd": None}


def test_a_story_in_the_first_message_is_not_asked_again(database, zoeker, monkeypatch):
    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)
    verhaal = ("Goedemorgen, met Jan de Boer van Slagerij De Boer. We willen in maart de winkel aan de Kerkstraat 4 "
               "uitbreiden omdat de ruimte te klein wordt. Kan iemand mij bellen? 06 12345678")
    berichten, gezet = start(verhaal, "request_human", sender_id="verhaal")
    assert berichten[0]["response"] == "utter_overdracht_start_bekend"
    # the story as typed, without the greeting and the request for the call (the handoff itself)
    assert gezet["wat"] == ("met Jan de Boer van Slagerij De Boer. We willen in maart de winkel aan de Kerkstraat 4 "
                            "uitbreiden omdat de ruimte te klein wordt. 06 12345678.")
    assert gezet["waarom"] == "omdat de ruimte te klein wordt"
    assert "maart" in gezet["hoe"]
    assert gezet["contact"] == "Jan de Boer, +31612345678"
    assert gezet["bedrijfsnaam"] == "Slagerij De Boer"


def test_money_trouble_starts_the_form_with_care(database):
    berichten, _ = run(ActionStartOverdracht(), tracker("help", "request_human", onderwerp="schuldhulp-ondernemers"))
    assert berichten[0]["response"] == "utter_overdracht_zorg"


def test_stopping_midway_forgets_everything(database):
    berichten, events = run(ActionVraagGestopt(), tracker("stop", "stop"))
    assert berichten[0]["response"] == "utter_vraag_gestopt"
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), *LEEG, SlotSet(WIS_SLOT, True)]


def na_overdracht(tekst: str) -> dict:
    """A tracker whose conversation was handed over (custom.overdracht of shared/berichten.md) before ``tekst``."""
    t = tracker(tekst, "request_human", sender_id="al")
    overdracht = {"zaak": "ON-2026-00007", "onderwerp": "terrasvergunning", "belofte": "Mehmet belt u maandag.",
                  "medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}}
    t.events = [{"event": "bot", "text": "Dank u wel.", "data": {"custom": {"overdracht": overdracht}}}, *t.events]
    return t


def test_a_second_request_about_the_same_question_makes_no_second_case(database, zoeker, monkeypatch):
    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)
    berichten, events = run(ActionStartOverdracht(), na_overdracht("weet mehmet dat ik pas na 14u kan?"))
    assert "al doorgegeven" in berichten[0]["text"] and "Mehmet belt u maandag." in berichten[0]["text"]
    assert events == overdragen.GEEN_VRAGEN  # listen: the form does not start
    # another subject is a question of its own: a new case
    berichten, events = run(ActionStartOverdracht(), na_overdracht("ik wil ook iemand spreken over mijn reclamebord"))
    assert {"name": "onderwerp", "value": "reclame"} in [{"name": e.get("name"), "value": e.get("value")} for e in events]
