"""The WhatsApp channel (WhatsApp Cloud API): webhook in, Graph API out, and the outbox deliverer.

Inbound (``WhatsAppInput``, name ``whatsapp``, URL ``/webhooks/whatsapp/webhook``):

* ``GET``: Meta's verification handshake: ``hub.mode`` is ``subscribe`` and ``hub.verify_token``
  matches → the ``hub.challenge`` as plain text, else 403.
* ``POST``: the ``X-Hub-Signature-256`` header (``sha256=`` + HMAC-SHA256 of the raw body with
  the app secret) is checked with ``hmac.compare_digest`` before the body is parsed: missing or
  wrong → 403 and nothing is processed; a body that is not JSON → 400. A valid delivery gets
  200 at once and its messages are handled in the background. Status callbacks are ignored.
  Each message id is recorded in ``kanaal_verwerkt`` first, so a redelivered message is answered
  once; the moment is recorded in ``kanaal_venster`` (the 24-hour window). Text, and the id of a
  chosen button or list row, goes to Rasa with the sender's wa_id (phone number) as sender id;
  a photo, voice message, sticker, location, document or video gets a friendly request to type.

Outbound (``WhatsAppOutput``): text (plain, no link preview, split at 4096 characters); buttons
as reply buttons (at most 3, titles up to 20 characters), else as a list (at most 10 rows),
else as numbered text; ``custom.kennisbank`` adds "Lees meer: <url>" when the text does not
carry the link yet; ``custom.medewerker`` starts the text with "*naam* (functie):".

Proactive messages (``WhatsAppBezorger``, for the outbox): inside the 24-hour window the normal
message; outside it the approved template INGANG_WHATSAPP_TEMPLATE (language nl, the text as
its one body parameter), whose name is recorded on the outbox row (``sjabloon``).

Configuration comes from the environment only: INGANG_WHATSAPP_TOKEN, _APP_SECRET,
_VERIFY_TOKEN, _PHONE_NUMBER_ID, _API_URL (default https://graph.facebook.com/v21.0) and
_TEMPLATE. Without it the routes answer 503 and log why; the Rasa server runs on. See
docs/whatsapp.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.kanalen.boekhouding import laatste_inkomend, markeer_verwerkt, werk_venster_bij
from bot.kern.db import default_engine, transaction
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import Bericht, BezorgFout

logger = logging.getLogger(__name__)

KANAAL = "whatsapp"
STANDAARD_API_URL = "https://graph.facebook.com/v21.0"
SJABLOON_TAAL = "nl"

# Limits of the Cloud API.
MAX_TEKST = 4096  # a text message body
MAX_INTERACTIEF = 1024  # the body of an interactive message
MAX_KNOPPEN = 3
MAX_KNOP_TITEL = 20
MAX_KNOP_ID = 256
MAX_RIJEN = 10
MAX_RIJ_TITEL = 24
MAX_RIJ_ID = 200
MAX_RIJ_OMSCHRIJVING = 72
MAX_SJABLOON_PARAMETER = 900  # the body parameter; the whole template body may be 1024

# The customer-service window, with a margin so a message never arrives just after it closed.
VENSTER = timedelta(hours=24)
VENSTER_MARGE = timedelta(minutes=5)

NIET_TEKST = frozenset({"image", "audio", "voice", "sticker", "location", "document", "video", "contacts", "unsupported"})
NIET_TEKST_ANTWOORD = (
    "Dank u wel voor uw bericht. Ik kan alleen tekst lezen, geen foto's, spraakberichten, "
    "locaties of bestanden. Wilt u uw vraag in een kort bericht typen?"
)
KEUZE_TEKST = "Maak een keuze:"
LIJST_KNOP = "Bekijk de keuzes"

OMGEVING = {
    "token": "INGANG_WHATSAPP_TOKEN",
    "app_secret": "INGANG_WHATSAPP_APP_SECRET",
    "verify_token": "INGANG_WHATSAPP_VERIFY_TOKEN",
    "phone_number_id": "INGANG_WHATSAPP_PHONE_NUMBER_ID",
}
NODIG_VOOR_ONTVANGEN = ("token", "app_secret", "verify_token", "phone_number_id")
NODIG_VOOR_VERSTUREN = ("token", "phone_number_id")


# --- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatsAppInstellingen:
    token: str
    app_secret: str
    verify_token: str
    phone_number_id: str
    api_url: str = STANDAARD_API_URL
    sjabloon: str | None = None  # an approved template with one body parameter, language nl

    @classmethod
    def uit_omgeving(cls) -> WhatsAppInstellingen:
        """The settings from the environment; missing ones are empty (see ``ontbrekend``)."""
        return cls(
            **{veld: os.environ.get(naam, "").strip() for veld, naam in OMGEVING.items()},
            api_url=(os.environ.get("INGANG_WHATSAPP_API_URL") or STANDAARD_API_URL).rstrip("/"),
            sjabloon=os.environ.get("INGANG_WHATSAPP_TEMPLATE", "").strip() or None,
        )

    def ontbrekend(self, velden: Iterable[str]) -> list[str]:
        """The environment variables of ``velden`` that are not set."""
        return [OMGEVING[veld] for veld in velden if not getattr(self, veld)]

    @property
    def berichten_url(self) -> str:
        return f"{self.api_url}/{self.phone_number_id}/messages"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}


# --- inbound: signature, handshake, parsing ---------------------------------------------------


def handtekening_klopt(body: bytes, header: str | None, app_secret: str) -> bool:
    """True when ``header`` is ``sha256=`` + the HMAC-SHA256 of ``body`` with ``app_secret``."""
    if not header or not app_secret or not header.startswith("sha256="):
        return False
    verwacht = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(verwacht.encode("utf-8"), header.strip().encode("utf-8"))


def onderteken(body: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` value Meta sends with ``body`` (for tests and tools)."""
    return "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verificatie_antwoord(args: dict[str, str | None], verify_token: str) -> str | None:
    """The challenge to answer Meta's verification request with, or None to refuse it."""
    gegeven = args.get("hub.verify_token") or ""
    if args.get("hub.mode") != "subscribe" or not verify_token:
        return None
    if not hmac.compare_digest(gegeven.encode("utf-8"), verify_token.encode("utf-8")):
        return None
    return args.get("hub.challenge") or ""


