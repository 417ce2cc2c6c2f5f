"""The web chat's socket.io server for Rasa (``WebchatInput``, name ``webchat``, path /socket.io).

The session is the server's (bot/kanalen/webchat/sessie.py): ``session_request`` brings the token
the widget kept, or nothing; the server confirms that token when it is valid, else a new one, and
binds its session to the socket. ``user_uttered`` goes into the socket's own session, whatever
``session_id`` the message names, and a socket without a session cannot send. (Rasa's own
``jwt_key`` check, which this override replaces, only guarded the message's metadata.)
``user_typing`` (the widget's "typt…" signal during a takeover, bot/overname/typen.py) likewise
counts for the socket's own session only; its payload is never read, and a socket is heard at
most once per ``TYPEN_PER_SOCKET`` before the database's own throttle. A message from a socket that
signalled typing ends the marker at once.

The socket.io room is the session id; the conversation id in Rasa is ``webchat:<session id>``
(bot/kern/identiteit.py), so no session id can reach another channel's conversation.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.kanalen.lengte import MAX_SOCKETIO_BYTES, begrensd
from bot.kanalen.proces import richt_server_in
from bot.kanalen.tempo import herkomst_ip
from bot.kanalen.webchat.bezorger import WebchatBezorging
from bot.kanalen.webchat.presentie import SessiePresentie, client_manager
from bot.kanalen.webchat.server import WebchatServer
from bot.kanalen.webchat.sessie import Sessiesleutel
from bot.kanalen.webchat.uitvoer import WebchatOutput
from bot.kern.db import default_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.invoer import schone_json
from bot.kern.tijd import utcnow
from bot.overname.typen import ondernemer_typt, ondernemer_verstuurde

logger = logging.getLogger(__name__)

TYPEN_PER_SOCKET = 2.0  # seconds between two typing signals of one socket that reach the database


class WebchatInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def get_output_channel(self) -> WebchatOutput | None:
        return WebchatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = begrensd(on_new_message)  # the length cut first (bot/kanalen/lengte.py)
        redis_url = os.environ.get("INGANG_REDIS_URL") or None
        # INGANG_WEBCHAT_PING_INTERVAL / _PING_TIMEOUT: engine.io's ping interval and timeout in seconds
        # (defaults 25 and 20, as socket.io). A long-polling client that disconnects waits for its
        # pending poll, up to the timeout; the tests use 1 and 2 to stay fast.
        sio = WebchatServer(async_mode="sanic", cors_allowed_origins=[], client_manager=client_manager(redis_url),
                          ping_interval=float(os.environ.get("INGANG_WEBCHAT_PING_INTERVAL", "25")),
                          ping_timeout=float(os.environ.get("INGANG_WEBCHAT_PING_TIMEOUT", "20")),
                          max_http_buffer_size=MAX_SOCKETIO_BYTES)
        webhook = richt_server_in(SocketBlueprint(sio, self.socketio_path, "webchat_webhook", __name__))
        self.sio = sio
        presentie = SessiePresentie(redis_url) if redis_url else None
        bezorging = self.bezorging = WebchatBezorging(sio, self.bot_message_evt, self.namespace, presentie)

        @webhook.listener("after_server_start")
        async def start_bezorging(app: Any, loop: Any) -> None:
            bezorging.start()

        @webhook.listener("before_server_stop")
        async def stop_bezorging(app: Any, loop: Any) -> None:
            await bezorging.stop()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        sleutel = Sessiesleutel.uit_omgeving()

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            gegeven = data.get("session_id") if isinstance(data, dict) else None
            if not self.session_persistence:
                await sio.emit("session_confirm", sid, room=sid, namespace=self.namespace)
                await bezorging.sessie(sid)
                return
            token, sessie = sleutel.bevestig(gegeven)
            oud = await self._sessie_van(sio, sid)
            if oud and oud != sessie:
                await _maybe_await(sio.leave_room(sid, oud, namespace=self.namespace))
            try:
                await sio.save_session(sid, {"sessie": sessie}, namespace=self.namespace)
            except KeyError:  # the socket left while its session was being confirmed
                return
            await _maybe_await(sio.enter_room(sid, sessie, namespace=self.namespace))
            await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)
            await bezorging.sessie(sessie)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, reason: Any = None) -> None:
            await bezorging.weg(sid)

        @sio.on("user_typing", namespace=self.namespace)
        async def handle_typing(sid: str, data: Any = None) -> None:  # noqa: ARG001 - the payload is never read
            sessie = await self._sessie_van(sio, sid) if self.session_persistence else sid
            if not sessie or not await self._mag_typen(sio, sid):
                return
            try:
                await asyncio.to_thread(_meld_typen, gesprek_id(self.name(), sessie))
            except Exception as fout:  # noqa: BLE001 - a lost marker is no reason to break the chat
                logger.warning("Webchat: typen niet doorgegeven: %s", fout)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                return
            sessie = await self._sessie_van(sio, sid) if self.session_persistence else sid
            if not sessie:
                logger.warning("Webchat-bericht van een socket zonder sessie genegeerd.")
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            tekst = data.get("message")
            herkomst_ip.set(_ip_van(sio, sid, self.namespace))  # for the rate limits (bot/kanalen/tempo.py)
            await bezorging.sessie(sessie)
            if await self._typte(sio, sid):  # the medewerker's panel stops saying "typt…" at once
                try:
                    await asyncio.to_thread(_meld_verstuurd, gesprek_id(self.name(), sessie))
                except Exception as fout:  # noqa: BLE001 - a marker that stays a few seconds is no reason to lose the message
                    logger.warning("Webchat: einde van typen niet doorgegeven: %s", fout)
            await on_new_message(
                UserMessage(
                    tekst if isinstance(tekst, str) else "",
                    WebchatOutput(sio, self.bot_message_evt),
                    gesprek_id(self.name(), sessie),
                    input_channel=self.name(),
                    metadata=schone_json(metadata) if isinstance(metadata, dict) else {},
                )
            )

        return webhook

    async def _sessie_van(self, sio: AsyncServer, sid: str) -> str | None:
        """The session bound to this socket by ``session_request``, if any."""
        try:
            return (await sio.get_session(sid, namespace=self.namespace)).get("sessie")
        except KeyError:  # the socket is gone
            return None


    async def _typte(self, sio: AsyncServer, sid: str) -> bool:
        """Whether this socket signalled typing since its last message (then the marker may still show);
        forgets it, so the next keystroke signals at once."""
        try:
            async with sio.session(sid, namespace=self.namespace) as sessie:
                return sessie.pop("typt_op", None) is not None
        except KeyError:  # the socket is gone
            return False

    async def _mag_typen(self, sio: AsyncServer, sid: str) -> bool:
        """At most one typing signal per ``TYPEN_PER_SOCKET`` per socket (kept with the socket itself)."""
        try:
            async with sio.session(sid, namespace=self.namespace) as sessie:
                nu = time.monotonic()
                if nu - sessie.get("typt_op", float("-inf")) < TYPEN_PER_SOCKET:
                    return False
                sessie["typt_op"] = nu
                return True
        except KeyError:  # the socket is gone
            return False


def _meld_verstuurd(gesprek: str) -> None:
    with transaction(default_engine()) as session:
        ondernemer_verstuurde(session=session, kanaal="webchat", gesprek_id=gesprek)


def _meld_typen(gesprek: str) -> None:
    with transaction(default_engine()) as session:
        ondernemer_typt(session=session, kanaal="webchat", gesprek_id=gesprek, nu=utcnow())


def _ip_van(sio: AsyncServer, sid: str, namespace: str | None) -> str | None:
    """The client's address, as Sanic saw it on the socket's first request."""
    verzoek = (sio.get_environ(sid, namespace=namespace) or {}).get("sanic.request")
    return (verzoek.remote_addr or verzoek.ip) if verzoek is not None else None


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result
