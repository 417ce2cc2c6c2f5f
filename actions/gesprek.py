"""Conversation actions: questions outside the municipality's scope and unreadable input.

A question that names a medewerker and asks to reach them is no question outside the scope:
it goes to ``action_regel_contact``; nor is a follow-up on what the conversation is about.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.bericht import entiteit, is_ingekort
from actions.contact import noemt_medewerker
from actions.context import overgedragen
from actions.kennisbank import past_in_gesprek, verwijs_naar
from actions.overdracht.status import over_de_zaak
from bot.kennisbank.instanties import herken_instantie
from bot.kern.invoer import begrens
from bot.overdracht.uitlezen import vraagt_persoon

# Personal matters for the municipality's Burgerzaken, not for the business desk. Questions for
# another organisation (the Belastingdienst, the KVK, ...) are content: kennisbank/instanties.yml.
BURGERZAKEN = re.compile(
    r"\b(paspoort|rijbewijs|id-kaart|identiteitskaart|verhuizen|verhuizing|trouwen|huwelijk|geboorte|uittreksel brp)\b")

INVOER_RESPONSES = {
    "leeg": "utter_invoer_leeg",
    "alleen_emoji": "utter_invoer_emoji",
    "alleen_code": "utter_invoer_code",
    "onleesbaar": "utter_invoer_onleesbaar",
}


def response_buiten_bereik(tekst: str) -> str:
    return "utter_buiten_bereik_burgerzaken" if BURGERZAKEN.search(tekst.lower()) else "utter_buiten_bereik"


class ActionBuitenBereik(Action):
    def name(self) -> str:
        return "action_buiten_bereik"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        tekst = tracker.latest_message.get("text") or ""
        if await asyncio.to_thread(noemt_medewerker, tekst):  # "is Femke er?": a person, not out of scope
            return [FollowupAction("action_regel_contact")]
        if tracker.get_slot("taal") == "en":  # "short answer with link is fine": English, not a Dutch "sorry"
            return [FollowupAction("action_engels")]
        if herkend := herken_instantie(tekst):
            if herkend.op_naam:  # "kvk inschrijven hoe?": only a name; the answer decides whether an article fits
                return [FollowupAction("action_beantwoord_vraag")]
            verwijs_naar(dispatcher, tracker, herkend.instantie)
            return []
        if await past_in_gesprek(tracker, tekst):  # "hoe doe ik daar aangifte van" right after the B&B list
            return [FollowupAction("action_beantwoord_vraag")]
        dispatcher.utter_message(response=response_buiten_bereik(tekst))
        return []


# "regel het maar", "regel jij dat dan maar": the entrepreneur wants it arranged, not only read about.
REGEL_HET_MAAR = re.compile(r"\bregel (?:jij |u |jullie )?(?:het|dat|dit)(?: (?:dan|nou|gewoon|even|toch))* maar\b",
                            re.IGNORECASE)


class ActionGeholpen(Action):
    """"Ja" after an answer: glad it helped. A yes that asks for a person ("ja, regel maar dat iemand
    belt", "dat zei ik toch, regel het maar") gets that person: it is no thanks for the answer."""

    def name(self) -> str:
        return "action_geholpen"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        tekst = tracker.latest_message.get("text") or ""
        if vraagt_persoon(tekst) or REGEL_HET_MAAR.search(begrens(tekst)):
            return [FollowupAction("action_regel_contact")]
        dispatcher.utter_message(response="utter_fijn_geholpen")
        return []


class ActionGestopt(Action):
    """"Stop", "laat maar" outside the handoff's questions. With this conversation's question at a medewerker, that
    case goes on (said so, with how to withdraw it), or is withdrawn when the message says so."""

    def name(self) -> str:
        return "action_gestopt"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if await asyncio.to_thread(over_de_zaak, dispatcher, tracker):  # "trek mijn aanvraag in"
            return []
        if zaak_en_naam := overgedragen(tracker):
            dispatcher.utter_message(response="utter_gestopt_met_zaak", zaak=zaak_en_naam[0],
                                     voornaam=zaak_en_naam[1].split()[0])
        else:
            dispatcher.utter_message(response="utter_gestopt")
        return []


class ActionKiesHulp(Action):
    """A yes or no with no question before it. After this conversation's handoff it may change the case ("liever
    donderdagochtend", "ja hij hoeft niet te bellen": the NLU hears a yes); else what the assistant helps with."""

    def name(self) -> str:
        return "action_kies_hulp"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if not await asyncio.to_thread(over_de_zaak, dispatcher, tracker):
            dispatcher.utter_message(response="utter_kies_hulp")
        return []


class ActionSlechteInvoer(Action):
    def name(self) -> str:
        return "action_slechte_invoer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        soort = entiteit(tracker, "invoer_soort") or "onleesbaar"
        if is_ingekort(tracker):  # the channel cut it (bot/kanalen/lengte.py): say so first
            dispatcher.utter_message(response="utter_invoer_ingekort")
        dispatcher.utter_message(response=INVOER_RESPONSES.get(soort, "utter_invoer_onleesbaar"))
        return []
