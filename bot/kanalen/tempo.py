"""Message rate limits at the edge, the same for every channel: per conversation and per IP address.

Every message is counted before Rasa reads it (``bewaakt`` wraps the channel's ``on_new_message``,
after the length cut): per conversation (channel identity) and, for the web chat and REST, per
IP address, per minute and per hour, in the database (bot/kern/tempo.py), so the limits hold
across replicas. A message over a limit is not handled; the first one over it gets a friendly
reply (``teksten/kanalen/te_snel.txt``), the rest of that window gets silence, so that a flood
is not answered with a flood. The conversation's IP address is recorded too, for the limit on
handoffs per address (bot/overdracht/limiet.py).

The channel tells the IP address through ``herkomst_ip`` (a context variable, set in the request
or socket handler that calls ``on_new_message``). Behind a load balancer, Sanic must be told to
read the client's address from its header (``SANIC_PROXIES_COUNT`` / ``SANIC_REAL_IP_HEADER``,
docs/beveiliging.md), else every visitor has the balancer's address.

Limits (per minute / per hour), from the environment: ``INGANG_MAX_BERICHTEN_GESPREK`` (default
``20/300``) and ``INGANG_MAX_BERICHTEN_IP`` (default ``60/1000``: an office or a library shares
one address). When the database cannot be reached, the message is handled (the limit fails open,
the conversation does not).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rasa.core.channels.channel import UserMessage
from sqlalchemy.engine import Engine

from bot.kern.db import default_engine, transaction
from bot.kern.teksten import tekst
from bot.kern.tempo import noteer_herkomst, tel_alle
from bot.kern.tijd import utcnow

logger = logging.getLogger(__name__)

TE_SNEL_SJABLOON = "kanalen/te_snel.txt"
MINUUT, UUR = timedelta(minutes=1), timedelta(hours=1)

herkomst_ip: ContextVar[str | None] = ContextVar("herkomst_ip", default=None)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@dataclass(frozen=True)
class Limiet:
    per_minuut: int
    per_uur: int

    @classmethod
    def uit(cls, waarde: str | None, standaard: Limiet) -> Limiet:
        """``"20/300"`` → 20 a minute, 300 an hour; an empty or wrong value gives ``standaard``."""
        try:
            minuut, uur = (int(deel) for deel in (waarde or "").split("/"))
        except ValueError:
            return standaard
        return cls(minuut, uur) if minuut > 0 and uur > 0 else standaard


@dataclass(frozen=True)
class Limieten:
    gesprek: Limiet = Limiet(20, 300)
    ip: Limiet = Limiet(60, 1000)

    @classmethod
    def uit_omgeving(cls) -> Limieten:
        return cls(gesprek=Limiet.uit(os.environ.get("INGANG_MAX_BERICHTEN_GESPREK"), cls.gesprek),
                   ip=Limiet.uit(os.environ.get("INGANG_MAX_BERICHTEN_IP"), cls.ip))


def tellingen(gesprek_id: str, ip: str | None, limieten: Limieten) -> list[tuple[str, str, timedelta, int]]:
    """What to count for one message: (soort, sleutel, window, limit)."""
    soorten = [("bericht-gesprek-minuut", gesprek_id, MINUUT, limieten.gesprek.per_minuut),
               ("bericht-gesprek-uur", gesprek_id, UUR, limieten.gesprek.per_uur)]
    if ip:
        soorten += [("bericht-ip-minuut", ip, MINUUT, limieten.ip.per_minuut),
                    ("bericht-ip-uur", ip, UUR, limieten.ip.per_uur)]
    return soorten


def oordeel(engine: Engine, *, gesprek_id: str, ip: str | None, limieten: Limieten, nu: datetime) -> str:
    """Count this message: ``"ok"``, ``"eerste_te_veel"`` (reply once) or ``"te_veel"`` (silence)."""
    te_tellen = tellingen(gesprek_id, ip, limieten)
    with transaction(engine) as session:
        aantallen = tel_alle(session=session, tellingen=[(soort, sleutel, venster) for soort, sleutel, venster, _ in te_tellen],
                             nu=nu)
        if ip:
            noteer_herkomst(session=session, gesprek_id=gesprek_id, ip=ip, nu=nu)
    tellen = [(aantal, limiet) for aantal, (*_, limiet) in zip(aantallen, te_tellen, strict=True)]
    if all(aantal <= limiet for aantal, limiet in tellen):
        return "ok"
    return "eerste_te_veel" if any(aantal == limiet + 1 for aantal, limiet in tellen) else "te_veel"


def bewaakt(on_new_message: OnNewMessage, *, engine: Engine | None = None,
            limieten: Limieten | None = None) -> OnNewMessage:
    """``on_new_message`` that first counts each message and stops it when over a limit."""
    limieten = limieten or Limieten.uit_omgeving()

    async def ontvang(message: UserMessage) -> Any:
        gesprek_id = str(message.sender_id or "")
        try:
            uitslag = await asyncio.to_thread(oordeel, engine or default_engine(), gesprek_id=gesprek_id,
                                              ip=herkomst_ip.get(), limieten=limieten, nu=utcnow())
        except Exception:  # noqa: BLE001 - the limit fails open, the conversation must not
            logger.exception("Berichtlimiet niet geteld voor %s; bericht toch verwerkt.", gesprek_id)
            uitslag = "ok"
        if uitslag == "ok":
            return await on_new_message(message)
        logger.warning("Te veel berichten van %s (%s); bericht niet verwerkt.", gesprek_id, uitslag)
        if uitslag == "eerste_te_veel" and message.output_channel is not None:
            await message.output_channel.send_text_message(gesprek_id, tekst(TE_SNEL_SJABLOON))
        return None

    return ontvang
