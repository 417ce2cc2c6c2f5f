"""De vraag achter de vraag: the probing form, the handoff to a named person, and status.

The form ``vraag_form`` asks what, why, how/when (with follow-ups for events and building
plans), the company, contact details, consent and confirmation. Every question carries
``custom.vraag`` with its ``stap`` and ``onderwerp`` (shared/berichten.md).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kennisbank import DREMPELS, ZOEKER
from bot.beloften.berichten import leesbaar_moment
from bot.kennisbank.zoeken import beslis
from bot.kern.db import transaction
from bot.kern.velden import vind_email, vind_kvk_nummer, vind_telefoonnummer
from bot.overdracht.service import Vraaggegevens, draag_over, lees_regels, vraagt_zorg
from bot.overname.service import kan_nu_chatten, vraag_live_chat
from bot.zaken.models import ZAAKNUMMER_PATTERN, Zaak
from bot.zaken.service import koppel_kanaal, ondernemer_van_kanaal, zaak_op_nummer, zaken_van_kanaal

EVENEMENT_ONDERWERPEN = {"evenementenvergunning", "alcohol-ontheffing-evenement", "geluid-ontheffing"}
BOUW_ONDERWERPEN = {"omgevingsvergunning-bouwen", "gebruik-pand-wijzigen"}
EVENEMENT_SLOTS = ["evenement_datum", "evenement_bezoekers", "evenement_locatie"]
BOUW_SLOTS = ["bouw_adres", "bouw_wijziging"]
FORM_SLOTS = ["wat", "waarom", "hoe", *EVENEMENT_SLOTS, *BOUW_SLOTS, "bedrijf", "bedrijfsnaam", "kvk_nummer",
              "contact", "contactnaam", "telefoon", "email", "toestemming", "bevestiging"]
GEEN_BEDRIJF_PATTERN = re.compile(r"\b(nog geen|geen bedrijf|geen kvk|starter|start nog)\b", re.IGNORECASE)
VULWOORDEN_PATTERN = re.compile(
    r"\b(ik ben|ik heet|mijn naam is|mijn bedrijf (heet|is)|het bedrijf (heet|is)|"
    r"mijn (e-?mail(adres)?|mail|telefoon(nummer)?|nummer)( is)?|naam|bereikbaar|op|via|"
    r"telefoon(nummer)?|tel|nummer|e-?mail(adres)?|mail|kvk(-nummer)?|en|of|graag)\b[:,.]?",
    re.IGNORECASE,
)
STATUS_TEKST = {"toegewezen": "toegewezen aan een medewerker", "in_behandeling": "in behandeling",
                "wacht_op_ondernemer": "wacht op een reactie van u", "afgerond": "afgerond"}


def nu() -> datetime:
    return datetime.now(timezone.utc)


def kanaal_van(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "rest"


def rest_tekst(tekst: str, *weg: str | None) -> str | None:
    """What is left of a message after removing the found values and filler words: a name."""
    for waarde in weg:
        if waarde:
            tekst = re.sub(re.escape(waarde), " ", tekst, flags=re.IGNORECASE)
    tekst = re.sub(r"[\w.+-]+@[\w.-]+|[+\d][\d\s()-]{6,}\d", " ", tekst)
    tekst = VULWOORDEN_PATTERN.sub(" ", tekst)
    tekst = " ".join(tekst.replace(",", " ").split()).strip(" .:-")
    return tekst if re.search(r"[^\W\d_]{2,}", tekst) else None


class ActionStartOverdracht(Action):
    """Start the probing form, filling in what is already known in this conversation."""

    def name(self) -> str:
        return "action_start_overdracht"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if vraagt_zorg(tracker.get_slot("onderwerp"), lees_regels()):
            dispatcher.utter_message(response="utter_overdracht_zorg")
        else:
            dispatcher.utter_message(response="utter_overdracht_start")
        return bekende_gegevens(tracker)


def bekende_gegevens(tracker: Tracker) -> list[EventType]:
    """Company and contact details from an earlier case of this channel identity, or a phone
    number or e-mail address in the message that asked for a person: those steps are skipped."""
    events: list[EventType] = []
    tekst = tracker.latest_message.get("text") or ""
    telefoon, email = vind_telefoonnummer(tekst), vind_email(tekst)
    with transaction() as session:
        ondernemer = ondernemer_van_kanaal(session=session, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id)
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


class ValidateVraagForm(FormValidationAction):
    def name(self) -> str:
        return "validate_vraag_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        onderwerp = tracker.get_slot("onderwerp")
        extra = EVENEMENT_SLOTS if onderwerp in EVENEMENT_ONDERWERPEN else BOUW_SLOTS if onderwerp in BOUW_ONDERWERPEN else []
        slots = ["wat", "waarom", "hoe", *extra, "bedrijf", "contact", "toestemming"]
        if tracker.get_slot("toestemming") is not False:
            slots.append("bevestiging")
        return slots

    def validate_wat(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"wat": self._tekst(value, dispatcher)}

    def validate_waarom(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"waarom": self._tekst(value, dispatcher)}

    def validate_hoe(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"hoe": self._tekst(value, dispatcher)}

    def validate_evenement_datum(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"evenement_datum": self._tekst(value, dispatcher)}

    def validate_evenement_bezoekers(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"evenement_bezoekers": self._tekst(value, dispatcher)}

    def validate_evenement_locatie(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"evenement_locatie": self._tekst(value, dispatcher)}

    def validate_bouw_adres(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"bouw_adres": self._tekst(value, dispatcher)}

    def validate_bouw_wijziging(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"bouw_wijziging": self._tekst(value, dispatcher)}

    def validate_bedrijf(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        tekst = str(value or "").strip()
        if GEEN_BEDRIJF_PATTERN.search(tekst):
            return {"bedrijf": "nog geen bedrijf", "bedrijfsnaam": None, "kvk_nummer": None}
        kvk = vind_kvk_nummer(tekst)
        if kvk is None and re.search(r"\d{4,}", tekst):
            dispatcher.utter_message(response="utter_kvk_ongeldig")
            return {"bedrijf": None}
        naam = rest_tekst(tekst, kvk)
        if naam is None and kvk is None:
            dispatcher.utter_message(response="utter_bedrijf_onduidelijk")
            return {"bedrijf": None}
        return {"bedrijf": tekst, "bedrijfsnaam": naam, "kvk_nummer": kvk}

    def validate_contact(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        tekst = str(value or "")
        telefoon = vind_telefoonnummer(tekst) or tracker.get_slot("telefoon")
        email = vind_email(tekst) or tracker.get_slot("email")
        if not telefoon and not email:
            dispatcher.utter_message(response="utter_contact_ongeldig")
            return {"contact": None}
        naam = rest_tekst(tekst, email)
        if naam is None:
            dispatcher.utter_message(response="utter_naam_ontbreekt")
            return {"contact": None, "telefoon": telefoon, "email": email}
        return {"contact": tekst, "contactnaam": naam, "telefoon": telefoon, "email": email}

    def validate_bevestiging(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if value is False:
            dispatcher.utter_message(response="utter_opnieuw")
            return {slot: None for slot in FORM_SLOTS if slot != "toestemming"}
        return {"bevestiging": value}

    @staticmethod
    def _tekst(value: Any, dispatcher: CollectingDispatcher) -> str | None:
        tekst = str(value or "").strip()
        if len(tekst) < 2:
            dispatcher.utter_message(response="utter_iets_meer")
            return None
        return tekst[:1000]


class ActionVraagStap(Action):
    """Asks one step of the probing form, with ``custom.vraag``."""

    slot = ""
    stap = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            response=f"utter_ask_{self.slot}",
            json_message={"vraag": {"stap": self.stap, "onderwerp": tracker.get_slot("onderwerp")}},
        )
        return []


class ActionAskWat(ActionVraagStap):
    slot, stap = "wat", "wat"


class ActionAskWaarom(ActionVraagStap):
    slot, stap = "waarom", "waarom"


class ActionAskHoe(ActionVraagStap):
    slot, stap = "hoe", "hoe"


class ActionAskEvenementDatum(ActionVraagStap):
    slot, stap = "evenement_datum", "hoe"


class ActionAskEvenementBezoekers(ActionVraagStap):
    slot, stap = "evenement_bezoekers", "hoe"


class ActionAskEvenementLocatie(ActionVraagStap):
    slot, stap = "evenement_locatie", "hoe"


class ActionAskBouwAdres(ActionVraagStap):
    slot, stap = "bouw_adres", "hoe"


class ActionAskBouwWijziging(ActionVraagStap):
    slot, stap = "bouw_wijziging", "hoe"


class ActionAskBedrijf(ActionVraagStap):
    slot, stap = "bedrijf", "bedrijf"


class ActionAskContact(ActionVraagStap):
    slot, stap = "contact", "contact"


class ActionAskToestemming(ActionVraagStap):
    slot, stap = "toestemming", "toestemming"


class ActionAskBevestiging(Action):
    """Shows the summary back for confirmation or correction."""

    def name(self) -> str:
        return "action_ask_bevestiging"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        s = tracker.get_slot
        regels = [f"- Wat u wilt: {s('wat')}", f"- Waarom: {s('waarom')}", f"- Hoe en wanneer: {s('hoe')}"]
        for slot, label in [("evenement_datum", "Datum"), ("evenement_bezoekers", "Bezoekers"),
                            ("evenement_locatie", "Plaats"), ("bouw_adres", "Adres"), ("bouw_wijziging", "Wat verandert")]:
            if s(slot):
                regels.append(f"- {label}: {s(slot)}")
        bedrijf = " ".join(v for v in [s("bedrijfsnaam"), f"(KvK {s('kvk_nummer')})" if s("kvk_nummer") else None] if v)
        regels.append(f"- Bedrijf: {bedrijf or 'nog geen bedrijf'}")
        regels.append(f"- Contact: {', '.join(v for v in [s('contactnaam'), s('telefoon'), s('email')] if v)}")
        dispatcher.utter_message(
            text="Ik zet uw vraag even op een rij:\n" + "\n".join(regels) + "\n\nKlopt dit?",
            buttons=[{"title": "Ja, klopt", "payload": "/affirm"}, {"title": "Nee, aanpassen", "payload": "/deny"}],
            json_message={"vraag": {"stap": "bevestiging", "onderwerp": s("onderwerp")}},
        )
        return []


class ActionOverdragen(Action):
    """The form is done: hand the case to a named person with a promise, or, without
    consent, store nothing and give the loket's phone number."""

    def name(self) -> str:
        return "action_overdragen"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        leeg = [SlotSet(slot, None) for slot in FORM_SLOTS]
        if tracker.get_slot("toestemming") is not True:
            dispatcher.utter_message(response="utter_geen_toestemming")
            return leeg
        s = tracker.get_slot
        details = {slot: s(slot) for slot in EVENEMENT_SLOTS + BOUW_SLOTS if s(slot)}
        onderwerpen = [s("onderwerp")] if s("onderwerp") else onderwerpen_uit_antwoorden(s("wat"), s("waarom"), s("hoe"))
        gegevens = Vraaggegevens(
            onderwerp=onderwerpen[0] if onderwerpen else None, wat=s("wat"), waarom=s("waarom"), hoe=s("hoe"),
            bedrijfsnaam=s("bedrijfsnaam"), kvk_nummer=s("kvk_nummer"), contactnaam=s("contactnaam"),
            telefoon=s("telefoon"), email=s("email"), details=details, extra_onderwerpen=tuple(onderwerpen[1:]),
        )
        with transaction() as session:
            overdracht = draag_over(session=session, gegevens=gegevens, kanaal=kanaal_van(tracker),
                                    gesprek_id=tracker.sender_id, moment=nu())
            zaak = zaak_op_nummer(session=session, nummer=overdracht["zaak"])
            live = kan_nu_chatten(session=session, zaak=zaak, nu=nu())
        m = overdracht["medewerker"]
        dispatcher.utter_message(
            text=(f"Dank u wel. {overdracht['belofte']}\nU kunt {m['naam']} ook zelf bereiken: "
                  f"telefoon {m['telefoon']}, e-mail {m['email']}."),
            json_message={"overdracht": overdracht},
        )
        if live:
            dispatcher.utter_message(
                text=f"{m['naam']} is nu aan het werk en online. Wilt u meteen met {voornaam(m['naam'])} chatten?",
                buttons=[{"title": "Nu chatten met een medewerker", "payload": "/nu_chatten"}],
            )
        return leeg


