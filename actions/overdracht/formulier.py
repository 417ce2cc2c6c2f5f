"""What the actions of ``vraag_form`` share: its slots and the conversation's channel."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

EVENEMENT_ONDERWERPEN = {"evenementenvergunning", "alcohol-ontheffing-evenement", "geluid-ontheffing"}
BOUW_ONDERWERPEN = {"omgevingsvergunning-bouwen", "gebruik-pand-wijzigen"}
EVENEMENT_SLOTS = ["evenement_datum", "evenement_bezoekers", "evenement_locatie"]
BOUW_SLOTS = ["bouw_adres", "bouw_wijziging"]
FORM_SLOTS = ["wat", "waarom", "hoe", *EVENEMENT_SLOTS, *BOUW_SLOTS, "bedrijf", "bedrijfsnaam", "kvk_nummer",
              "contact", "contactnaam", "telefoon", "email", "toestemming", "bevestiging"]


def extra_slots(onderwerp: str | None) -> list[str]:
    """The follow-up questions for the subject: an event's date, visitors and place, or a building plan."""
    if onderwerp in EVENEMENT_ONDERWERPEN:
        return EVENEMENT_SLOTS
    if onderwerp in BOUW_ONDERWERPEN:
        return BOUW_SLOTS
    return []


def leeg_formulier() -> list[EventType]:
    """Forget everything the form collected."""
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


def kanaal_van(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "rest"


def voornaam(naam: str) -> str:
    return naam.split()[0]
