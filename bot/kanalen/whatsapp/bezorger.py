"""Outbox delivery on WhatsApp (staff replies, escalations) for the follow-up worker.

WhatsApp allows free-form messages only within 24 hours after the entrepreneur's last message
(the customer-service window, recorded by the webhook in ``kanaal_venster``). Inside it the
message goes as usual; outside it as the approved template INGANG_WHATSAPP_TEMPLATE (language
nl, the text as its one body parameter), whose name is recorded on the outbox row
(``sjabloon``). The wamid the API returns is recorded too (``extern_id``), because WhatsApp
reports a message it accepted but could not deliver only later, in a status callback
(bot/kanalen/whatsapp/statussen.py: 131047 sends it again as the template). Loads no Rasa and
no Sanic: the worker imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from bot.kanalen.boekhouding import laatste_inkomend
from bot.kanalen.brug import voer_uit
from bot.kanalen.whatsapp.api import nieuwe_client, verstuur
from bot.kanalen.whatsapp.config import KANAAL, NODIG_VOOR_VERSTUREN, WhatsAppInstellingen
from bot.kanalen.whatsapp.opmaak import berichttekst, sjabloon_bericht, whatsapp_berichten
from bot.kern.db import default_engine, transaction
from bot.kern.identiteit import VreemdGesprek, extern_id
from bot.kern.tijd import utcnow
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import Bericht, BezorgFout

logger = logging.getLogger(__name__)

# The customer-service window, with a margin so a message never arrives just after it closed.
VENSTER = timedelta(hours=24)
VENSTER_MARGE = timedelta(minutes=5)


def binnen_venster(laatste_inkomend_op: datetime | None, nu: datetime) -> bool:
    """True when a free-form message may still be sent (the entrepreneur wrote in the last 24 h)."""
    return laatste_inkomend_op is not None and nu - laatste_inkomend_op < VENSTER - VENSTER_MARGE


class WhatsAppBezorger:
    """Sends outbox messages: normally inside the 24-hour window, as the template outside it."""

    kanaal = KANAAL
    TIMEOUT = 15.0

    def __init__(
        self,
        instellingen: WhatsAppInstellingen,
        engine: Engine | None = None,
        klok: Callable[[], datetime] = utcnow,
    ) -> None:
        self.instellingen = instellingen
        self.engine = engine
        self.klok = klok

    @classmethod
    def uit_omgeving(cls) -> WhatsAppBezorger | None:
        """The deliverer configured by the environment, or None when WhatsApp cannot send."""
        instellingen = WhatsAppInstellingen.uit_omgeving()
        if instellingen.ontbrekend(NODIG_VOOR_VERSTUREN):
            return None
        if not instellingen.sjabloon:
            logger.warning("INGANG_WHATSAPP_TEMPLATE ontbreekt: berichten buiten het 24-uursvenster mislukken.")
        return cls(instellingen)

    def bezorg(self, bericht: Bericht) -> None:
        """Send it; ``BezorgFout`` if not (final for 4xx except 408/409/429, see ``api.beoordeel``).

        A message of several parts whose later part fails is sent whole again on the retry.
        """
        engine = self.engine or default_engine()
        with transaction(engine) as session:
            laatste = laatste_inkomend(session=session, kanaal=KANAAL, kanaal_id=wa_id_van(bericht))
        payloads, sjabloon = self.payloads(bericht, binnen_venster(laatste, self.klok()))
        wamid = voer_uit(self._verstuur(payloads))
        noteer_verzending(engine, bericht.id, sjabloon, wamid)

    async def _verstuur(self, payloads: list[dict[str, Any]]) -> str | None:
        """Send the parts in order; the wamid of the first (a failure of the message fails it first)."""
        wamids = []
        async with nieuwe_client(self.TIMEOUT) as client:
            for payload in payloads:
                wamids.append(await verstuur(client, self.instellingen, payload))
        return next((wamid for wamid in wamids if wamid), None)

    def payloads(self, bericht: Bericht, binnen: bool) -> tuple[list[dict[str, Any]], str | None]:
        """What to send, and the template's name when it is the template."""
        if binnen:
            return whatsapp_berichten(wa_id_van(bericht), bericht.als_rasa_bericht()), None
        sjabloon = self.instellingen.sjabloon
        if not sjabloon:
            raise BezorgFout(
                "buiten het 24-uursvenster van WhatsApp en geen sjabloon ingesteld (INGANG_WHATSAPP_TEMPLATE)",
                definitief=True,
            )
        tekst = berichttekst(bericht.als_rasa_bericht())
        return [sjabloon_bericht(wa_id_van(bericht), sjabloon, tekst)], sjabloon


def wa_id_van(bericht: Bericht) -> str:
    """The phone number of a message to ``whatsapp:<wa_id>``; any other conversation is refused for good."""
    try:
        return extern_id(KANAAL, bericht.ontvanger)
    except VreemdGesprek as fout:
        raise BezorgFout(str(fout), definitief=True) from fout


def noteer_verzending(engine: Engine, bericht_id: int, sjabloon: str | None, wamid: str | None) -> None:
    """Record on the outbox row how it went out: as ``sjabloon`` (None: as a normal message) and as
    ``wamid``; a failure here is only logged, because the message was sent and must not be sent again."""
    try:
        with transaction(engine) as session:
            rij = session.get(UitgaandBericht, bericht_id)
            if rij is not None:
                rij.sjabloon = sjabloon
                rij.extern_id = wamid
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("Verzending van bericht %s niet vastgelegd", bericht_id)
