"""The two channels that hand outbox messages (bot/uitgaand) to the entrepreneur inside the Rasa
server: REST (at the next message) and the web chat (pushed). The channels run in a real Sanic
server on loopback with a stand-in agent."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.kanalen.rest import RestInput
from bot.kanalen.webchat.invoer import WebchatInput
from bot.kanalen.webchat.sessie import Sessiesleutel
from bot.kern.db import engine_for
from bot.kern.identiteit import gesprek_id
from tests import chat
from tests.kanaalserver import kanaal_server
from tests.unit.uitgaand.hulp import MINUUT, NU, plaats, rij

# --- a channel in a real Sanic server ----------------------------------------------------------


class EchoAgent:
    """Stands in for Rasa's agent: answers every message with one text."""

    async def handle_message(self, message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, f"U zei: {message.text}")


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    """Several Sanic apps in one process: Sanic's start-up rewrite of its own methods must start
    from the originals each time, which it does in test mode."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def server_met(kanaal):
    """The channel in a real Sanic server on loopback, answered by the echo agent."""
    return kanaal_server(kanaal, EchoAgent())


@pytest.fixture
def app_database(database_url, engine, monkeypatch):
    """The database the channel code reads (via INGANG_DATABASE_URL), as the Rasa server would."""
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    yield engine
    engine_for(database_url).dispose()


async def post(url: str, sender: str | None, message: str, **kwargs) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, **kwargs)


# --- REST --------------------------------------------------------------------------------------


async def test_rest_shows_waiting_messages_first_and_only_once(app_database):
    escalatie = plaats(app_database, "escalatie:belofte:1", tekst="Het spijt ons.",
                       custom={"overdracht": {"zaak": "ON-2026-00001"}})
    medewerker = plaats(app_database, "medewerker:1", tekst="Ik bel u morgen.", moment=NU + MINUUT,
                        knoppen=[{"title": "Prima", "payload": "/affirm"}])
    ander = plaats(app_database, "ander", ontvanger="u2")
    push = plaats(app_database, "push", kanaal="webchat")
    async with server_met(RestInput()) as url:
        eerste = (await post(url, "u1", "hallo")).json()
        tweede = (await post(url, "u1", "nog iets")).json()
    assert eerste == [
        {"recipient_id": "u1", "text": "Het spijt ons.", "custom": {"overdracht": {"zaak": "ON-2026-00001"}}},
        {"recipient_id": "u1", "text": "Ik bel u morgen.", "buttons": [{"title": "Prima", "payload": "/affirm"}]},
        {"recipient_id": "u1", "text": "U zei: hallo"},
    ]
    assert tweede == [{"recipient_id": "u1", "text": "U zei: nog iets"}]
    assert [rij(app_database, i).status for i in (escalatie, medewerker, ander, push)] == [
        "afgeleverd", "afgeleverd", "wachtend", "wachtend"]


async def test_rest_two_messages_of_one_sender_at_once_show_a_waiting_message_once(app_database):
    plaats(app_database, "a", tekst="Het spijt ons.")
    async with server_met(RestInput()) as url:
        antwoorden = await asyncio.gather(*(post(url, "u1", f"vraag {i}") for i in range(4)))
    getoond = [b for a in antwoorden for b in a.json() if b["text"] == "Het spijt ons."]
    assert len(getoond) == 1


async def test_rest_streaming_starts_with_the_waiting_messages(app_database):
    plaats(app_database, "a", tekst="Het spijt ons.")
    async with server_met(RestInput()) as url:
        antwoord = await post(url, "u1", "hallo", params={"stream": "true"})
    assert [json.loads(regel)["text"] for regel in antwoord.text.splitlines() if regel] == ["Het spijt ons.",
                                                                                           "U zei: hallo"]


@pytest.mark.parametrize("body", ["{niet: json", "[1, 2]", "\"tekst\""])
async def test_rest_a_body_that_is_not_a_json_object_gets_a_friendly_400(app_database, body):
    async with server_met(RestInput()) as url, httpx.AsyncClient(timeout=10) as client:
        antwoord = await client.post(f"{url}/webhooks/rest/webhook", content=body,
                                     headers={"Content-Type": "application/json"})
    assert antwoord.status_code == 400
    assert "sender" in antwoord.json()["message"] and antwoord.json()["code"] == 400


async def test_rest_answers_even_when_the_outbox_cannot_be_read(tmp_path, monkeypatch):
    url_zonder_tabellen = f"sqlite:///{tmp_path / 'leeg.db'}"
    monkeypatch.setenv("INGANG_DATABASE_URL", url_zonder_tabellen)
    try:
        async with server_met(RestInput()) as url:
            assert (await post(url, "u1", "hallo")).json() == [{"recipient_id": "u1", "text": "U zei: hallo"}]
    finally:
        engine_for(url_zonder_tabellen).dispose()


async def test_rest_keeps_its_name_and_url(app_database):
    assert RestInput.name() == "rest"
    async with server_met(RestInput()) as url, httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{url}/webhooks/rest/")).json() == {"status": "ok"}


# --- web chat push -----------------------------------------------------------------------------


class Chat(chat.Chat):
    """The test chat page, talking to the echo agent."""

    async def zeg(self, tekst: str) -> None:
        """Send a message and wait for the echo: everything emitted to us before it has then arrived."""
        await self.stuur(tekst)
        await self.wacht_op(lambda berichten: any(b.get("text") == f"U zei: {tekst}" for b in berichten))


def webchat() -> WebchatInput:
    return WebchatInput.from_credentials({"session_persistence": True})


@pytest.fixture
def snel(monkeypatch):
    monkeypatch.setenv("INGANG_WEBCHAT_INTERVAL", "0.05")


def nu_echt() -> datetime:
    return datetime.now(timezone.utc)


async def alle_afgeleverd(engine, ids: list[int]) -> None:
    """Poll the database (its state has no event to await) until every message is afgeleverd."""
    while any(rij(engine, i).status != "afgeleverd" for i in ids):
        await asyncio.sleep(0.05)


async def test_webchat_pushes_a_message_to_a_connected_session(app_database, snel):
    kanaal = webchat()
    async with server_met(kanaal) as url:
        chat = Chat(url)
        await chat.verbind()
        try:
            bericht = plaats(app_database, "escalatie:belofte:1", kanaal="webchat", ontvanger=gesprek_id("webchat", chat.sessie),
                             moment=nu_echt(), tekst="Het spijt ons.\n\nWat er nu gebeurt: u wordt gebeld.",
                             knoppen=[{"title": "Prima", "payload": "/affirm"}],
                             custom={"overdracht": {"zaak": "ON-2026-00001"}})
            await chat.wacht_op(lambda berichten: any("custom" in b for b in berichten))
        finally:
            await chat.client.disconnect()
    # a handoff goes to the widget whole, so that it draws the card (bot/kanalen/webchat/uitvoer.py)
    assert chat.ontvangen == [
        {"text": "Het spijt ons.\n\nWat er nu gebeurt: u wordt gebeld.", "custom": {"overdracht": {"zaak": "ON-2026-00001"}},
         "quick_replies": [{"content_type": "text", "title": "Prima", "payload": "/affirm"}]},
    ]
    assert rij(app_database, bericht).status == "afgeleverd"
    assert kanaal.bezorging._taak is None  # the loop stopped with the server


async def test_webchat_keeps_a_message_until_the_session_comes_back(app_database, snel):
    kanaal, token = webchat(), Sessiesleutel.uit_omgeving().geef_uit()  # the session the widget kept
    sessie = Sessiesleutel.uit_omgeving().lees(token)
    bericht = plaats(app_database, "a", kanaal="webchat", ontvanger=gesprek_id("webchat", sessie), moment=nu_echt(), tekst="Terug van weg")
    async with server_met(kanaal) as url:
        ander = Chat(url)
        await ander.verbind()
        await kanaal.bezorging.ronde()  # a full round while the session is away
        assert rij(app_database, bericht).status == "wachtend"
        await ander.client.disconnect()

        chat = Chat(url, token)
        await chat.verbind()  # session_request delivers at once
        try:
            await chat.wacht_op(lambda berichten: berichten)
        finally:
            await chat.client.disconnect()
    assert chat.ontvangen == [{"text": "Terug van weg"}] and ander.ontvangen == []
    assert rij(app_database, bericht).status == "afgeleverd"


async def test_webchat_a_message_goes_before_the_answer_to_the_sessions_own_message(app_database, monkeypatch):
    monkeypatch.setenv("INGANG_WEBCHAT_INTERVAL", "3600")  # only the message itself delivers
    kanaal = webchat()
    async with server_met(kanaal) as url:
        chat = Chat(url)
        await chat.verbind()
        try:
            plaats(app_database, "a", kanaal="webchat", ontvanger=gesprek_id("webchat", chat.sessie), moment=nu_echt(), tekst="Van de gemeente")
            await chat.zeg("hallo")
        finally:
            await chat.client.disconnect()
    assert [b["text"] for b in chat.ontvangen] == ["Van de gemeente", "U zei: hallo"]


async def test_webchat_two_replicas_never_send_a_message_twice(app_database, snel):
    token = Sessiesleutel.uit_omgeving().geef_uit()
    sessie = Sessiesleutel.uit_omgeving().lees(token)
    replicas = [webchat(), webchat()]
    async with server_met(replicas[0]) as url_a, server_met(replicas[1]) as url_b:
        chats = [Chat(url_a, token), Chat(url_b, token)]  # the same session open in two tabs, one per replica
        for chat in chats:
            await chat.verbind()
        try:
            ids = [plaats(app_database, f"m{i}", kanaal="webchat", ontvanger=gesprek_id("webchat", sessie), moment=nu_echt(),
                          tekst=f"Bericht {i}") for i in range(10)]
            await asyncio.wait_for(alle_afgeleverd(app_database, ids), 10)
            for replica in replicas:
                assert await replica.bezorging.ronde() == 0
            for chat in chats:
                await chat.zeg("klaar?")  # everything sent to this tab before the echo has arrived
        finally:
            for chat in chats:
                await chat.client.disconnect()
    ontvangen = sorted(b["text"] for chat in chats for b in chat.ontvangen if b["text"].startswith("Bericht"))
    assert ontvangen == sorted(f"Bericht {i}" for i in range(10))
