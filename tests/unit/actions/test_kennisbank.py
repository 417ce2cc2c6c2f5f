"""``action_beantwoord_vraag`` with a real kennisbank in a test database (the ``zoeker`` fixture)."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.kennisbank import ActionBeantwoordVraag
from bot.kern.db import transaction
from tests.unit.actions.hulp import run, tracker


def kaarten(berichten):
    return [b["custom"]["kennisbank"] for b in berichten if b.get("custom") and "kennisbank" in b["custom"]]


def test_a_question_is_answered_with_the_short_answer_and_sets_the_subject(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("ik wil een foodtruck neerzetten bij het station", "ask_question"))
    artikel = zoeker.actueel().artikel("standplaats")
    assert kaarten(berichten) == [{"id": "standplaats", "titel": artikel.titel, "url": artikel.link, "onderdeel": "kort"}]
    assert artikel.kort_antwoord in berichten[0]["text"]
    assert berichten[-1]["response"] == "utter_vraag_geholpen"
    assert events == [SlotSet("onderwerp", "standplaats"), SlotSet("niet_begrepen", 0)]


@pytest.mark.parametrize(
    "intent, veld",
    [("ask_costs", "kosten"), ("ask_duration", "doorlooptijd"), ("ask_how_to_apply", "aanvragen"), ("ask_more", "uitleg")],
)
def test_a_follow_up_is_answered_from_the_current_subject(zoeker, intent, veld):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("en dat dan?", intent, onderwerp="speelautomaten"))
    assert getattr(zoeker.actueel().artikel("speelautomaten"), veld) in berichten[0]["text"]
    verwacht_onderdeel = "meer" if veld == "uitleg" else veld
    assert kaarten(berichten)[0]["onderdeel"] == verwacht_onderdeel


def test_a_follow_up_naming_another_subject_switches(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("wat kost de toeristenbelasting per nacht", "ask_costs", onderwerp="reclame"))
    assert kaarten(berichten)[0]["id"] == "toeristenbelasting"
    assert zoeker.actueel().artikel("toeristenbelasting").kosten in berichten[0]["text"]


def test_a_question_with_a_cost_word_gets_the_costs(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wat kost een plek op de weekmarkt", "ask_question"))
    kaart = kaarten(berichten)[0]
    assert (kaart["id"], kaart["onderdeel"]) == ("weekmarkt", "kosten")


def test_a_button_with_a_subject_answers_that_subject(zoeker):
    entities = [{"entity": "onderwerp", "value": "biz"}]
    berichten, events = run(ActionBeantwoordVraag(), tracker('/ask_question{"onderwerp": "biz"}', "ask_question", entities=entities))
    assert kaarten(berichten)[0]["id"] == "biz"


def test_nothing_fits_gives_no_article(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("hoe laat begint de voetbalwedstrijd vanavond", "ask_question"))
    assert kaarten(berichten) == [] and events == []
    assert berichten[0]["response"] == "utter_geen_antwoord"


def test_a_follow_up_without_any_subject_asks_which(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wat kost dat", "ask_costs"))
    assert berichten[0]["response"] == "utter_welk_onderwerp"


def test_an_edit_in_the_database_is_used_without_restart(zoeker, engine):
    from bot.kennisbank.models import KennisbankArtikel

    with transaction(engine) as session:
        rij = session.get(KennisbankArtikel, "biz")
        rij.inhoud = {**rij.inhoud, "kosten": "Nieuwe tekst over de BIZ-bijdrage."}
        rij.versie += 1
    berichten, _ = run(ActionBeantwoordVraag(), tracker("kosten", "ask_costs", onderwerp="biz"))
    assert "Nieuwe tekst over de BIZ-bijdrage." in berichten[0]["text"]
