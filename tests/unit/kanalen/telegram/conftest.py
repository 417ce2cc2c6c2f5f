"""Fixtures of the Telegram tests: the fake Bot API (tests/fakes/telegram.py) and its configuration."""

from __future__ import annotations

import pytest

from bot.kanalen.telegram.config import TelegramConfig
from bot.kern.db import engine_for
from tests.fakes.telegram import FakeTelegram
from tests.unit.kanalen.telegram.hulp import SECRET


@pytest.fixture
def fake() -> FakeTelegram:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def config(fake: FakeTelegram) -> TelegramConfig:
    return TelegramConfig(token=fake.token, secret=SECRET, api_url=fake.api_url)


@pytest.fixture
def app_database(database_url, engine, monkeypatch):
    """The database the channel records update ids in (via INGANG_DATABASE_URL), as in Rasa."""
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    yield engine
    engine_for(database_url).dispose()
