"""The test database for the actions: the real kennisbank, the tests' staff directory, and the
actions' transactions pointed at it."""

from __future__ import annotations

import pytest

import actions.contact as contact_acties
import actions.engels as engels_acties
import actions.kennisbank as kennisbank_acties
from actions import klacht
from actions.overdracht import live_chat, overdragen, status, statuscode
from bot.kennisbank.naslag import NaslagLezer
from bot.kennisbank.service import sla_artikelen_op
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import transaction
from tests import factories as maak

# The action modules that open a transaction on the default engine.
MODULES_MET_DATABASE = [overdragen, live_chat, status, statuscode, klacht]


@pytest.fixture
def zoeker(engine, artikelen, monkeypatch, tmp_path) -> KennisbankZoeker:
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    zoeker = KennisbankZoeker(engine)
    monkeypatch.setattr(kennisbank_acties, "ZOEKER", zoeker)
    monkeypatch.setattr(engels_acties, "ZOEKER", zoeker)  # imported by name there
    monkeypatch.setattr(contact_acties, "ZOEKER", zoeker)
    monkeypatch.setattr(kennisbank_acties, "NASLAG", NaslagLezer(engine))  # situations and glossary: none unless loaded
    return zoeker


@pytest.fixture
def database(engine, artikelen, monkeypatch, tmp_path):
    """Articles and staff in the test database; the actions' transactions use it."""
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        maak.testdirectory(session)
    for module in MODULES_MET_DATABASE:
        monkeypatch.setattr(module, "transaction", lambda: transaction(engine))
    return engine
