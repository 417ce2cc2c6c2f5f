"""Consent refused or the questions stopped: the personal details go from the conversation's events too.

Rasa keeps every event of a conversation: the messages in which the entrepreneur typed a name,
phone number or e-mail address, the slot events that stored them and the summary that echoed
them. Clearing the slots afterwards only adds events. So when a turn asks for it (the slot
``WIS_SLOT``, set by the actions that refuse or stop), the tracker store
(bot/componenten/trackerstore.py) rewrites the stored events with ``zonder_persoonsgegevens``:

- the personal slots' values become empty;
- a message that answered a question for a personal detail (company, contact) is replaced whole,
  because "mijn nummer is 06 12 34 56 78" holds the number in a form no pattern needs to guess;
- everywhere else (the story of the first message, the question slots, the summary, the
  metadata) the values those slots had, phone numbers, e-mail addresses and KvK numbers are
  masked, the same masking as the logs (bot/kern/logboek.py).

What stays is what the entrepreneur asked, without the details: "toch wel" continues the questions,
and the figures still count the question. Event types, intents and names of actions stay, so Rasa
reads the conversation as before. The whole conversation is rewritten, so the details of an earlier
case made in it are masked in its transcript too; that case keeps them in the application database.
The conversation id itself stays (for WhatsApp it is the phone number; docs/privacy.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.kern.logboek import MASKER, maskeer_met_kvk

PERSOONLIJKE_SLOTS = ("bedrijf", "bedrijfsnaam", "kvk_nummer", "contact", "contactnaam", "telefoon", "email")
WIS_SLOT = "persoonsgegevens_wissen"
# Keys of an event that name things rather than hold what someone typed.
STRUCTUUR = frozenset({"event", "name", "policy", "input_channel", "message_id", "timestamp", "action_text",
                       "entity", "extractor", "intent", "intent_ranking", "response_selector", "confidence"})
KORTSTE_WAARDE = 3  # a shorter value ("Jo") would mask letters in ordinary words


def wissen_gevraagd(events_van_beurt: Iterable[dict[str, Any]]) -> bool:
    """One of this turn's events asks to wipe the personal details."""
    return any(e.get("event") == "slot" and e.get("name") == WIS_SLOT and e.get("value") for e in events_van_beurt)


def zonder_persoonsgegevens(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same events, one for one, without the personal details (see the module's docstring)."""
    waarden = _waarden_patroon(events)
    gevraagd: Any = None
    schoon = []
    for event in events:
        soort, naam = event.get("event"), event.get("name")
        if soort == "slot" and naam in PERSOONLIJKE_SLOTS:
            schoon.append({**event, "value": None})
            continue
        if soort == "user" and gevraagd in PERSOONLIJKE_SLOTS:
            schoon.append(_gemaskeerd(_zonder_tekst(event), waarden))
            continue
        if soort == "slot" and naam == "requested_slot":
            gevraagd = event.get("value")
        schoon.append(_gemaskeerd(event, waarden))
    return schoon


def _waarden_patroon(events: list[dict[str, Any]]) -> re.Pattern[str] | None:
    """Every value a personal slot had in the conversation, and a contact's first name, as whole words."""
    waarden: set[str] = set()
    for event in events:
        waarde = event.get("value")
        if event.get("event") == "slot" and event.get("name") in PERSOONLIJKE_SLOTS and isinstance(waarde, str):
            waarden.add(waarde.strip())
            if event.get("name") == "contactnaam":
                waarden.add(waarde.split()[0] if waarde.split() else "")
    waarden = {w for w in waarden if len(w) >= KORTSTE_WAARDE}
    if not waarden:
        return None
    langste_eerst = sorted(waarden, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, langste_eerst)) + r")(?!\w)", re.IGNORECASE)


def _zonder_tekst(event: dict[str, Any]) -> dict[str, Any]:
    """A message that answered a question for a personal detail: its words go, its intent stays."""
    parse_data = {**(event.get("parse_data") or {}), "text": MASKER, "entities": []}
    return {**event, "text": MASKER, "parse_data": parse_data}


def _gemaskeerd(waarde: Any, waarden: re.Pattern[str] | None) -> Any:
    if isinstance(waarde, str):
        if waarden is not None:
            waarde = waarden.sub(MASKER, waarde)
        return maskeer_met_kvk(waarde)
    if isinstance(waarde, list):
        return [_gemaskeerd(w, waarden) for w in waarde]
    if isinstance(waarde, dict):
        return {k: w if k in STRUCTUUR else _gemaskeerd(w, waarden) for k, w in waarde.items()}
    return waarde