def onderwerpen_uit_antwoorden(wat: str | None, waarom: str | None, hoe: str | None) -> list[str]:
    """The subjects the entrepreneur's own answers point to, for a question that came without one
    ("ik wil iemand spreken"), so the case reaches the right team instead of the general loket.

    The kennisbank search decides, with the same thresholds as for answering; when the close
    candidates include another team's subject, that one is added (a question crossing teams).
    Nothing clear: no subject, and the case goes to the Ondernemersloket.
    """
    tekst = " ".join(t for t in (wat, hoe) if t)  # the motive (waarom) often describes the present, not the plan
    if not tekst.strip():
        return []
    kennisbank = ZOEKER.actueel()
    beslissing, beste = beslis(kennisbank.index.zoek(tekst), DREMPELS)
    if beslissing == "geen":
        return []
    teams = kennisbank.teams()
    gekozen = [beste[0].artikel_id]
    gekozen += [t.artikel_id for t in beste[1:] if teams.get(t.artikel_id) != teams.get(gekozen[0])][:1]
    return gekozen


class ActionNuChatten(Action):
    """The entrepreneur wants to chat now with the person who has their case: ask that person
    through the console when they are at work and online; otherwise the promise stands."""

    def name(self) -> str:
        return "action_nu_chatten"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        with transaction() as session:
            zaken = [z for z in zaken_van_kanaal(session=session, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id)
                     if z.status != "afgerond"]
            if not zaken:
                dispatcher.utter_message(response="utter_nu_chatten_zonder_zaak")
                return []
            zaak = zaken[-1]
            naam = zaak.medewerker.naam
            if kan_nu_chatten(session=session, zaak=zaak, nu=nu()):
                vraag_live_chat(session=session, zaak=zaak, nu=nu())
                dispatcher.utter_message(text=(
                    f"Ik heb {naam} gevraagd om nu met u te chatten. Blijf in dit gesprek: u ziet het hier "
                    f"zodra {voornaam(naam)} er is. Lukt het niet binnen een kwartier? Dan geldt de afspraak: "
                    f"{open_belofte_zin(zaak)}"))
            else:
                dispatcher.utter_message(text=(
                    f"{naam} kan nu niet chatten. De afspraak blijft staan: {open_belofte_zin(zaak)}"))
        return []


