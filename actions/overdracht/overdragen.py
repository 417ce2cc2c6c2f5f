"""Starting the probing form, handing the finished question to a named person, or stopping.

The database work (earlier details of this channel identity, the handoff itself, the
kennisbank search for a subject) runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import overdracht_in_gesprek, overgedragen
from actions.klacht import klacht_voor_overdracht
from actions.overdracht.antwoorden import bedrijf_tekst, contact_tekst
from actions.overdracht.formulier import (
    details_van,
    eigen_berichten,
    kanaal_van,
    leeg_formulier,
    soorten,
    vergeet_persoonlijk,
    verhaal,
    voornaam,
    wat_gezegd_is,
    wees_getoond_af,
)
from actions.overdracht.onderwerp import onderwerp_uit_woorden, onderwerpen_uit_antwoorden
from actions.overdracht.status import over_de_zaak
from actions.urgentie import urgentie_van
from bot.beloften.berichten import belofte_velden
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.medewerkers.directory import medewerker_op_sleutel
from bot.overdracht.contactvoorkeur import wil_gemaild_worden
from bot.overdracht.limiet import ADRES, TeVeelOverdrachten, reden_om_te_weigeren
from bot.overdracht.persoonsgegevens import WIS_SLOT
from bot.overdracht.service import Vraaggegevens, draag_over, lees_regels, vraagt_zorg
from bot.overdracht.uitlezen import Gevonden, belmoment_in, zonder_telefoon
from bot.overdracht.urgentie import haalbaar
from bot.overdracht.vragen import STANDAARD_STAPPEN
from bot.overname.service import kan_nu_chatten
from bot.zaken.service import ondernemer_van_kanaal, zaak_op_nummer

# No questions after all: listen, instead of the form that dialogue/overdracht.yml starts after this action.
GEEN_VRAGEN: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("action_listen")]


class ActionStartOverdracht(Action):
    """Start the probing form with what is already known: what this conversation said (the
    question, the motive, the planning, kind-specific facts, company and contact) and the details
    of an earlier case of this channel identity. The form then asks only what is missing."""

    def name(self) -> str:
        return "action_start_overdracht"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reden = await asyncio.to_thread(reden_om_niet_over_te_dragen, kanaal_van(tracker), tracker.sender_id)
        if reden is not None:
            dispatcher.utter_message(response=antwoord_op_limiet(reden))
            return GEEN_VRAGEN
        if await asyncio.to_thread(over_de_zaak, dispatcher, tracker):  # "kan hij dinsdag na 2 uur bellen?"
            return GEEN_VRAGEN
        if eerder := await al_doorgegeven(tracker):  # "weet mehmet dat ik pas na 14u kan?": no second case
            uiterlijk = datetime.fromisoformat(eerder["uiterlijk"]) if eerder.get("uiterlijk") else None
            dispatcher.utter_message(text=tekst("acties/overdracht/al_doorgegeven.txt", belofte=eerder["belofte"],
                                                medewerker=eerder["medewerker"], taal=tracker.get_slot("taal"),
                                                zaak=eerder.get("zaak"), uiterlijk=uiterlijk))
            return GEEN_VRAGEN
        gezegd = verhaal(tracker)
        # "kan ik Sanne spreken over mijn terras?": the request names what it is about
        verzoek = onderwerp_van_verzoek(tracker.latest_message.get("text") or "")
        getoond = None if wees_getoond_af(tracker) else tracker.get_slot("onderwerp")  # "nee, iets anders"
        # the coordinator of a situation asked for (actions/contact.py): that subject, whatever the words name
        onderwerp = tracker.get_slot("coordinatie_onderwerp") or await asyncio.to_thread(
            onderwerp_uit_woorden, gezegd or verzoek, getoond)
        if not gezegd and verzoek and onderwerp and onderwerp != getoond and len(verzoek.split()) >= 4:
            gezegd = tracker.latest_message.get("text")  # "... over het uitbreiden van mijn terras", not "over mijn terras"
        events: list[EventType] = [SlotSet("onderwerp", onderwerp), SlotSet("toestemming_geweigerd", None)]
        events += uit_gesprek(tracker, onderwerp, gezegd)
        if tracker.latest_action_name == "action_klacht":
            pass  # the apology just said that a few questions follow
        elif vraagt_zorg(onderwerp, lees_regels()):
            dispatcher.utter_message(response="utter_overdracht_zorg")
        elif any(e["name"] == "wat" for e in events):
            dispatcher.utter_message(response="utter_overdracht_start_bekend")
        else:
            dispatcher.utter_message(response="utter_overdracht_start")
        return events + await asyncio.to_thread(
            bekende_gegevens, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id, al=wat_gezegd_is(tracker),
        )


async def al_doorgegeven(tracker: Tracker) -> dict | None:
    """The handoff of this session when a new request for a person is about the same question: the
    latest message names no other subject. None: a new case is made (also for another subject)."""
    eerder = overdracht_in_gesprek(tracker)
    if eerder is None:
        return None
    nu_genoemd = await asyncio.to_thread(onderwerp_uit_woorden, tracker.latest_message.get("text") or "", None)
    return eerder if nu_genoemd in (None, eerder.get("onderwerp")) else None


def onderwerp_van_verzoek(verzoek: str) -> str | None:
    """What a request for a person is about ("... over mijn terras"), or None."""
    gevonden = re.search(r"\b(?:over|about|vanwege|in verband met|i\.?v\.?m\.?)\s+(.{4,})", verzoek, re.IGNORECASE)
    return gevonden.group(1) if gevonden else None


def uit_gesprek(tracker: Tracker, onderwerp: str | None, gezegd: str | None) -> list[EventType]:
    """The content steps the conversation already answered: the question (``gezegd``), the motive,
    the planning and the kind-specific facts (config/vragen.yml ``herken``)."""
    feiten = wat_gezegd_is(tracker)
    stappen = soorten().stappen_voor(onderwerp, klacht=bool(tracker.get_slot("klacht")))  # also what is not asked
    waarden = {"wat": gezegd, "waarom": feiten.reden, "hoe": feiten.planning}
    events: list[EventType] = [SlotSet(stap, waarden[stap]) for stap in STANDAARD_STAPPEN if stap in stappen and waarden[stap]]
    if "wat" not in stappen and waarden["wat"]:
        events.append(SlotSet("wat", waarden["wat"]))  # the question itself is always kept for the medewerker
    details = {stap: feiten.herken(soorten().stappen[stap].herken) for stap in stappen if soorten().is_detail(stap)}
    details = {stap: waarde for stap, waarde in details.items() if waarde}
    if details:
        events.append(SlotSet("details", details))
    if feiten.zaaknummer:
        events.append(SlotSet("eerder_zaaknummer", feiten.zaaknummer))
    return events


def bekende_gegevens(*, kanaal: str, kanaal_id: str, al: Gevonden) -> list[EventType]:
    """Company and contact details said in this conversation, else from an earlier case of this
    channel identity: those steps are skipped (and shown back in the summary)."""
    telefoon, email, naam = al.telefoon, al.email, al.contactnaam
    bedrijfsnaam, kvk = al.bedrijfsnaam, al.kvk_nummer
    with transaction() as session:
        ondernemer = ondernemer_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id)
        if ondernemer is not None:
            if not (bedrijfsnaam or kvk):
                bedrijfsnaam, kvk = ondernemer.bedrijfsnaam, ondernemer.kvk_nummer
            telefoon, email = telefoon or ondernemer.telefoon, email or ondernemer.email
            naam = naam or ondernemer.contactnaam
    events: list[EventType] = []
    if bedrijfsnaam or kvk:
        events += [SlotSet("bedrijf", bedrijf_tekst(bedrijfsnaam, kvk)), SlotSet("bedrijfsnaam", bedrijfsnaam),
                   SlotSet("kvk_nummer", kvk)]
    if telefoon or email:
        events += [SlotSet("telefoon", telefoon), SlotSet("email", email)]
    if naam:
        events.append(SlotSet("contactnaam", naam))
        if telefoon or email:
            events.append(SlotSet("contact", contact_tekst(naam, telefoon, email)))
    return events


class ActionOverdragen(Action):
    """The form is done: hand the case to a named person with a promise, or, without
    consent, store nothing and give the loket's phone number."""

    def name(self) -> str:
        return "action_overdragen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("toestemming") is not True:
            # the question stays in the conversation, so "oh wacht, toch wel" continues at consent
            dispatcher.utter_message(response="utter_geen_toestemming")
            return [*vergeet_persoonlijk(), SlotSet("toestemming", None), SlotSet("bevestiging", None),
                    SlotSet("toestemming_geweigerd", True)]
        s = tracker.get_slot
        woorden = " ".join(t for t in (s("wat"), s("hoe"), *details_van(tracker).values()) if isinstance(t, str))
        onderwerpen = await asyncio.to_thread(onderwerpen_uit_antwoorden, woorden, s("onderwerp"))
        if coordinatie := s("coordinatie_onderwerp"):  # the coordinator's subject first: the case goes to their team
            onderwerpen = [coordinatie, *(o for o in onderwerpen if o != coordinatie)]
        try:
            vastgelegd = await asyncio.to_thread(
                leg_overdracht_vast, gegevens=vraaggegevens(tracker, onderwerpen), kanaal=kanaal_van(tracker),
                gesprek_id=tracker.sender_id, moment=nu(),
            )
        except TeVeelOverdrachten as fout:  # the limit of new cases (bot/overdracht/limiet.py)
            dispatcher.utter_message(response=antwoord_op_limiet(fout.reden))
            return [*leeg_formulier(), SlotSet("toestemming_geweigerd", None)]
        overdracht, live = vastgelegd.overdracht, vastgelegd.live
        medewerker = overdracht["medewerker"]
        if vastgelegd.gevraagd:  # asked for by name, but another team's subject: say who helps and why
            dispatcher.utter_message(text=tekst("acties/overdracht/ander_dan_gevraagd.txt", gevraagd=vastgelegd.gevraagd,
                                                medewerker=medewerker, taal=s("taal")))
        engels = s("taal") == "en"  # an English speaker: thanked in English, the case marked English
        if engels:
            overdracht["taal"] = "en"
        urgentie = urgentie_van(tracker)  # said honestly: what was asked, and whether the promise meets it
        betrokken = overdracht.get("ook_betrokken", [])  # other teams' people informed (bot/overdracht/betrokken.py)
        belwens = belwens_van(tracker)
        ook_gevraagd = bijvraag(tracker.latest_message.get("text") or "")
        if engels:
            bedankt = tekst("acties/overdracht/bedankt_en.txt", medewerker=medewerker, betrokken=betrokken,
                            belwens=belwens, ook_gevraagd=ook_gevraagd, **belofte_velden(overdracht))
        elif urgentie is not None:
            bedankt = tekst("acties/overdracht/bedankt_urgent.txt", belofte=overdracht["belofte"], medewerker=medewerker,
                            gevraagd=urgentie.gevraagd.value, betrokken=betrokken, belwens=belwens, ook_gevraagd=ook_gevraagd,
                            haalbaar=haalbaar(urgentie, datetime.fromisoformat(overdracht["uiterlijk"]), nu()))
        else:
            bedankt = tekst("acties/overdracht/bedankt.txt", belofte=overdracht["belofte"], medewerker=medewerker,
                            betrokken=betrokken, belwens=belwens, ook_gevraagd=ook_gevraagd)
        dispatcher.utter_message(text=bedankt, json_message={"overdracht": overdracht})
        if live:
            dispatcher.utter_message(
                text=tekst("acties/overdracht/live_chat_aanbod.txt", medewerker=medewerker,
                           voornaam=voornaam(medewerker["naam"])),
                buttons=[{"title": tekst("acties/overdracht/knop_nu_chatten.txt"), "payload": "/nu_chatten"}],
            )
        return [*leeg_formulier(), SlotSet("toestemming_geweigerd", None)]


