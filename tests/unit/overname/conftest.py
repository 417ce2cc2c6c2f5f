"""A case in a web chat conversation, with two medewerkers, and the fake of Rasa's API."""

from __future__ import annotations

import pytest

from bot.kern.db import transaction
from tests import factories as maak
from tests.fakes.rasa_api import NepRasa
from tests.unit.overname.hulp import GESPREK, NU, KapotteDatabase


@pytest.fixture
def zaak_id(engine) -> int:
    """Mehmet Yılmaz's case from the web chat conversation ``sessie-1``; Sanne de Vries is a colleague."""
    with transaction(engine) as session:
        mehmet = maak.medewerker(session, naam="Mehmet Yılmaz", functie="accountmanager horeca")
        maak.medewerker(session, naam="Sanne de Vries", functie="teamleider horeca")
        return maak.zaak(session, medewerker=mehmet, kanaal="webchat", gesprek_id=GESPREK, moment=NU).id


@pytest.fixture
def rasa() -> NepRasa:
    return NepRasa()


@pytest.fixture
def database(engine):
    """Commits on the test database that fail when the test says so."""
    kapot = KapotteDatabase(engine)
    yield kapot
    kapot.sluit()
