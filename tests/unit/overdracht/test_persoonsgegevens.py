"""Wiping the personal details from a conversation's events (consent refused, questions stopped)."""

from __future__ import annotations

import json

from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered

from bot.overdracht.persoonsgegevens import WIS_SLOT, wissen_gevraagd, zonder_persoonsgegevens

VERHAAL = "goedemorgen, met Ans de Vries van Café De Hoek. ik wil een terras. bel me op 06-12345678"


def gebruiker(tekst: str, intent: str = "ask_question") -> UserUttered:
    return UserUttered(tekst, intent={"name": intent, "confidence": 0.9},
                       entities=[{"entity": "telefoon", "value": tekst, "start": 0, "end": len(tekst)}],
                       parse_data={"text": tekst, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
                       metadata={"kanaal": "rest", "afzender": tekst})


def gesprek() -> list[dict]:
    """A story with a name and number, consent given, the contact asked and typed, then "stop"."""
    events = [
        gebruiker(VERHAAL),
        ActionExecuted("vraag_form"), ActiveLoop("vraag_form"),
        SlotSet("wat", VERHAAL), SlotSet("contactnaam", "Ans de Vries"), SlotSet("telefoon", "+31612345678"),
        SlotSet("bedrijfsnaam", "Café De Hoek"), SlotSet("requested_slot", "contact"),
        BotUttered("Hoe kunnen we u bereiken, Ans?"),
        gebruiker("ans.devries@example.nl of 0612345678, kvk 12345678", "inform"),
        SlotSet("email", "ans.devries@example.nl"), SlotSet("kvk_nummer", "12345678"),
        SlotSet("contact", "Ans de Vries, +31612345678, ans.devries@example.nl"),
        SlotSet("requested_slot", "bevestiging"),
        BotUttered("Klopt dit? Ans de Vries, +31612345678, ans.devries@example.nl, Café De Hoek (KvK 12345678)"),
        gebruiker("stop", "stop"),
        ActionExecuted("action_vraag_gestopt"), BotUttered("Goed, ik stop met de vragen."),
        ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(WIS_SLOT, True),
    ]
    return [event.as_dict() for event in events]


def test_no_name_number_address_company_or_kvk_is_left_anywhere():
    schoon = json.dumps(zonder_persoonsgegevens(gesprek()), ensure_ascii=False)
    for gegeven in ["Ans", "Vries", "12345678", "06-12345678", "+31612345678", "ans.devries", "example.nl", "Hoek"]:
        assert gegeven not in schoon, gegeven


def test_the_question_intents_and_the_shape_of_the_conversation_stay():
    voor = gesprek()
    na = zonder_persoonsgegevens(voor)
    assert [(e["event"], e.get("name")) for e in na] == [(e["event"], e.get("name")) for e in voor]
    assert [e["parse_data"]["intent"]["name"] for e in na if e["event"] == "user"] == ["ask_question", "inform", "stop"]
    eerste = na[0]["text"]
    assert "ik wil een terras" in eerste and "goedemorgen" in eerste
    assert next(e["value"] for e in na if e.get("name") == "wat") == eerste
    assert [e["value"] for e in na if e.get("name") == "requested_slot"] == ["contact", "bevestiging", None]
    assert na[-1]["value"] is True and na[-2]["timestamp"] == voor[-2]["timestamp"]


def test_an_answer_to_a_question_for_a_personal_detail_goes_whole():
    na = zonder_persoonsgegevens(gesprek())
    antwoord = [e for e in na if e["event"] == "user"][1]
    assert antwoord["text"] == antwoord["parse_data"]["text"] == "***" and antwoord["parse_data"]["entities"] == []
    assert [e["text"] for e in na if e["event"] == "user"][2] == "stop"  # after the summary: no personal question


def test_a_name_is_masked_as_a_whole_word_only():
    events = [SlotSet("contactnaam", "Ans"), BotUttered("Dank u, Ans. Uw kansen en plannen zijn duidelijk.")]
    [_, bot] = zonder_persoonsgegevens([e.as_dict() for e in events])
    assert bot["text"] == "Dank u, ***. Uw kansen en plannen zijn duidelijk."


def test_only_a_turn_that_sets_the_slot_asks_for_wiping():
    assert wissen_gevraagd([SlotSet(WIS_SLOT, True).as_dict()])
    assert not wissen_gevraagd([SlotSet(WIS_SLOT, None).as_dict(), SlotSet("telefoon", None).as_dict()])
    assert not wissen_gevraagd(e.as_dict() for e in [UserUttered("hoi"), BotUttered("Hallo")])
