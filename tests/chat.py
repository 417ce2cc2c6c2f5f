"""A chat page in tests: a socket.io client (long polling) with a persistent session, as the
widget uses the web chat channel."""

from __future__ import annotations

import asyncio

import socketio


class Chat:
    def __init__(self, url: str, sessie: str | None) -> None:
        self.url, self.sessie = url, sessie
        self.client = socketio.AsyncClient()
        self.ontvangen: list[dict] = []
        self._nieuw = asyncio.Condition()
        self.client.on("bot_uttered", self._bij_bericht)
        self.bevestigd = asyncio.Event()
        self.client.on("session_confirm", lambda _: self.bevestigd.set())

    async def _bij_bericht(self, data: dict) -> None:
        async with self._nieuw:
            self.ontvangen.append(data)
            self._nieuw.notify_all()

    async def verbind(self) -> None:
        """Connect; with a session id, also join that session (as the widget does)."""
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"])
        if self.sessie:
            await self.client.emit("session_request", {"session_id": self.sessie})
            await asyncio.wait_for(self.bevestigd.wait(), 10)

    async def stuur(self, tekst: str) -> None:
        await self.client.emit("user_uttered", {"message": tekst, "session_id": self.sessie})

    async def wacht_op(self, voorwaarde, timeout: float = 10) -> None:
        """Until ``voorwaarde(received messages)`` holds."""
        async with self._nieuw:
            await asyncio.wait_for(self._nieuw.wait_for(lambda: voorwaarde(self.ontvangen)), timeout)
