"""The questions of the probing form and the summary shown back for confirmation."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk.events import SlotSet

from actions.herhaling import eerste_nieuwe, variaties
from actions.overdracht.vragen import (
    ActionAskAanpassen,
    ActionAskBevestiging,
    ActionAskContact,
    ActionAskDetail,
    ActionAskWat,
)
from bot.kern.settings import PROJECT_ROOT
from bot.overdracht.opmerkingen import zonder_opmerkingen
from tests.unit.actions.hulp import run, tracker

KNOPPEN = [{"title": "Ja, klopt", "payload": "/affirm"}, {"title": "Nee, aanpassen", "payload": "/deny"}]


def test_a_standard_question_carries_its_step_and_subject():
    berichten, events = run(ActionAskWat(), tracker("", onderwerp="evenementenvergunning"))
    assert berichten[0]["response"] == "utter_ask_wat"
    assert berichten[0]["custom"] == {"vraag": {"stap": "wat", "onderwerp": "evenementenvergunning"}}
    assert events == []


@pytest.mark.parametrize("onderwerp, details, stap", [
    ("evenementenvergunning", {}, "evenement_datum"),
    ("evenementenvergunning", {"evenement_datum": "14 juni"}, "evenement_bezoekers"),
    ("factuur", {}, "factuurnummer"),
    ("schuldhulp-ondernemers", {}, "situatie"),
])
def test_a_kind_specific_question_is_the_next_open_one_with_its_own_step_name(onderwerp, details, stap):
    berichten, events = run(ActionAskDetail(), tracker("", onderwerp=onderwerp, slots={"details": details}))
    assert berichten[0]["custom"] == {"vraag": {"stap": stap, "onderwerp": onderwerp}}
    assert events == [SlotSet("detail_stap", stap)]


def test_a_kind_specific_question_asked_again_uses_another_wording():
    t = tracker("", onderwerp="factuur")
    eerste, _ = run(ActionAskDetail(), t)
    t.events.append({"event": "bot", "text": eerste[0]["text"]})
    tweede, _ = run(ActionAskDetail(), t)
    assert eerste[0]["text"] != tweede[0]["text"]


def test_the_summary_shows_the_answers_of_this_kind_of_case_with_company_and_contact():
    slots = {"wat": "een festival", "details": {"evenement_datum": "14 juni", "evenement_bezoekers": "500",
                                                "evenement_locatie": "het park"},
             "bedrijfsnaam": "Feest BV", "kvk_nummer": "12345678", "contactnaam": "Ans",
             "telefoon": "+31612345678", "email": "ans@example.nl"}
    berichten, events = run(ActionAskBevestiging(), tracker("", onderwerp="evenementenvergunning", slots=slots))
    assert berichten[0]["text"] == (
        "Ik zet uw vraag even op een rij:\n"
        "- Wat u wilt: een festival\n"
        "- Datum: 14 juni\n"
        "- Bezoekers: 500\n"
        "- Plaats: het park\n"
        "- Bedrijf: Feest BV (KvK 12345678)\n"
        "- Contact: Ans, +31612345678, ans@example.nl\n"
        "\n"
        "Klopt dit? Wilt u iets aanpassen, dan kan dat per onderdeel."
    )
    assert berichten[0]["buttons"] == KNOPPEN
    assert berichten[0]["custom"] == {"vraag": {"stap": "bevestiging", "onderwerp": "evenementenvergunning"}}
    assert events == []


@pytest.mark.parametrize("bedrijf, verwacht", [
    ({"bedrijfsnaam": None, "kvk_nummer": None}, "- Bedrijf: nog geen bedrijf"),
    ({"bedrijfsnaam": "Café De Hoek", "kvk_nummer": None}, "- Bedrijf: Café De Hoek"),
    ({"bedrijfsnaam": None, "kvk_nummer": "12345678"}, "- Bedrijf: (KvK 12345678)"),
])
def test_the_summary_without_all_details(bedrijf, verwacht):
    slots = {"wat": "een dakkapel", "waarom": "meer ruimte", "details": {"bouw_adres": "Markt 1"},
             "contactnaam": "Piet", "telefoon": None, "email": "piet@example.nl", **bedrijf}
    berichten, _ = run(ActionAskBevestiging(), tracker("", onderwerp="omgevingsvergunning-bouwen", slots=slots))
    assert berichten[0]["text"].splitlines()[1:5] == ["- Wat u wilt: een dakkapel", "- Waarom: meer ruimte",
                                                      "- Adres: Markt 1", verwacht]


def test_aanpassen_offers_each_part_of_this_kind_of_case_as_a_button():
    berichten, _ = run(ActionAskAanpassen(), tracker("", onderwerp="factuur"))
    assert [k["title"] for k in berichten[0]["buttons"]] == ["Wat u wilt", "Factuurnummer", "Factuurdatum", "Bedrijf",
                                                            "Contactgegevens"]


@pytest.mark.parametrize("actie, onderwerp", [(ActionAskWat(), "terrasvergunning"), (ActionAskDetail(), "ozb-woz")])
def test_a_question_asked_in_every_wording_and_needed_again_is_asked_in_new_words_not_silently(actie, onderwerp):
    """A part of the summary corrected asks it once more; every wording was sent, and nothing was said since the
    entrepreneur's message: the reply had only its payload, no text at all."""
    t = tracker("nu staat de datum van de brief er helemaal niet meer bij", onderwerp=onderwerp)
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    teksten: list[str] = []
    for _ in range(4):
        berichten, _ = run(actie, t, domain)
        # a response is rendered by the NLG: its first wording not sent yet
        tekst = berichten[0].get("text") or eerste_nieuwe(variaties(domain, berichten[0]["response"], t), teksten)
        assert tekst and tekst not in teksten, "a text every time, never the same"
        teksten.append(tekst)
        t.events[:0] = [{"event": "bot", "text": tekst}]


