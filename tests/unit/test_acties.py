"""Custom actions with a real kennisbank in a test database, a tracker and a dispatcher."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.kennisbank as kennisbank_acties
from actions.gesprek import ActionBuitenBereik, ActionSlechteInvoer, response_buiten_bereik
from actions.kennisbank import ActionBeantwoordVraag
from bot.kennisbank.service import sla_artikelen_op
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import transaction

DOMAIN = {"responses": {"utter_keuze": [{"text": "Welke past het best?"}]}}


@pytest.fixture
def zoeker(engine, artikelen, monkeypatch, tmp_path) -> KennisbankZoeker:
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    zoeker = KennisbankZoeker(engine)
    monkeypatch.setattr(kennisbank_acties, "ZOEKER", zoeker)
    return zoeker


def tracker(tekst: str, intent: str, onderwerp: str | None = None, entities: list | None = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"onderwerp": onderwerp},
        latest_message={"text": tekst, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(actie, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = actie.run(dispatcher, t, DOMAIN)
    return dispatcher.messages, events


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


@pytest.mark.parametrize(
    "tekst, response",
    [("hoe doe ik mijn btw-aangifte", "utter_buiten_bereik_belastingdienst"),
     ("ik wil een uittreksel van de kvk", "utter_buiten_bereik_kvk"),
     ("mijn paspoort is verlopen", "utter_buiten_bereik_burgerzaken"),
     ("vertel een mop", "utter_buiten_bereik")],
)
def test_out_of_scope_points_to_the_right_place(tekst, response):
    assert response_buiten_bereik(tekst) == response
    berichten, _ = run(ActionBuitenBereik(), tracker(tekst, "out_of_scope"))
    assert berichten[0]["response"] == response


@pytest.mark.parametrize(
    "soort, response",
    [("leeg", "utter_invoer_leeg"), ("alleen_emoji", "utter_invoer_emoji"), ("alleen_code", "utter_invoer_code"),
     ("onleesbaar", "utter_invoer_onleesbaar")],
)
def test_bad_input_gets_its_own_reply(soort, response):
    entities = [{"entity": "invoer_soort", "value": soort}]
    berichten, _ = run(ActionSlechteInvoer(), tracker("", "bad_input", entities=entities))
    assert berichten[0]["response"] == response


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
    import actions.overdracht as overdracht_acties

    monkeypatch.setattr(overdracht_acties, "ZOEKER", zoeker)
    assert overdracht_acties.onderwerpen_uit_antwoorden(wat, "omdat het moet", hoe)[0] in passend
    assert overdracht_acties.onderwerpen_uit_antwoorden("ik weet het niet", None, "geen idee") == []
