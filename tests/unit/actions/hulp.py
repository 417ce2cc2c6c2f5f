"""Running a custom action in a unit test: a tracker, a dispatcher, and awaiting async actions."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.utils import call_potential_coroutine

DOMAIN = {"responses": {"utter_keuze": [{"text": "Welke past het best?"}]}}


def tracker(
    tekst: str,
    intent: str | None = None,
    onderwerp: str | None = None,
    entities: list | None = None,
    slots: dict[str, Any] | None = None,
    sender_id: str = "test",
) -> Tracker:
    return Tracker(
        sender_id=sender_id,
        slots={"onderwerp": onderwerp, **(slots or {})},
        latest_message={"text": tekst, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []},
        # the latest message is also the last user event, as in a tracker the action server receives
        events=[{"event": "user", "text": tekst, "parse_data": {"intent": {"name": intent}}}] if tekst else [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(actie: Action, t: Tracker, domain: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Run ``actie`` as the action server does (awaited when async): its messages and events."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(call_potential_coroutine(actie.run(dispatcher, t, DOMAIN if domain is None else domain)))
    return dispatcher.messages, events


def valideer(
    actie: Action, slot: str, tekst: str, *, vereist: list[str], slots: dict[str, Any] | None = None,
    sender_id: str = "test",
) -> tuple[list[dict], list[dict]]:
    """Run a form's validation action as Rasa does after the user typed ``tekst`` for ``slot``: the
    slot candidate is the last event. Its messages and events."""
    t = tracker(tekst, "inform", slots={**(slots or {}), "requested_slot": slot}, sender_id=sender_id)
    t.events.append({"event": "slot", "name": slot, "value": tekst})
    t.slots[slot] = tekst
    formulier = actie.name().removeprefix("validate_")
    return run(actie, t, {**DOMAIN, "forms": {formulier: {"required_slots": vereist}}})


def kaarten(berichten: list[dict]) -> list[dict]:
    """The kennisbank cards (``custom.kennisbank``) among an action's messages."""
    return [b["custom"]["kennisbank"] for b in berichten if b.get("custom") and "kennisbank" in b["custom"]]
