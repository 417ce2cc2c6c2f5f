"""Whole conversations through the REST channel, judged by the payloads in berichten.md."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.e2e.conftest import kennisbank_ids, teksten

pytestmark = pytest.mark.e2e


def nieuw_gesprek() -> str:
    return uuid.uuid4().hex


def test_greeting(assistent):
    berichten = assistent.praat("goedemorgen")
    assert "assistent" in teksten(berichten)
    assert "https://www.voorbeeldstad.nl/privacy" in teksten(berichten)  # the first greeting links the statement
    assert kennisbank_ids(berichten) == []


def test_question_answered_with_article_link_and_offer_of_more(assistent, artikelen):
    berichten = assistent.praat("mag ik een paar tafeltjes voor mijn café op de stoep zetten?")
    kaart = next(b["custom"]["kennisbank"] for b in berichten if "kennisbank" in (b.get("custom") or {}))
    artikel = next(a for a in artikelen if a.id == kaart["id"])
    assert kaart == {"id": "terrasvergunning", "titel": artikel.titel, "url": artikel.link, "onderdeel": "kort"}
    assert artikel.kort_antwoord in teksten(berichten) and artikel.link in teksten(berichten)
    knoppen = [k["title"] for b in berichten for k in b.get("buttons") or []]
    assert {"Kosten", "Voorwaarden", "Ja", "Nee"} <= set(knoppen)
    assert "Heeft dit uw vraag beantwoord?" in teksten(berichten)


def test_follow_up_questions_stay_with_the_subject(assistent, artikelen):
    gesprek = nieuw_gesprek()
    eerste = kennisbank_ids(assistent.praat("ik wil een reclamebord aan mijn gevel hangen", gesprek))
    assert eerste == ["reclame"]
    artikel = next(a for a in artikelen if a.id == "reclame")
    for vraag, veld in [("en wat kost dat?", artikel.kosten), ("hoe lang duurt het?", artikel.doorlooptijd),
                        ("waar vraag ik het aan?", artikel.aanvragen)]:
        berichten = assistent.praat(vraag, gesprek)
        assert kennisbank_ids(berichten) == ["reclame"], vraag
        assert veld in teksten(berichten), vraag


def test_a_button_press_answers_the_part_asked_for(assistent, artikelen):
    gesprek = nieuw_gesprek()
    assistent.praat("koopzondagen", gesprek)
    berichten = assistent.praat('/ask_conditions{"onderwerp": "winkeltijden"}', gesprek)
    artikel = next(a for a in artikelen if a.id == "winkeltijden")
    assert kennisbank_ids(berichten) == ["winkeltijden"]
    assert artikel.voorwaarden[0] in teksten(berichten)


def test_yes_after_an_answer(assistent):
    gesprek = nieuw_gesprek()
    assistent.praat("hoe hoog is de toeristenbelasting per nacht?", gesprek)
    assert "Fijn" in teksten(assistent.praat("ja", gesprek))


def test_no_after_an_answer_offers_a_person_and_yes_asks_what_is_needed(assistent):
    gesprek = nieuw_gesprek()
    assistent.praat("hoe hoog is de toeristenbelasting per nacht?", gesprek)
    assert "Wat wilt u bereiken?" not in teksten(assistent.praat("nee", gesprek))
    ja = assistent.praat("ja", gesprek)
    # the question is known: the handoff asks what is still missing, not "Wat wilt u bereiken?" again
    assert [b["custom"]["vraag"]["stap"] for b in ja if "vraag" in (b.get("custom") or {})] == ["waarom"]
    assert "Wat wilt u bereiken?" not in teksten(ja)


def test_nothing_fits_is_said_honestly_with_an_offer_of_a_person(assistent):
    berichten = assistent.praat("Hoe laat vertrekt de laatste trein naar Utrecht?")
    assert kennisbank_ids(berichten) == []
    assert any(k["payload"] == "/request_human" for b in berichten for k in b.get("buttons") or []) or \
        "14 0123" in teksten(berichten) or "niet" in teksten(berichten)


def test_choice_between_close_subjects(assistent):
    """A choice lists the same subjects as buttons, best first."""
    berichten = assistent.praat("alcohol")
    keuzes = [b["custom"]["keuzes"] for b in berichten if "keuzes" in (b.get("custom") or {})]
    assert keuzes, berichten
    ids = [k["id"] for k in keuzes[0]]
    assert 2 <= len(ids) <= 3
    knoppen = [k["payload"] for b in berichten for k in b.get("buttons") or []]
    assert all(any(i in p for p in knoppen) for i in ids)


@pytest.mark.parametrize(
    "tekst, verwacht",
    [
        ("ben jij een robot?", "digitale assistent"),
        ("Hello, do you speak English? I want to open a shop.", "Hello"),
        ("hoe doe ik mijn btw-aangifte?", "Belastingdienst"),
        ("ik wil een medewerker spreken", "medewerker"),
        ("bedankt!", "Graag gedaan"),
        ("doei", "Tot ziens"),
    ],
)
def test_conversation_basics(assistent, tekst, verwacht):
    assert verwacht in teksten(assistent.praat(tekst))


@pytest.mark.parametrize(
    "tekst",
    ["", "   ", "😀😀🎉", "<script>alert('hack')</script>", "\x00\x01\x02\xff\xfe\x1b", "x" * 5000,
     "Ik heb een vraag over mijn terras. " * 150, "asdkjh qwpoeiu zmxncb"],
)
def test_bad_input_gets_a_friendly_reply_and_the_conversation_goes_on(assistent, tekst):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat(tekst, gesprek)
    assert teksten(berichten).strip(), f"geen antwoord op {tekst[:30]!r}"
    assert "<script>" not in teksten(berichten)
    assert kennisbank_ids(assistent.praat("wat kost een standplaats voor een foodtruck?", gesprek)) == ["standplaats"]


def test_a_malformed_webhook_body_is_not_a_server_error(assistent):
    antwoord = requests.post(f"{assistent.url}/webhooks/rest/webhook", data="{niet: json", timeout=10,
                             headers={"Content-Type": "application/json"})
    assert antwoord.status_code < 500
