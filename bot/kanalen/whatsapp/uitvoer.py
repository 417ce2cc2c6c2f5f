"""Replies within a WhatsApp conversation: Rasa's output channel (recipient ``whatsapp:<wa_id>``)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import httpx
from rasa.core.channels.channel import OutputChannel

from bot.kanalen.whatsapp.api import nieuwe_client, verstuur
from bot.kanalen.whatsapp.config import KANAAL, WhatsAppInstellingen
from bot.kanalen.whatsapp.opmaak import whatsapp_berichten
from bot.kern.claims import Herhaling
from bot.kern.identiteit import extern_id
from bot.uitgaand.service import BezorgFout

logger = logging.getLogger(__name__)


class WhatsAppOutput(OutputChannel):
    """Answers within a conversation; a failed call is retried twice, then logged."""

    POGINGEN = 3
    PAUZE = 0.5  # seconds, doubled after each failed attempt
    TIMEOUT = 10.0

    def __init__(self, instellingen: WhatsAppInstellingen) -> None:
        self.instellingen = instellingen

    @classmethod
    def name(cls) -> str:
        return KANAAL

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        async with nieuwe_client(self.TIMEOUT) as client:
            for payload in whatsapp_berichten(extern_id(KANAAL, recipient_id), message):
                if not await self._verstuur(client, payload):
                    return  # do not send the rest of a message whose first part failed

    async def _verstuur(self, client: httpx.AsyncClient, payload: dict[str, Any]) -> bool:
        herhaling = Herhaling(max_pogingen=self.POGINGEN, eerste_pauze=timedelta(seconds=self.PAUZE))
        for poging in range(1, self.POGINGEN + 1):
            try:
                await verstuur(client, self.instellingen, payload)
                return True
            except BezorgFout as fout:
                if fout.definitief or poging >= herhaling.max_pogingen:
                    logger.error("WhatsApp-antwoord aan %s niet verstuurd: %s", payload.get("to"), fout)
                    return False
                await asyncio.sleep(herhaling.pauze_na(poging).total_seconds())
        return False

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": image})
