"""No bot text twice in one conversation: what the actions need to check before they send.

Fixed responses are varied by the NLG (``bot/componenten/nlg.py``); these helpers let an action
see which texts were already sent, skip an optional response whose every variation was used,
and pick the first new wording of a text it builds itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.kennisbank.antwoorden import Bericht
from bot.kern.teksten import tekst as sjabloon


def verstuurde_teksten(tracker: Tracker) -> list[str]:
    """The bot's texts in the current session of this conversation, oldest first."""
    teksten: list[str] = []
    for event in tracker.events or []:
        if event.get("event") == "session_started":
            teksten = []
        elif event.get("event") == "bot" and event.get("text"):
            teksten.append(event["text"])
    return teksten


def is_verstuurd(tracker: Tracker, tekst: str) -> bool:
    return tekst in verstuurde_teksten(tracker)


def eerste_nieuwe(kandidaten: Iterable[str], verstuurd: list[str]) -> str | None:
    """The first text not sent before, or None when every one was."""
    return next((tekst for tekst in kandidaten if tekst not in verstuurd), None)


def past_bij_slots(variatie: dict[str, Any], tracker: Tracker) -> bool:
    """Whether a response variation's slot conditions hold (as Rasa's NLG filters them)."""
    for voorwaarde in variatie.get("condition") or []:
        waarde = tracker.get_slot(voorwaarde.get("name"))
        verwacht = voorwaarde.get("value")
        if isinstance(waarde, str) and isinstance(verwacht, str):
            if waarde.casefold() != verwacht.casefold():
                return False
        elif waarde != verwacht:
            return False
    return True


def variaties(domain: dict[str, Any], response: str, tracker: Tracker) -> list[str]:
    """The texts of a response that the NLG can choose from now: the conditional variations that
    hold when there are any (as Rasa does), else the ones without a condition."""
    alle = (domain.get("responses") or {}).get(response) or []
    passend = [v for v in alle if v.get("condition") and past_bij_slots(v, tracker)]
    if not passend:
        passend = [v for v in alle if not v.get("condition")]
    return [v.get("text") or "" for v in passend]


def heeft_nieuwe_variatie(domain: dict[str, Any], response: str, tracker: Tracker) -> bool:
    """Whether a response still has a wording that was not sent in this conversation. A domain
    without that response (a unit test) counts as yes."""
    teksten = variaties(domain, response, tracker)
    return not teksten or eerste_nieuwe(teksten, verstuurde_teksten(tracker)) is not None


class ZonderHerhaling(CollectingDispatcher):
    """A dispatcher that leaves out a message the conversation already had: a response with every
    wording sent, or the same text. For messages about an answer ("Kunt u daar iets meer over
    vertellen?"): the question that follows asks again anyway."""

    def __init__(self, domain: dict[str, Any], tracker: Tracker) -> None:
        super().__init__()
        self.domain, self.tracker = domain, tracker

    def utter_message(self, text: str | None = None, response: str | None = None, **kwargs: Any) -> None:
        if response and not heeft_nieuwe_variatie(self.domain, response, self.tracker):
            return
        if text and is_verstuurd(self.tracker, text):
            return
        super().utter_message(text=text, response=response, **kwargs)


def verstuur(dispatcher: CollectingDispatcher, bericht: Bericht) -> None:
    """Send a message an action built itself (text, buttons and ``custom`` payload)."""
    dispatcher.utter_message(text=bericht.tekst, buttons=bericht.knoppen or None, json_message=bericht.custom)


def nog_eens(kandidaten: list[str], verstuurd: list[str], taal: str | None) -> str:
    """A question asked in every wording already and needed once more (a part of the summary corrected): its
    first wording with words that say it is asked again, not sent before, so that no turn stays silent and no
    text comes twice (teksten/acties/nog_eens.txt)."""
    wijzen = [sjabloon("acties/nog_eens.txt", vraag=vraag, taal=taal, variant=variant)
              for vraag in kandidaten for variant in range(3)]
    return eerste_nieuwe(wijzen, verstuurd) or wijzen[-1]


def ingevuld(tekst: str, tracker: Tracker) -> str:
    """A response's text with its slots filled in, as the NLG does ("{contactnaam}")."""
    return re.sub(r"\{(\w+)\}", lambda m: str(tracker.get_slot(m.group(1)) or ""), tekst)