def voornaam(naam: str) -> str:
    return naam.split()[0]


def open_belofte_zin(zaak: Zaak) -> str:
    belofte = next((b for b in reversed(zaak.beloften) if b.status == "open"), None)
    return belofte.zin if belofte else f"{zaak.medewerker.naam} neemt contact met u op over zaak {zaak.nummer}."


class ActionVraagGestopt(Action):
    """The entrepreneur stopped midway: forget what was collected, store nothing."""

    def name(self) -> str:
        return "action_vraag_gestopt"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_vraag_gestopt")
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionStatus(Action):
    """The status of the entrepreneur's own cases. A case number from another conversation
    is only shown after the phone number or e-mail address on file is given."""

    def name(self) -> str:
        return "action_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        gevonden = ZAAKNUMMER_PATTERN.search(tracker.latest_message.get("text") or "")
        with transaction() as session:
            eigen = zaken_van_kanaal(session=session, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id)
            if gevonden:
                nummer = gevonden.group(0).upper()
                zaak = zaak_op_nummer(session=session, nummer=nummer)
                if zaak is None:
                    dispatcher.utter_message(response="utter_zaak_onbekend")
                    return []
                if zaak.id not in {z.id for z in eigen}:
                    dispatcher.utter_message(response="utter_status_controle")
                    return [SlotSet("status_nummer", nummer)]
                eigen = [zaak]
            if not eigen:
                dispatcher.utter_message(response="utter_geen_zaken")
                return []
            for zaak in eigen:
                dispatcher.utter_message(text=status_tekst(zaak), json_message={"zaak": {"nummer": zaak.nummer, "status": zaak.status}})
        return []


