"""The conversation of a case as lines for the case page, from the events of Rasa's tracker.

Only text is taken from the events; the page escapes it (never rendered as HTML).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot.integraties.rasa_api import RasaApi, RasaApiFout
from bot.overname import OVERNAME_SLOT


@dataclass(frozen=True)
class Regel:
    soort: str  # ondernemer, assistent, medewerker, overname
    wie: str
    tekst: str
    op: datetime | None


def lees_transcript(rasa: RasaApi, gesprek_id: str) -> tuple[list[Regel], str | None]:
    """The lines of the conversation, or an empty list and a Dutch message when Rasa cannot be reached."""
    try:
        return regels(rasa.gebeurtenissen(gesprek_id)), None
    except RasaApiFout:
        return [], "Het gesprek kan nu niet worden geladen: de digitale assistent is niet bereikbaar."


def regels(gebeurtenissen: Iterable[dict[str, Any]]) -> list[Regel]:
    resultaat = []
    for gebeurtenis in gebeurtenissen:
        regel = _regel(gebeurtenis)
        if regel is not None:
            resultaat.append(regel)
    return resultaat


def _regel(gebeurtenis: dict[str, Any]) -> Regel | None:
    soort = gebeurtenis.get("event")
    op = _moment(gebeurtenis.get("timestamp"))
    if soort == "user" and gebeurtenis.get("text"):
        return Regel("ondernemer", "Ondernemer", str(gebeurtenis["text"]), op)
    if soort == "bot" and gebeurtenis.get("text"):
        medewerker = (gebeurtenis.get("metadata") or {}).get("medewerker") or (
            ((gebeurtenis.get("data") or {}).get("custom") or {}).get("medewerker")
        )
        if isinstance(medewerker, dict) and medewerker.get("naam"):
            return Regel("medewerker", str(medewerker["naam"]), str(gebeurtenis["text"]), op)
        return Regel("assistent", "Digitale assistent", str(gebeurtenis["text"]), op)
    if soort == "slot" and gebeurtenis.get("name") == OVERNAME_SLOT:
        waarde = gebeurtenis.get("value")
        tekst = f"Gesprek overgenomen door {waarde}" if waarde else "Gesprek teruggegeven aan de digitale assistent"
        return Regel("overname", "", tekst, op)
    return None


def _moment(waarde: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(waarde), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
