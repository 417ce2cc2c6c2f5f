"""A Telegram Bot API client (python-telegram-bot), with the token kept out of the logs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.kanalen.telegram.config import TelegramConfig
from bot.kanalen.telegram.opmaak import OutgoingPart


class _HideToken(logging.Filter):
    """httpx logs every request URL, and the Bot API URL contains the token: hide it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), ()
        return True


def _hide_token_in_logs(token: str) -> None:
    for name in ("httpx", "telegram"):
        target = logging.getLogger(name)
        if not any(isinstance(f, _HideToken) and f.token == token for f in target.filters):
            target.addFilter(_HideToken(token))


class StatusRequest(HTTPXRequest):
    """Remembers the HTTP status of the last answer (None when none came), so that a failure can
    be judged by the shared rule (``bot.kern.claims.is_definitieve_http_fout``) rather than by
    python-telegram-bot's exception classes."""

    last_status: int | None = None

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.last_status = None
        code, payload = await super().do_request(*args, **kwargs)
        self.last_status = code
        return code, payload


def make_bot(config: TelegramConfig, *, request: HTTPXRequest | None = None,
             get_updates_request: HTTPXRequest | None = None) -> Bot:
    _hide_token_in_logs(config.token)
    return Bot(config.token, base_url=config.api_url, request=request, get_updates_request=get_updates_request)


@asynccontextmanager
async def open_bot(config: TelegramConfig, request: HTTPXRequest | None = None) -> AsyncIterator[Bot]:
    """A bot for one piece of work; its HTTP connections are closed afterwards."""
    requests = (request or HTTPXRequest(), HTTPXRequest())
    try:
        yield make_bot(config, request=requests[0], get_updates_request=requests[1])
    finally:
        await asyncio.gather(*(request.shutdown() for request in requests))


async def send_parts(bot: Bot, chat_id: str | int, parts: Iterable[OutgoingPart]) -> None:
    for part in parts:
        await bot.send_message(chat_id=chat_id, text=part.text, reply_markup=part.keyboard)
