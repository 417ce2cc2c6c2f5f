"""Answering from the kennisbank: pick the article, the part asked for, and reply.

Reading the current kennisbank checks the database (and rebuilds the search index after an
edit): that runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.kennisbank.antwoorden import (
    ONDERDEEL_PER_INTENT,
    Bericht,
    Onderdeel,
    antwoord_bericht,
    keuze_bericht,
    onderdeel_uit_tekst,
)
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.zoeken import ZoekDrempels, beslis
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.overdracht.service import lees_regels, niet_begrepen_te_vaak, raakt_meerdere_teams, vraagt_zorg

logger = logging.getLogger(__name__)

ZOEKER = KennisbankZoeker()
DREMPELS = ZoekDrempels()
# A follow-up question ("en wat kost dat?") stays with the current subject unless the new
# question clearly names another subject.
WISSEL_DREMPEL = 0.45


def verstuur(dispatcher: CollectingDispatcher, bericht: Bericht) -> None:
    dispatcher.utter_message(text=bericht.tekst, buttons=bericht.knoppen or None, json_message=bericht.custom)


def entiteit(tracker: Tracker, naam: str) -> str | None:
    for e in tracker.latest_message.get("entities") or []:
        if e.get("entity") == naam:
            return e.get("value")
    return None


class ActionBeantwoordVraag(Action):
    """Answers a question, or a follow-up on the current subject, from the kennisbank."""

    def name(self) -> str:
        return "action_beantwoord_vraag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        tekst = tracker.latest_message.get("text") or ""
        if entiteit(tracker, "invoer_soort") == "ingekort":
            dispatcher.utter_message(response="utter_invoer_ingekort")
        onderdeel = ONDERDEEL_PER_INTENT.get(intent) or onderdeel_uit_tekst(tekst) or Onderdeel.KORT
        kennisbank = await asyncio.to_thread(ZOEKER.actueel)
        gekozen = kennisbank.artikel(entiteit(tracker, "onderwerp"))
        if gekozen:
            return self._beantwoord(dispatcher, gekozen, onderdeel)

        treffers = kennisbank.index.zoek(tekst)
        beslissing, beste = beslis(treffers, DREMPELS)
        huidig = kennisbank.artikel(tracker.get_slot("onderwerp"))
        is_vervolgvraag = intent in ONDERDEEL_PER_INTENT
        logger.info("vraag=%r intent=%s beslissing=%s treffers=%s", tekst[:80], intent, beslissing, treffers[:3])

        if is_vervolgvraag and huidig and not (beslissing == "antwoord" and beste[0].score >= WISSEL_DREMPEL):
            return self._beantwoord(dispatcher, huidig, onderdeel)
        if beslissing == "antwoord":
            meerdere = raakt_meerdere_teams([(t.artikel_id, t.score) for t in treffers], kennisbank.teams(), lees_regels())
            return self._beantwoord(dispatcher, kennisbank.artikel(beste[0].artikel_id), onderdeel, meerdere_teams=meerdere)
        if beslissing == "keuze":
            verstuur(dispatcher, keuze_bericht(beste, domain_tekst(domain, "utter_keuze")))
            return []
        if is_vervolgvraag:
            dispatcher.utter_message(response="utter_welk_onderwerp")
            return []
        if intent == "nlu_fallback":
            return self._niet_begrepen(dispatcher, tracker)
        dispatcher.utter_message(response="utter_geen_antwoord")
        return []

    def _beantwoord(
        self, dispatcher: CollectingDispatcher, artikel: Artikel, onderdeel: Onderdeel, meerdere_teams: bool = False
    ) -> list[dict[str, Any]]:
        verstuur(dispatcher, antwoord_bericht(artikel, onderdeel))
        events = [SlotSet("onderwerp", artikel.id), SlotSet("niet_begrepen", 0)]
        if vraagt_zorg(artikel.id, lees_regels()):
            return events + [FollowupAction("utter_zorg_aanbod")]
        dispatcher.utter_message(response="utter_meerdere_teams" if meerdere_teams else "utter_vraag_geholpen")
        return events

    def _niet_begrepen(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        aantal = int(tracker.get_slot("niet_begrepen") or 0) + 1
        if niet_begrepen_te_vaak(aantal, lees_regels()):
            dispatcher.utter_message(response="utter_niet_begrepen_overdracht")
            return [SlotSet("niet_begrepen", 0), FollowupAction("action_start_overdracht")]
        dispatcher.utter_message(response="utter_niet_begrepen")
        return [SlotSet("niet_begrepen", aantal)]


def domain_tekst(domain: dict[str, Any], response: str) -> str:
    return domain["responses"][response][0]["text"]