# "ja klopt. maar kan ik een dwangsom eisen?": a yes to the summary with a question after it.
JA_MET_VRAAG = re.compile(r"^\W*(?:ja|jawel|klopt|yes|correct)\b[^?]*?[.,!]\s*(?:maar\s+)?(?P<vraag>[^.!?]{8,}\?)\s*$", re.IGNORECASE)


def bijvraag(tekst: str) -> str | None:
    """The question asked along with the yes to the summary, said back in the thanks so it is not lost."""
    match = JA_MET_VRAAG.match(tekst[:500])
    return match.group("vraag").strip() if match else None


def belwens_van(tracker: Tracker) -> str | None:
    """When the entrepreneur wants to be called, in their words ("liefst na 14u bellen"), without a phone
    number in it: said back in the thanks."""
    belmoment = belmoment_in([bericht for bericht, _ in eigen_berichten(tracker)])
    return " ".join(zonder_telefoon(belmoment, telefoon=belmoment).split()) if belmoment else None


def vraaggegevens(tracker: Tracker, onderwerpen: list[str]) -> Vraaggegevens:
    """The answers of the form, for the handoff; the first subject decides the team."""
    s = tracker.get_slot
    details = {stap: waarde for stap, waarde in details_van(tracker).items() if waarde}
    if s("eerder_zaaknummer"):
        details["eerder_zaaknummer"] = s("eerder_zaaknummer")
    if s("taal") == "en":
        details["taal"] = "Engels"  # the medewerker answers in English
    klacht = klacht_voor_overdracht(tracker)
    if klacht:
        details["klacht"] = klacht  # a complaint without a case to find (actions/klacht.py): the medewerker sees it
    urgentie = urgentie_van(tracker)  # every message of the entrepreneur in this conversation
    if urgentie is not None:
        details["spoed"] = urgentie.zin
    if belmoment := belmoment_in([bericht for bericht, _ in eigen_berichten(tracker)]):
        details["belmoment"] = belmoment  # "liefst na 14u bellen": the medewerker sees when to call
    return Vraaggegevens(
        onderwerp=onderwerpen[0] if onderwerpen else None, wat=s("wat") or details.get("situatie"), waarom=s("waarom"), hoe=s("hoe"),
        bedrijfsnaam=s("bedrijfsnaam"), kvk_nummer=s("kvk_nummer"), contactnaam=s("contactnaam"),
        telefoon=s("telefoon"), email=s("email"), details=details, extra_onderwerpen=tuple(onderwerpen[1:]),
        gewenste_medewerker=s("gewenste_medewerker"),  # asked for by name (actions/contact.py)
        urgent=urgentie is not None or bool(klacht),
        wil_mail=wil_gemaild_worden([bericht for bericht, _ in eigen_berichten(tracker)]),  # "email is easier for me"
    )