@dataclass(frozen=True)
class Inkomend:
    """One inbound WhatsApp message: ``soort`` is "tekst" (for Rasa) or "niet_tekst"."""

    id: str
    wa_id: str
    soort: str
    tekst: str
    moment: datetime


def inkomende_berichten(payload: Any, nu: datetime | None = None) -> list[Inkomend]:
    """The messages in a webhook delivery; status callbacks and unusable parts are left out."""
    nu = nu or datetime.now(timezone.utc)
    berichten = []
    for value in _values(payload):
        for ruw in _lijst(value.get("messages")):
            bericht = _inkomend(ruw, nu)
            if bericht is not None:
                berichten.append(bericht)
    return berichten


def _values(payload: Any) -> list[dict]:
    if not isinstance(payload, dict) or payload.get("object", "whatsapp_business_account") != "whatsapp_business_account":
        return []
    return [
        wijziging["value"]
        for entry in _lijst(payload.get("entry"))
        for wijziging in _lijst(entry.get("changes"))
        if isinstance(wijziging.get("value"), dict)
    ]


def _lijst(waarde: Any) -> list[dict]:
    return [x for x in waarde if isinstance(x, dict)] if isinstance(waarde, list) else []


def _inkomend(ruw: dict, nu: datetime) -> Inkomend | None:
    bericht_id, wa_id, soort = ruw.get("id"), ruw.get("from"), ruw.get("type")
    if not isinstance(bericht_id, str) or not bericht_id or not isinstance(wa_id, str) or not wa_id:
        return None
    moment = _moment(ruw.get("timestamp"), nu)
    tekst = _tekst_van(ruw)
    if tekst is not None:
        return Inkomend(bericht_id, wa_id, "tekst", tekst, moment)
    if soort in NIET_TEKST:
        return Inkomend(bericht_id, wa_id, "niet_tekst", "", moment)
    return None  # reactions, system messages, orders: nothing to answer


def _tekst_van(ruw: dict) -> str | None:
    """What goes to Rasa: the typed text, or the id (payload) of a chosen button or list row."""
    soort = ruw.get("type")
    if soort == "text":
        return _str(_dict(ruw.get("text")).get("body"))
    if soort == "interactive":
        interactief = _dict(ruw.get("interactive"))
        keuze = _dict(interactief.get("button_reply") or interactief.get("list_reply"))
        return _str(keuze.get("id")) or _str(keuze.get("title"))
    if soort == "button":  # a quick-reply button of a template
        knop = _dict(ruw.get("button"))
        return _str(knop.get("payload")) or _str(knop.get("text"))
    return None


