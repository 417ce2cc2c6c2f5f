"""The web chat channel: Rasa's socket.io channel with two faults of Rasa 3.6 mended.

- Rasa's ``send_custom_json`` passes the custom payload as keyword arguments to
  ``AsyncServer.emit`` and fails; here the payload is sent as ``{"custom": {...}}``, the same
  shape the REST channel uses (see shared/berichten.md).
- With current python-socketio, ``enter_room`` is a coroutine that Rasa never awaits, so a
  persistent session never joined its room and received no answers; here it is awaited.

It also pushes outbox messages (``kanaal`` "webchat", ``ontvanger`` the session id): a loop
inside the Rasa server (started and stopped with the server) looks every few seconds
(INGANG_WEBCHAT_INTERVAL, default 3) for waiting messages of the sessions connected to this
process, and a session gets its waiting messages at once when it (re)connects
(``session_request``) or sends a message. Each message is claimed first (``claim_bericht``),
so several replicas never send one twice; it is marked afgeleverd after the emit. Messages of
sessions that are not connected keep waiting until the entrepreneur comes back.

A staff message (``custom.medewerker``) is emitted as one ``bot_uttered`` with its text, so the
widget can show the name above the text (Rasa would send the custom part separately).

Several replicas (INGANG_REDIS_URL set, see docs/widget.md): socket.io uses python-socketio's
``AsyncRedisManager``, so an emit on any replica reaches a client connected to another. Every
replica records the sessions connected to it in Redis (``SessiePresentie``: a sorted set with an
expiry time per session, renewed every round and whenever the session is active, removed when
its last client disconnects), and the push loop of every replica delivers for all present
sessions; the claim makes sure only one replica sends a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timezone
from typing import Any

import redis.asyncio as aioredis
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.kern.db import default_engine
from bot.uitgaand.bezorgen import claim_te_bezorgen, rond_af
from bot.uitgaand.service import Bericht, BezorgFout

logger = logging.getLogger(__name__)


class WebchatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A staff message goes out whole (text, buttons and custom in one event); others as Rasa does."""
        custom = message.get("custom")
        if isinstance(custom, dict) and "medewerker" in custom and message.get("text"):
            await self._send_message(recipient_id, staff_reply(message))
            return
        await super().send_response(recipient_id, message)


def staff_reply(message: dict[str, Any]) -> dict[str, Any]:
    """One bot_uttered payload for a staff message: text, custom and quick replies together."""
    reply: dict[str, Any] = {"text": message["text"], "custom": dict(message["custom"])}
    buttons = message.get("buttons") or message.get("quick_replies") or []
    if buttons:
        reply["quick_replies"] = [
            {"content_type": "text", "title": knop["title"], "payload": knop["payload"]} for knop in buttons
        ]
    return reply


class WebchatInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def get_output_channel(self) -> WebchatOutput | None:
        return WebchatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        redis_url = os.environ.get("INGANG_REDIS_URL") or None
        # INGANG_WEBCHAT_PING_INTERVAL / _PING_TIMEOUT: engine.io's ping interval and timeout in seconds
        # (defaults 25 and 20, as socket.io). A long-polling client that disconnects waits for its
        # pending poll, up to the timeout; the tests use 1 and 2 to stay fast.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], client_manager=client_manager(redis_url),
                          ping_interval=float(os.environ.get("INGANG_WEBCHAT_PING_INTERVAL", "25")),
                          ping_timeout=float(os.environ.get("INGANG_WEBCHAT_PING_TIMEOUT", "20")))
        webhook = SocketBlueprint(sio, self.socketio_path, "webchat_webhook", __name__)
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

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await _maybe_await(sio.enter_room(sid, data["session_id"], namespace=self.namespace))
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)
            await bezorging.sessie(str(data["session_id"]) if self.session_persistence else sid)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, reason: Any = None) -> None:
            await bezorging.weg(sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: dict) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning("Webchat message without session_id ignored.")
                    return
                sender_id = str(data["session_id"])
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            tekst = data.get("message")
            await bezorging.sessie(sender_id)
            await on_new_message(
                UserMessage(
                    tekst if isinstance(tekst, str) else "",
                    WebchatOutput(sio, self.bot_message_evt),
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata if isinstance(metadata, dict) else {},
                )
            )

        return webhook