def reden_om_niet_over_te_dragen(kanaal: str, gesprek_id: str) -> str | None:
    with transaction() as session:
        return reden_om_te_weigeren(session=session, kanaal=kanaal, gesprek_id=gesprek_id, nu=nu())


def antwoord_op_limiet(reden: str) -> str:
    """This conversation's own cases are open already, or many came from its internet address."""
    return "utter_te_veel_overdrachten_adres" if reden == ADRES else "utter_te_veel_overdrachten"


@dataclass(frozen=True)
class Vastgelegd:
    overdracht: dict[str, Any]  # custom.overdracht
    live: bool  # the medewerker can chat right now
    gevraagd: str | None  # the name of the medewerker asked for, when someone else got the case


def leg_overdracht_vast(*, gegevens: Vraaggegevens, kanaal: str, gesprek_id: str, moment: datetime) -> Vastgelegd:
    """Store the case with its promise (one transaction)."""
    with transaction() as session:
        overdracht = draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=moment)
        zaak = zaak_op_nummer(session=session, nummer=overdracht["zaak"])
        gewenst = gegevens.gewenste_medewerker
        gevraagd = medewerker_op_sleutel(session=session, sleutel=gewenst) if gewenst else None
        return Vastgelegd(overdracht=overdracht, live=kan_nu_chatten(session=session, zaak=zaak, nu=moment),
                          gevraagd=gevraagd.naam if gevraagd and gevraagd.id != zaak.medewerker_id else None)