def test_a_question_already_asked_by_the_answer_check_is_not_asked_again():
    """"Dank u. Op welk telefoonnummer ...?" came from the check of the answer: the step's own
    question is not sent as well, only its payload."""
    t = tracker("Ans de Vries", slots={"requested_slot": "contact"})
    t.events.append({"event": "bot", "text": "Dank u. Op welk telefoonnummer of e-mailadres kunnen we u bereiken?"})
    berichten, _ = run(ActionAskContact(), t)
    assert [(b.get("text"), b.get("response"), b["custom"]) for b in berichten] == [
        (None, None, {"vraag": {"stap": "contact", "onderwerp": None}})]


def test_the_summary_does_not_repeat_words_of_the_story():
    verhaal = "ik heb een snackbar aan de Dorpsstraat 12 en wil in de zomer een ijskar voor de deur zetten. wie helpt?"
    slots = {"wat": verhaal, "hoe": "ik heb een snackbar aan de Dorpsstraat 12 en wil in de zomer een ijskar voor de deur zetten!",
             "contactnaam": "Kees", "telefoon": "+31687654321"}
    berichten, _ = run(ActionAskBevestiging(), tracker("", slots=slots))
    regels = berichten[0]["text"].splitlines()
    assert regels[1] == f"- Wat u wilt: {verhaal}"
    assert not any(regel.startswith("- Hoe en wanneer") for regel in regels)


def test_the_summary_shows_what_a_part_adds_to_the_story_and_a_long_story_shortened():
    """"Hoe en wanneer" held the whole story again with the planning after it, and "Wat u wilt" every message."""
    verhaal = " ".join(f"Zin {i} van mijn verhaal over de kantine van de voetbalclub." for i in range(8))
    slots = {"wat": verhaal, "hoe": f"{verhaal} Elke zaterdag na de wedstrijden.", "contactnaam": "Ria",
             "telefoon": "+31687654321"}
    berichten, _ = run(ActionAskBevestiging(), tracker("", slots=slots))
    regels = berichten[0]["text"].splitlines()
    wat = next(r for r in regels if r.startswith("- Wat u wilt"))
    assert wat.endswith(" …") and len(wat.split()) <= 55 and wat.startswith("- Wat u wilt: Zin 0")
    assert "- Hoe en wanneer: Elke zaterdag na de wedstrijden." in regels


