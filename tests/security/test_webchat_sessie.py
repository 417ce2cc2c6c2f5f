"""Attack 4 of issue 13: any socket.io client could join any web chat session.

``session_request`` joined whatever session id it was given (and flushed that session's waiting
messages into it), and ``user_uttered`` trusted ``data["session_id"]``. Now the server issues the
session as a signed token (bot/kanalen/webchat/sessie.py) and binds it to the socket that asked
for it: a socket sends and receives only in its own session. Written to fail before the fix.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.kanalen.webchat.invoer import WebchatInput
from bot.kanalen.webchat.sessie import Sessiesleutel
from bot.kern.identiteit import gesprek_id
from tests.chat import Chat
from tests.kanaalserver import kanaal_server


class OpnemendeAgent:
    """Stands in for Rasa's agent: records who said what, and echoes it to the sender."""

    def __init__(self) -> None:
        self.gehoord: list[tuple[str, str]] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.gehoord.append((message.sender_id, message.text))
        await message.output_channel.send_text_message(message.sender_id, f"U zei: {message.text}")


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)


def webchat() -> WebchatInput:
    return WebchatInput.from_credentials({"session_persistence": True})


async def verbonden(url: str, token: str | None = None) -> Chat:
    chat = Chat(url, token)
    await chat.verbind()
    return chat


def echo_van(tekst: str):
    return lambda berichten: any(b.get("text") == f"U zei: {tekst}" for b in berichten)


async def test_a_session_id_chosen_by_the_client_is_not_accepted():
    agent = OpnemendeAgent()
    async with kanaal_server(webchat(), agent) as url:
        aanvaller = await verbonden(url, "sessie-van-het-slachtoffer")
        try:
            assert aanvaller.sessie != "sessie-van-het-slachtoffer"
            await aanvaller.stuur("hallo")
            await aanvaller.wacht_op(echo_van("hallo"))
        finally:
            await aanvaller.client.disconnect()
    assert agent.gehoord == [(gesprek_id("webchat", aanvaller.sessie), "hallo")]
    assert Sessiesleutel.uit_omgeving().lees(aanvaller.token) == aanvaller.sessie


async def test_a_socket_cannot_send_into_another_session():
    agent = OpnemendeAgent()
    async with kanaal_server(webchat(), agent) as url:
        slachtoffer, aanvaller = await verbonden(url), await verbonden(url)
        try:
            # the attacker puts the victim's session (even its token) in the message itself
            for sessie in (slachtoffer.sessie, slachtoffer.token):
                await aanvaller.client.emit("user_uttered", {"message": "mijn nieuwe e-mail", "session_id": sessie})
            await aanvaller.stuur("klaar")
            await aanvaller.wacht_op(echo_van("klaar"))
        finally:
            await slachtoffer.client.disconnect()
            await aanvaller.client.disconnect()
    afzenders = {afzender for afzender, _ in agent.gehoord}
    assert afzenders == {gesprek_id("webchat", aanvaller.sessie)}
    assert slachtoffer.ontvangen == []


async def test_a_socket_does_not_receive_another_sessions_answers():
    async with kanaal_server(webchat(), OpnemendeAgent()) as url:
        slachtoffer = await verbonden(url)
        aanvaller = await verbonden(url, slachtoffer.sessie)  # asks for the victim's session by its id
        try:
            await slachtoffer.stuur("mijn zaaknummer")
            await slachtoffer.wacht_op(echo_van("mijn zaaknummer"))
            await aanvaller.stuur("hoi")
            await aanvaller.wacht_op(echo_van("hoi"))  # everything emitted to the attacker before has arrived
        finally:
            await slachtoffer.client.disconnect()
            await aanvaller.client.disconnect()
    assert aanvaller.sessie != slachtoffer.sessie
    assert [b["text"] for b in aanvaller.ontvangen] == ["U zei: hoi"]


async def test_a_socket_without_a_session_cannot_send():
    agent = OpnemendeAgent()
    async with kanaal_server(webchat(), agent) as url:
        zonder = Chat(url, None)
        await zonder.client.connect(url, socketio_path="/socket.io", transports=["polling"])
        try:
            await zonder.client.emit("user_uttered", {"message": "hallo", "session_id": "iets"})
            controle = await verbonden(url)  # a normal chat, to know the server handled the first
            await controle.stuur("x")
            await controle.wacht_op(echo_van("x"))
            await controle.client.disconnect()
        finally:
            await zonder.client.disconnect()
    assert [tekst for _, tekst in agent.gehoord] == ["x"]


async def test_the_same_valid_token_brings_back_the_same_session():
    async with kanaal_server(webchat(), OpnemendeAgent()) as url:
        eerste = await verbonden(url)
        await eerste.client.disconnect()
        terug = await verbonden(url, eerste.token)
        await terug.client.disconnect()
    assert (terug.sessie, terug.token) == (eerste.sessie, eerste.token)


def test_a_forged_or_expired_token_is_not_read():
    sleutel = Sessiesleutel("geheim-1", geldig=timedelta(days=30))
    token = sleutel.geef_uit()
    sessie = sleutel.lees(token)
    assert sessie and len(sessie) >= 32
    assert Sessiesleutel("ander-geheim", geldig=timedelta(days=30)).lees(token) is None
    assert sleutel.lees(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert sleutel.lees(sessie) is None  # the bare session id is no token
    assert sleutel.lees("") is None and sleutel.lees(None) is None and sleutel.lees(123) is None
    verlopen = Sessiesleutel("geheim-1", geldig=timedelta(seconds=-1))
    assert verlopen.lees(token) is None


def test_two_tokens_never_share_a_session():
    sleutel = Sessiesleutel("geheim-1", geldig=timedelta(days=30))
    assert len({sleutel.lees(sleutel.geef_uit()) for _ in range(200)}) == 200


async def test_the_stolen_victim_id_in_session_request_gets_no_waiting_messages(monkeypatch):
    """The victim's id in ``session_request`` must not flush the victim's waiting outbox messages."""
    kanaal = webchat()
    gevraagd: list[str] = []

    async with kanaal_server(kanaal, OpnemendeAgent()) as url:
        async def onthoud(sessie: str) -> None:
            gevraagd.append(sessie)

        monkeypatch.setattr(kanaal.bezorging, "sessie", onthoud)
        aanvaller = await verbonden(url, "slachtoffer-sessie")
        await asyncio.sleep(0)
        await aanvaller.client.disconnect()
    assert gevraagd and "slachtoffer-sessie" not in gevraagd
