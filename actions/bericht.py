"""What the entrepreneur's latest message carries besides its words: an entity the NLU set, whether
the channel cut it, whether it sounds angry."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

# An angry or upset message: acknowledged before anything else.
BOOS = re.compile(
    r"\b(belachelijk|schandalig|schandaal|schande|boos|woedend|kwaad|pisnijdig|zat|genoeg van|klaar mee|"
    r"waardeloos|onzin|idioot|absurd|bizar|te gek voor woorden|niet normaal|word er gek|wordt gek|"
    r"niemand doet|niemand luistert|ik ben het zat|frustrerend|gefrustreerd|ergerlijk|klote|kut|"
    r"godverdomme|verdomme|tering|wtf)\b|!{2,}",
    re.IGNORECASE,
)


def entiteit(tracker: Tracker, naam: str) -> str | None:
    for e in tracker.latest_message.get("entities") or []:
        if e.get("entity") == naam:
            return e.get("value")
    return None


def is_ingekort(tracker: Tracker) -> bool:
    """The message was cut at its maximum length (entity ``invoer_soort: ingekort``, bot/componenten/nlu.py)."""
    return any(e.get("entity") == "invoer_soort" and e.get("value") == "ingekort"
               for e in tracker.latest_message.get("entities") or [])


def is_boos(tekst: str) -> bool:
    letters = [t for t in tekst if t.isalpha()]
    hoofdletters = len(letters) >= 12 and sum(t.isupper() for t in letters) / len(letters) > 0.7
    return hoofdletters or bool(BOOS.search(tekst))
