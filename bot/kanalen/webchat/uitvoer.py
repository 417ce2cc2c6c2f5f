"""Replies on the web chat: Rasa's socket.io output, with custom payloads and staff messages whole.

The recipient is the conversation id ``webchat:<session id>``; the message goes to the room of
that session (bot/kern/identiteit.py)."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.socketio import SocketIOOutput

from bot.kern.identiteit import extern_id


class WebchatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await super()._send_message(extern_id(self.name(), socket_id), response)

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
