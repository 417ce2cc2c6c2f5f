"""``python -m bot.kanalen.telegram``: polling for a developer machine, and setting the webhook.

Developers without a public address run ``python -m bot.kanalen.telegram poll``: it fetches
updates with getUpdates and posts each to the local webhook with the secret, so the same code
handles them. ``python -m bot.kanalen.telegram webhook-instellen --url https://...`` registers
the webhook with Telegram. See docs/telegram.md.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

import httpx
from telegram.error import TelegramError

from bot.kanalen.telegram.api import open_bot
from bot.kanalen.telegram.config import (
    ALLOWED_UPDATES,
    ENV_SECRET,
    SECRET_HEADER,
    WEBHOOK_PATH,
    TelegramConfig,
    config_problem,
)

logger = logging.getLogger(__name__)


class PollStopped(Exception):
    """The local Rasa server refuses the updates (wrong secret, Telegram not configured there)."""


async def poll(config: TelegramConfig, rasa_url: str, *, stop: asyncio.Event | None = None,
               wait_seconds: int = 30, pause: float = 3.0) -> None:
    """Long polling: fetch updates and post each to the local webhook, until ``stop`` is set."""
    stop = stop or asyncio.Event()
    webhook_url = rasa_url.rstrip("/") + WEBHOOK_PATH
    async with open_bot(config) as bot, httpx.AsyncClient(timeout=60) as client:
        await bot.delete_webhook()
        logger.info("Telegram: ophalen met getUpdates; doorsturen naar %s", webhook_url)
        offset: int | None = None
        while not stop.is_set():
            try:
                updates = await bot.get_updates(offset=offset, timeout=wait_seconds, allowed_updates=ALLOWED_UPDATES)
            except TelegramError as error:
                logger.warning("getUpdates mislukt (%s); opnieuw over %s s", error, pause)
                await asyncio.sleep(pause)
                continue
            for update in updates:
                await forward(client, webhook_url, config.secret, update.to_json(), pause=pause)
                offset = update.update_id + 1


async def forward(client: httpx.AsyncClient, webhook_url: str, secret: str, body: str, *, pause: float) -> None:
    """Post one update to the webhook; retried until Rasa takes it, skipped when it is invalid."""
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    while True:
        try:
            answer = await client.post(webhook_url, content=body, headers=headers)
        except httpx.HTTPError as error:
            logger.warning("Rasa niet bereikt op %s (%s); opnieuw over %s s", webhook_url, error, pause)
            await asyncio.sleep(pause)
            continue
        if answer.status_code == 200:
            return
        if answer.status_code == 400:
            logger.warning("Update overgeslagen: %s", answer.text)
            return
        if answer.status_code in (403, 404, 503):
            raise PollStopped(f"{webhook_url} antwoordt {answer.status_code}: {answer.text.strip()} "
                              f"(draait Rasa met het Telegram-kanaal en hetzelfde {ENV_SECRET}?)")
        logger.warning("Rasa antwoordt %s; opnieuw over %s s", answer.status_code, pause)
        await asyncio.sleep(pause)


async def set_webhook(config: TelegramConfig, url: str) -> None:
    async with open_bot(config) as bot:
        await bot.set_webhook(url=url, secret_token=config.secret, allowed_updates=ALLOWED_UPDATES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kanalen.telegram",
                                     description="Telegram-kanaal van Ingang (zie docs/telegram.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    poll_parser = commands.add_parser("poll", help="updates ophalen (getUpdates) en doorsturen naar de lokale Rasa")
    poll_parser.add_argument("--rasa", default="http://127.0.0.1:5005", help="adres van de Rasa-server")
    webhook_parser = commands.add_parser("webhook-instellen", help="de webhook met het geheim bij Telegram instellen")
    webhook_parser.add_argument("--url", required=True, help=f"https://.../{WEBHOOK_PATH.lstrip('/')}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    config = TelegramConfig.from_env()
    if config is None:
        print(f"Telegram is niet ingesteld: {config_problem()}.", file=sys.stderr)
        return 2
    try:
        if args.command == "poll":
            asyncio.run(poll(config, args.rasa))
            return 0
        if not args.url.startswith("https://"):
            print("Telegram accepteert alleen een https-adres als webhook.", file=sys.stderr)
            return 2
        if not args.url.rstrip("/").endswith(WEBHOOK_PATH):
            print(f"Let op: de webhook van Ingang eindigt op {WEBHOOK_PATH}.", file=sys.stderr)
        asyncio.run(set_webhook(config, args.url))
        print(f"Webhook ingesteld: {args.url}")
        return 0
    except PollStopped as error:
        print(error, file=sys.stderr)
        return 1
    except TelegramError as error:
        print(f"Telegram weigert: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
