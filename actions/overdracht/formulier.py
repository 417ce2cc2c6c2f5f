"""What the actions of ``vraag_form`` share: its slots, the steps it asks, the entrepreneur's own words.

The content questions come from config/vragen.yml per kind of case (bot/overdracht/vragen.py):
the standard steps wat, waarom, hoe are slots of their own; the kind-specific ones (an invoice
number, the date of an event) are asked one by one through the slot ``detail`` and kept in the
dict slot ``details``. Consent is asked before any personal detail; company and contact only
with consent; then the summary (``bevestiging``), where one part can be changed (``aanpassen``).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.context import AFGEWEZEN
from bot.kern import teksten
from bot.kern.identiteit import kanaal_van_gesprek
from bot.overdracht.opmerkingen import zonder_opmerkingen
from bot.overdracht.persoonsgegevens import PERSOONLIJKE_SLOTS, WIS_SLOT
from bot.overdracht.uitlezen import Gevonden, lees_gesprek
from bot.overdracht.vragen import STANDAARD_STAPPEN, Vraagsoorten, lees_vraagsoorten

FORM_SLOTS = ["wat", "waarom", "hoe", "detail", "details", *PERSOONLIJKE_SLOTS, "toestemming", "bevestiging",
              "aanpassen", "wil_aanpassen", "eerder_zaaknummer", "detail_stap", "klacht"]
# Intents that steer the conversation: a short message with one of them tells no story ("ik wil iemand spreken").
STOP_INTENT = "stop"
STUURINTENTS = {"greet", "goodbye", "affirm", "deny", "thank", "request_human", "stop", "bot_challenge", "ask_status",
                "nu_chatten", "english"}


def soorten() -> Vraagsoorten:
    return lees_vraagsoorten()


def inhoud_stappen(tracker: Tracker) -> list[str]:
    """The content questions of this case's kind, in order (config/vragen.yml)."""
    return soorten().stappen_voor(tracker.get_slot("onderwerp"), klacht=bool(tracker.get_slot("klacht")),
                                  verhaal=tracker.get_slot("wat"))


def detail_stappen(tracker: Tracker) -> list[str]:
    return [stap for stap in inhoud_stappen(tracker) if soorten().is_detail(stap)]


def details_van(tracker: Tracker) -> dict[str, Any]:
    return dict(tracker.get_slot("details") or {})


def open_detail(tracker: Tracker) -> str | None:
    """The first kind-specific question not answered yet."""
    details = details_van(tracker)
    return next((stap for stap in detail_stappen(tracker) if not details.get(stap)), None)


def gevraagde_slots(tracker: Tracker) -> list[str]:
    """The slots the form still fills, in order: content (with ``detail`` where the kind-specific
    questions come), consent, and with consent company, contact and the summary."""
    slots: list[str] = []
    for stap in inhoud_stappen(tracker):
        slot = stap if stap in STANDAARD_STAPPEN else "detail"
        if slot not in slots and (slot != "detail" or open_detail(tracker)):
            slots.append(slot)
    slots.append("toestemming")
    if tracker.get_slot("toestemming") is not False:
        slots += ["bedrijf", "contact"]
        if tracker.get_slot("wil_aanpassen"):
            slots.append("aanpassen")
        slots.append("bevestiging")
    return slots


def leeg_formulier() -> list[EventType]:
    """Forget everything the form collected."""
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


def vergeet_persoonlijk() -> list[EventType]:
    """Forget the personal details only (consent refused): the question itself stays in the conversation.

    The slots are emptied, and the tracker store wipes the details from the conversation's earlier
    events too (bot/componenten/trackerstore.py)."""
    return [*(SlotSet(slot, None) for slot in PERSOONLIJKE_SLOTS), SlotSet(WIS_SLOT, True)]


def kanaal_van(tracker: Tracker) -> str:
    """The channel of this conversation, from its id, which the channel made (bot/kern/identiteit.py)."""
    return kanaal_van_gesprek(tracker.sender_id)


def voornaam(naam: str) -> str:
    return naam.split()[0]


def eigen_berichten(tracker: Tracker) -> list[tuple[str, str | None]]:
    """The entrepreneur's typed messages in this session since they last said stop, oldest first, with their
    intent; button payloads ("/affirm") left out. After a stop the bot says it kept nothing, so a new
    handoff starts from what comes after it."""
    berichten: list[tuple[str, str | None]] = []
    for event in tracker.events or []:
        if event.get("event") == "session_started":
            berichten = []
        elif event.get("event") == "user":
            tekst = (event.get("text") or "").strip()
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == STOP_INTENT:
                berichten = []
            elif tekst and not tekst.startswith("/"):
                berichten.append((tekst, intent))
    return berichten


def vertelt_iets(tekst: str, intent: str | None) -> bool:
    """A message that says what the entrepreneur wants, not only "ja", "hallo" or "ik wil iemand spreken"."""
    woorden = [w for w in tekst.split() if any(c.isalpha() for c in w)]
    return len(woorden) >= 4 and (intent not in STUURINTENTS or len(woorden) >= 10)


def wat_gezegd_is(tracker: Tracker) -> Gevonden:
    """The facts in everything the entrepreneur typed in this session."""
    return lees_gesprek([tekst for tekst, _ in eigen_berichten(tracker)])


def verhaal(tracker: Tracker) -> str | None:
    """The messages that told what the entrepreneur wants, joined (at most 1000 characters), without their
    remarks about the conversation; after "nee, ik bedoel iets anders" only what came from there on."""
    delen: list[str] = []
    for tekst, intent in eigen_berichten(tracker):
        if AFGEWEZEN.search(tekst):
            delen = []
        if vertelt_iets(tekst := zonder_opmerkingen(tekst), intent):
            delen.append(tekst if tekst[-1] in ".!?" else f"{tekst}.")  # each message reads as its own sentence
    return " ".join(delen)[:1000] or None


def wees_getoond_af(tracker: Tracker) -> bool:
    """The entrepreneur said the answer shown was about something else than they mean."""
    return any(AFGEWEZEN.search(tekst) for tekst, _ in eigen_berichten(tracker))


def in_taal(sjabloon: str, tracker: Tracker) -> str:
    """The English template (``..._en.txt``) for an English speaker (slot ``taal``), else the Dutch one."""
    return sjabloon.replace(".txt", "_en.txt") if tracker.get_slot("taal") == "en" else sjabloon


def tekst_labels(tracker: Tracker) -> dict[str, str]:
    """The labels of the standard parts (teksten/acties/bevestiging/labels*.txt, one ``part: label`` per line)."""
    regels = teksten.tekst(in_taal("acties/bevestiging/labels.txt", tracker)).splitlines()
    return {deel.strip(): label.strip() for deel, _, label in (r.partition(":") for r in regels if ":" in r)}