def _dict(waarde: Any) -> dict:
    return waarde if isinstance(waarde, dict) else {}


def _str(waarde: Any) -> str | None:
    return waarde if isinstance(waarde, str) else None


def _moment(timestamp: Any, nu: datetime) -> datetime:
    """The message's time (Unix seconds as a string), never later than ``nu``."""
    try:
        moment = datetime.fromtimestamp(int(timestamp), timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return nu
    return min(moment, nu)


# --- bookkeeping --------------------------------------------------------------------------------


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


def binnen_venster(laatste_inkomend_op: datetime | None, nu: datetime) -> bool:
    """True when a free-form message may still be sent (the entrepreneur wrote in the last 24 h)."""
    return laatste_inkomend_op is not None and nu - laatste_inkomend_op < VENSTER - VENSTER_MARGE


# --- outbound: rendering -----------------------------------------------------------------------


def berichttekst(bericht: dict[str, Any]) -> str:
    """The text of a Rasa bot message as WhatsApp shows it, with the medewerker and the link."""
    tekst = (bericht.get("text") or "").strip()
    custom = _dict(bericht.get("custom"))
    medewerker = _dict(custom.get("medewerker"))
    if medewerker.get("naam"):
        functie = f" ({medewerker['functie']})" if medewerker.get("functie") else ""
        tekst = f"*{medewerker['naam']}*{functie}:\n{tekst}".strip()
    url = _dict(custom.get("kennisbank")).get("url")
    if url and url not in tekst:
        tekst = f"{tekst}\n\nLees meer: {url}".strip()
    return tekst


def splits_tekst(tekst: str, maximum: int = MAX_TEKST) -> list[str]:
    """Split ``tekst`` into parts of at most ``maximum`` characters, at a paragraph, line or word."""
    delen = []
    rest = tekst.strip()
    while len(rest) > maximum:
        knip = _knippunt(rest, maximum)
        delen.append(rest[:knip].rstrip())
        rest = rest[knip:].lstrip()
    if rest:
        delen.append(rest)
    return delen


def _knippunt(tekst: str, maximum: int) -> int:
    for scheiding in ("\n\n", "\n", " "):
        plek = tekst.rfind(scheiding, 0, maximum + 1)
        if plek > 0:
            return plek
    return maximum


def whatsapp_berichten(ontvanger: str, bericht: dict[str, Any]) -> list[dict[str, Any]]:
    """The Graph API payloads for one Rasa bot message (text, buttons, custom), in order."""
    tekst = berichttekst(bericht)
    knoppen = [k for k in bericht.get("buttons") or [] if isinstance(k, dict) and k.get("title")]
    if not knoppen:
        return [tekst_bericht(ontvanger, deel) for deel in splits_tekst(tekst)]
    if len(knoppen) > MAX_RIJEN:
        return [tekst_bericht(ontvanger, deel) for deel in splits_tekst(f"{tekst}\n\n{genummerd(knoppen)}")]
    voorafgaand = [] if len(tekst) <= MAX_INTERACTIEF else splits_tekst(tekst)
    inhoud = KEUZE_TEKST if voorafgaand or not tekst else tekst
    return [tekst_bericht(ontvanger, deel) for deel in voorafgaand] + [knoppen_bericht(ontvanger, inhoud, knoppen)]


def tekst_bericht(ontvanger: str, tekst: str) -> dict[str, Any]:
    return {**_kop(ontvanger), "type": "text", "text": {"preview_url": False, "body": tekst}}


def knoppen_bericht(ontvanger: str, tekst: str, knoppen: list[dict[str, Any]]) -> dict[str, Any]:
    """Reply buttons when there are at most 3 whose titles fit, else a list of at most 10 rows."""
    if len(knoppen) <= MAX_KNOPPEN and all(len(k["title"]) <= MAX_KNOP_TITEL for k in knoppen):
        actie = {"buttons": [
            {"type": "reply", "reply": {"id": _knop_id(k, MAX_KNOP_ID), "title": k["title"]}} for k in knoppen
        ]}
        return _interactief(ontvanger, "button", tekst, actie)
    actie = {"button": LIJST_KNOP, "sections": [{"rows": [_rij(k) for k in knoppen]}]}
    return _interactief(ontvanger, "list", tekst, actie)


def _rij(knop: dict[str, Any]) -> dict[str, str]:
    """A list row; a title that is too long is shortened and shown in full as the description."""
    titel = knop["title"]
    rij = {"id": _knop_id(knop, MAX_RIJ_ID), "title": _kort(titel, MAX_RIJ_TITEL)}
    if len(titel) > MAX_RIJ_TITEL:
        rij["description"] = _kort(titel, MAX_RIJ_OMSCHRIJVING)
    return rij


def _knop_id(knop: dict[str, Any], maximum: int) -> str:
    """The payload Rasa gets back; when it is too long, the title (Rasa reads it as typed text)."""
    payload = str(knop.get("payload") or "")
    return payload if payload and len(payload) <= maximum else _kort(knop["title"], maximum)


def _kort(tekst: str, maximum: int) -> str:
    return tekst if len(tekst) <= maximum else tekst[: maximum - 1].rstrip() + "…"


def genummerd(knoppen: list[dict[str, Any]]) -> str:
    return "\n".join(f"{nummer}. {knop['title']}" for nummer, knop in enumerate(knoppen, start=1))


def _interactief(ontvanger: str, soort: str, tekst: str, actie: dict[str, Any]) -> dict[str, Any]:
    return {**_kop(ontvanger), "type": "interactive",
            "interactive": {"type": soort, "body": {"text": tekst}, "action": actie}}


def sjabloon_bericht(ontvanger: str, sjabloon: str, tekst: str) -> dict[str, Any]:
    """The approved template with ``tekst`` as its one body parameter (for outside the window)."""
    return {
        **_kop(ontvanger),
        "type": "template",
        "template": {
            "name": sjabloon,
            "language": {"code": SJABLOON_TAAL},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": sjabloon_parameter(tekst)}]}],
        },
    }


def sjabloon_parameter(tekst: str) -> str:
    """A template parameter may hold no new lines or tabs nor more than 4 spaces in a row."""
    return _kort(re.sub(r"\s+", " ", tekst).strip(), MAX_SJABLOON_PARAMETER)


def _kop(ontvanger: str) -> dict[str, str]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": ontvanger}


# --- outbound: the Graph API -------------------------------------------------------------------


def beoordeel(antwoord: httpx.Response) -> None:
    """Raise ``BezorgFout`` for an error answer: definitief for 4xx except 429, else retry."""
    if antwoord.status_code < 300:
        return
    melding = f"WhatsApp API antwoordde {antwoord.status_code}: {antwoord.text[:500]}"
    opnieuw = antwoord.status_code == 429 or antwoord.status_code >= 500
    raise BezorgFout(melding, definitief=not opnieuw)


def verstuur(client: httpx.Client, instellingen: WhatsAppInstellingen, payload: dict[str, Any]) -> None:
    try:
        antwoord = client.post(instellingen.berichten_url, json=payload, headers=instellingen.headers)
    except httpx.HTTPError as fout:
        raise BezorgFout(f"WhatsApp API niet bereikbaar: {type(fout).__name__}: {fout}") from fout
    beoordeel(antwoord)


async def verstuur_async(client: httpx.AsyncClient, instellingen: WhatsAppInstellingen, payload: dict[str, Any]) -> None:
    try:
        antwoord = await client.post(instellingen.berichten_url, json=payload, headers=instellingen.headers)
    except httpx.HTTPError as fout:
        raise BezorgFout(f"WhatsApp API niet bereikbaar: {type(fout).__name__}: {fout}") from fout
    beoordeel(antwoord)


class WhatsAppOutput(OutputChannel):
    """Answers within a conversation; a failed call is retried twice, then logged."""

    POGINGEN = 3
    PAUZE = 0.5  # seconds, doubled after each failed attempt
    TIMEOUT = 10.0

    def __init__(self, instellingen: WhatsAppInstellingen) -> None:
        self.instellingen = instellingen

    @classmethod
    def name(cls) -> str:
        return KANAAL

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        async with httpx.AsyncClient(timeout=self.TIMEOUT) as client:
            for payload in whatsapp_berichten(recipient_id, message):
                if not await self._verstuur(client, payload):
                    return  # do not send the rest of a message whose first part failed

    async def _verstuur(self, client: httpx.AsyncClient, payload: dict[str, Any]) -> bool:
        pauze = self.PAUZE
        for poging in range(1, self.POGINGEN + 1):
            try:
                await verstuur_async(client, self.instellingen, payload)
                return True
            except BezorgFout as fout:
                if fout.definitief or poging == self.POGINGEN:
                    logger.error("WhatsApp-antwoord aan %s niet verstuurd: %s", payload.get("to"), fout)
                    return False
                await asyncio.sleep(pauze)
                pauze *= 2
        return False

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": image})


# --- the input channel ---------------------------------------------------------------------------


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

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("whatsapp_webhook", __name__)

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
            if not handtekening_klopt(body, request.headers.get("X-Hub-Signature-256"), self.instellingen.app_secret):
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

    async def verwerk(self, berichten: list[Inkomend], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        for bericht in berichten:
            try:
                await self.verwerk_een(bericht, on_new_message)
            except Exception:  # noqa: BLE001 - one bad message must not stop the others
                logger.exception("WhatsApp-bericht %s niet verwerkt", bericht.id)

    async def verwerk_een(self, bericht: Inkomend, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if not await asyncio.to_thread(registreer_inkomend, self.engine or default_engine(), bericht):
            logger.info("WhatsApp-bericht %s was al verwerkt (opnieuw bezorgd); overgeslagen.", bericht.id)
            return
        uitvoer = WhatsAppOutput(self.instellingen)
        if bericht.soort == "niet_tekst":
            await uitvoer.send_text_message(bericht.wa_id, NIET_TEKST_ANTWOORD)
            return
        await on_new_message(UserMessage(
            bericht.tekst, uitvoer, bericht.wa_id, input_channel=KANAAL, message_id=bericht.id,
            metadata={"whatsapp_bericht_id": bericht.id},
        ))


# --- the outbox deliverer ----------------------------------------------------------------------


class WhatsAppBezorger:
    """Sends outbox messages: normally inside the 24-hour window, as the template outside it."""

    kanaal = KANAAL
    TIMEOUT = 15.0

    def __init__(
        self,
        instellingen: WhatsAppInstellingen,
        engine: Engine | None = None,
        klok: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.instellingen = instellingen
        self.engine = engine
        self.klok = klok

    @classmethod
    def uit_omgeving(cls) -> WhatsAppBezorger | None:
        instellingen = WhatsAppInstellingen.uit_omgeving()
        if instellingen.ontbrekend(NODIG_VOOR_VERSTUREN):
            return None
        if not instellingen.sjabloon:
            logger.warning("INGANG_WHATSAPP_TEMPLATE ontbreekt: berichten buiten het 24-uursvenster mislukken.")
        return cls(instellingen)

    def bezorg(self, bericht: Bericht) -> None:
        engine = self.engine or default_engine()
        with transaction(engine) as session:
            laatste = laatste_inkomend(session=session, kanaal=KANAAL, kanaal_id=bericht.ontvanger)
        payloads, sjabloon = self.payloads(bericht, binnen_venster(laatste, self.klok()))
        with httpx.Client(timeout=self.TIMEOUT) as client:
            for payload in payloads:
                verstuur(client, self.instellingen, payload)
        if sjabloon:
            noteer_sjabloon(engine, bericht.id, sjabloon)

    def payloads(self, bericht: Bericht, binnen: bool) -> tuple[list[dict[str, Any]], str | None]:
        """What to send, and the template's name when it is the template."""
        if binnen:
            return whatsapp_berichten(bericht.ontvanger, bericht.als_rasa_bericht()), None
        sjabloon = self.instellingen.sjabloon
        if not sjabloon:
            raise BezorgFout(
                "buiten het 24-uursvenster van WhatsApp en geen sjabloon ingesteld (INGANG_WHATSAPP_TEMPLATE)",
                definitief=True,
            )
        tekst = berichttekst(bericht.als_rasa_bericht())
        return [sjabloon_bericht(bericht.ontvanger, sjabloon, tekst)], sjabloon


def noteer_sjabloon(engine: Engine, bericht_id: int, sjabloon: str) -> None:
    """Record on the outbox row that it went out as ``sjabloon``; a failure here is only logged,
    because the message was sent and must not be sent again."""
    try:
        with transaction(engine) as session:
            rij = session.get(UitgaandBericht, bericht_id)
            if rij is not None:
                rij.sjabloon = sjabloon
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("Sjabloon van bericht %s niet vastgelegd", bericht_id)
