"""The REST channel: Rasa's, plus the outbox messages that waited for the entrepreneur.

REST cannot push. A message placed in the outbox for a REST conversation (an escalation, a
staff member's reply) waits until the entrepreneur sends their next message; the reply to that
message then starts with the waiting messages, oldest first, followed by the normal answer.
Taking them marks them afgeleverd with one conditional UPDATE each (``neem_af``), so two
replicas answering two messages of the same sender at once never both show one.

Everything else is Rasa's ``RestInput`` (same name ``rest``, same URL
``/webhooks/rest/webhook``, streaming, metadata). A body that is not a JSON object gets a
400 with a short explanation instead of a server error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

from rasa.core.channels import rest
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.kanalen.lengte import begrens_verzoeken, begrensd
from bot.kern.db import default_engine, transaction
from bot.uitgaand.service import Bericht, neem_wachtende_af

logger = logging.getLogger(__name__)

# Channels whose messages are pushed by a deliverer; a REST request never takes those.
PUSH_KANALEN = frozenset({"webchat", "socketio", "telegram", "whatsapp"})
ONGELDIG = "Ongeldig verzoek. Stuur JSON zoals {\"sender\": \"u1\", \"message\": \"Mag ik een terras?\"}."


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = begrensd(on_new_message)  # the length cut first (bot/kanalen/lengte.py)

        async def eerst_wachtende_berichten(message: UserMessage) -> Any:
            await toon_wachtende_berichten(message)
            return await on_new_message(message)

        webhook = begrens_verzoeken(super().blueprint(eerst_wachtende_berichten))

        @webhook.exception(InvalidUsage)
        async def ongeldig_verzoek(request: Request, fout: Exception) -> HTTPResponse:
            return response.json({"status": "failure", "reason": "BadRequest", "message": ONGELDIG, "code": 400},
                                 status=400)

        return webhook

    async def _extract_sender(self, req: Request) -> str | None:
        if not isinstance(req.json, dict):  # a malformed body already raises InvalidUsage here
            raise InvalidUsage(ONGELDIG)
        return await super()._extract_sender(req)


def kanaal_van(message: UserMessage) -> str | None:
    """The outbox channel this request may take messages from (None: a push channel)."""
    kanaal = message.input_channel or RestInput.name()
    return None if kanaal in PUSH_KANALEN else kanaal


async def toon_wachtende_berichten(message: UserMessage) -> None:
    """Put the sender's waiting outbox messages first in this request's reply."""
    kanaal = kanaal_van(message)
    if kanaal is None or not message.sender_id:
        return
    try:
        berichten = await asyncio.to_thread(neem_af_voor, kanaal, message.sender_id)
    except Exception:  # the conversation goes on; the messages stay waiting for the next one
        logger.exception("Wachtende berichten voor %s niet opgehaald", message.sender_id)
        return
    for bericht in berichten:
        await message.output_channel._persist_message(bericht.als_rasa_bericht())


def neem_af_voor(kanaal: str, ontvanger: str) -> list[Bericht]:
    with transaction(default_engine()) as session:
        return neem_wachtende_af(session=session, kanaal=kanaal, ontvanger=ontvanger, nu=datetime.now(timezone.utc))
