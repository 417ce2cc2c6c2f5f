"""The chat page's channel: socket.io, with a persistent session and the custom payloads."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

from bot.db import make_engine, transaction
from bot.uitgaand.service import plaats_bericht

pytestmark = pytest.mark.e2e


async def test_webchat_answers_with_text_and_kennisbank_card(assistent):
    client = socketio.AsyncClient()
    ontvangen: list[dict] = []
    bevestigd = asyncio.Event()
    kaart = asyncio.Event()
    sessie = uuid.uuid4().hex

    @client.on("session_confirm")
    async def on_confirm(data):
        bevestigd.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        ontvangen.append(data)
        if "kennisbank" in (data.get("custom") or {}):
            kaart.set()

    await client.connect(assistent.url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": sessie})
        await asyncio.wait_for(bevestigd.wait(), 10)
        await client.emit("user_uttered", {"message": "wanneer zijn de koopzondagen?", "session_id": sessie})
        await asyncio.wait_for(kaart.wait(), 30)
    finally:
        await client.disconnect()
    assert any(b.get("text") for b in ontvangen)
    assert any(b.get("quick_replies") for b in ontvangen)
    assert [b["custom"]["kennisbank"]["id"] for b in ontvangen if "custom" in b] == ["winkeltijden"]


async def test_a_staff_message_from_the_outbox_arrives_whole(assistent):
    """Text and custom.medewerker come in one bot_uttered, so the widget shows the name with the text."""
    client = socketio.AsyncClient()
    ontvangen: list[dict] = []
    bevestigd = asyncio.Event()
    aangekomen = asyncio.Event()
    sessie = uuid.uuid4().hex

    @client.on("session_confirm")
    async def on_confirm(data):
        bevestigd.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        ontvangen.append(data)
        aangekomen.set()

    await client.connect(assistent.url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": sessie})
        await asyncio.wait_for(bevestigd.wait(), 10)
        engine = make_engine(assistent.database_url)
        with transaction(engine) as session:
            plaats_bericht(session=session, sleutel=f"webchat-{sessie}", kanaal="webchat", ontvanger=sessie,
                           tekst="Ik heb uw vraag bekeken.", soort="medewerker",
                           knoppen=[{"title": "Bedankt", "payload": "/thank"}],
                           custom={"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}})
        engine.dispose()
        await asyncio.wait_for(aangekomen.wait(), 15)
        await asyncio.sleep(1)
    finally:
        await client.disconnect()
    assert ontvangen == [{
        "text": "Ik heb uw vraag bekeken.",
        "custom": {"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}},
        "quick_replies": [{"content_type": "text", "title": "Bedankt", "payload": "/thank"}],
    }]
