"""The web chat channel: Rasa's socket.io channel with two faults of Rasa 3.6 mended.

- Rasa's ``send_custom_json`` passes the custom payload as keyword arguments to
  ``AsyncServer.emit`` and fails; here the payload is sent as ``{"custom": {...}}``, the same
  shape the REST channel uses (see shared/berichten.md).
- With current python-socketio, ``enter_room`` is a coroutine that Rasa never awaits, so a
  persistent session never joined its room and received no answers; here it is awaited.
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

logger = logging.getLogger(__name__)


class WebchatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> Text:
        return "webchat"

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class WebchatInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "webchat"

    def get_output_channel(self) -> Optional[WebchatOutput]:
        return WebchatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        webhook = SocketBlueprint(sio, self.socketio_path, "webchat_webhook", __name__)
        self.sio = sio

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await _maybe_await(sio.enter_room(sid, data["session_id"], namespace=self.namespace))
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
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


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result
