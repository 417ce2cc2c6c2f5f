"""Replies on the web chat: Rasa's socket.io output, with custom payloads and staff messages whole."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.socketio import SocketIOOutput


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
