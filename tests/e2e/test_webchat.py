"""The chat page's channel: socket.io, with a persistent session and the custom payloads."""

from __future__ import annotations

import asyncio

import pytest

from bot.kern.db import make_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.uitgaand.service import plaats_bericht
from tests.chat import Chat

pytestmark = pytest.mark.e2e


async def test_webchat_answers_with_text_and_kennisbank_card(assistent):
    chat = Chat(assistent.url)
    await chat.verbind()
    try:
        await chat.stuur("wanneer zijn de koopzondagen?")
        await chat.wacht_op(lambda berichten: any("kennisbank" in (b.get("custom") or {}) for b in berichten), 30)
    finally:
        await chat.client.disconnect()
    assert any(b.get("text") for b in chat.ontvangen)
    assert any(b.get("quick_replies") for b in chat.ontvangen)
    assert [b["custom"]["kennisbank"]["id"] for b in chat.ontvangen if "custom" in b] == ["winkeltijden"]


async def test_a_staff_message_from_the_outbox_arrives_whole(assistent):
    """Text and custom.medewerker come in one bot_uttered, so the widget shows the name with the text."""
    chat = Chat(assistent.url)
    await chat.verbind()
    try:
        engine = make_engine(assistent.database_url)
        with transaction(engine) as session:
            plaats_bericht(session=session, sleutel=f"webchat-{chat.sessie}", kanaal="webchat", ontvanger=gesprek_id("webchat", chat.sessie),
                           tekst="Ik heb uw vraag bekeken.", soort="medewerker",
                           knoppen=[{"title": "Bedankt", "payload": "/thank"}],
                           custom={"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}})
        engine.dispose()
        await chat.wacht_op(lambda berichten: bool(berichten), 15)
        await asyncio.sleep(1)  # nothing more may follow (the custom part must not come separately)
    finally:
        await chat.client.disconnect()
    assert chat.ontvangen == [{
        "text": "Ik heb uw vraag bekeken.",
        "custom": {"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}},
        "quick_replies": [{"content_type": "text", "title": "Bedankt", "payload": "/thank"}],
    }]
