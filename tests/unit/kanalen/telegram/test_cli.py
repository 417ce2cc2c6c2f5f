"""``python -m bot.kanalen.telegram`` (bot/kanalen/telegram/cli.py): polling and setting the webhook."""

from __future__ import annotations

import asyncio

import pytest

from bot.kanalen.telegram import cli
from bot.kanalen.telegram.config import TelegramConfig
from bot.kanalen.telegram.invoer import TelegramInput
from tests.fakes.telegram import button_update, text_update
from tests.unit.kanalen.telegram.hulp import CHAT, SECRET, RecordingAgent, server_with


def confirmed(fake, offset: int) -> bool:
    return any(c.params.get("offset") == offset for c in fake.calls_to("getUpdates"))


async def test_polling_forwards_updates_to_the_webhook_with_the_secret(app_database, fake, config):
    agent = RecordingAgent()
    fake.queue_update(text_update(11, CHAT, "Mag ik een terras?"))
    fake.queue_update(button_update(12, CHAT, "/affirm"))
    async with server_with(TelegramInput(config), agent) as url:
        stop = asyncio.Event()
        task = asyncio.create_task(cli.poll(config, url, stop=stop, wait_seconds=1, pause=0.1))
        for _ in range(100):  # until both arrived and the next getUpdates confirmed them
            if len(agent.messages) == 2 and confirmed(fake, 13):
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, timeout=10)
    assert [m.text for m in agent.messages] == ["Mag ik een terras?", "/affirm"]
    assert fake.calls_to("deleteWebhook")
    offsets = [c.params.get("offset") for c in fake.calls_to("getUpdates")]
    assert 13 in offsets  # both updates confirmed to Telegram


async def test_polling_stops_when_the_server_refuses_the_secret(app_database, fake, config):
    fake.queue_update(text_update(21, CHAT, "hallo"))
    other = TelegramConfig(config.token, "ander-geheim", config.api_url)
    async with server_with(TelegramInput(other), RecordingAgent()) as url:
        with pytest.raises(cli.PollStopped, match="403"):
            await asyncio.wait_for(cli.poll(config, url, wait_seconds=1, pause=0.1), timeout=10)


def test_webhook_instellen_registers_the_url_with_the_secret(fake, monkeypatch, capsys):
    monkeypatch.setenv("INGANG_TELEGRAM_TOKEN", fake.token)
    monkeypatch.setenv("INGANG_TELEGRAM_SECRET", SECRET)
    monkeypatch.setenv("INGANG_TELEGRAM_API_URL", fake.api_url)
    url = "https://ingang.voorbeeldstad.nl/webhooks/telegram/webhook"
    assert cli.main(["webhook-instellen", "--url", url]) == 0
    assert fake.webhook["url"] == url and fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == ["message", "callback_query"]
    assert cli.main(["webhook-instellen", "--url", "http://onveilig.example"]) == 2


def test_the_commands_need_the_configuration(monkeypatch, capsys):
    monkeypatch.delenv("INGANG_TELEGRAM_TOKEN", raising=False)
    assert cli.main(["poll"]) == 2
    assert "INGANG_TELEGRAM_TOKEN" in capsys.readouterr().err
