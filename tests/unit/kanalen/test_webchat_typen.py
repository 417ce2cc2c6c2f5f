"""The web chat's typing markers (bot/kanalen/webchat/invoer.py, bezorger.py; bot/overname/typen.py).

``user_typing`` counts for the socket's own session only, whatever the payload names (issue 13 closed
that hole for messages; a test here fails when the session would be read from the payload), and only
during a takeover. The medewerker's typing reaches the widget as ``medewerker_typt`` with a first name.
The channel runs in a real Sanic server on loopback, on the test database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from rasa.core.channels.channel import UserMessage
from sqlalchemy import select

from bot.kanalen.webchat.invoer import WebchatInput
from bot.kern.db import engine_for, transaction
from bot.kern.identiteit import gesprek_id
from bot.overname.models import Overname
from bot.overname.service import start_overname
from bot.overname.typen import medewerker_typt
from tests import factories as maak
from tests.chat import Chat
from tests.fakes.rasa_api import NepRasa
from tests.kanaalserver import kanaal_server


class StilleAgent:
    async def handle_message(self, message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, f"U zei: {message.text}")


@pytest.fixture
def app_database(database_url, engine, monkeypatch):
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_WEBCHAT_INTERVAL", "0.1")
    yield engine
    engine_for(database_url).dispose()


def nu() -> datetime:
    return datetime.now(timezone.utc)


def neem_over(engine, sessie: str) -> int:
    """Mehmet Yılmaz takes over the web chat conversation of ``sessie``."""
    with transaction(engine) as session:
        mehmet = maak.medewerker(session, naam="Mehmet Yılmaz", functie="accountmanager horeca")
        zaak = maak.zaak(session, medewerker=mehmet, kanaal="webchat", gesprek_id=gesprek_id("webchat", sessie),
                         moment=nu())
        return start_overname(session=session, rasa=NepRasa(), zaak=zaak, medewerker=mehmet, nu=nu()).id


def typt_tot(engine, overname_id: int):
    with transaction(engine) as session:
        return session.execute(select(Overname.ondernemer_typt_tot).where(Overname.id == overname_id)).scalar_one()


async def verbonden(url: str) -> Chat:
    chat = Chat(url)
    await chat.verbind()
    return chat


async def tot(voorwaarde, timeout: float = 5) -> bool:
    """Polls the database (its state has no event to await) until ``voorwaarde()``; whether it came."""
    eind = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < eind:
        if await asyncio.to_thread(voorwaarde):
            return True
        await asyncio.sleep(0.05)
    return False


def webchat() -> WebchatInput:
    return WebchatInput.from_credentials({"session_persistence": True})


async def test_only_the_sockets_own_session_signals_typing(app_database):
    async with kanaal_server(webchat(), StilleAgent()) as url:
        ondernemer, aanvaller = await verbonden(url), await verbonden(url)
        try:
            overname_id = neem_over(app_database, ondernemer.sessie)
            for sessie in (ondernemer.sessie, ondernemer.token):  # the attacker names the entrepreneur's session
                await aanvaller.client.emit("user_typing", {"session_id": sessie})
                await asyncio.sleep(2.1)  # past the socket's own limit, so each one reaches the database
            assert not await tot(lambda: typt_tot(app_database, overname_id) is not None, timeout=1)
            await ondernemer.client.emit("user_typing", {"session_id": "iets anders"})
            assert await tot(lambda: typt_tot(app_database, overname_id) is not None)
        finally:
            await ondernemer.client.disconnect()
            await aanvaller.client.disconnect()


async def test_the_entrepreneurs_message_ends_the_marker_at_once(app_database):
    async with kanaal_server(webchat(), StilleAgent()) as url:
        ondernemer = await verbonden(url)
        try:
            overname_id = neem_over(app_database, ondernemer.sessie)
            await ondernemer.client.emit("user_typing", {})
            assert await tot(lambda: typt_tot(app_database, overname_id) is not None)
            await ondernemer.stuur("Ik heb nog een vraag")
            assert await tot(lambda: typt_tot(app_database, overname_id) is None)
        finally:
            await ondernemer.client.disconnect()


async def test_the_widget_hears_the_medewerker_typing_by_first_name(app_database):
    async with kanaal_server(webchat(), StilleAgent()) as url:
        ondernemer, ander = Chat(url), Chat(url)
        gehoord: dict[str, list] = {"ondernemer": [], "ander": []}
        ondernemer.client.on("medewerker_typt", lambda data: gehoord["ondernemer"].append(data))
        ander.client.on("medewerker_typt", lambda data: gehoord["ander"].append(data))
        await ondernemer.verbind()
        await ander.verbind()
        try:
            overname_id = neem_over(app_database, ondernemer.sessie)
            with transaction(app_database) as session:
                mehmet_id = session.get(Overname, overname_id).medewerker_id
                assert medewerker_typt(session=session, overname_id=overname_id, medewerker_id=mehmet_id, nu=nu())
            assert await tot(lambda: bool(gehoord["ondernemer"]))
        finally:
            await ondernemer.client.disconnect()
            await ander.client.disconnect()
    assert gehoord["ondernemer"][0] == {"naam": "Mehmet"}
    assert gehoord["ander"] == [], "only the conversation's own session hears it"
