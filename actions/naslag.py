"""Answers from the naslag: a term of the glossary ("wat is gevolgklasse 1?") or a situation ("ik wil een cafeetje
beginnen"), each with its own content (bot/kennisbank/naslag.py), never sent twice in one conversation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import heeft_onderwerp
from actions.herhaling import heeft_nieuwe_variatie, verstuur, verstuurde_teksten
from actions.keuze import NAAM as NA_KEUZE
from bot.kennisbank.antwoorden import ONDERDEEL_PER_INTENT, Onderdeel, onderdelen_uit_tekst
from bot.kennisbank.naslag import Naslag
from bot.kennisbank.situaties import VANGNET_ID


def antwoord_uit_naslag(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], naslag: Naslag, tekst: str,
    intent: str | None, situatie_mag: bool, gevonden: str | None, eigen: str | None = None,
    zoek_antwoord: str | None = None,
) -> list[dict[str, Any]] | None:
    """A question about a term of the glossary ("wat is gevolgklasse 1?"), or (when ``situatie_mag``) a situation ("ik
    wil een cafeetje beginnen"): its answer, unless sent already. A situation without the article the search found
    clearly (``gevonden``) is not the one meant; one with the article of a specific question (``eigen``) gives way;
    the situation for a business of an unnamed kind only answers when the search has no answer (``zoek_antwoord``)."""
    verstuurd = verstuurde_teksten(tracker)
    vraagt_deel = heeft_onderwerp(tracker) and onderdelen_uit_tekst(tekst) != [Onderdeel.KORT]  # "wat zijn de leges"
    begrip = None if vraagt_deel else naslag.zoek_begrip(tekst)  # after a card: its costs, not what the word means
    if begrip is not None:
        bericht = naslag.begrip_bericht(begrip)
        if bericht.tekst not in verstuurd:
            verstuur(dispatcher, bericht)
            if heeft_nieuwe_variatie(domain, "utter_vraag_geholpen", tracker):
                dispatcher.utter_message(response="utter_vraag_geholpen")
            # "hoeveel is het?" right after "wat is die biz bijdrage" is about the term's first article
            return [SlotSet("onderwerp", begrip.artikelen[0]), SlotSet("niet_begrepen", 0)]
    situatie = naslag.herken_situatie(tekst) if situatie_mag and intent not in ONDERDEEL_PER_INTENT else None
    if situatie is not None and gevonden and gevonden not in situatie.artikel_ids():
        situatie = None
    if situatie is not None and (eigen in situatie.artikel_ids() or (situatie.id == VANGNET_ID and zoek_antwoord)):
        situatie = None
    if situatie is not None:
        bericht = naslag.situatie_bericht(situatie, coordinator_payload="/request_human")
        if bericht.tekst not in verstuurd:
            verstuur(dispatcher, bericht)
            # "hoeveel kost die vergunning?" right after is about the situation's main article; "ja" or "2"
            # after the list is about the list (actions/keuze.py)
            hoofdartikel = situatie.artikelen[0].artikel if situatie.artikelen else None
            return [SlotSet("onderwerp", hoofdartikel), SlotSet("niet_begrepen", 0), FollowupAction(NA_KEUZE)]
    return None
