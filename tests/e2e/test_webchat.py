"""The chat page's channel: socket.io, with a persistent session and the custom payloads."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

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
