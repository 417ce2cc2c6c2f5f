"""The worker's job for WhatsApp messages the Rasa server recorded but never finished.

The webhook records every message before Meta gets its 200 and the server handles it right
after (bot/kanalen/whatsapp/inkomend.py). When the server restarts or dies in between, the
message stays ``ontvangen``. Each run (``herstel_achtergebleven``) takes those that waited
longer than ``WACHTTIJD`` and that nobody holds, one by one: claim (its lease runs from that
moment, read from ``klok``), then have the Rasa server handle it through the channel's recovery
route (``HerstelApi``: ``POST /webhooks/whatsapp/herstel``). The server hands it to Rasa in the
same conversation (``whatsapp:<wa_id>``), places Rasa's answers in the outbox and marks the
message ``verwerkt`` in one transaction; the outbox round that follows sends the answers
through the WhatsApp deliverer (bot/kanalen/whatsapp/bezorger.py), inside the 24-hour window
or as the template outside it. A failed attempt is retried after a pause.

Loads no Rasa and no Sanic: the worker imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import httpx
from sqlalchemy.engine import Engine

from bot.kanalen.whatsapp import inkomend
from bot.kern.claims import is_definitieve_http_fout

log = logging.getLogger(__name__)

PAD = "/webhooks/whatsapp/herstel"


class HerstelFout(Exception):
    """The Rasa server did not handle the message; ``kwijt``: it is handled or held by someone else."""

    def __init__(self, melding: str, *, definitief: bool = False, kwijt: bool = False) -> None:
        super().__init__(melding)
        self.definitief = definitief
        self.kwijt = kwijt


class Herstel(Protocol):
    """Has the Rasa server handle recorded message ``rij_id``, which ``werker`` holds."""

    def verwerk(self, rij_id: int, werker: str) -> int: ...


@dataclass(frozen=True)
class HerstelApi:
    """The recovery route of the WhatsApp channel on the Rasa server (bot/kanalen/whatsapp/invoer.py).

    ``url`` and ``token`` are those of Rasa's HTTP API (INGANG_RASA_URL, INGANG_RASA_TOKEN); the
    token goes in a header, never in the URL.
    """

    url: str
    token: str
    timeout: float = 60.0
    transport: httpx.BaseTransport | None = None  # tests: the Sanic app in process

    def verwerk(self, rij_id: int, werker: str) -> int:
        """How many answers Rasa gave; ``HerstelFout`` when it did not handle the message."""
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                antwoord = client.post(f"{self.url.rstrip('/')}{PAD}", json={"id": rij_id, "werker": werker},
                                       headers={"Authorization": f"Bearer {self.token}"})
        except httpx.HTTPError as fout:
            raise HerstelFout(f"Rasa niet bereikbaar: {type(fout).__name__}: {fout}") from fout
        if antwoord.status_code == 409:
            raise HerstelFout("al verwerkt, of door een ander genomen", kwijt=True)
        if antwoord.status_code >= 300:
            raise HerstelFout(f"Rasa antwoordde {antwoord.status_code}: {antwoord.text[:300]}",
                              definitief=is_definitieve_http_fout(antwoord.status_code))
        return int(antwoord.json().get("antwoorden", 0))


def herstel_achtergebleven(
    *,
    engine: Engine,
    rasa: Herstel | None,
    nu: datetime,
    werker: str,
    klok: Callable[[], datetime] | None = None,
    limiet: int = 50,
) -> int:
    """Have the Rasa server handle the messages left ``ontvangen`` at ``nu``; how many it handled.

    ``klok`` is read when each message is claimed, so that its lease runs from the claim however
    long the messages before it took (without it, the fixed ``nu``). Without the route
    (``rasa`` None: no INGANG_RASA_TOKEN) nothing is done. Never raises: a failure is logged and
    the message tried again later.
    """
    if rasa is None:
        return 0
    klok = klok or (lambda: nu)
    verwerkt = 0
    try:
        ids = inkomend.achtergebleven(engine, nu, limiet)
    except Exception:  # the database is away: the next round tries again
        log.exception("WhatsApp-berichten: herstel overgeslagen")
        return 0
    for rij_id in ids:
        try:
            verwerkt += herstel_een(engine=engine, rasa=rasa, rij_id=rij_id, werker=werker, klok=klok)
        except Exception:
            log.exception("WhatsApp-bericht (rij %s) niet hersteld; volgende ronde opnieuw", rij_id)
    return verwerkt


def herstel_een(*, engine: Engine, rasa: Herstel, rij_id: int, werker: str, klok: Callable[[], datetime]) -> int:
    """Claim one message and have the Rasa server handle it; 1 when it did, else 0."""
    if not inkomend.neem(engine, rij_id, werker, klok()):
        return 0  # another worker has it, or the server finished it meanwhile
    try:
        rasa.verwerk(rij_id, werker)
    except HerstelFout as fout:
        if not fout.kwijt:
            log.warning("WhatsApp-bericht (rij %s) niet verwerkt door Rasa: %s", rij_id, fout)
            inkomend.mislukt(engine, rij_id, werker, klok(), str(fout), definitief=fout.definitief)
        return 0
    return 1
