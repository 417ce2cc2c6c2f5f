"""Issue 13, "heavy work never blocks other conversations": a flood of new conversations does not make
an entrepreneur in the middle of a conversation wait for the whole flood.

Every message that passes the limits waits for one of a few places in front of Rasa; a conversation
under way gets the first free place (bot/kanalen/wachtrij.py). The REST channel runs in a real Sanic
server with a stand-in agent that holds each flood message until the test lets go. Written to fail
before the queue: every flood message was let in at once, and the entrepreneur's message came last.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.kanalen.rest import RestInput
from bot.kern.db import engine_for
from tests.kanaalserver import kanaal_server

FLOOD = 8


class VasthoudendeAgent:
    """Stands in for Rasa's agent: notes which message it started on, and holds the flood's."""

    def __init__(self) -> None:
        self.gestart: list[str] = []
        self.los = asyncio.Event()

    async def handle_message(self, message: UserMessage) -> None:
        self.gestart.append(f"{message.sender_id}: {message.text}")
        if message.sender_id.startswith("flood"):
            await self.los.wait()
        await message.output_channel.send_text_message(message.sender_id, "ok")


@pytest.fixture(autouse=True)
def omgeving(database_url, monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_MAX_BERICHTEN_IP", "1000/10000")  # many addresses, as a real flood would come
    monkeypatch.setenv("INGANG_GELIJKTIJDIGE_BERICHTEN", "2")
    yield
    engine_for(database_url).dispose()


async def stuur(client: httpx.AsyncClient, url: str, afzender: str, tekst: str) -> list[dict]:
    antwoord = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": afzender, "message": tekst})
    assert antwoord.status_code == 200
    return antwoord.json()


async def wacht_tot(voorwaarde, seconden: float = 10) -> None:
    eind = asyncio.get_running_loop().time() + seconden
    while not voorwaarde():
        assert asyncio.get_running_loop().time() < eind, "not reached in time"
        await asyncio.sleep(0.02)


async def test_an_entrepreneur_under_way_goes_before_a_flood_of_new_conversations_and_nothing_is_lost():
    agent = VasthoudendeAgent()
    async with kanaal_server(RestInput(), agent) as url, httpx.AsyncClient(timeout=30) as client:
        assert await stuur(client, url, "ondernemer", "ik wil een terras")  # the conversation is under way
        flood = [asyncio.create_task(stuur(client, url, f"flood-{i}", "hoi")) for i in range(FLOOD)]
        await wacht_tot(lambda: sum(s.startswith("flood") for s in agent.gestart) >= 2)
        await asyncio.sleep(0.3)  # the rest of the flood has arrived and waits (before the queue: started)
        vervolg = asyncio.create_task(stuur(client, url, "ondernemer", "hoe lang duurt dat?"))
        await asyncio.sleep(0.3)
        agent.los.set()
        assert await asyncio.wait_for(vervolg, 10)
        antwoorden = await asyncio.wait_for(asyncio.gather(*flood), 10)
    na_vloed = agent.gestart[1:]
    assert na_vloed.index("ondernemer: hoe lang duurt dat?") == 2, na_vloed  # right after the two in progress
    assert len(antwoorden) == FLOOD and all(antwoorden), "every flood message is still answered"
    assert sorted(s for s in na_vloed if s.startswith("flood")) == sorted(f"flood-{i}: hoi" for i in range(FLOOD))
