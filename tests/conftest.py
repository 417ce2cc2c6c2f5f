"""Shared fixtures: a migrated database per test, the real kennisbank, the shared files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session, sessionmaker

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import lees_onderwerpen, lees_upl_uris
from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.db import make_engine
from bot.kern.settings import PROJECT_ROOT, load_settings

SHARED = load_settings().shared_dir

# Socket.io test clients use long polling; with the default ping timing every disconnect waits
# some 20 s for the pending poll. Short pings keep the web chat tests fast (inherited by the
# servers the tests start).
os.environ.setdefault("INGANG_WEBCHAT_PING_INTERVAL", "1")
os.environ.setdefault("INGANG_WEBCHAT_PING_TIMEOUT", "2")
# The secret that signs web chat sessions (bot/kanalen/webchat/sessie.py), the same for the test
# clients and every server the tests start, as on replicas in production.
os.environ.setdefault("INGANG_WEBCHAT_GEHEIM", "test-webchat-geheim")


def migrate(database_url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ingang.db'}"
    migrate(url)
    return url


@pytest.fixture
def engine(database_url: str):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Session:
    """A session whose work is rolled back after the test."""
    with sessionmaker(bind=engine, future=True)() as session:
        yield session
        session.rollback()


@pytest.fixture(scope="session")
def onderwerpen():
    return lees_onderwerpen(SHARED / "kennisbank-onderwerpen.yml")


@pytest.fixture(scope="session")
def upl_uris():
    return lees_upl_uris(SHARED / "upl" / "UPL-actueel.csv")


@pytest.fixture(scope="session")
def artikelen() -> list[Artikel]:
    return lees_artikelen_uit_map(load_settings())
