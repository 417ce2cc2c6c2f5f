"""Fixtures of the Open Klant tests: the fake API on loopback, a client for it, a database with cases to export."""

from __future__ import annotations

import pytest

from bot.integraties.openklant.client import OpenKlantClient
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import transaction
from tests import factories as maak
from tests.fakes.openklant import FakeOpenKlant


@pytest.fixture
def fake():
    with FakeOpenKlant() as server:
        yield server


@pytest.fixture
def client(fake):
    with OpenKlantClient(fake.url, fake.token, timeout=5) as klant:
        yield klant


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        maak.horecateam(session)  # the terrace cases go to Mehmet Yılmaz
    return engine
