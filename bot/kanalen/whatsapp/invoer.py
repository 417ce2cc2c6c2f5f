"""The WhatsApp webhook for Rasa (``WhatsAppInput``, name ``whatsapp``, URL ``/webhooks/whatsapp/webhook``).

* ``GET``: Meta's verification handshake: ``hub.mode`` is ``subscribe`` and ``hub.verify_token``
  matches → the ``hub.challenge`` as plain text, else 403.
* ``POST``: the ``X-Hub-Signature-256`` header (``sha256=`` + HMAC-SHA256 of the raw body with
  the app secret) is checked with ``hmac.compare_digest`` before the body is parsed: missing or
  wrong → 403 and nothing is processed; a body that is not JSON → 400. Every message of a valid
  delivery (bot/kanalen/whatsapp/levering.py) is recorded in the database before Meta gets its
  200 (bot/kanalen/whatsapp/inkomend.py: ``kanaal_verwerkt``, and the moment in
  ``kanaal_venster``, the 24-hour window); when that fails the answer is 500, so that Meta
  delivers it again. A message recorded before (a redelivery) is skipped, so it is answered
  once. The new messages are then handled in the background: claimed, handed to Rasa, marked
  ``verwerkt``. One the server never finished (a restart, a crash) is taken by the worker after
  two minutes and comes back through the recovery route below.
  Text goes to Rasa with ``whatsapp:<wa_id>`` (the phone number) as sender id
  (bot/kern/identiteit.py); a photo, voice
  message, sticker, location, document or video gets a friendly request to type. A ``failed``
  status callback (a message Ingang sent that WhatsApp could not deliver) is recorded the same
  way before the 200 and fed back to the outbox after it (bot/kanalen/whatsapp/statussen.py);
  ``sent``, ``delivered`` and ``read`` are ignored.
* ``POST /herstel``: the recovery route, for the worker only (bot/kanalen/whatsapp/herstel.py):
  ``Authorization: Bearer <INGANG_RASA_TOKEN>`` (compared in constant time; without the token
  configured the route is off, 404) and ``{"id": <row>, "werker": <who claimed it>}``. It
  handles only a recorded message that is still ``ontvangen`` and claimed by that worker (else
  409), exactly as the webhook would, but collects Rasa's answers and places them in the outbox
  in the transaction that marks the message ``verwerkt``. So it can never inject text: it can
  only finish a message that Meta delivered, signed, and nobody handled.

Configured from the environment (bot/kanalen/whatsapp/config.py); without it the routes answer
503 and log why, and the Rasa server runs on.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine

from bot.kanalen.lengte import begrensd
from bot.kanalen.proces import richt_server_in
from bot.kanalen.whatsapp import inkomend, statussen
from bot.kanalen.whatsapp.config import KANAAL, NODIG_VOOR_ONTVANGEN, WhatsAppInstellingen
from bot.kanalen.whatsapp.levering import Inkomend, Status, inkomende_berichten
from bot.kanalen.whatsapp.levering import statussen as statussen_van
from bot.kanalen.whatsapp.uitvoer import WhatsAppOutput
from bot.kern.db import default_engine
from bot.kern.identiteit import gesprek_id
from bot.kern.invoer import schone_json
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow

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


def token_klopt(header: str | None, token: str) -> bool:
    """True when ``header`` is ``Bearer <token>``, compared in constant time; never without a token."""
    if not header or not token or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header.removeprefix("Bearer ").strip().encode("utf-8"), token.encode("utf-8"))


def herstelverzoek(body: Any) -> tuple[int, str] | None:
    """The row id and the worker of a recovery request, or None when the body is not one."""
    if not isinstance(body, dict):
        return None
    rij_id, werker = body.get("id"), body.get("werker")
    if type(rij_id) is not int or not isinstance(werker, str) or not werker:
        return None
    return rij_id, werker


class WhatsAppInput(InputChannel):
    """The webhook; configured from the environment (credentials.yml only names the class)."""

    def __init__(
        self,
        instellingen: WhatsAppInstellingen | None = None,
        engine: Engine | None = None,
        klok: Callable[[], datetime] = utcnow,
    ) -> None:
        self.instellingen = instellingen or WhatsAppInstellingen.uit_omgeving()
        self.engine = engine
        self.klok = klok
        self.werker = f"rasa-{socket.gethostname()}-{os.getpid()}"  # who holds a message this server handles
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
        webhook = richt_server_in(Blueprint("whatsapp_webhook", __name__))

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
                payload = schone_json(json.loads(body))
            except ValueError:
                return response.text("Bad Request: de body is geen JSON.", status=400)
            nieuw, alles_vastgelegd = await self.leg_vast(inkomende_berichten(payload))
            if nieuw:
                self._op_achtergrond(self.verwerk(nieuw, on_new_message))
            if not await self.leg_statussen_vast(statussen.mislukte(statussen_van(payload))):
                alles_vastgelegd = False
            if not alles_vastgelegd:  # Meta delivers it again; what was recorded is skipped then
                return response.text("Niet vastgelegd; stuur opnieuw.", status=500)
            return response.text("OK")

        @webhook.route("/herstel", methods=["POST"])
        async def herstel(request: Request) -> HTTPResponse:
            if not self.instellingen.rasa_token:
                return response.text("Not Found", status=404)
            if self.ontbrekend():
                return self._niet_ingesteld()
            if not token_klopt(request.headers.get("Authorization"), self.instellingen.rasa_token):
                return response.text("Unauthorized", status=401)
            try:
                verzoek = herstelverzoek(json.loads(request.body or b""))
            except ValueError:
                verzoek = None
            if verzoek is None:
                return response.text('Bad Request: stuur {"id": <rij>, "werker": <naam>}.', status=400)
            return await self.herstel(*verzoek, on_new_message)

        return webhook

    def _niet_ingesteld(self) -> HTTPResponse:
        logger.error("WhatsApp-webhook aangeroepen, maar het kanaal is niet ingesteld (ontbreekt: %s).",
                     ", ".join(self.ontbrekend()))
        return response.text("WhatsApp is niet ingesteld.", status=503)

    def _op_achtergrond(self, werk: Coroutine[Any, Any, Any]) -> None:
        """Run ``werk`` after the 200 is sent; keep a reference until it is done."""
        taak = asyncio.get_running_loop().create_task(werk)
        self.taken.add(taak)
        taak.add_done_callback(self.taken.discard)

    def _engine(self) -> Engine:
        return self.engine or default_engine()

    async def leg_vast(self, berichten: list[Inkomend]) -> tuple[list[tuple[Inkomend, int]], bool]:
        """Record each message (bot/kanalen/whatsapp/inkomend.py); the new ones with their row id, and
        whether every message was recorded."""
        nieuw, alles = [], True
        for bericht in berichten:
            try:
                rij_id = await asyncio.to_thread(inkomend.registreer, self._engine(), bericht, self.klok())
            except Exception:  # noqa: BLE001 - the database is away: Meta gets 500 and delivers again
                logger.exception("WhatsApp-bericht %s niet vastgelegd", bericht.id)
                alles = False
                continue
            if rij_id is None:
                logger.info("WhatsApp-bericht %s was al ontvangen (opnieuw bezorgd); overgeslagen.", bericht.id)
            else:
                nieuw.append((bericht, rij_id))
        return nieuw, alles

    async def leg_statussen_vast(self, mislukt: list[Status]) -> bool:
        """Record the failed statuses and feed the new ones to the outbox after the answer; whether all
        were recorded."""
        if not mislukt:
            return True
        nieuw, alles = await asyncio.to_thread(statussen.leg_vast, self._engine(), mislukt, self.klok())
        if nieuw:
            self._op_achtergrond(asyncio.to_thread(statussen.verwerk_alle, self._engine(), nieuw, self.klok()))
        return alles

    async def verwerk(self, berichten: list[tuple[Inkomend, int]], on_new_message: OnNewMessage) -> None:
        for bericht, rij_id in berichten:
            try:
                await self.verwerk_een(bericht, rij_id, on_new_message)
            except Exception:  # noqa: BLE001 - one bad message must not stop the others
                logger.exception("WhatsApp-bericht %s niet verwerkt", bericht.id)

    async def verwerk_een(self, bericht: Inkomend, rij_id: int, on_new_message: OnNewMessage) -> None:
        """Claim the recorded message, hand it to Rasa (answers straight to WhatsApp), mark it handled.

        A failure is recorded as a failed attempt, so the worker tries again after a pause.
        """
        engine = self._engine()
        if not await asyncio.to_thread(inkomend.neem, engine, rij_id, self.werker, self.klok()):
            logger.info("WhatsApp-bericht %s wordt al door een ander verwerkt; overgeslagen.", bericht.id)
            return
        try:
            await self.beantwoord(bericht, on_new_message, WhatsAppOutput(self.instellingen))
        except Exception as fout:
            await asyncio.to_thread(inkomend.mislukt, engine, rij_id, self.werker, self.klok(),
                                    f"{type(fout).__name__}: {fout}")
            raise
        await asyncio.to_thread(inkomend.rond_af, engine, bericht, rij_id, self.klok())

    async def herstel(self, rij_id: int, werker: str, on_new_message: OnNewMessage) -> HTTPResponse:
        """The recovery route: handle a message ``werker`` holds; Rasa's answers go into the outbox."""
        engine = self._engine()
        bericht = await asyncio.to_thread(inkomend.van_werker, engine, rij_id, werker, self.klok())
        if bericht is None:
            return response.text("Conflict: dit bericht is verwerkt of niet van deze werker.", status=409)
        verzamelaar = CollectingOutputChannel()
        try:
            await self.beantwoord(bericht, on_new_message, verzamelaar)
        except Exception:  # noqa: BLE001 - the worker records the failed attempt and tries again later
            logger.exception("WhatsApp-bericht %s niet verwerkt (herstel)", bericht.id)
            return response.text("Het bericht is niet verwerkt.", status=500)
        await asyncio.to_thread(inkomend.rond_af, engine, bericht, rij_id, self.klok(), verzamelaar.messages)
        return response.json({"antwoorden": len(verzamelaar.messages)})

    async def beantwoord(self, bericht: Inkomend, on_new_message: OnNewMessage, uitvoer: OutputChannel) -> None:
        """Text to Rasa as ``whatsapp:<wa_id>``; anything else gets the request to type."""
        gesprek = gesprek_id(KANAAL, bericht.wa_id)
        if bericht.soort == "niet_tekst":
            await uitvoer.send_text_message(gesprek, tekst(NIET_TEKST_SJABLOON))
            return
        await on_new_message(UserMessage(
            bericht.tekst, uitvoer, gesprek, input_channel=KANAAL, message_id=bericht.id,
            metadata={"whatsapp_bericht_id": bericht.id},
        ))