class ActionStatusControleren(Action):
    """Checks the contact detail given against the case's entrepreneur, then shows it or not."""

    def name(self) -> str:
        return "action_status_controleren"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        tekst = tracker.latest_message.get("text") or ""
        telefoon, email = vind_telefoonnummer(tekst), vind_email(tekst)
        with transaction() as session:
            zaak = zaak_op_nummer(session=session, nummer=tracker.get_slot("status_nummer") or "")
            ondernemer = zaak.ondernemer if zaak else None
            klopt = ondernemer is not None and (
                (telefoon and telefoon == ondernemer.telefoon) or (email and email == (ondernemer.email or "").lower())
            )
            if klopt:
                koppel_kanaal(session=session, ondernemer=ondernemer, kanaal=kanaal_van(tracker),
                              kanaal_id=tracker.sender_id, door="assistent", moment=nu())
                dispatcher.utter_message(text=status_tekst(zaak), json_message={"zaak": {"nummer": zaak.nummer, "status": zaak.status}})
            else:
                dispatcher.utter_message(response="utter_status_geweigerd")
        return [SlotSet("status_nummer", None), SlotSet("status_controle", None)]


def status_tekst(zaak: Zaak) -> str:
    belofte = next((b for b in zaak.beloften if b.status == "open"), None)
    tekst = f"Zaak {zaak.nummer}: {STATUS_TEKST.get(zaak.status, zaak.status)}. {zaak.medewerker.naam}, {zaak.medewerker.functie}, behandelt uw vraag."
    if belofte:
        tekst += f" U hoort {leesbaar_moment(belofte.deadline)} van {zaak.medewerker.naam.split()[0]}."
    return tekst
