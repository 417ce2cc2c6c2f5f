"""The Telegram settings, from the environment only (never from the repository).

- ``INGANG_TELEGRAM_TOKEN``: the bot token from BotFather;
- ``INGANG_TELEGRAM_SECRET``: the webhook secret (1-256 characters ``A-Z a-z 0-9 _ -``) that
  Telegram sends back in the ``X-Telegram-Bot-Api-Secret-Token`` header;
- ``INGANG_TELEGRAM_API_URL`` (optional): the Bot API address, python-telegram-bot's
  ``base_url`` (default ``https://api.telegram.org/bot``; the tests point it at a fake).

Also what the webhook and Telegram agree on: the path, the secret's header, the update types.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

ENV_TOKEN = "INGANG_TELEGRAM_TOKEN"
ENV_SECRET = "INGANG_TELEGRAM_SECRET"
ENV_API_URL = "INGANG_TELEGRAM_API_URL"
DEFAULT_API_URL = "https://api.telegram.org/bot"

WEBHOOK_PATH = "/webhooks/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
ALLOWED_UPDATES = ["message", "callback_query"]


@dataclass(frozen=True)
class TelegramConfig:
    token: str
    secret: str
    api_url: str = DEFAULT_API_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> TelegramConfig | None:
        """The configuration, or None when it is missing or invalid (see ``config_problem``)."""
        if config_problem(environ):
            return None
        return cls(
            token=environ[ENV_TOKEN].strip(),
            secret=environ[ENV_SECRET].strip(),
            api_url=environ.get(ENV_API_URL, "").strip() or DEFAULT_API_URL,
        )


def config_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the environment does not configure Telegram, or None when it does."""
    missing = [name for name in (ENV_TOKEN, ENV_SECRET) if not environ.get(name, "").strip()]
    if missing:
        return f"{' en '.join(missing)} ontbreekt"
    if not SECRET_PATTERN.fullmatch(environ[ENV_SECRET].strip()):
        return f"{ENV_SECRET} mag alleen A-Z, a-z, 0-9, _ en - bevatten (1 tot 256 tekens)"
    return None
