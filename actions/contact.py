"""Arrange contact instead of redirecting: a person by name, a callback, a visit, a start-up talk.

``action_regel_contact`` runs when the entrepreneur asks for a person ("kan die accountmanager
mij bellen?", "kan iemand langskomen", "kan ik Joost van Dijk spreken?"). A name from the staff
directory is recognised (``bot/medewerkers/herkenning.py``). That medewerker is offered;
when they are away or no longer work here, the bot says so kindly and names a colleague who can
help. Then the handoff starts (the probing form, ``action_start_overdracht``). The slot
``gewenste_medewerker`` carries the sleutel of the person offered, for the routing.

Reading the directory runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.bericht import entiteit
from actions.context import getoonde_situatie, overdracht_in_gesprek
from bot.kennisbank.naslag import gedeelde_naslag
from bot.kennisbank.situaties import Situatie
from bot.kennisbank.zoeker import gedeelde_zoeker
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import lokale_datum, utcnow
from bot.medewerkers.herkenning import Persoon, herken_persoon, in_rol, lees_personen, vervanger, vraagt_om_contact
from bot.overdracht.uitlezen import lees

NASLAG = gedeelde_naslag()  # a situation's coordinator
ZOEKER = gedeelde_zoeker()  # the teams of its articles


def gevraagde_persoon(bericht: str, personen: list[Persoon]) -> Persoon | None:
    """The medewerker the message names, not counting the writer's own name ("ik ben Jan de Vries")."""
    return herken_persoon(bericht, personen, eigen_naam=lees(bericht).contactnaam)


def noemt_medewerker(bericht: str) -> bool:
    """Whether a question asks to reach a medewerker by name (read from the directory)."""
    if not vraagt_om_contact(bericht):
        return False
    with transaction() as session:
        return gevraagde_persoon(bericht, lees_personen(session=session, vandaag=lokale_datum(utcnow()))) is not None


@dataclass(frozen=True)
class Contactkeuze:
    """Whom the bot offers, and what it says about that."""

    tekst: str | None
    sleutel: str | None


def kies_contact(bericht: str, taal: str | None, vandaag: date, rol: tuple[str, str] | None = None) -> Contactkeuze:
    """Whom to offer: the medewerker the message names, or (``rol``: team and role of a situation's coordinator,
    "Alles met de marktmeester regelen") the one in that role, so that the person promised is the one who helps."""
    with transaction() as session:
        personen = lees_personen(session=session, vandaag=vandaag)
    gevraagd = gevraagde_persoon(bericht, personen) or (in_rol(*rol, personen) if rol else None)
    if gevraagd is None:
        return Contactkeuze(tekst=None, sleutel=None)
    if gevraagd.beschikbaar:
        return Contactkeuze(tekst=tekst("acties/contact/medewerker.txt", persoon=gevraagd, taal=taal),
                            sleutel=gevraagd.sleutel)
    ander = vervanger(gevraagd, personen)
    return Contactkeuze(
        tekst=tekst("acties/contact/niet_beschikbaar.txt", persoon=gevraagd, vervanger=ander, taal=taal),
        sleutel=ander.sleutel if ander else None,
    )


def voor_de_coordinator(situatie: Situatie, sindsdien: list[str], huidig: str | None) -> str | None:
    """The subject a request for a person gets when it goes to the coordinator of the situation shown: its first
    article of the coordinator's team; None when the request is not about the situation (since the situation one
    subject outside it was discussed: "bel me" about the OZB after the café's list is about the OZB)."""
    eigen = [artikel.artikel for artikel in situatie.artikelen]
    if situatie.coordinator is None or (len(set(sindsdien)) < 2 and huidig is not None and huidig not in eigen):
        return None
    teams = ZOEKER.actueel().teams()
    return next((a for a in eigen if teams.get(a) == situatie.coordinator.team), eigen[0] if eigen else None)


class ActionRegelContact(Action):
    """The entrepreneur asks for a person: offer the one named, then start the handoff."""

    def name(self) -> str:
        return "action_regel_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        bericht = tracker.latest_message.get("text") or ""
        # a situation's coordinator button names one; else, after a situation's list and several of its subjects,
        # "kan 1 iemand dit met ons doorlopen?" asks for the one person it offered ("Liever alles met één persoon
        # regelen?"), with the case in that person's team. No read of the kennisbank for any other request.
        coordinator = entiteit(tracker, "coordinator")
        al_overgedragen = bool(overdracht_in_gesprek(tracker))
        getoond = None if coordinator or al_overgedragen else getoonde_situatie(tracker)
        naslag = await asyncio.to_thread(NASLAG.actueel) if coordinator or getoond else None
        situatie = naslag.situatie(coordinator or getoond[0]) if naslag else None
        events: list[EventType] = []
        if getoond and situatie:
            hoofd = voor_de_coordinator(situatie, getoond[1], tracker.get_slot("onderwerp"))
            situatie, events = (situatie, [SlotSet("coordinatie_onderwerp", hoofd)]) if hoofd else (None, [])
        rol = (situatie.coordinator.team, situatie.coordinator.rol) if situatie and situatie.coordinator else None
        keuze = await asyncio.to_thread(kies_contact, bericht, tracker.get_slot("taal"), lokale_datum(utcnow()), rol)
        if keuze.tekst and not al_overgedragen:  # else the handoff says whom it is with already
            dispatcher.utter_message(text=keuze.tekst)
        return [*events, SlotSet("gewenste_medewerker", keuze.sleutel), FollowupAction("action_start_overdracht")]
