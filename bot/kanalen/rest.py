"""The REST channel: Rasa's, plus the outbox messages that waited for the entrepreneur.

REST cannot push. A message placed in the outbox for a REST conversation (an escalation, a
staff member's reply) waits until the entrepreneur sends their next message; the reply to that
message then starts with the waiting messages, oldest first, followed by the normal answer.
Taking them marks them afgeleverd with one conditional UPDATE each (``neem_af``), so two
replicas answering two messages of the same sender at once never both show one.

Everything else is Rasa's ``RestInput`` (same name ``rest``, same URL
``/webhooks/rest/webhook``, streaming, metadata). A body that is not a JSON object gets a
400 with a short explanation instead of a server error.

REST is a channel for development and integrations, not for the public:

* It speaks only for itself: a request with an ``input_channel`` other than ``rest``, or a
  ``sender`` with a ``:`` (the mark of another channel's conversation ids,
  bot/kern/identiteit.py), gets 400. So no REST client can act as a Telegram, WhatsApp or web
  chat user.
* ``INGANG_REST=uit`` switches it off (404; or leave it out of the credentials file);
  ``INGANG_REST_TOKEN`` (or ``token:`` under the channel in credentials.yml) makes every request
  carry ``Authorization: Bearer <token>``, compared in constant time, else 401.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

from rasa.core.channels import rest
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.kanalen.lengte import begrensd
from bot.kanalen.proces import richt_server_in
from bot.kanalen.tempo import herkomst_ip
from bot.kern.db import default_engine, transaction
from bot.kern.identiteit import SCHEIDING
from bot.uitgaand.service import Bericht, neem_wachtende_af

logger = logging.getLogger(__name__)

# Channels whose messages are pushed by a deliverer; a REST request never takes those.
PUSH_KANALEN = frozenset({"webchat", "socketio", "telegram", "whatsapp"})
ONGELDIG = "Ongeldig verzoek. Stuur JSON zoals {\"sender\": \"u1\", \"message\": \"Mag ik een terras?\"}."
GEEN_TEKST = "Ongeldig verzoek: message moet tekst zijn en sender tekst of een getal (hoogstens 128 tekens)."
ANDER_KANAAL = "Het REST-kanaal spreekt alleen voor zichzelf: input_channel kan alleen \"rest\" zijn."
VREEMDE_AFZENDER = f"Een sender mag geen \"{SCHEIDING}\" bevatten."
UIT = "Het REST-kanaal staat uit."
GEEN_TOKEN = "Geen geldig token: stuur Authorization: Bearer <token>."
ENV_AAN = "INGANG_REST"
ENV_TOKEN = "INGANG_REST_TOKEN"


class Weigering(InvalidUsage):
    """A request the REST channel refuses, with the reason for the caller."""


class RestInput(rest.RestInput):
    def __init__(self, token: str | None = None, aan: bool = True) -> None:
        self.token = token or None
        self.aan = aan

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        token = (credentials or {}).get("token") or os.environ.get(ENV_TOKEN)
        return cls(token=token, aan=os.environ.get(ENV_AAN, "aan").strip().lower() != "uit")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = begrensd(on_new_message)  # the length cut first (bot/kanalen/lengte.py)

        async def eerst_wachtende_berichten(message: UserMessage) -> Any:
            await toon_wachtende_berichten(message)
            return await on_new_message(message)

        webhook = richt_server_in(super().blueprint(eerst_wachtende_berichten))

        @webhook.middleware("request")
        async def toegang(request: Request) -> HTTPResponse | None:
            herkomst_ip.set(request.remote_addr or request.ip)  # for the rate limits (bot/kanalen/tempo.py)
            if not self.aan:
                return response.json({"status": "failure", "reason": "NotFound", "message": UIT, "code": 404},
                                     status=404)
            if self.token and not token_klopt(request.headers.get("Authorization"), self.token):
                return response.json({"status": "failure", "reason": "NotAuthorized", "message": GEEN_TOKEN,
                                      "code": 401}, status=401)
            return None

        @webhook.exception(InvalidUsage)
        async def ongeldig_verzoek(request: Request, fout: Exception) -> HTTPResponse:
            uitleg = str(fout) if isinstance(fout, Weigering) else ONGELDIG
            return response.json({"status": "failure", "reason": "BadRequest", "message": uitleg, "code": 400},
                                 status=400)

        return webhook

    async def _extract_sender(self, req: Request) -> str | None:
        if not isinstance(req.json, dict):  # a malformed body already raises InvalidUsage here
            raise InvalidUsage(ONGELDIG)
        if req.json.get("input_channel") not in (None, "", self.name()):
            raise Weigering(ANDER_KANAAL)
        if not velden_zijn_tekst(req.json):
            raise Weigering(GEEN_TEKST)
        sender = await super()._extract_sender(req)
        if sender is not None and SCHEIDING in str(sender):
            raise Weigering(VREEMDE_AFZENDER)
        return sender

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()


def velden_zijn_tekst(verzoek: dict) -> bool:
    """``message`` is text (Rasa's channel calls ``.strip()`` on it) and ``sender`` is text or a
    whole number of reasonable length (it becomes the conversation id)."""
    sender, message = verzoek.get("sender"), verzoek.get("message")
    sender_ok = sender is None or (isinstance(sender, (str, int)) and not isinstance(sender, bool)
                                   and 0 < len(str(sender)) <= 128)
    return sender_ok and isinstance(message, (str, type(None)))


def token_klopt(kop: str | None, token: str) -> bool:
    """``Authorization: Bearer <token>``, compared in constant time."""
    gegeven = kop[len("Bearer "):] if kop and kop.startswith("Bearer ") else ""
    return bool(gegeven) and hmac.compare_digest(gegeven.encode("utf-8"), token.encode("utf-8"))


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
