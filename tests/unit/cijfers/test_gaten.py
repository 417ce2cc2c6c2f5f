"""Kennisbank gaps (bot/cijfers/gaten.py, bot/cijfers/vragen_zonder_antwoord.py): from a real Rasa SQL
tracker store, stored masked by the worker's job, read back for a range, grouped by similarity."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cijfers.gaten import Vraag, band, duid, groepeer, jaccard, lees_vragen, zoekterm, zonder_herhaling
from bot.cijfers.vragen_zonder_antwoord import lees, werk_bij
from bot.kennisbank.service import artikel_titels
from bot.kennisbank.zoeken import ZoekDrempels, Zoekindex, spacy_lemmatiseerder
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import make_engine, transaction
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


@pytest.fixture
def app_engine(gevulde_database_url):
    engine = make_engine(gevulde_database_url)
    yield engine
    engine.dispose()


def gelezen(app_engine, tracker_engine):
    """The worker's job once, then the stored questions of November and the articles' titles."""
    werk_bij(engine=app_engine, tracker=tracker_engine, zoeker=KennisbankZoeker(app_engine),
             maskeer_alle=anonimiseer_alle, nu=MAANDAG + timedelta(days=40), werker="test")
    with transaction(app_engine) as session:
        return lees(session=session, **NOVEMBER).geduide, artikel_titels(session=session)


def test_unanswered_and_unhelped_questions_are_stored_masked_once_per_conversation(app_engine, tracker_engine):
    geduide, _ = gelezen(app_engine, tracker_engine)
    vragen = [geduid.vraag for geduid in zonder_herhaling(geduide)]
    assert sorted((v.sender_id, v.artikel_id) for v in vragen) == [
        ("a", None), ("b", None), ("c", None), ("d", "winkeltijden")]
    teksten = " ".join(v.tekst for v in vragen)
    assert "12345678" not in teksten and "jan@voorbeeld.nl" not in teksten
    assert "zwembad" in teksten and "koopzondag" in teksten


def test_similar_questions_form_one_group_with_count_examples_and_nearest_article(app_engine, tracker_engine):
    zwembad, koopzondag = groepeer(*gelezen(app_engine, tracker_engine))
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
    titels = {artikel.id: artikel.titel for artikel in index.artikelen}
    groepen = groepeer([duid(vraag, index) for vraag in vragen], titels)
    assert sorted(g.aantal for g in groepen) == [1, 2]
    assert groepen[0].aantal == 2 and groepen[0].dichtstbij is not None
    # an article that is no longer published is never the nearest
    weg = groepen[0].dichtstbij.artikel_id
    zonder = groepeer([duid(vraag, index) for vraag in vragen], {i: t for i, t in titels.items() if i != weg})
    assert zonder[0].dichtstbij is None or zonder[0].dichtstbij.artikel_id != weg


def test_a_question_is_the_typed_text_before_the_card_not_a_button_payload():
    events = [
        {"sender_id": "x", "type": "user", "action": None, "data": {"text": "mag een ijskar op de markt"}},
        {"sender_id": "x", "type": "user", "action": None, "data": {"text": "/ask_question{\"onderwerp\": \"markt\"}"}},
        {"sender_id": "x", "type": "bot", "action": None, "data": {"data": {"custom": {"kennisbank": {"id": "markt"}}}}},
        {"sender_id": "x", "type": "action", "action": "utter_niet_geholpen", "data": {}},
        {"sender_id": "y", "type": "action", "action": "utter_niet_geholpen", "data": {}},  # no card before it
    ]
    for nummer, event in enumerate(events, start=1):
        event |= {"id": nummer, "timestamp": 1000.0 + nummer}
    assert list(lees_vragen(events)) == [Vraag("x", "mag een ijskar op de markt", "markt", 1004.0, 4)]


def test_helpers():
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)
    assert zoekterm("Mag ik, [PERSOON], een zwembad op ***?") == "mag ik een zwembad op"
    drempels = ZoekDrempels()
    assert [band(s, drempels) for s in (0.5, drempels.minimum, 0.1)] == ["sterk", "twijfel", "zwak"]