class ActionToestemmingAlsnog(Action):
    """"Oh wacht, toch wel" after refusing consent: continue where the form stopped, with the
    question kept; only the personal details are asked."""

    def name(self) -> str:
        return "action_toestemming_alsnog"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_toestemming_alsnog")
        return [SlotSet("toestemming", True), SlotSet("toestemming_geweigerd", None)]


class ActionOverdrachtWacht(Action):
    """Asked for consent, the entrepreneur asked something else, and got the answer (dialogue/overdracht.yml):
    the questions pause, and consent is asked once more outside them. "Ja" goes on where they stopped (as
    after a refused consent); another question is simply answered. Nothing is forgotten or sent yet."""

    def name(self) -> str:
        return "action_overdracht_wacht"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_toestemming_na_vraag")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("toestemming_geweigerd", True)]


class ActionVraagGestopt(Action):
    """The entrepreneur stopped midway: forget what was collected, and the personal details typed."""

    def name(self) -> str:
        return "action_vraag_gestopt"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if zaak_en_naam := overgedragen(tracker):  # no "all wiped": that case goes on
            dispatcher.utter_message(response="utter_vraag_gestopt_met_zaak", zaak=zaak_en_naam[0],
                                     voornaam=zaak_en_naam[1].split()[0])
        else:
            dispatcher.utter_message(response="utter_vraag_gestopt")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *leeg_formulier(), SlotSet(WIS_SLOT, True)]
