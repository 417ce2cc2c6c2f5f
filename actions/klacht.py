"""A complaint or a broken promise ("er heeft NIEMAND gebeld", "ik ben het zat", "ik wil dat haar
leidinggevende mij belt", a case number with a complaint): sorry, the case looked up, the person
above told, a new promise on the same case.

* A case of this channel identity (``zaken_van_kanaal``, as the status question): handled at once
  (``bot/beloften/klacht.py``), with ``custom.overdracht`` of that same case.
* Any other case number, known or not (no telling which numbers exist): first the identity check of
  the status question, contact detail and one-time code (``status_nummer`` + ``status_form`` +
  ``action_status_controleren``, dialogue/klacht.yml); the slot ``klacht_nummer`` keeps the number,
  and this action runs again after the check.
* No case to find: sorry, the complaint is recorded and the normal handoff starts
  (``action_start_overdracht``); the slot ``klacht`` marks the case as a complaint for the medewerker.

The database work runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.overdracht.formulier import kanaal_van
from bot.beloften.berichten import overdracht_payload
from bot.beloften.klacht import behandel_klacht, kies_zaak, klacht_zonder_zaak, vraagt_leidinggevende
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.zaken.models import ZAAKNUMMER_PATTERN, Zaak
from bot.zaken.service import zaken_van_kanaal
from bot.zaken.verificatiecode import zaak_na_controle

KLACHT_INTENT = "klacht"


@dataclass(frozen=True)
class Klachtantwoord:
    """What ``action_klacht`` says and does, read inside the transaction."""

    tekst: str
    overdracht: dict[str, Any] | None = None  # the complaint was handled on this case
    te_controleren: str | None = None  # a case number of another conversation: the identity check first

    @property
    def zonder_zaak(self) -> bool:
        return self.overdracht is None and self.te_controleren is None


class ActionKlacht(Action):
    def name(self) -> str:
        return "action_klacht"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        na_controle = tracker.get_slot("klacht_nummer")
        if na_controle:
            nummer, klacht = na_controle, laatste_klacht(tracker)
        else:
            klacht = tracker.latest_message.get("text") or ""
            gevonden = ZAAKNUMMER_PATTERN.search(klacht)
            nummer = gevonden.group(0).upper() if gevonden else None
        antwoord = await asyncio.to_thread(
            handel_klacht_af, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id, nummer=nummer, klacht=klacht,
            na_controle=bool(na_controle), moment=nu(),
        )
        if antwoord.te_controleren:
            dispatcher.utter_message(text=antwoord.tekst)
            return [SlotSet("klacht_nummer", antwoord.te_controleren), SlotSet("status_nummer", antwoord.te_controleren)]
        if antwoord.zonder_zaak:
            dispatcher.utter_message(text=antwoord.tekst)
            return [SlotSet("klacht_nummer", None), SlotSet("klacht", klacht), FollowupAction("action_start_overdracht")]
        dispatcher.utter_message(text=antwoord.tekst, json_message={"overdracht": antwoord.overdracht})
        return [SlotSet("klacht_nummer", None)]


def handel_klacht_af(
    *, kanaal: str, kanaal_id: str, nummer: str | None, klacht: str, na_controle: bool, moment: datetime
) -> Klachtantwoord:
    """Find the case (own cases only; another conversation's after the check) and handle the complaint."""
    with transaction() as session:
        zaak = kies_klachtzaak(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer,
                               na_controle=na_controle, moment=moment)
        if zaak is None and nummer and not na_controle:
            # a number that is not one of this conversation's cases, known or not: the same apology and the
            # same identity check, so a complaint tells nothing about which numbers exist
            nummer = nummer.strip().upper()
            return Klachtantwoord(tekst=tekst("acties/klacht/controle.txt", nummer=nummer), te_controleren=nummer)
        if zaak is None:
            klacht_zonder_zaak(session=session, klacht=klacht, kanaal=kanaal, door="assistent", nu=moment)
            return Klachtantwoord(tekst=tekst("acties/klacht/zonder_zaak.txt", na_controle=na_controle))
        afhandeling = behandel_klacht(session=session, zaak=zaak, klacht=klacht,
                                      leidinggevende_gevraagd=vraagt_leidinggevende(klacht), door="assistent",
                                      nu=moment)
        nieuwe = afhandeling.nieuwe
        return Klachtantwoord(
            tekst=tekst("acties/klacht/excuses.txt", zaak=zaak, kijkt_mee=afhandeling.escalatie.kijkt_mee,
                        nieuwe=nieuwe, na_controle=na_controle),
            overdracht=overdracht_payload(zaak=zaak, medewerker=nieuwe.medewerker, actie=nieuwe.actie,
                                          deadline=nieuwe.deadline, zin=nieuwe.zin),
        )


def kies_klachtzaak(
    *, session: Session, kanaal: str, kanaal_id: str, nummer: str | None, na_controle: bool, moment: datetime
) -> Zaak | None:
    """The case the complaint is about: after the identity check, case ``nummer`` when the check
    succeeded; else the named case when it is one of this conversation's, or without a number its
    newest running case. A number never falls back to another case."""
    if na_controle:
        return zaak_na_controle(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer or "", nu=moment)
    return kies_zaak(zaken_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id), nummer)


def laatste_klacht(tracker: Tracker) -> str:
    """The entrepreneur's last message recognised as a complaint (before the identity check)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user" and (event.get("parse_data") or {}).get("intent", {}).get("name") == KLACHT_INTENT:
            return event.get("text") or ""
    return ""


def klacht_voor_overdracht(tracker: Tracker) -> str | None:
    """The complaint that started this handoff, or None. The slot ``klacht`` is one of the form's slots:
    emptied when a handoff is made or stopped, kept when consent is refused and then given after all."""
    return tracker.get_slot("klacht") or None
