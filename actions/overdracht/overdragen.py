"""Starting the probing form, handing the finished question to a named person, or stopping.

The database work (earlier details of this channel identity, the handoff itself, the
kennisbank search for a subject) runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kennisbank import DREMPELS, ZOEKER
from actions.overdracht.formulier import BOUW_SLOTS, EVENEMENT_SLOTS, kanaal_van, leeg_formulier, voornaam
from bot.kennisbank.zoeken import beslis
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.kern.velden import vind_email, vind_telefoonnummer
from bot.overdracht.service import Vraaggegevens, draag_over, lees_regels, vraagt_zorg
from bot.overname.service import kan_nu_chatten
from bot.zaken.service import ondernemer_van_kanaal, zaak_op_nummer


class ActionStartOverdracht(Action):
    """Start the probing form, filling in what is already known in this conversation."""

    def name(self) -> str:
        return "action_start_overdracht"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if vraagt_zorg(tracker.get_slot("onderwerp"), lees_regels()):
            dispatcher.utter_message(response="utter_overdracht_zorg")
        else:
            dispatcher.utter_message(response="utter_overdracht_start")
        return await asyncio.to_thread(
            bekende_gegevens, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id,
            bericht=tracker.latest_message.get("text") or "",
        )


def bekende_gegevens(*, kanaal: str, kanaal_id: str, bericht: str) -> list[EventType]:
    """Company and contact details from an earlier case of this channel identity, or a phone
    number or e-mail address in the message that asked for a person: those steps are skipped."""
    events: list[EventType] = []
    telefoon, email = vind_telefoonnummer(bericht), vind_email(bericht)
    with transaction() as session:
        ondernemer = ondernemer_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id)
        if ondernemer is not None:
            if ondernemer.bedrijfsnaam or ondernemer.kvk_nummer:
                events += [SlotSet("bedrijf", ondernemer.bedrijfsnaam or ondernemer.kvk_nummer),
                           SlotSet("bedrijfsnaam", ondernemer.bedrijfsnaam), SlotSet("kvk_nummer", ondernemer.kvk_nummer)]
            telefoon, email = telefoon or ondernemer.telefoon, email or ondernemer.email
            if ondernemer.contactnaam and (telefoon or email):
                events += [SlotSet("contact", ondernemer.contactnaam), SlotSet("contactnaam", ondernemer.contactnaam)]
    if telefoon or email:
        events += [SlotSet("telefoon", telefoon), SlotSet("email", email)]
    return events


class ActionOverdragen(Action):
    """The form is done: hand the case to a named person with a promise, or, without
    consent, store nothing and give the loket's phone number."""

    def name(self) -> str:
        return "action_overdragen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("toestemming") is not True:
            dispatcher.utter_message(response="utter_geen_toestemming")
            return leeg_formulier()
        s = tracker.get_slot
        if s("onderwerp"):
            onderwerpen = [s("onderwerp")]
        else:
            onderwerpen = await asyncio.to_thread(onderwerpen_uit_antwoorden, s("wat"), s("waarom"), s("hoe"))
        overdracht, live = await asyncio.to_thread(
            leg_overdracht_vast, gegevens=vraaggegevens(tracker, onderwerpen), kanaal=kanaal_van(tracker),
            gesprek_id=tracker.sender_id, moment=nu(),
        )
        medewerker = overdracht["medewerker"]
        engels = s("taal") == "en"  # an English speaker: thanked in English, the case marked English
        if engels:
            overdracht["taal"] = "en"
        dispatcher.utter_message(
            text=tekst("acties/overdracht/bedankt_en.txt" if engels else "acties/overdracht/bedankt.txt",
                       belofte=overdracht["belofte"], medewerker=medewerker),
            json_message={"overdracht": overdracht},
        )
        if live:
            dispatcher.utter_message(
                text=tekst("acties/overdracht/live_chat_aanbod.txt", medewerker=medewerker,
                           voornaam=voornaam(medewerker["naam"])),
                buttons=[{"title": tekst("acties/overdracht/knop_nu_chatten.txt"), "payload": "/nu_chatten"}],
            )
        return leeg_formulier()


def vraaggegevens(tracker: Tracker, onderwerpen: list[str]) -> Vraaggegevens:
    """The answers of the form, for the handoff; the first subject decides the team."""
    s = tracker.get_slot
    details = {slot: s(slot) for slot in EVENEMENT_SLOTS + BOUW_SLOTS if s(slot)}
    if s("taal") == "en":
        details["taal"] = "Engels"  # the medewerker answers in English
    return Vraaggegevens(
        onderwerp=onderwerpen[0] if onderwerpen else None, wat=s("wat"), waarom=s("waarom"), hoe=s("hoe"),
        bedrijfsnaam=s("bedrijfsnaam"), kvk_nummer=s("kvk_nummer"), contactnaam=s("contactnaam"),
        telefoon=s("telefoon"), email=s("email"), details=details, extra_onderwerpen=tuple(onderwerpen[1:]),
        gewenste_medewerker=s("gewenste_medewerker"),  # asked for by name (actions/contact.py)
    )


def leg_overdracht_vast(
    *, gegevens: Vraaggegevens, kanaal: str, gesprek_id: str, moment: datetime
) -> tuple[dict[str, Any], bool]:
    """Store the case with its promise (one transaction): ``custom.overdracht``, and whether the
    medewerker can chat right now."""
    with transaction() as session:
        overdracht = draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=moment)
        zaak = zaak_op_nummer(session=session, nummer=overdracht["zaak"])
        live = kan_nu_chatten(session=session, zaak=zaak, nu=moment)
    return overdracht, live


def onderwerpen_uit_antwoorden(wat: str | None, waarom: str | None, hoe: str | None) -> list[str]:
    """The subjects the entrepreneur's own answers point to, for a question that came without one
    ("ik wil iemand spreken"), so the case reaches the right team instead of the general loket.

    The kennisbank search decides, with the same thresholds as for answering; when the close
    candidates include another team's subject, that one is added (a question crossing teams).
    Nothing clear: no subject, and the case goes to the Ondernemersloket.
    """
    antwoorden = " ".join(t for t in (wat, hoe) if t)  # the motive (waarom) often describes the present, not the plan
    if not antwoorden.strip():
        return []
    kennisbank = ZOEKER.actueel()
    beslissing, beste = beslis(kennisbank.index.zoek(antwoorden), DREMPELS)
    if beslissing == "geen":
        return []
    teams = kennisbank.teams()
    gekozen = [beste[0].artikel_id]
    gekozen += [t.artikel_id for t in beste[1:] if teams.get(t.artikel_id) != teams.get(gekozen[0])][:1]
    return gekozen


class ActionVraagGestopt(Action):
    """The entrepreneur stopped midway: forget what was collected, store nothing."""

    def name(self) -> str:
        return "action_vraag_gestopt"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_vraag_gestopt")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *leeg_formulier()]
