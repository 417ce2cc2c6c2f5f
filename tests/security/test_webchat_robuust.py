"""What the fuzz test (tests/security/test_fuzz.py) found in the web chat: a socket that leaves at
the wrong moment made the server fail. Both tests failed before their fixes.

* engine.io 4.15 catches a poll for a session that has just closed, but not a POST: Sanic
  answered 500 and logged a traceback;
* ``session_request`` of a socket that left while its session was being confirmed raised
  ``KeyError`` in a task nobody awaits ("Task exception was never retrieved").
"""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from sanic import Sanic

from bot.kanalen.webchat.invoer import WebchatInput
from tests.kanaalserver import kanaal_server
from tests.security.test_kanaal_identiteit import OpnemendeAgent


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)


async def test_a_message_posted_to_a_session_that_just_closed_gets_400_not_500(caplog):
    kanaal = WebchatInput.from_credentials({"session_persistence": True})
    async with kanaal_server(kanaal, OpnemendeAgent()) as url, httpx.AsyncClient() as client:
        handdruk = await client.get(f"{url}/socket.io/", params={"EIO": "4", "transport": "polling"})
        sid = json.loads(handdruk.text[1:])["sid"]  # engine.io's open packet: 0{"sid": ...}
        kanaal.sio.eio.sockets[sid].closed = True  # the socket closed, its request still on the way
        antwoord = await client.post(f"{url}/socket.io/", params={"EIO": "4", "transport": "polling", "sid": sid},
                                     content=b"2")
    assert antwoord.status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_session_request_from_a_socket_that_left_is_ignored_quietly():
    kanaal = WebchatInput.from_credentials({"session_persistence": True})
    async with kanaal_server(kanaal, OpnemendeAgent()):
        session_request = kanaal.sio.handlers["/"]["session_request"]
        await session_request("een-socket-die-al-weg-is", {})  # raised KeyError before
        assert kanaal.sio.rooms("een-socket-die-al-weg-is") == []
