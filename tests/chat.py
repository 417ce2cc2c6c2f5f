"""A chat page in tests: a socket.io client (long polling) with a persistent session, as the
widget uses the web chat channel: it asks for a session (with the token it kept, if any), keeps
the token the server confirms and knows the session id inside it (bot/kanalen/webchat/sessie.py)."""

from __future__ import annotations

import asyncio

import socketio

from bot.kanalen.webchat.sessie import Sessiesleutel


class Chat:
    def __init__(self, url: str, token: str | None = None) -> None:
        self.url, self.token = url, token
        self.sessie: str | None = None  # the session id inside the confirmed token
        self.client = socketio.AsyncClient()
        self.ontvangen: list[dict] = []
        self._nieuw = asyncio.Condition()
        self.client.on("bot_uttered", self._bij_bericht)
        self.bevestigd = asyncio.Event()
        self.client.on("session_confirm", self._bij_bevestiging)

    async def _bij_bevestiging(self, token: str) -> None:
        self.token, self.sessie = token, Sessiesleutel.uit_omgeving().lees(token)
        self.bevestigd.set()

    async def _bij_bericht(self, data: dict) -> None:
        async with self._nieuw:
            self.ontvangen.append(data)
            self._nieuw.notify_all()

    async def verbind(self) -> None:
        """Connect and ask for a session (the kept token's, or a new one), as the widget does."""
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"])
        await self.client.emit("session_request", {"session_id": self.token} if self.token else {})
        await asyncio.wait_for(self.bevestigd.wait(), 10)

    async def stuur(self, tekst: str) -> None:
        await self.client.emit("user_uttered", {"message": tekst, "session_id": self.token})

    async def wacht_op(self, voorwaarde, timeout: float = 10) -> None:
        """Until ``voorwaarde(received messages)`` holds."""
        async with self._nieuw:
            await asyncio.wait_for(self._nieuw.wait_for(lambda: voorwaarde(self.ontvangen)), timeout)
