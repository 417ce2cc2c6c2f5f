"""The Rasa server's HTTP API, as the staff console and the worker use it: read a conversation,
set or clear the takeover slot, add a medewerker's message to the transcript.

Rasa runs with ``--enable-api --auth-token`` (see Procfile); the console and the worker read
INGANG_RASA_URL and INGANG_RASA_TOKEN. The order of the calls around a takeover, so that the
slot and the ``overname`` row always agree, is in bot/overname/protocol.py; tests use
tests/fakes/rasa_api.py. Appending events goes through Rasa, which takes the
conversation's lock (Redis lock store in production), so a takeover never races with the bot
answering a message in another replica.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bot.overname import OVERNAME_SLOT

STANDAARD_URL = "http://127.0.0.1:5005"


class RasaApiFout(Exception):
    """The Rasa server could not be reached or refused the request."""


@dataclass(frozen=True)
class RasaApi:
    url: str
    token: str
    timeout: float = 10.0

    @classmethod
    def uit_omgeving(cls) -> RasaApi:
        return cls(url=os.environ.get("INGANG_RASA_URL", STANDAARD_URL).rstrip("/"),
                   token=os.environ.get("INGANG_RASA_TOKEN", ""))

    def gebeurtenissen(self, gesprek_id: str) -> list[dict[str, Any]]:
        """All events of the conversation (every session), oldest first."""
        antwoord = self._verzoek("GET", f"/conversations/{gesprek_id}/tracker", params={"include_events": "ALL"})
        return list(antwoord.get("events") or [])

    def zet_overname(self, gesprek_id: str, naam: str | None) -> None:
        """Start (``naam`` of the medewerker) or end (None) a takeover: the bot stays silent meanwhile."""
        self._voeg_toe(gesprek_id, [{"event": "slot", "name": OVERNAME_SLOT, "value": naam, "timestamp": time.time()}])

    def voeg_medewerkerbericht_toe(self, gesprek_id: str, tekst: str, custom: dict[str, Any]) -> None:
        """Record a medewerker's message in the transcript (delivery goes through the outbox)."""
        self._voeg_toe(gesprek_id, [{
            "event": "bot", "text": tekst, "timestamp": time.time(),
            "data": {"custom": custom}, "metadata": {"medewerker": custom.get("medewerker")},
        }])

    def _voeg_toe(self, gesprek_id: str, events: list[dict[str, Any]]) -> None:
        self._verzoek("POST", f"/conversations/{gesprek_id}/tracker/events", json=events)

    def _verzoek(self, methode: str, pad: str, **kwargs: Any) -> dict[str, Any]:
        params = {**kwargs.pop("params", {}), "token": self.token}
        try:
            antwoord = httpx.request(methode, f"{self.url}{pad}", params=params, timeout=self.timeout, **kwargs)
        except httpx.HTTPError as fout:
            raise RasaApiFout(f"Rasa niet bereikbaar op {self.url}: {fout}") from fout
        if antwoord.status_code >= 400:
            raise RasaApiFout(f"Rasa weigerde {methode} {pad}: {antwoord.status_code} {antwoord.text[:300]}")
        return antwoord.json()
