"""``validate_vraag_form``: which questions the probing form asks, and what counts as an answer.

The validation needs no database: its methods stay synchronous (rasa_sdk awaits them when
they are coroutines, and calls them directly when not).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.overdracht.formulier import FORM_SLOTS, extra_slots
from bot.kern.velden import vind_email, vind_kvk_nummer, vind_telefoonnummer

GEEN_BEDRIJF_PATTERN = re.compile(r"\b(nog geen|geen bedrijf|geen kvk|starter|start nog)\b", re.IGNORECASE)
VULWOORDEN_PATTERN = re.compile(
    r"\b(ik ben|ik heet|mijn naam is|mijn bedrijf (heet|is)|het bedrijf (heet|is)|"
    r"mijn (e-?mail(adres)?|mail|telefoon(nummer)?|nummer)( is)?|naam|bereikbaar|op|via|"
    r"telefoon(nummer)?|tel|nummer|e-?mail(adres)?|mail|kvk(-nummer)?|en|of|graag)\b[:,.]?",
    re.IGNORECASE,
)


# "yes" and "no" typed by an English speaker (intent english) at the consent or confirmation step.
ENGELS_JA_PATTERN = re.compile(r"^\W*(yes|yeah|yep|sure|ok|okay|fine|that is fine|correct|right)\b", re.IGNORECASE)
ENGELS_NEE_PATTERN = re.compile(r"^\W*(no|nope|not)\b", re.IGNORECASE)


def engels_ja_of_nee(tracker: Tracker, slot: str) -> dict[str, Any]:
    """``{slot: True/False}`` for an English yes or no to the question for ``slot``; else nothing."""
    if tracker.get_slot("requested_slot") != slot or (tracker.latest_message.get("intent") or {}).get("name") != "english":
        return {}
    tekst = tracker.latest_message.get("text") or ""
    if ENGELS_JA_PATTERN.search(tekst):
        return {slot: True}
    if ENGELS_NEE_PATTERN.search(tekst):
        return {slot: False}
    return {}


def rest_tekst(tekst: str, *weg: str | None) -> str | None:
    """What is left of a message after removing the found values and filler words: a name."""
    for waarde in weg:
        if waarde:
            tekst = re.sub(re.escape(waarde), " ", tekst, flags=re.IGNORECASE)
    tekst = re.sub(r"[\w.+-]+@[\w.-]+|[+\d][\d\s()-]{6,}\d", " ", tekst)
    tekst = VULWOORDEN_PATTERN.sub(" ", tekst)
    tekst = " ".join(tekst.replace(",", " ").split()).strip(" .:-")
    return tekst if re.search(r"[^\W\d_]{2,}", tekst) else None


def vrije_tekst(value: Any, dispatcher: CollectingDispatcher) -> str | None:
    """An open answer of at least two characters, cut at 1000; shorter asks for a little more."""
    tekst = str(value or "").strip()
    if len(tekst) < 2:
        dispatcher.utter_message(response="utter_iets_meer")
        return None
    return tekst[:1000]


class ValidateVraagForm(FormValidationAction):
    def name(self) -> str:
        return "validate_vraag_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        slots = ["wat", "waarom", "hoe", *extra_slots(tracker.get_slot("onderwerp")), "bedrijf", "contact", "toestemming"]
        if tracker.get_slot("toestemming") is not False:
            slots.append("bevestiging")
        return slots

    def extract_toestemming(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return engels_ja_of_nee(tracker, "toestemming")

    def extract_bevestiging(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return engels_ja_of_nee(tracker, "bevestiging")

    def validate_wat(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        return {"wat": vrije_tekst(value, dispatcher)}

    def validate_waarom(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        return {"waarom": vrije_tekst(value, dispatcher)}

    def validate_hoe(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        return {"hoe": vrije_tekst(value, dispatcher)}

    def validate_evenement_datum(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return {"evenement_datum": vrije_tekst(value, dispatcher)}

    def validate_evenement_bezoekers(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return {"evenement_bezoekers": vrije_tekst(value, dispatcher)}

    def validate_evenement_locatie(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        return {"evenement_locatie": vrije_tekst(value, dispatcher)}

    def validate_bouw_adres(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
        return {"bouw_adres": vrije_tekst(value, dispatcher)}

    def validate_bouw_wijziging(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return {"bouw_wijziging": vrije_tekst(value, dispatcher)}

    def validate_bedrijf(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
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

    def validate_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
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

    def validate_bevestiging(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        if value is False:
            dispatcher.utter_message(response="utter_opnieuw")
            return {slot: None for slot in FORM_SLOTS if slot != "toestemming"}
        return {"bevestiging": value}
