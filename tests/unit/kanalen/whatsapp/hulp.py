"""Helpers for the WhatsApp tests: deliveries as Meta sends them, the webhook in a Sanic app
called through httpx's ASGI transport (a stand-in for Rasa collects the UserMessages, and can
answer), the worker's recovery client pointed at that app, and outbox rows."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timezone

import httpx
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sqlalchemy import func, select

from bot.kanalen.boekhouding import KanaalVerwerkt, werk_venster_bij
from bot.kanalen.whatsapp.bezorger import WhatsAppBezorger
from bot.kanalen.whatsapp.config import WhatsAppInstellingen
from bot.kanalen.whatsapp.herstel import HerstelApi
from bot.kanalen.whatsapp.invoer import WhatsAppInput
from bot.kern.db import transaction
from bot.kern.identiteit import gesprek_id
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht
from tests.fakes.whatsapp import FakeWhatsApp, onderteken

NU = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
GEHEIM = "app-geheim"
VERIFY = "verifieer-mij"
WA_ID = "31612345678"
URL = "/webhooks/whatsapp/webhook"
RASA_TOKEN = "rasa-token"
TERRAS = "https://voorbeeldstad.nl/terras"
STATUS = {"id": "wamid.uit", "status": "delivered", "timestamp": "1763900000", "recipient_id": WA_ID}


def instellingen(fake: FakeWhatsApp | None = None, sjabloon: str | None = "ingang_bericht",
                 rasa_token: str = RASA_TOKEN) -> WhatsAppInstellingen:
    return WhatsAppInstellingen(
        token=fake.token if fake else "t", app_secret=GEHEIM, verify_token=VERIFY,
        phone_number_id=fake.phone_number_id if fake else "1", api_url=fake.url if fake else "http://127.0.0.1:9",
        sjabloon=sjabloon, rasa_token=rasa_token,
    )


def levering(*berichten: dict, statuses: list[dict] | None = None) -> dict:
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"},
             "contacts": [{"profile": {"name": "Fatima"}, "wa_id": WA_ID}]}
    if berichten:
        value["messages"] = list(berichten)
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}


def tekst(body: str, *, id_: str | None = None, van: str = WA_ID) -> dict:
    return {"from": van, "id": id_ or f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(NU.timestamp())),
            "type": "text", "text": {"body": body}}


def keuze(soort: str, payload: str) -> dict:
    return {"from": WA_ID, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(NU.timestamp())),
            "type": "interactive", "interactive": {"type": soort, soort: {"id": payload, "title": "Kosten"}}}


def afbeelding() -> dict:
    return {"from": WA_ID, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(NU.timestamp())),
            "type": "image", "image": {"id": "media-1", "mime_type": "image/jpeg"}}



class Webhook:
    """The channel's blueprint in a Sanic app; ``ontvangen`` holds what would have gone to Rasa.

    With ``antwoord`` the stand-in for Rasa answers every message with ``antwoord(tekst)``
    through the message's output channel, as Rasa would.
    """

    def __init__(self, kanaal: WhatsAppInput, antwoord: Callable[[str], str] | None = None) -> None:
        self.kanaal = kanaal
        self.antwoord = antwoord
        self.ontvangen: list[UserMessage] = []
        self.app = Sanic(f"whatsapp_test_{uuid.uuid4().hex[:8]}")
        # the URL `rasa run` gives it: /webhooks/<name>/...
        self.app.blueprint(kanaal.blueprint(self._naar_rasa), url_prefix="/webhooks/" + kanaal.url_prefix())

    async def _naar_rasa(self, bericht: UserMessage) -> None:
        self.ontvangen.append(bericht)
        if self.antwoord is not None:
            await bericht.output_channel.send_text_message(bericht.sender_id, self.antwoord(bericht.text))

    def herstel_api(self, token: str = RASA_TOKEN) -> HerstelApi:
        """The worker's client of the recovery route, reaching this app (call it off the event loop)."""
        return HerstelApi(url="http://whatsapp.test", token=token,
                          transport=NaarAsgi(self.app, asyncio.get_running_loop()))

    async def __aenter__(self) -> Webhook:
        await self.app._startup()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://whatsapp.test")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.client.aclose()

    async def post(self, payload: dict | bytes, *, geheim: str | None = GEHEIM) -> httpx.Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if geheim is not None:
            headers["X-Hub-Signature-256"] = onderteken(body, geheim)
        antwoord = await self.client.post(URL, content=body, headers=headers)
        await self.klaar()
        return antwoord

    async def klaar(self) -> None:
        """Wait for the background work of the deliveries so far."""
        while self.kanaal.taken:
            await asyncio.gather(*list(self.kanaal.taken))


class NaarAsgi(httpx.BaseTransport):
    """A synchronous httpx transport into an ASGI app served by the event loop ``lus``: the worker's
    client, called from a thread, reaches the Sanic app of the test as over HTTP."""

    def __init__(self, app: Sanic, lus: asyncio.AbstractEventLoop) -> None:
        self.asgi = httpx.ASGITransport(app=app)
        self.lus = lus

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        verzoek = httpx.Request(request.method, request.url, headers=request.headers, content=request.read())

        async def stuur() -> httpx.Response:
            antwoord = await self.asgi.handle_async_request(verzoek)
            inhoud = await antwoord.aread()
            return httpx.Response(antwoord.status_code, headers=antwoord.headers, content=inhoud)

        return asyncio.run_coroutine_threadsafe(stuur(), self.lus).result(timeout=30)


def inkomende(engine) -> list[KanaalVerwerkt]:
    """The recorded inbound messages, oldest first."""
    with transaction(engine) as session:
        return list(session.execute(select(KanaalVerwerkt).order_by(KanaalVerwerkt.id)).scalars())


def aantal_verwerkt(engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(KanaalVerwerkt)).scalar_one()


def knoppen(*titels: str) -> list[dict]:
    return [{"title": titel, "payload": f"/keuze{{\"n\": {n}}}"} for n, titel in enumerate(titels)]


def plaats(engine, sleutel: str = "medewerker:1", **extra) -> int:
    with transaction(engine) as session:
        return plaats_bericht(session=session, sleutel=sleutel, kanaal="whatsapp", ontvanger=gesprek_id("whatsapp", WA_ID),
                              tekst=extra.pop("tekst", "Ik heb uw vraag bekeken.\nIk bel u morgen."),
                              soort=extra.pop("soort", "medewerker"), moment=NU, **extra).id


def rij(engine, bericht_id: int) -> UitgaandBericht:
    with transaction(engine) as session:
        return session.get(UitgaandBericht, bericht_id)


def venster_open_op(engine, moment: datetime) -> None:
    with transaction(engine) as session:
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=moment)


def bezorger(engine, fake, *, nu: datetime = NU, sjabloon: str | None = "ingang_bericht") -> WhatsAppBezorger:
    return WhatsAppBezorger(instellingen(fake, sjabloon=sjabloon), engine=engine, klok=lambda: nu)