class WebchatBezorging:
    """Pushes the waiting outbox messages of kanaal "webchat" to the sessions connected here."""

    KANAAL = "webchat"
    PER_KEER = 500  # sessions per query, well below every database's parameter limit

    def __init__(
        self, sio: AsyncServer, bot_message_evt: str, namespace: str | None,
        presentie: SessiePresentie | None = None,
    ) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt
        self.namespace = namespace or "/"
        self.presentie = presentie
        self.interval = float(os.environ.get("INGANG_WEBCHAT_INTERVAL", "3"))
        self.werker = f"webchat-{socket.gethostname()}-{os.getpid()}"
        self._taak: asyncio.Task | None = None
        self._laatste_fout: str | None = None

    def start(self) -> None:
        if self._taak is None:
            self._taak = asyncio.get_running_loop().create_task(self.draai())

    async def stop(self) -> None:
        taak, self._taak = self._taak, None
        if taak is not None:
            taak.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await taak
        if self.presentie is not None:
            await self.presentie.sluit()

    async def draai(self) -> None:
        while True:
            await self.ronde()
            await asyncio.sleep(self.interval)

    async def ronde(self) -> int:
        """Deliver what is due for every connected session (of any replica with Redis); how many went out."""
        sessies = await self.aanwezige_sessies()
        aantal = 0
        for begin in range(0, len(sessies), self.PER_KEER):
            aantal += await self.bezorg_voor(sessies[begin:begin + self.PER_KEER])
        return aantal

    async def sessie(self, ontvanger: str) -> int:
        """Deliver what waits for one session (it just connected or sent a message)."""
        await self._meld_aanwezig([ontvanger])
        return await self.bezorg_voor([ontvanger])

    async def weg(self, sid: str) -> None:
        """A client left: its sessions with nobody else connected here are no longer present (with Redis).

        Another replica that still has the session renews it in its next round; until then its
        messages simply wait, instead of being emitted to nobody and marked afgeleverd.
        """
        if self.presentie is None:
            return
        kamers = self.sio.manager.rooms.get(self.namespace, {})
        leeg = [kamer for kamer, leden in list(kamers.items())
                if isinstance(kamer, str) and sid in leden and all(lid == sid for lid in leden)]
        try:
            await self.presentie.vergeet(leeg)
        except Exception as fout:  # noqa: BLE001 - the presence expires by itself
            self._meld(fout)

    async def aanwezige_sessies(self) -> list[str]:
        """The sessions connected here, plus (with Redis) those connected to the other replicas."""
        hier = self.verbonden_sessies()
        if self.presentie is None:
            return hier
        await self._meld_aanwezig(hier)
        try:
            elders = await self.presentie.sessies()
        except Exception as fout:  # Redis away: at least serve the sessions connected here
            self._meld(fout)
            return hier
        return sorted(set(hier) | set(elders))

    async def _meld_aanwezig(self, sessies: list[str]) -> None:
        if self.presentie is None or not sessies:
            return
        try:
            await self.presentie.meld(sessies)
        except Exception as fout:  # noqa: BLE001 - Redis away: the next round tries again
            self._meld(fout)

    def verbonden_sessies(self) -> list[str]:
        """The rooms with a connected client here: session ids (and each client's own sid)."""
        kamers = self.sio.manager.rooms.get(self.namespace, {})
        return [kamer for kamer, leden in list(kamers.items()) if isinstance(kamer, str) and len(leden)]

    async def bezorg_voor(self, ontvangers: Iterable[str]) -> int:
        ontvangers = list(ontvangers)
        if not ontvangers:
            return 0
        try:
            berichten = await asyncio.to_thread(self._claim, ontvangers)
            for bericht in berichten:
                fout = await self.verstuur(bericht)
                await asyncio.to_thread(rond_af, engine=default_engine(), bericht_id=bericht.id, werker=self.werker,
                                        nu=_nu(), fout=fout)
        except Exception as fout:  # the chat goes on; the next round tries again
            self._meld(fout)
            return 0
        self._laatste_fout = None
        return len(berichten)

    def _claim(self, ontvangers: list[str]) -> list[Bericht]:
        return claim_te_bezorgen(engine=default_engine(), kanalen=[self.KANAAL], ontvangers=ontvangers, nu=_nu(),
                                 werker=self.werker)

    async def verstuur(self, bericht: Bericht) -> BezorgFout | None:
        """Emit the message as ``bot_uttered``, in the shape of a normal reply; the failure or None."""
        reply: dict[str, Any] = {"text": bericht.tekst}
        if bericht.knoppen:
            reply["buttons"] = [dict(knop) for knop in bericht.knoppen]
        if bericht.custom:
            reply["custom"] = dict(bericht.custom)
        try:
            await WebchatOutput(self.sio, self.bot_message_evt).send_response(bericht.ontvanger, reply)
        except Exception as fout:  # noqa: BLE001 - recorded, retried after a pause
            return BezorgFout(f"{type(fout).__name__}: {fout}")
        return None

    def _meld(self, fout: Exception) -> None:
        """Log a delivery error once, not every round."""
        tekst = f"{type(fout).__name__}: {fout}"
        if tekst != self._laatste_fout:
            logger.warning("Webchat: berichten niet bezorgd: %s", tekst, exc_info=fout)
        self._laatste_fout = tekst


