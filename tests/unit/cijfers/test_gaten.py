"""Kennisbank gaps (bot/cijfers/gaten.py): from a real Rasa SQL tracker store, masked, grouped by similarity."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cijfers.gaten import Vraag, band, groepeer, jaccard, lees_vragen, vragen_zonder_antwoord, zoekterm
from bot.kennisbank.zoeken import ZoekDrempels, Zoekindex, spacy_lemmatiseerder
from bot.kern.db import make_engine
from bot.kern.taal import load_pipeline
from bot.privacy.anoniem import anonimiseer_alle

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 10, 0, tzinfo=AMSTERDAM)
NOVEMBER = {"van": date(2026, 11, 1), "tot_en_met": date(2026, 11, 30)}


def gebruiker(tekst: str, moment: datetime, intent: str = "ask_question") -> UserUttered:
    return UserUttered(tekst, {"name": intent, "confidence": 0.9}, timestamp=moment.timestamp(), input_channel="rest")


def kaart(artikel: str, moment: datetime) -> BotUttered:
    return BotUttered("antwoord", {"custom": {"kennisbank": {"id": artikel, "titel": artikel, "url": "https://x"}}},
                      timestamp=moment.timestamp())


def actie(naam: str, moment: datetime) -> ActionExecuted:
    return ActionExecuted(naam, timestamp=moment.timestamp())


def geen_antwoord(tekst: str, moment: datetime) -> list:
    return [gebruiker(tekst, moment), actie("utter_geen_antwoord", moment + timedelta(seconds=1))]


def hielp_niet(tekst: str, artikel: str, moment: datetime) -> list:
    return [gebruiker(tekst, moment), kaart(artikel, moment + timedelta(seconds=1)),
            gebruiker("nee", moment + timedelta(seconds=5), "deny"),
            actie("utter_niet_geholpen", moment + timedelta(seconds=6))]


@pytest.fixture(scope="module")
def index(artikelen) -> Zoekindex:
    return Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(load_pipeline()))


@pytest.fixture
def tracker_engine(tracker_store):
    t = MAANDAG
    gesprekken = {
        "a": geen_antwoord("Mag ik een zwembad op mijn dak bouwen? Bel mij op 06-12345678", t),
        "b": geen_antwoord("mag ik een zwembad op het dak bouwen", t + timedelta(hours=1)),
        # asked twice in one conversation: counted once
        "c": [*geen_antwoord("mag ik een zwembad op het dak bouwen", t + timedelta(hours=2)),
              *geen_antwoord("mag ik een zwembad op het dak bouwen", t + timedelta(hours=2, minutes=1))],
        "d": hielp_niet("wanneer is er koopzondag, mail jan@voorbeeld.nl", "winkeltijden", t),
        "e": [gebruiker("/affirm", t, "affirm"), actie("utter_geen_antwoord", t + timedelta(seconds=1))],  # no typed text
        "f": [gebruiker("mag ik een terras?", t), kaart("terrasvergunning", t + timedelta(seconds=1))],  # it helped
        "g": geen_antwoord("mag ik een zwembad op het dak bouwen", t + timedelta(days=30)),  # outside the range
    }
    for sender, events in gesprekken.items():
        asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events)))
    engine = make_engine(tracker_store.ingang_url)
    yield engine
    engine.dispose()


def test_unanswered_and_unhelped_questions_are_read_masked_once_per_conversation(tracker_engine):
    vragen = vragen_zonder_antwoord(engine=tracker_engine, maskeer_alle=anonimiseer_alle, **NOVEMBER)
    assert sorted((v.sender_id, v.artikel_id) for v in vragen) == [
        ("a", None), ("b", None), ("c", None), ("d", "winkeltijden")]
    teksten = " ".join(v.tekst for v in vragen)
    assert "12345678" not in teksten and "jan@voorbeeld.nl" not in teksten
    assert "zwembad" in teksten and "koopzondag" in teksten


def test_similar_questions_form_one_group_with_count_examples_and_nearest_article(tracker_engine, index):
    groepen = groepeer(vragen_zonder_antwoord(engine=tracker_engine, maskeer_alle=anonimiseer_alle, **NOVEMBER), index)
    zwembad, koopzondag = groepen
    assert zwembad.aantal == 3 and zwembad.geen_antwoord == 3 and not zwembad.niet_geholpen
    assert zwembad.vraag == "mag ik een zwembad op het dak bouwen"  # the most frequent wording represents it
    assert len(zwembad.voorbeelden()) == 2 and all("12345678" not in v for v in zwembad.voorbeelden())
    assert koopzondag.aantal == 1 and dict(koopzondag.niet_geholpen) == {"winkeltijden": 1}
    # the article that did not help is not offered as the nearest one
    assert koopzondag.dichtstbij is None or koopzondag.dichtstbij.artikel_id != "winkeltijden"


def test_grouping_is_greedy_on_content_words(index):
    vragen = [Vraag("a", "mag ik een reclamebord op de stoep", None),
              Vraag("b", "reclamebord stoep plaatsen", None),
              Vraag("c", "hoe vraag ik een drankvergunning aan", None),
              Vraag("d", "??", None)]  # no content words: not grouped
    groepen = groepeer(vragen, index)
    assert sorted(g.aantal for g in groepen) == [1, 2]
    assert groepen[0].aantal == 2 and groepen[0].dichtstbij is not None


def test_a_question_is_the_typed_text_before_the_card_not_a_button_payload():
    events = [
        {"sender_id": "x", "type": "user", "action": None, "data": {"text": "mag een ijskar op de markt"}},
        {"sender_id": "x", "type": "user", "action": None, "data": {"text": "/ask_question{\"onderwerp\": \"markt\"}"}},
        {"sender_id": "x", "type": "bot", "action": None, "data": {"data": {"custom": {"kennisbank": {"id": "markt"}}}}},
        {"sender_id": "x", "type": "action", "action": "utter_niet_geholpen", "data": {}},
        {"sender_id": "y", "type": "action", "action": "utter_niet_geholpen", "data": {}},  # no card before it
    ]
    assert list(lees_vragen(events)) == [Vraag("x", "mag een ijskar op de markt", "markt")]


def test_helpers():
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)
    assert zoekterm("Mag ik, [PERSOON], een zwembad op ***?") == "mag ik een zwembad op"
    drempels = ZoekDrempels()
    assert [band(s, drempels) for s in (0.5, drempels.minimum, 0.1)] == ["sterk", "twijfel", "zwak"]
