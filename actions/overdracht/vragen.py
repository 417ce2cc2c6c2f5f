"""The questions of the probing form: ``action_ask_<slot>``, each with ``custom.vraag``.

The last question shows the collected answers back for confirmation; its words are in
``teksten/acties/bevestiging/``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.herhaling import heeft_nieuwe_variatie
from actions.overdracht.formulier import BOUW_SLOTS, EVENEMENT_SLOTS
from bot.kern.teksten import tekst

# The slots the summary shows, each passed to the template by its own name.
SAMENVATTING_SLOTS = ["wat", "waarom", "hoe", *EVENEMENT_SLOTS, *BOUW_SLOTS, "bedrijfsnaam", "kvk_nummer",
                      "contactnaam", "telefoon", "email"]


def vraag_payload(stap: str, tracker: Tracker) -> dict[str, Any]:
    """``custom.vraag`` of shared/berichten.md: which step of the form, about which subject."""
    return {"vraag": {"stap": stap, "onderwerp": tracker.get_slot("onderwerp")}}


class ActionVraagStap(Action):
    """Asks one step of the probing form, with ``custom.vraag``."""

    slot = ""
    stap = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if heeft_nieuwe_variatie(domain, f"utter_ask_{self.slot}", tracker):
            dispatcher.utter_message(response=f"utter_ask_{self.slot}", json_message=vraag_payload(self.stap, tracker))
        else:  # asked in every wording already: the message about the answer (e.g. utter_contact_ongeldig) asks again
            dispatcher.utter_message(json_message=vraag_payload(self.stap, tracker))
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
        dispatcher.utter_message(
            text=samenvatting(tracker),
            buttons=[{"title": tekst(in_taal("acties/bevestiging/knop_klopt.txt", tracker)), "payload": "/affirm"},
                     {"title": tekst(in_taal("acties/bevestiging/knop_aanpassen.txt", tracker)), "payload": "/deny"}],
            json_message=vraag_payload("bevestiging", tracker),
        )
        return []


def in_taal(sjabloon: str, tracker: Tracker) -> str:
    """The English template (``..._en.txt``) for an English speaker (slot ``taal``), else the Dutch one."""
    return sjabloon.replace(".txt", "_en.txt") if tracker.get_slot("taal") == "en" else sjabloon


def samenvatting(tracker: Tracker) -> str:
    """The collected answers as the entrepreneur reads them back."""
    return tekst(in_taal("acties/bevestiging/vraag.txt", tracker),
                 **{slot: tracker.get_slot(slot) for slot in SAMENVATTING_SLOTS})