def test_a_yes_or_no_of_a_few_words_is_no_part_of_the_story():
    assert zonder_opmerkingen("nee andere vraag. die 8 vaste plekken, waar zijn die") == "die 8 vaste plekken, waar zijn die"
    assert zonder_opmerkingen("ja graag.") == ""


def test_a_greeting_and_a_request_for_a_person_are_no_part_of_the_story():
    """A stranger's summary read "Wat u wilt: hoi ik heb een lunchroom ..., kan iemand mij bellen?": the greeting
    and the request for the call are the conversation, not what they want."""
    assert zonder_opmerkingen("hoi ik heb een lunchroom en wil tafels buiten zetten, kan iemand mij bellen? ik heb geen "
                              "eherkenning") == "ik heb een lunchroom en wil tafels buiten zetten, ik heb geen eherkenning"
    assert zonder_opmerkingen("Goedemorgen, wij willen een terras. Kan iemand mij even bellen?") == "wij willen een terras."
    # a request that says what it is about keeps it
    assert zonder_opmerkingen("kan iemand mij bellen over mijn terras?") == "kan iemand mij bellen over mijn terras?"


@pytest.mark.parametrize("bekend, response", [
    ({"contactnaam": "Sanne de Vries"}, "utter_ask_contact_nummer"),  # told at the start: not asked again
    ({"telefoon": "+31612345678"}, "utter_ask_contact_naam"),
    ({}, "utter_ask_contact"),
])
def test_the_contact_question_asks_only_what_is_missing(bekend, response):
    berichten, _ = run(ActionAskContact(), tracker("ja", slots={"requested_slot": "contact", **bekend}))
    assert [b.get("response") for b in berichten] == [response]


def test_the_story_for_the_medewerker_leaves_out_remarks_about_the_conversation():
    """"Wat u wilt" is what the entrepreneur wants, not "dat zei ik toch al" or "NEE. ik vraag niet wat
    het kost": such sentences say something about the bot's answers, which the medewerker sees in the
    conversation anyway."""
    from actions.overdracht.formulier import verhaal

    berichten = ["ik wil mijn terras deze zomer groter maken, 4 tafels erbij op de stoep",
                 "NEE. ik vraag niet wat het kost. ik wil weten of het mag voor de bakker ernaast",
                 "dat zei ik toch al, het gaat om de stoep voor de bakker", "waarom zeg je dat dan niet meteen"]
    t = tracker(berichten[-1], "ask_question")
    t.events = [{"event": "user", "text": tekst, "parse_data": {"intent": {"name": "ask_question"}}} for tekst in berichten]
    assert verhaal(t) == ("ik wil mijn terras deze zomer groter maken, 4 tafels erbij op de stoep. "
                          "ik wil weten of het mag voor de bakker ernaast. het gaat om de stoep voor de bakker.")
    # the rest is kept as typed: an e-mail address stays one (its personal details are wiped by their form)
    t.events = [{"event": "user", "text": "ik wil op de markt staan. mail w.oosterbroek@voorbeeld.nl of bel 06-12345678.",
                 "parse_data": {"intent": {"name": "ask_question"}}}]
    assert verhaal(t) == "ik wil op de markt staan. mail w.oosterbroek@voorbeeld.nl of bel 06-12345678."


def test_after_a_stop_a_new_handoff_starts_from_what_comes_after_it():
    """"Ik heb niets bewaard" holds: a new handoff later in the conversation does not read the story or the
    details told before the entrepreneur stopped."""
    from actions.overdracht.formulier import eigen_berichten, verhaal

    berichten = [("ik wil een terras op het Stationsplein 3, bel me op 0612345678", "request_human"), ("stop", "stop"),
                 ("hmm toch wel, kan iemand me bellen over een reclamebord", "request_human")]
    t = tracker(berichten[-1][0], "request_human")
    t.events = [{"event": "user", "text": tekst, "parse_data": {"intent": {"name": intent}}} for tekst, intent in berichten]
    assert [tekst for tekst, _ in eigen_berichten(t)] == [berichten[-1][0]]
    assert "Stationsplein" not in (verhaal(t) or "")
