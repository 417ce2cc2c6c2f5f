"""Attack 8 of issue 13, the rest: a script can no longer flood the assistant with messages.

Every message is counted per conversation and per IP address, in the database, before Rasa reads
it (bot/kanalen/tempo.py); over a limit the first message gets one friendly reply and the rest
silence. The channels run in a real Sanic server with a stand-in agent. Written to fail before.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sqlalchemy import select

from bot.kanalen.rest import RestInput
from bot.kanalen.webchat.invoer import WebchatInput
from bot.kern.db import engine_for, transaction
from bot.kern.teksten import tekst
from bot.kern.tempo import GesprekHerkomst
from bot.kern.tijd import utcnow
from tests.chat import Chat
from tests.kanaalserver import kanaal_server

TE_SNEL = tekst("kanalen/te_snel.txt")


class TellendeAgent:
    """Stands in for Rasa's agent: counts what reached it and echoes it."""

    def __init__(self) -> None:
        self.gelezen: list[str] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.gelezen.append(message.sender_id)
        await message.output_channel.send_text_message(message.sender_id, f"U zei: {message.text}")


@pytest.fixture(autouse=True)
def omgeving(database_url, monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_MAX_BERICHTEN_GESPREK", "5/50")
    monkeypatch.setenv("INGANG_MAX_BERICHTEN_IP", "12/100")
    # The windows are whole minutes: a test that crossed into the next minute would start counting
    # again, so the limit's clock stands still in the middle of one.
    stil = utcnow().replace(second=30, microsecond=0)
    monkeypatch.setattr("bot.kanalen.tempo.utcnow", lambda: stil)
    yield
    engine_for(database_url).dispose()


async def rest(url: str, sender: str, tekst_: str = "hallo") -> list[str]:
    async with httpx.AsyncClient(timeout=10) as client:
        antwoord = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": tekst_})
    assert antwoord.status_code == 200
    return [b.get("text") for b in antwoord.json()]


async def test_one_conversation_is_stopped_after_its_limit_with_one_friendly_reply():
    agent = TellendeAgent()
    async with kanaal_server(RestInput(), agent) as url:
        antwoorden = [await rest(url, "flood") for _ in range(9)]
        ander = await rest(url, "iemand-anders")  # another conversation from the same address goes on
    assert antwoorden[:5] == [["U zei: hallo"]] * 5
    assert antwoorden[5] == [TE_SNEL]
    assert antwoorden[6:] == [[]] * 3, "after the one reply, silence: a flood is not answered with a flood"
    assert agent.gelezen.count("flood") == 5
    assert ander == ["U zei: hallo"]


async def test_many_conversations_from_one_address_are_stopped_together():
    agent = TellendeAgent()
    async with kanaal_server(RestInput(), agent) as url:
        antwoorden = [await rest(url, f"script-{i}") for i in range(15)]  # a new sender each time
    assert len(agent.gelezen) == 12
    assert antwoorden[12] == [TE_SNEL] and antwoorden[13:] == [[], []]


async def test_the_limit_holds_across_two_replicas(database_url):
    agent = TellendeAgent()
    async with kanaal_server(RestInput(), agent) as url_a, kanaal_server(RestInput(), agent) as url_b:
        for i in range(8):
            await rest(url_a if i % 2 else url_b, "flood")
    assert agent.gelezen.count("flood") == 5


async def test_parallel_messages_are_counted_once_each():
    agent = TellendeAgent()
    async with kanaal_server(RestInput(), agent) as url:
        await asyncio.gather(*(rest(url, "gelijktijdig", f"bericht {i}") for i in range(10)))
    assert agent.gelezen.count("gelijktijdig") == 5


async def test_the_web_chat_counts_per_session_and_records_the_address(database_url):
    agent = TellendeAgent()
    async with kanaal_server(WebchatInput.from_credentials({"session_persistence": True}), agent) as url:
        chat = Chat(url)
        await chat.verbind()
        try:
            for i in range(7):
                await chat.stuur(f"bericht {i}")
            await chat.wacht_op(lambda berichten: any(b.get("text") == TE_SNEL for b in berichten))
            await asyncio.sleep(0.5)
        finally:
            await chat.client.disconnect()
    assert len(agent.gelezen) == 5
    assert [b["text"] for b in chat.ontvangen].count(TE_SNEL) == 1
    with transaction(engine_for(database_url)) as session:
        herkomst = session.execute(select(GesprekHerkomst.gesprek_id, GesprekHerkomst.ip)).all()
    assert herkomst == [(f"webchat:{chat.sessie}", "127.0.0.1")]


async def test_telegram_and_whatsapp_are_counted_per_conversation_only():
    """Their messages come from the providers' servers: one address for everyone, so no IP limit."""
    from bot.kanalen.tempo import Limieten, bewaakt

    gelezen: list[str] = []

    async def agent(message: UserMessage) -> None:
        gelezen.append(message.sender_id)

    ontvang = bewaakt(agent, limieten=Limieten.uit_omgeving())
    for i in range(20):
        await ontvang(UserMessage("hoi", None, f"whatsapp:3161234{i:04d}", input_channel="whatsapp"))
    assert len(gelezen) == 20


def test_a_limit_from_the_environment_falls_back_when_it_is_wrong(monkeypatch):
    from bot.kanalen.tempo import Limiet, Limieten

    monkeypatch.setenv("INGANG_MAX_BERICHTEN_GESPREK", "veel")
    monkeypatch.setenv("INGANG_MAX_BERICHTEN_IP", "0/10")
    assert Limieten.uit_omgeving() == Limieten()
    assert Limiet.uit("3/30", Limiet(1, 1)) == Limiet(3, 30)


def test_counts_and_addresses_are_forgotten_after_a_day(engine):
    from datetime import timedelta

    from bot.kern.tempo import noteer_herkomst, ruim_op, tel

    gisteren = utcnow() - timedelta(days=2)
    with transaction(engine) as session:
        tel(session=session, soort="x", sleutel=uuid.uuid4().hex, venster=timedelta(minutes=1), nu=gisteren)
        noteer_herkomst(session=session, gesprek_id="oud", ip="10.0.0.1", nu=gisteren)
        noteer_herkomst(session=session, gesprek_id="nieuw", ip="10.0.0.1", nu=utcnow())
    with transaction(engine) as session:
        assert ruim_op(session=session, nu=utcnow()) == 2
        assert session.execute(select(GesprekHerkomst.gesprek_id)).scalars().all() == ["nieuw"]
