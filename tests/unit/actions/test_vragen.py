"""The questions of the probing form and the summary shown back for confirmation."""

from __future__ import annotations

import pytest

from actions.overdracht.vragen import ActionAskBevestiging, ActionAskEvenementDatum, ActionAskWat
from tests.unit.actions.hulp import run, tracker

KNOPPEN = [{"title": "Ja, klopt", "payload": "/affirm"}, {"title": "Nee, aanpassen", "payload": "/deny"}]


@pytest.mark.parametrize("actie, response, stap", [
    (ActionAskWat(), "utter_ask_wat", "wat"),
    (ActionAskEvenementDatum(), "utter_ask_evenement_datum", "hoe"),
])
def test_every_question_carries_its_step_and_subject(actie, response, stap):
    berichten, events = run(actie, tracker("", onderwerp="evenementenvergunning"))
    assert berichten[0]["response"] == response
    assert berichten[0]["custom"] == {"vraag": {"stap": stap, "onderwerp": "evenementenvergunning"}}
    assert events == []


def test_the_summary_shows_every_answer_with_company_and_contact():
    slots = {"wat": "een festival", "waarom": "voor de buurt", "hoe": "in juni",
             "evenement_datum": "14 juni", "evenement_bezoekers": "500", "evenement_locatie": "het park",
             "bedrijfsnaam": "Feest BV", "kvk_nummer": "12345678", "contactnaam": "Ans",
             "telefoon": "+31612345678", "email": "ans@example.nl"}
    berichten, events = run(ActionAskBevestiging(), tracker("", onderwerp="evenementenvergunning", slots=slots))
    assert berichten[0]["text"] == (
        "Ik zet uw vraag even op een rij:\n"
        "- Wat u wilt: een festival\n"
        "- Waarom: voor de buurt\n"
        "- Hoe en wanneer: in juni\n"
        "- Datum: 14 juni\n"
        "- Bezoekers: 500\n"
        "- Plaats: het park\n"
        "- Bedrijf: Feest BV (KvK 12345678)\n"
        "- Contact: Ans, +31612345678, ans@example.nl\n"
        "\n"
        "Klopt dit?"
    )
    assert berichten[0]["buttons"] == KNOPPEN
    assert berichten[0]["custom"] == {"vraag": {"stap": "bevestiging", "onderwerp": "evenementenvergunning"}}
    assert events == []


@pytest.mark.parametrize("bedrijf, verwacht", [
    ({"bedrijfsnaam": None, "kvk_nummer": None}, "- Bedrijf: nog geen bedrijf"),
    ({"bedrijfsnaam": "", "kvk_nummer": None}, "- Bedrijf: nog geen bedrijf"),
    ({"bedrijfsnaam": "Café De Hoek", "kvk_nummer": None}, "- Bedrijf: Café De Hoek"),
    ({"bedrijfsnaam": None, "kvk_nummer": "12345678"}, "- Bedrijf: (KvK 12345678)"),
])
def test_the_summary_of_a_building_plan_without_all_details(bedrijf, verwacht):
    slots = {"wat": "een dakkapel", "waarom": "meer ruimte", "hoe": "dit najaar", "bouw_adres": "Markt 1",
             "bouw_wijziging": "een dakkapel aan de voorkant", "contactnaam": "Piet", "telefoon": None,
             "email": "piet@example.nl", **bedrijf}
    berichten, _ = run(ActionAskBevestiging(), tracker("", onderwerp="omgevingsvergunning-bouwen", slots=slots))
    assert berichten[0]["text"] == (
        "Ik zet uw vraag even op een rij:\n"
        "- Wat u wilt: een dakkapel\n"
        "- Waarom: meer ruimte\n"
        "- Hoe en wanneer: dit najaar\n"
        "- Adres: Markt 1\n"
        "- Wat verandert: een dakkapel aan de voorkant\n"
        f"{verwacht}\n"
        "- Contact: Piet, piet@example.nl\n"
        "\n"
        "Klopt dit?"
    )
