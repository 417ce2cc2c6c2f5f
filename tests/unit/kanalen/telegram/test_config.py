"""Telegram's settings (bot/kanalen/telegram/config.py): from the environment only."""

from __future__ import annotations

from bot.kanalen.telegram.config import TelegramConfig, config_problem


def test_configuration_comes_from_the_environment_only():
    assert TelegramConfig.from_env({}) is None and "INGANG_TELEGRAM_TOKEN" in config_problem({})
    assert TelegramConfig.from_env({"INGANG_TELEGRAM_TOKEN": "1:a", "INGANG_TELEGRAM_SECRET": "met spatie"}) is None
    config = TelegramConfig.from_env({"INGANG_TELEGRAM_TOKEN": "1:a", "INGANG_TELEGRAM_SECRET": "ok_1-2"})
    assert config == TelegramConfig("1:a", "ok_1-2", "https://api.telegram.org/bot")
