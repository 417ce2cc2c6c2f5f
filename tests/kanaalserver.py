"""A Rasa input channel in a real Sanic server on loopback, with a stand-in for Rasa's agent.

    async with kanaal_server(TelegramInput(config), agent) as url:   # http://127.0.0.1:<port>
        ...

The agent needs ``async handle_message(message: UserMessage)``; ``register`` mounts the
channel's blueprint (or each of a list of channels') under ``/webhooks/<name>/`` as ``rasa run`` does. Several Sanic apps in one
process need ``Sanic.test_mode`` set (the tests' fixture does that).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.channels.channel import InputChannel, register
from sanic import Sanic

from tests.assistent import vrije_poort


@asynccontextmanager
async def kanaal_server(kanaal: InputChannel | list[InputChannel], agent: Any) -> AsyncIterator[str]:
    app = Sanic(f"test_{uuid.uuid4().hex}")
    app.ctx.agent = agent
    register(kanaal if isinstance(kanaal, list) else [kanaal], app, route="/webhooks/")
    poort = vrije_poort()
    server = await app.create_server(host="127.0.0.1", port=poort, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{poort}"
    finally:
        await server.before_stop()
        await server.close()
        await _sluit_verbindingen(server.connections)
        await server.after_stop()


async def _sluit_verbindingen(verbindingen: set, geduld: float = 1.0) -> None:
    """Close the connections still open as ``sanic.server.runners.serve`` does when it stops: idle ones at
    once, busy ones after ``geduld`` seconds, websockets with 1001. Left open, their tasks were destroyed
    with the test's event loop ("Closing failed: Event loop is closed")."""
    for verbinding in list(verbindingen):
        verbinding.close_if_idle()
    eind = asyncio.get_running_loop().time() + geduld
    while verbindingen and asyncio.get_running_loop().time() < eind:
        await asyncio.sleep(0.05)
    for verbinding in list(verbindingen):
        if getattr(verbinding, "websocket", None):
            verbinding.websocket.fail_connection(code=1001)
        else:
            verbinding.abort()
    await asyncio.sleep(0)  # their close callbacks run on this loop, while it still runs
