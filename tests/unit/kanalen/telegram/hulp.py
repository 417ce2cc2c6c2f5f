"""Helpers for the Telegram tests: the webhook in a real Sanic server with a stand-in agent."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import httpx
from rasa.core.channels.channel import UserMessage

from bot.kanalen.telegram.config import SECRET_HEADER
from bot.kanalen.telegram.invoer import TelegramInput
from tests.kanaalserver import kanaal_server

SECRET = "test-geheim_123"
CHAT = 4242
NU = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
LONG_PAYLOAD = '/ask_how_to_apply{"onderwerp": "een-heel-lang-onderwerp-id-voor-de-test"}'


def keyboard(part) -> list[tuple[str, str]]:
    return [(b.text, b.callback_data) for row in part.keyboard.inline_keyboard for b in row]


class RecordingAgent:
    """Stands in for Rasa's agent: records each message and answers with text and a button."""

    def __init__(self) -> None:
        self.messages: list[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        await message.output_channel.send_response(
            message.sender_id, {"text": f"U zei: {message.text}", "buttons": [{"title": "Ja", "payload": "/affirm"}]})


def server_with(channel: TelegramInput, agent: RecordingAgent):
    """The channel in a Sanic server (needs the ``app_database`` fixture when updates are handled)."""
    return kanaal_server(channel, agent)


async def post(url: str, body, secret: str | None = SECRET) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    content = body if isinstance(body, (str, bytes)) else json.dumps(body)
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{url}/webhooks/telegram/webhook", content=content, headers=headers)
