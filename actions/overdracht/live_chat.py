"""'Nu chatten met een medewerker': ask the medewerker who has the case, through the console."""

from __future__ import annotations

import asyncio
from datetime import datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.overdracht.formulier import kanaal_van, voornaam
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
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
        else:
            dispatcher.utter_message(text=antwoord)
        return []


def vraag_om_live_chat(*, kanaal: str, kanaal_id: str, moment: datetime) -> str | None:
    """Ask for a live chat on the latest open case of this channel identity when its medewerker
    can chat now; the answer for the entrepreneur, or None without an open case."""
    with transaction() as session:
        zaken = [z for z in zaken_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id) if z.status != ZaakStatus.AFGEROND]
        if not zaken:
            return None
        zaak = zaken[-1]
        if kan_nu_chatten(session=session, zaak=zaak, nu=moment):
            vraag_live_chat(session=session, zaak=zaak, nu=moment)
            return tekst("acties/live_chat/gevraagd.txt", medewerker=zaak.medewerker,
                         voornaam=voornaam(zaak.medewerker.naam), afspraak=afspraak(zaak))
        return tekst("acties/live_chat/niet_online.txt", medewerker=zaak.medewerker, afspraak=afspraak(zaak))


def afspraak(zaak: Zaak) -> str:
    """What stands when no live chat happens: the open promise, or that the medewerker will get in touch."""
    belofte = next((b for b in reversed(zaak.beloften) if b.status == BelofteStatus.OPEN), None)
    if belofte:
        return belofte.zin
    return tekst("acties/live_chat/afspraak.txt", medewerker=zaak.medewerker, zaaknummer=zaak.nummer)