class SessiePresentie:
    """Which web chat sessions are connected to some replica, kept in Redis.

    One sorted set: member = session id, score = the moment (Unix time) its presence expires.
    A replica renews its connected sessions every round of its push loop and whenever a
    session is active, and forgets a session when its last client here disconnects; a session
    of a replica that stopped without saying so counts as present until INGANG_WEBCHAT_AANWEZIG
    seconds (default 15, at least three rounds) after it was last renewed.
    """

    SLEUTEL = "ingang:webchat:sessies"

    def __init__(self, redis_url: str, geldig: float | None = None) -> None:
        interval = float(os.environ.get("INGANG_WEBCHAT_INTERVAL", "3"))
        self.geldig = geldig or max(float(os.environ.get("INGANG_WEBCHAT_AANWEZIG", "15")), 3 * interval)
        self.redis = aioredis.Redis.from_url(redis_url)

    async def meld(self, sessies: Iterable[str]) -> None:
        tot = time.time() + self.geldig
        await self.redis.zadd(self.SLEUTEL, {sessie: tot for sessie in sessies})

    async def vergeet(self, sessies: list[str]) -> None:
        if sessies:
            await self.redis.zrem(self.SLEUTEL, *sessies)

    async def sessies(self) -> list[str]:
        nu = time.time()
        await self.redis.zremrangebyscore(self.SLEUTEL, "-inf", nu)
        leden = await self.redis.zrangebyscore(self.SLEUTEL, nu, "+inf")
        return [lid.decode() if isinstance(lid, bytes) else str(lid) for lid in leden]

    async def sluit(self) -> None:
        await self.redis.close()


def client_manager(redis_url: str | None) -> AsyncRedisManager | None:
    """Redis pub/sub between the replicas when INGANG_REDIS_URL is set, else the in-process manager."""
    if not redis_url:
        return None
    logger.info("Webchat: socket.io via Redis (meerdere replica's).")
    return AsyncRedisManager(redis_url, channel="ingang-webchat")


def _nu() -> datetime:
    return datetime.now(timezone.utc)


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result
