"""Fixtures of the promise tests (also used by tests/unit/worker): the articles and the tests' copy of
the demo directory (Mehmet Yılmaz, Sanne de Vries, Lotte Bakker), a case, a real SMTP server."""

from __future__ import annotations

import pytest

from bot.integraties.email import Mailer
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import transaction
from tests import factories as maak
from tests.fakes.smtp import FakeSmtp
from tests.unit.beloften.hulp import nieuwe_zaak


@pytest.fixture
def smtp():
    with FakeSmtp() as server:
        yield server


@pytest.fixture
def mailer(smtp) -> Mailer:
    return smtp.mailer()


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        maak.testdirectory(session)
    return engine


@pytest.fixture
def zaak(gevuld) -> dict:
    payload = nieuwe_zaak(gevuld)
    assert payload["medewerker"]["naam"] == "Mehmet Yılmaz" and payload["actie"] == "terugbellen"
    return payload
