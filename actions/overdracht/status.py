"""The status of the entrepreneur's own cases. A case number from another conversation is only
shown after the phone number or e-mail address on file is given."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.herhaling import verstuurde_teksten
from actions.overdracht.formulier import kanaal_van, voornaam
from bot.beloften.berichten import leesbaar_moment
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.kern.velden import vind_email, vind_telefoonnummer
from bot.overdracht.uitlezen import vraagt_persoon
from bot.zaken.models import ZAAKNUMMER_PATTERN, BelofteStatus, Zaak
from bot.zaken.service import koppel_kanaal, zaak_op_nummer, zaken_van_kanaal
from bot.zaken.statuscontrole import registreer_mislukte_controle, te_veel_pogingen


@dataclass(frozen=True)
class Zaakstand:
    """One case as the entrepreneur is told about it, read inside the transaction."""

    tekst: str
    nummer: str
    status: str

    def verstuur(self, dispatcher: CollectingDispatcher, eerder: list[str] | None = None) -> None:
        """Send the status; when exactly this was already said in the conversation, say that nothing changed."""
        bericht = self.tekst if self.tekst not in (eerder or []) else tekst("acties/status/ongewijzigd.txt", stand=self.tekst)
        dispatcher.utter_message(text=bericht, json_message={"zaak": {"nummer": self.nummer, "status": self.status}})

    @classmethod
    def van(cls, zaak: Zaak) -> Zaakstand:
        return cls(tekst=status_tekst(zaak), nummer=zaak.nummer, status=zaak.status)


@dataclass(frozen=True)
class Statusantwoord:
    """What ``action_status`` answers: a response without cases, or the cases that may be shown."""

    response: str | None = None
    zaken: tuple[Zaakstand, ...] = ()
    te_controleren: str | None = None  # a case number of another conversation: ask for the contact detail first


class ActionStatus(Action):
    """The status of the entrepreneur's own cases, or of the case number in the message."""

    def name(self) -> str:
        return "action_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        gevonden = ZAAKNUMMER_PATTERN.search(tracker.latest_message.get("text") or "")
        antwoord = await asyncio.to_thread(
            zoek_status, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id,
            nummer=gevonden.group(0).upper() if gevonden else None,
        )
        if antwoord.response == "utter_geen_zaken" and vraagt_persoon(tracker.latest_message.get("text") or ""):
            # "morgen gaan we al open en nog steeds niets, kan iemand vandaag nog bellen?": no case to show,
            # so arrange the person asked for, with what was said
            return [FollowupAction("action_regel_contact")]
        if antwoord.response:
            dispatcher.utter_message(response=antwoord.response)
        for zaak in antwoord.zaken:
            zaak.verstuur(dispatcher, verstuurde_teksten(tracker))
        return [SlotSet("status_nummer", antwoord.te_controleren)] if antwoord.te_controleren else []


def zoek_status(*, kanaal: str, kanaal_id: str, nummer: str | None) -> Statusantwoord:
    """The cases of this channel identity, or only case ``nummer`` when it is one of them."""
    with transaction() as session:
        eigen = zaken_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id)
        if nummer:
            zaak = zaak_op_nummer(session=session, nummer=nummer)
            if zaak is None or zaak.id not in {z.id for z in eigen}:
                # known or not, the same question for the contact detail: no guessing which numbers exist
                return Statusantwoord(te_controleren=nummer)
            eigen = [zaak]
        if not eigen:
            return Statusantwoord(response="utter_geen_zaken")
        return Statusantwoord(zaken=tuple(Zaakstand.van(zaak) for zaak in eigen))


class ActionStatusControleren(Action):
    """Checks the contact detail given against the case's entrepreneur, then shows it or not."""

    def name(self) -> str:
        return "action_status_controleren"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        bericht = tracker.latest_message.get("text") or ""
        stand = await asyncio.to_thread(
            controleer_en_koppel, nummer=tracker.get_slot("status_nummer") or "", telefoon=vind_telefoonnummer(bericht),
            email=vind_email(bericht), kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id,
        )
        if stand:
            stand.verstuur(dispatcher, verstuurde_teksten(tracker))
        else:
            dispatcher.utter_message(response="utter_status_geweigerd")
        return [SlotSet("status_nummer", None), SlotSet("status_controle", None)]


def controleer_en_koppel(
    *, nummer: str, telefoon: str | None, email: str | None, kanaal: str, kanaal_id: str
) -> Zaakstand | None:
    """When the phone number or e-mail address is the one on file for case ``nummer``, link this
    channel identity to its entrepreneur and return the case; otherwise None."""
    with transaction() as session:
        moment = nu()
        if te_veel_pogingen(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, nu=moment):
            return None  # the same answer as a wrong detail: the limit itself tells an attacker nothing
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        ondernemer = zaak.ondernemer if zaak else None
        klopt = ondernemer is not None and (
            (telefoon and telefoon == ondernemer.telefoon) or (email and email == (ondernemer.email or "").lower())
        )
        if not klopt:
            registreer_mislukte_controle(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, zaak=zaak,
                                         nu=moment)
            return None
        koppel_kanaal(session=session, ondernemer=ondernemer, kanaal=kanaal, kanaal_id=kanaal_id, door="assistent",
                      moment=nu())
        return Zaakstand.van(zaak)


def status_tekst(zaak: Zaak) -> str:
    belofte = next((b for b in zaak.beloften if b.status == BelofteStatus.OPEN), None)
    return tekst("acties/status/zaak.txt", zaaknummer=zaak.nummer, status=zaak.status, medewerker=zaak.medewerker,
                 voornaam=voornaam(zaak.medewerker.naam), moment=leesbaar_moment(belofte.deadline, medewerker=belofte.medewerker) if belofte else None)
