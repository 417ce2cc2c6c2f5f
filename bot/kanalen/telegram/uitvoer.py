"""Replies within a Telegram conversation: Rasa's output channel (recipient ``telegram:<chat id>``)."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel
from telegram import Bot

from bot.kanalen.telegram.api import send_parts
from bot.kanalen.telegram.opmaak import KANAAL, render
from bot.kern.identiteit import extern_id


class TelegramOutput(OutputChannel):
    """Sends each bot message as a whole (text, buttons and custom data rendered together)."""

    @classmethod
    def name(cls) -> str:
        return KANAAL

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await send_parts(self.bot, extern_id(KANAAL, recipient_id), render(message))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"image": image})

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"attachment": attachment})
