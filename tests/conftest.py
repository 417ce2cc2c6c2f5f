"""Shared fixtures: a migrated database per test, the real kennisbank, the shared files."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(scope="session")
def gemigreerde_database(tmp_path_factory) -> Path:
    """One database migrated to head by Alembic, once per process: the original of every test's copy."""
    pad = tmp_path_factory.mktemp("gemigreerd") / "ingang.db"
    migrate(f"sqlite:///{pad}")
    return pad


@pytest.fixture
def database_url(tmp_path: Path, gemigreerde_database: Path) -> str:
    """A fresh database at head for this test: a copy of the migrated one (migrating every test's own
    database took some 70% of the unit tests' time, measured with py-spy)."""
    pad = tmp_path / "ingang.db"
    shutil.copyfile(gemigreerde_database, pad)
    return f"sqlite:///{pad}"


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


# Measured: the fuzz test's 10,000 deliveries take some 5.5 min in a process of their own, but about three
# times as long after the rest of the suite ran in the same process (not its heap or GC, measured). Run first,
# in a fresh process; with pytest-xdist (scripts/test) the longest file first also keeps both processes busy.
ZUERST = ("tests/security/test_fuzz.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(ZUERST))  # stable: the rest keeps its order
