"""'Nu chatten met een medewerker': ask the medewerker who has the case, through the console.

While the entrepreneur waits, what they type is for that medewerker: ``OvernamePolicy`` runs
``action_bericht_voor_medewerker`` instead of the usual answers, and the medewerker reads it in
the console's live transcript of the case.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.overdracht.formulier import kanaal_van, voornaam
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.overname import WACHT_SLOT
from bot.overname.service import kan_nu_chatten, vraag_live_chat
from bot.zaken.models import BelofteStatus, Zaak, ZaakStatus
from bot.zaken.service import zaken_van_kanaal


class ActionNuChatten(Action):
    """The entrepreneur wants to chat now with the person who has their case: ask that person
    through the console when they are at work and online; otherwise the promise stands."""

    def name(self) -> str:
        return "action_nu_chatten"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        antwoord = await asyncio.to_thread(vraag_om_live_chat, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id,
                                           moment=nu())
        if antwoord is None:
            dispatcher.utter_message(response="utter_nu_chatten_zonder_zaak")
            return []
        dispatcher.utter_message(text=antwoord.tekst)
        return [SlotSet(WACHT_SLOT, antwoord.wacht_op)] if antwoord.wacht_op else []


class ActionBerichtVoorMedewerker(Action):
    """A message typed while waiting for a live chat: the medewerker reads it in the console. The
    first one is acknowledged once; later ones get no answer, as in a chat with a person. "Stop"
    ends the wait and the promise stands."""

    def name(self) -> str:
        return "action_bericht_voor_medewerker"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        wie = tracker.get_slot(WACHT_SLOT)
        if (tracker.latest_message.get("intent") or {}).get("name") == "stop":
            dispatcher.utter_message(text=tekst("acties/live_chat/niet_meer_wachten.txt", voornaam=wie))
            return [SlotSet(WACHT_SLOT, None)]
        bevestiging = tekst("acties/live_chat/doorgezet.txt", voornaam=wie)
        if not al_doorgezet(tracker, bevestiging):
            dispatcher.utter_message(text=bevestiging)
        return []


def al_doorgezet(tracker: Tracker, bevestiging: str) -> bool:
    """Whether a message of this wait was already acknowledged: ``bevestiging`` was sent since the request.

    Read from the bot's texts, not from the action's own events: a long session reaches the action server
    without the older actions (bot/componenten/venster.py)."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == WACHT_SLOT:
            return False
        if event.get("event") == "bot" and event.get("text") == bevestiging:
            return True
    return False


@dataclass(frozen=True)
class LiveChatAntwoord:
    tekst: str
    wacht_op: str | None  # first name of the medewerker asked, when the request went out


def vraag_om_live_chat(*, kanaal: str, kanaal_id: str, moment: datetime) -> LiveChatAntwoord | None:
    """Ask for a live chat on the latest open case of this channel identity when its medewerker
    can chat now; the answer for the entrepreneur, or None without an open case."""
    with transaction() as session:
        zaken = [z for z in zaken_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id) if z.status != ZaakStatus.AFGEROND]
        if not zaken:
            return None
        zaak = zaken[-1]
        if kan_nu_chatten(session=session, zaak=zaak, nu=moment):
            vraag_live_chat(session=session, zaak=zaak, nu=moment)
            naam = voornaam(zaak.medewerker.naam)
            return LiveChatAntwoord(tekst("acties/live_chat/gevraagd.txt", medewerker=zaak.medewerker, voornaam=naam,
                                          afspraak=afspraak(zaak)), wacht_op=naam)
        return LiveChatAntwoord(tekst("acties/live_chat/niet_online.txt", medewerker=zaak.medewerker,
                                      afspraak=afspraak(zaak)), wacht_op=None)


def afspraak(zaak: Zaak) -> str:
    """What stands when no live chat happens: the open promise, or that the medewerker will get in touch."""
    belofte = next((b for b in reversed(zaak.beloften) if b.status == BelofteStatus.OPEN), None)
    if belofte:
        return belofte.zin
    return tekst("acties/live_chat/afspraak.txt", medewerker=zaak.medewerker, zaaknummer=zaak.nummer)
