"""Helpers for the WhatsApp tests: deliveries as Meta sends them, the webhook in a Sanic app
called through httpx's ASGI transport (a stand-in for Rasa collects the UserMessages), and
outbox rows."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timezone

import httpx
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sqlalchemy import func, select

from bot.kanalen.boekhouding import KanaalVerwerkt, werk_venster_bij
from bot.kanalen.whatsapp.bezorger import WhatsAppBezorger
from bot.kanalen.whatsapp.config import WhatsAppInstellingen
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
TERRAS = "https://voorbeeldstad.nl/terras"
STATUS = {"id": "wamid.uit", "status": "delivered", "timestamp": "1763900000", "recipient_id": WA_ID}


def instellingen(fake: FakeWhatsApp | None = None, sjabloon: str | None = "ingang_bericht") -> WhatsAppInstellingen:
    return WhatsAppInstellingen(
        token=fake.token if fake else "t", app_secret=GEHEIM, verify_token=VERIFY,
        phone_number_id=fake.phone_number_id if fake else "1", api_url=fake.url if fake else "http://127.0.0.1:9",
        sjabloon=sjabloon,
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
    """The channel's blueprint in a Sanic app; ``ontvangen`` holds what would have gone to Rasa."""

    def __init__(self, kanaal: WhatsAppInput) -> None:
        self.kanaal = kanaal
        self.ontvangen: list[UserMessage] = []
        self.app = Sanic(f"whatsapp_test_{uuid.uuid4().hex[:8]}")
        # the URL `rasa run` gives it: /webhooks/<name>/...
        self.app.blueprint(kanaal.blueprint(self._naar_rasa), url_prefix="/webhooks/" + kanaal.url_prefix())

    async def _naar_rasa(self, bericht: UserMessage) -> None:
        self.ontvangen.append(bericht)

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


def aantal_verwerkt(engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(KanaalVerwerkt)).scalar_one()


def knoppen(*titels: str) -> list[dict]:
    return [{"title": titel, "payload": f"/keuze{{\"n\": {n}}}"} for n, titel in enumerate(titels)]


def plaats(engine, sleutel: str = "medewerker:1", **extra) -> int:
    with transaction(engine) as session:
        return plaats_bericht(session=session, sleutel=sleutel, kanaal="whatsapp", ontvanger=gesprek_id("whatsapp", WA_ID),
                              tekst=extra.pop("tekst", "Ik heb uw vraag bekeken.\nIk bel u morgen."),
                              soort="medewerker", moment=NU, **extra).id


def rij(engine, bericht_id: int) -> UitgaandBericht:
    with transaction(engine) as session:
        return session.get(UitgaandBericht, bericht_id)


def venster_open_op(engine, moment: datetime) -> None:
    with transaction(engine) as session:
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=moment)


def bezorger(engine, fake, *, nu: datetime = NU, sjabloon: str | None = "ingang_bericht") -> WhatsAppBezorger:
    return WhatsAppBezorger(instellingen(fake, sjabloon=sjabloon), engine=engine, klok=lambda: nu)
