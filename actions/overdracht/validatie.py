"""``validate_vraag_form``: which questions the probing form asks, and what counts as an answer.

Every message in the form is read for facts first (bot/overdracht/uitlezen.py): a phone number,
e-mail, KvK number or case number typed at any step is kept for what it is, and a step the
message already answers is not asked. An answer is never "wat bedoelt u?" (that gets an
explanation) nor "zie hierboven" (that takes what was said before).

The slot validations need no database: they stay synchronous (rasa_sdk awaits them when they
are coroutines, and calls them directly when not). Finding the subject in the words (kennisbank
search and situations) runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.herhaling import ZonderHerhaling
from actions.overdracht.antwoorden import (
    GEEN_BEDRIJF_PATTERN,
    NIET_INGESCHREVEN,
    PERSOONLIJK_OF_DETAIL,
    TOEKOMSTIGE_NAAM,
    al_gezegd,
    alleen_gegevens,
    ander_onderwerp_van_vraag,
    bedrijf_tekst,
    contact_tekst,
    engels_ja_of_nee,
    feiten_slots,
    is_ja_of_nee,
    is_verduidelijking,
    ja_of_nee_in_woorden,
    leg_uit,
    onderdeel_uit,
    rest_tekst,
    verbeterd_onderdeel,
    vraag_tijdens_formulier,
    vrije_tekst,
    wis_onderdeel,
)
from actions.overdracht.formulier import detail_stappen, details_van, gevraagde_slots, soorten
from actions.overdracht.onderwerp import onderwerp_uit_woorden
from bot.kennisbank.antwoorden import KENNISBANK_INTENTS
from bot.kern.telefoon import KANDIDAAT_IN_TEKST
from bot.kern.velden import EMAIL_PATTERN, vind_email, vind_kvk_nummer, vind_telefoonnummer
from bot.overdracht.namen import GEEN_NAAMWOORD, met_hoofdletters, nieuwe_naam
from bot.overdracht.opmerkingen import TERUGVERWIJZING, zonder_opmerkingen
from bot.overdracht.uitlezen import lees

# Kind-specific questions whose answer may well be a question ("wat zou u helpen?" "kan ik uitstel krijgen?").
OPEN = {None, "verhaal", "verbouwing"}
# At "which part do you want to change?": nothing after all ("niets, het klopt", "yes, that is right").
NIETS_AANPASSEN = re.compile(r"^\W*(?:niets|niks|nothing|nee|no|ja|yes|klopt|het klopt|correct|that is (?:right|correct)|"
                             r"it is (?:right|correct)|is goed|alles klopt|laat maar zo)\b", re.IGNORECASE)


class ValidateVraagForm(FormValidationAction):
    def name(self) -> str:
        return "validate_vraag_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return gevraagde_slots(tracker)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The facts of this message first (a KvK number while consent is asked is kept, and is
        enough for the form to go on), then Rasa's extraction and validation of the form's slots."""
        if (tracker.latest_message.get("intent") or {}).get("name") == "stop":
            return []  # nothing extracted: Rasa rejects the form and dialogue/overdracht.yml stops the questions
        feiten: list[EventType] = []
        tekst = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") == "wat" and not tracker.get_slot("onderwerp") and not is_verduidelijking(tekst):
            # "ik wil iemand spreken" came without a subject: the answer to "wat" decides the kind of questions,
            # and the facts of that answer are read for that kind ("op 12 juli ... 300 man": date and visitors)
            feiten.append(SlotSet("onderwerp", await asyncio.to_thread(onderwerp_uit_woorden, tekst, None)))
            tracker.add_slots(feiten)
        feiten += [SlotSet(slot, waarde) for slot, waarde in self.feiten_van_bericht(tracker).items()]
        tracker.add_slots(feiten)
        zonder_herhaling = ZonderHerhaling(domain, tracker)  # no message about an answer twice
        events = await super().run(zonder_herhaling, tracker, domain)
        dispatcher.messages.extend(zonder_herhaling.messages)
        gezet = {e.get("name") for e in events if e.get("event") == "slot"}
        return [e for e in feiten if e["name"] not in gezet] + events

    @staticmethod
    def feiten_van_bericht(tracker: Tracker) -> dict[str, Any]:
        """The slots the facts in the latest message fill. At the summary, a message that is not
        yes or no ("mailen mag ook: ...") adds or corrects a detail."""
        feiten = lees(tracker.latest_message.get("text") or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        bij_samenvatting = tracker.get_slot("requested_slot") == "bevestiging"
        nieuw = feiten_slots(feiten, tracker, overschrijf=bij_samenvatting)
        if not bij_samenvatting:
            return nieuw
        # at the summary: a new or corrected detail ("mailen mag ook: ...", "nee, mijn nummer is ...") is
        # taken and the summary shown again, also when the words sound like yes
        nieuw = {k: v for k, v in nieuw.items() if k in PERSOONLIJK_OF_DETAIL and v != tracker.get_slot(k)}
        if wat := ander_onderwerp_van_vraag(tracker.latest_message.get("text") or ""):
            nieuw["wat"] = wat  # "eigenlijk gaat het niet om een container maar om een steiger, voor 3 weken"
        nieuw.update(verbeterd_onderdeel(tracker.latest_message.get("text") or "", tracker))  # "hoe ... moet zijn: ..."
        if nieuw:
            return {**nieuw, **ValidateVraagForm.hersteld_contact(tracker, nieuw), "bevestiging": None}
        if intent in ("affirm", "deny", "stop"):
            return {}  # "klopt" or "nee, aanpassen": validate_bevestiging
        # "de datum klopt niet": that part asked again; "company name is just Bean There": that name
        return ValidateVraagForm.onderdeel_verbeterd(tracker.latest_message.get("text") or "", tracker) or {"wil_aanpassen": True}

    @staticmethod
    def onderdeel_verbeterd(tekst: str, tracker: Tracker) -> dict[str, Any] | None:
        """A part of the summary named as wrong: the new name it gives ("its Mark Thompson only"), the rest kept;
        else that part cleared, so that the form asks it again. None when the message names no part."""
        onderdeel = onderdeel_uit(tekst, tracker) if not tekst.startswith("/") else None
        if onderdeel in ("contact", "bedrijf") and (naam := nieuwe_naam(tekst)):
            correctie = {"contactnaam": met_hoofdletters(naam)} if onderdeel == "contact" else {"bedrijfsnaam": naam}
            return {**correctie, **ValidateVraagForm.hersteld_contact(tracker, correctie), "bevestiging": None}
        return wis_onderdeel(onderdeel, tracker) if onderdeel else None

    def extract_toestemming(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """An English yes or no; any other message than yes or no keeps the question open: explained
        when it carried nothing the form could use. A question of its own ("hoe lang duurt het?") is
        let go: dialogue/overdracht.yml answers it and pauses the questions (action_overdracht_wacht)."""
        if engels := engels_ja_of_nee(tracker, "toestemming"):
            return engels
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.get_slot("requested_slot") != "toestemming" or intent in ("affirm", "deny", "stop"):
            return {}
        feiten = self.feiten_van_bericht(tracker)
        if intent in KENNISBANK_INTENTS and not feiten and not is_verduidelijking(tracker.latest_message.get("text") or ""):
            return {}
        if not feiten:
            leg_uit("toestemming", dispatcher)
        return {"toestemming": None}

    def extract_bevestiging(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return engels_ja_of_nee(tracker, "bevestiging")

    def open_antwoord(self, stap: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
        """The answer to a content question, or None (with a word why) when the message is none."""
        tekst = str(value or "").strip()
        if tracker.get_slot("requested_slot") != stap:
            return vrije_tekst(tekst, dispatcher)  # filled from the conversation, not typed as an answer now
        if is_verduidelijking(tekst):
            leg_uit(stap, dispatcher)
            return None
        if response := vraag_tijdens_formulier(tekst, vraag_is_antwoord=stap == "wat"):
            dispatcher.utter_message(response=response)
            return None
        if TERUGVERWIJZING.search(tekst) and (eerder := al_gezegd(stap, tracker)):
            dispatcher.utter_message(response="utter_al_verteld")
            return eerder[:1000]
        if alleen_gegevens(tekst):
            dispatcher.utter_message(response="utter_genoteerd")
            return None
        if is_ja_of_nee(tracker):
            dispatcher.utter_message(response="utter_iets_meer")
            return None
        return vrije_tekst(tekst, dispatcher)

    def validate_wat(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        return {"wat": self.open_antwoord("wat", value, dispatcher, tracker)}

    def validate_waarom(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        return {"waarom": self.open_antwoord("waarom", value, dispatcher, tracker)}

    def validate_hoe(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        return {"hoe": self.open_antwoord("hoe", value, dispatcher, tracker)}

    def validate_detail(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        """The answer to the kind-specific question just asked (slot ``detail_stap``), kept in
        ``details``; ``detail`` stays empty until every such question is answered."""
        stap = tracker.get_slot("detail_stap")
        details = details_van(tracker)
        if stap:
            tekst = str(value or "").strip()
            if is_verduidelijking(tekst):
                leg_uit(stap, dispatcher)
            elif response := vraag_tijdens_formulier(tekst, vraag_is_antwoord=soorten().stappen[stap].herken in OPEN):
                dispatcher.utter_message(response=response)
            elif TERUGVERWIJZING.search(tekst) and (eerder := al_gezegd(stap, tracker)):
                dispatcher.utter_message(response="utter_al_verteld")
                details[stap] = eerder[:1000]
            elif is_ja_of_nee(tracker):
                dispatcher.utter_message(response="utter_iets_meer")
            elif antwoord := vrije_tekst(tekst, dispatcher):
                soort = soorten().stappen[stap].herken
                # "dat zei ik toch al?? 2026-0412": the answer without the remark
                details[stap] = lees(antwoord).herken(soort) or zonder_opmerkingen(antwoord) or antwoord
        open_stappen = [s for s in detail_stappen(tracker) if not details.get(s)]
        return {"details": details, "detail": None if open_stappen else "beantwoord", "detail_stap": None}

    def validate_bedrijf(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        tekst = str(value or "").strip()
        if tracker.get_slot("requested_slot") != "bedrijf":
            return {"bedrijf": tekst or None}  # filled from facts in an earlier message
        if is_verduidelijking(tekst):
            leg_uit("bedrijf", dispatcher)
            return {"bedrijf": None}
        if (zonder := NIET_INGESCHREVEN.sub("", tekst)) != tekst and (naam := rest_tekst(zonder)):
            return {"bedrijf": naam, "bedrijfsnaam": naam, "kvk_nummer": None}  # a name, no KvK number yet
        if GEEN_BEDRIJF_PATTERN.search(tekst):  # "nog geen, wordt Knipperij Lisa": the name it will have
            naam = rest_tekst(straks.group(1)) if (straks := TOEKOMSTIGE_NAAM.search(tekst)) else None
            return {"bedrijf": naam or "nog geen bedrijf", "bedrijfsnaam": naam, "kvk_nummer": None}
        kvk = vind_kvk_nummer(tekst)
        feiten = lees(tekst)  # the person's own name given along ("henk van dijk 06...") is no part of the company's
        naam = feiten.bedrijfsnaam or rest_tekst(tekst, kvk, vind_telefoonnummer(tekst), feiten.contactnaam)
        if kvk is None and re.search(r"\d{4,}", tekst) and not (vind_telefoonnummer(tekst) or feiten.zaaknummer):
            dispatcher.utter_message(response="utter_kvk_ongeldig")  # the name kept for the number's next try
            return {"bedrijf": None, "bedrijfsnaam": rest_tekst(re.sub(r"\d{4,}", " ", tekst)) or naam}
        naam = naam or tracker.get_slot("bedrijfsnaam")  # typed before, with the number still to come
        kvk = kvk or tracker.get_slot("kvk_nummer")  # typed before, with the name still to come
        if naam is None and kvk is None:
            dispatcher.utter_message(response="utter_bedrijf_onduidelijk")
            return {"bedrijf": None}
        return {"bedrijf": bedrijf_tekst(naam, kvk), "bedrijfsnaam": naam, "kvk_nummer": kvk}

    def validate_contact(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        """Name and phone or e-mail, also when given over several messages."""
        tekst = str(value or "")
        if tracker.get_slot("requested_slot") != "contact":
            return {"contact": tekst or None}
        if is_verduidelijking(tekst):
            leg_uit("contact", dispatcher)
            return {"contact": None}
        telefoon = vind_telefoonnummer(tekst) or tracker.get_slot("telefoon")
        email = vind_email(tekst) or tracker.get_slot("email")
        # "Tom Bakker, 0623456789. liefst dinsdag", "Sarah Miller, sarah@... - please email me": the name is what comes
        # before the number or address, when anything does
        gegevens = (KANDIDAAT_IN_TEKST.search(tekst), EMAIL_PATTERN.search(tekst))
        voor = tekst[:min((gegeven.start() for gegeven in gegevens if gegeven), default=len(tekst))]
        rest = rest_tekst(voor, email) or rest_tekst(tekst, email)
        if rest and all(woord.lower().strip(".,!?") in GEEN_NAAMWOORD for woord in rest.split()):
            rest = None  # "ja klopt", "mailen naar ...": no name
        naam = lees(tekst).contactnaam or (met_hoofdletters(rest) if rest else tracker.get_slot("contactnaam"))
        if not telefoon and not email:
            ongeldig = naam is None or re.search(r"\d{3,}", tekst)  # "Jan Bol, 12345": a number that is none
            dispatcher.utter_message(response="utter_contact_ongeldig" if ongeldig else "utter_nummer_ontbreekt")
            return {"contact": None, "contactnaam": naam}
        if naam is None:
            dispatcher.utter_message(response="utter_naam_ontbreekt")
            return {"contact": None, "telefoon": telefoon, "email": email}
        return {"contact": contact_tekst(naam, telefoon, email), "contactnaam": naam, "telefoon": telefoon, "email": email}

    def validate_toestemming(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        tekst = tracker.latest_message.get("text") or ""
        if tracker.get_slot("taal") == "en" and value is not None and not tekst.startswith("/"):
            value = ja_of_nee_in_woorden(tekst)  # the words, not the Dutch-trained classifier's guess
            if value is None:
                leg_uit("toestemming", dispatcher)  # no refusal (that wipes the details) on a guess
                return {"toestemming": None}
        if value is False:  # no personal detail is kept, also not what was read from earlier messages
            return {"toestemming": False, "bedrijf": None, "bedrijfsnaam": None, "kvk_nummer": None, "contact": None,
                    "contactnaam": None, "telefoon": None, "email": None}
        return {"toestemming": value}

    def validate_bevestiging(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        """"Klopt" hands over; "nee, de datum" asks that part again; otherwise the entrepreneur is
        asked which part to change (a corrected detail in the message was taken before: ``feiten_van_bericht``)."""
        if value is not False:
            return {"bevestiging": value}
        if verbeterd := self.onderdeel_verbeterd(tracker.latest_message.get("text") or "", tracker):
            return {**verbeterd, "bevestiging": None}
        return {"bevestiging": None, "wil_aanpassen": True}

    @staticmethod
    def hersteld_contact(tracker: Tracker, correctie: dict[str, Any]) -> dict[str, Any]:
        """The combined company and contact texts after a corrected detail."""
        s = {slot: correctie.get(slot, tracker.get_slot(slot)) for slot in
             ("contactnaam", "telefoon", "email", "bedrijfsnaam", "kvk_nummer")}
        return {"contact": contact_tekst(s["contactnaam"], s["telefoon"], s["email"]) or tracker.get_slot("contact"),
                "bedrijf": bedrijf_tekst(s["bedrijfsnaam"], s["kvk_nummer"]) or tracker.get_slot("bedrijf")}

    def validate_aanpassen(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        """The part to change: its answer is cleared and asked again; the rest stays."""
        tekst = str(value or "")
        correctie = feiten_slots(lees(tekst), tracker, overschrijf=True)
        correctie = {k: v for k, v in correctie.items() if k not in ("waarom", "hoe", "eerder_zaaknummer")}
        if correctie:
            return {**correctie, **self.hersteld_contact(tracker, correctie), "aanpassen": None, "wil_aanpassen": None}
        onderdeel = onderdeel_uit(tekst, tracker)
        if onderdeel is None and NIETS_AANPASSEN.search(tekst):  # "nothing, it is correct": the summary again
            return {"aanpassen": None, "wil_aanpassen": None}
        if onderdeel is None:
            dispatcher.utter_message(response="utter_aanpassen_onduidelijk")
            return {"aanpassen": None}
        return {**wis_onderdeel(onderdeel, tracker), "aanpassen": None, "wil_aanpassen": None}
