"""Outbox delivery on Telegram (staff replies, escalations) for the follow-up worker.

Loads no Rasa and no Sanic: the worker imports this module.
"""

from __future__ import annotations

import logging

from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.kanalen.brug import voer_uit
from bot.kanalen.telegram.api import StatusRequest, open_bot, send_parts
from bot.kanalen.telegram.config import TelegramConfig
from bot.kanalen.telegram.opmaak import KANAAL, OutgoingPart, render
from bot.kern.claims import is_definitieve_http_fout
from bot.kern.identiteit import VreemdGesprek, extern_id
from bot.uitgaand.service import Bericht, BezorgFout

logger = logging.getLogger(__name__)


class TelegramBezorger:
    """Delivers outbox messages to a Telegram chat (``ontvanger`` is ``telegram:<chat id>``; any
    other conversation id is refused for good, bot/kern/identiteit.py)."""

    kanaal = KANAAL

    def __init__(self, config: TelegramConfig) -> None:
        self.config = config

    @classmethod
    def uit_omgeving(cls) -> TelegramBezorger | None:
        """The deliverer configured by the environment, or None when Telegram is not set up."""
        config = TelegramConfig.from_env()
        return cls(config) if config else None

    def bezorg(self, bericht: Bericht) -> None:
        """Send it as the channel sends any reply; ``BezorgFout`` if not.

        Whether a failure is final follows the rule every outside API shares
        (``is_definitieve_http_fout``): 400 (chat not found, message refused), 404 (unknown
        bot) and 403 (the user blocked the bot) are final; 401 (token refused: fixed in the
        configuration), 408, 409, 429 (flood control),
        5xx, time-outs and network errors are retried. A long text goes as several messages;
        when a later one fails, a retry sends the earlier ones again (rare, and better than
        losing the end).
        """
        try:
            chat_id = extern_id(KANAAL, bericht.ontvanger)
        except VreemdGesprek as fout:
            raise BezorgFout(str(fout), definitief=True) from fout
        parts = render(bericht.als_rasa_bericht())
        if not parts:
            return
        request = StatusRequest()
        try:
            voer_uit(self._send(request, chat_id, parts))
        except TelegramError as error:
            if is_definitieve_http_fout(request.last_status):
                raise BezorgFout(f"Telegram weigert het bericht: {error}", definitief=True) from error
            raise BezorgFout(f"Telegram niet bereikt: {type(error).__name__}: {error}") from error

    def meld_typen(self, ontvanger: str) -> bool:
        """Telegram shows "typing…" in the chat (``sendChatAction``, about 5 seconds, or until a message
        arrives) while a medewerker types in the console; whether it was accepted. Best effort: a
        failure costs only the marker, so it is logged and never raised."""
        try:
            chat_id = extern_id(KANAAL, ontvanger)
            voer_uit(self._typing(chat_id))
        except (VreemdGesprek, TelegramError) as fout:
            logger.info("Telegram: typen niet getoond: %s", fout)
            return False
        return True

    async def _typing(self, chat_id: str) -> None:
        async with open_bot(self.config) as bot:
            await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)

    async def _send(self, request: StatusRequest, chat_id: str, parts: list[OutgoingPart]) -> None:
        async with open_bot(self.config, request) as bot:
            await send_parts(bot, chat_id, parts)
