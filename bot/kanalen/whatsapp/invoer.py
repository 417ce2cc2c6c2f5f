"""The WhatsApp webhook for Rasa (``WhatsAppInput``, name ``whatsapp``, URL ``/webhooks/whatsapp/webhook``).

* ``GET``: Meta's verification handshake: ``hub.mode`` is ``subscribe`` and ``hub.verify_token``
  matches → the ``hub.challenge`` as plain text, else 403.
* ``POST``: the ``X-Hub-Signature-256`` header (``sha256=`` + HMAC-SHA256 of the raw body with
  the app secret) is checked with ``hmac.compare_digest`` before the body is parsed: missing or
  wrong → 403 and nothing is processed; a body that is not JSON → 400. A valid delivery gets
  200 at once and its messages (bot/kanalen/whatsapp/levering.py) are handled in the
  background. Each message id is recorded in ``kanaal_verwerkt`` first, so a redelivered
  message is answered once; the moment is recorded in ``kanaal_venster`` (the 24-hour window).
  Text goes to Rasa with ``whatsapp:<wa_id>`` (the phone number) as sender id
  (bot/kern/identiteit.py); a photo, voice
  message, sticker, location, document or video gets a friendly request to type.

Configured from the environment (bot/kanalen/whatsapp/config.py); without it the routes answer
503 and log why, and the Rasa server runs on.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.kanalen.boekhouding import markeer_verwerkt, werk_venster_bij
from bot.kanalen.lengte import begrens_verzoeken, begrensd
from bot.kanalen.whatsapp.config import KANAAL, NODIG_VOOR_ONTVANGEN, WhatsAppInstellingen
from bot.kanalen.whatsapp.levering import Inkomend, inkomende_berichten
from bot.kanalen.whatsapp.uitvoer import WhatsAppOutput
from bot.kern.db import default_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.teksten import tekst

logger = logging.getLogger(__name__)

NIET_TEKST_SJABLOON = "kanalen/whatsapp/niet_tekst.txt"  # the reply to a photo, voice message, ...
HANDTEKENING_HEADER = "X-Hub-Signature-256"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def handtekening_klopt(body: bytes, header: str | None, app_secret: str) -> bool:
    """True when ``header`` is ``sha256=`` + the HMAC-SHA256 of ``body`` with ``app_secret``."""
    if not header or not app_secret or not header.startswith("sha256="):
        return False
    verwacht = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(verwacht.encode("utf-8"), header.strip().encode("utf-8"))


def verificatie_antwoord(args: dict[str, str | None], verify_token: str) -> str | None:
    """The challenge to answer Meta's verification request with, or None to refuse it."""
    gegeven = args.get("hub.verify_token") or ""
    if args.get("hub.mode") != "subscribe" or not verify_token:
        return None
    if not hmac.compare_digest(gegeven.encode("utf-8"), verify_token.encode("utf-8")):
        return None
    return args.get("hub.challenge") or ""


def registreer_inkomend(engine: Engine, bericht: Inkomend) -> bool:
    """Record the message id and the window; False when this message was handled before."""
    try:
        with transaction(engine) as session:
            markeer_verwerkt(session=session, kanaal=KANAAL, extern_id=bericht.id, moment=bericht.moment)
    except IntegrityError:
        return False
    for poging in range(2):  # a concurrent first message of the same sender may win the insert once
        try:
            with transaction(engine) as session:
                werk_venster_bij(session=session, kanaal=KANAAL, kanaal_id=bericht.wa_id, moment=bericht.moment)
            break
        except IntegrityError:
            if poging:
                raise
    return True


