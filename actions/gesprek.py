"""Conversation actions: questions outside the municipality's scope and unreadable input."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.kennisbank import entiteit

# Where to send a question that is not for the municipality, by the words in it.
ELDERS = [
    ("utter_buiten_bereik_belastingdienst", re.compile(
        r"\b(btw|omzetbelasting|inkomstenbelasting|belastingaangifte|aangifte|kor|loonheffing|loonbelasting|"
        r"belastingdienst|vennootschapsbelasting|vpb|toeslag\w*|zelfstandigenaftrek|urencriterium)\b")),
    ("utter_buiten_bereik_kvk", re.compile(
        r"\b(kvk|kamer van koophandel|uittreksel|handelsregister|kvk-nummer|inschrijving wijzigen|uitschrijven)\b")),
    ("utter_buiten_bereik_uwv", re.compile(r"\b(uwv|ww|ww-uitkering|ziektewet|wia|ontslagvergunning|ontslag)\b")),
    ("utter_buiten_bereik_burgerzaken", re.compile(
        r"\b(paspoort|rijbewijs|id-kaart|identiteitskaart|verhuizen|verhuizing|trouwen|huwelijk|geboorte|uittreksel brp)\b")),
]

INVOER_RESPONSES = {
    "leeg": "utter_invoer_leeg",
    "alleen_emoji": "utter_invoer_emoji",
    "alleen_code": "utter_invoer_code",
    "onleesbaar": "utter_invoer_onleesbaar",
}


def response_buiten_bereik(tekst: str) -> str:
    kleine_letters = tekst.lower()
    for response, patroon in ELDERS:
        if patroon.search(kleine_letters):
            return response
    return "utter_buiten_bereik"


class ActionBuitenBereik(Action):
    def name(self) -> str:
        return "action_buiten_bereik"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response=response_buiten_bereik(tracker.latest_message.get("text") or ""))
        return []


class ActionSlechteInvoer(Action):
    def name(self) -> str:
        return "action_slechte_invoer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        soort = entiteit(tracker, "invoer_soort") or "onleesbaar"
        dispatcher.utter_message(response=INVOER_RESPONSES.get(soort, "utter_invoer_onleesbaar"))
        return []
