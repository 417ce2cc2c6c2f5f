"""Fixtures of the WhatsApp tests: the fake Graph API (tests/fakes/whatsapp.py) and the channel."""

from __future__ import annotations

import pytest

from bot.kanalen.whatsapp.invoer import WhatsAppInput
from tests.fakes.whatsapp import FakeWhatsApp
from tests.unit.kanalen.whatsapp.hulp import GEHEIM, instellingen


@pytest.fixture
def fake():
    with FakeWhatsApp(app_secret=GEHEIM) as fake:
        yield fake


@pytest.fixture
def kanaal(engine, fake) -> WhatsAppInput:
    return WhatsAppInput(instellingen(fake), engine=engine)