class WhatsAppInput(InputChannel):
    """The webhook; configured from the environment (credentials.yml only names the class)."""

    def __init__(self, instellingen: WhatsAppInstellingen | None = None, engine: Engine | None = None) -> None:
        self.instellingen = instellingen or WhatsAppInstellingen.uit_omgeving()
        self.engine = engine
        self.taken: set[asyncio.Task] = set()
        ontbrekend = self.ontbrekend()
        if ontbrekend:
            logger.warning("WhatsApp-kanaal niet ingesteld (ontbreekt: %s); de webhook antwoordt 503.",
                           ", ".join(ontbrekend))

    @classmethod
    def name(cls) -> str:
        return KANAAL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppInput:
        return cls()

    def ontbrekend(self) -> list[str]:
        return self.instellingen.ontbrekend(NODIG_VOOR_ONTVANGEN)

    def get_output_channel(self) -> OutputChannel | None:
        return None if self.ontbrekend() else WhatsAppOutput(self.instellingen)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        on_new_message = begrensd(on_new_message)  # the length cut first (bot/kanalen/lengte.py)
        webhook = begrens_verzoeken(Blueprint("whatsapp_webhook", __name__))

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if not self.ontbrekend() else "niet ingesteld"})

        @webhook.route("/webhook", methods=["GET"])
        async def verificatie(request: Request) -> HTTPResponse:
            if self.ontbrekend():
                return self._niet_ingesteld()
            args = {naam: request.args.get(naam) for naam in ("hub.mode", "hub.verify_token", "hub.challenge")}
            challenge = verificatie_antwoord(args, self.instellingen.verify_token)
            if challenge is None:
                logger.warning("WhatsApp-verificatie geweigerd (verkeerde hub.mode of hub.verify_token).")
                return response.text("Forbidden", status=403)
            return response.text(challenge)

        @webhook.route("/webhook", methods=["POST"])
        async def ontvang(request: Request) -> HTTPResponse:
            if self.ontbrekend():
                return self._niet_ingesteld()
            body = request.body or b""
            if not handtekening_klopt(body, request.headers.get(HANDTEKENING_HEADER), self.instellingen.app_secret):
                logger.warning("WhatsApp-webhook geweigerd: handtekening ontbreekt of klopt niet.")
                return response.text("Forbidden", status=403)
            try:
                payload = json.loads(body)
            except ValueError:
                return response.text("Bad Request: de body is geen JSON.", status=400)
            berichten = inkomende_berichten(payload)
            if berichten:
                self._op_achtergrond(self.verwerk(berichten, on_new_message))
            return response.text("OK")

        return webhook

    def _niet_ingesteld(self) -> HTTPResponse:
        logger.error("WhatsApp-webhook aangeroepen, maar het kanaal is niet ingesteld (ontbreekt: %s).",
                     ", ".join(self.ontbrekend()))
        return response.text("WhatsApp is niet ingesteld.", status=503)

    def _op_achtergrond(self, werk: Coroutine[Any, Any, None]) -> None:
        """Run ``werk`` after the 200 is sent; keep a reference until it is done."""
        taak = asyncio.get_running_loop().create_task(werk)
        self.taken.add(taak)
        taak.add_done_callback(self.taken.discard)

    async def verwerk(self, berichten: list[Inkomend], on_new_message: OnNewMessage) -> None:
        for bericht in berichten:
            try:
                await self.verwerk_een(bericht, on_new_message)
            except Exception:  # noqa: BLE001 - one bad message must not stop the others
                logger.exception("WhatsApp-bericht %s niet verwerkt", bericht.id)

    async def verwerk_een(self, bericht: Inkomend, on_new_message: OnNewMessage) -> None:
        if not await asyncio.to_thread(registreer_inkomend, self.engine or default_engine(), bericht):
            logger.info("WhatsApp-bericht %s was al verwerkt (opnieuw bezorgd); overgeslagen.", bericht.id)
            return
        uitvoer = WhatsAppOutput(self.instellingen)
        gesprek = gesprek_id(KANAAL, bericht.wa_id)
        if bericht.soort == "niet_tekst":
            await uitvoer.send_text_message(gesprek, tekst(NIET_TEKST_SJABLOON))
            return
        await on_new_message(UserMessage(
            bericht.tekst, uitvoer, gesprek, input_channel=KANAAL, message_id=bericht.id,
            metadata={"whatsapp_bericht_id": bericht.id},
        ))
