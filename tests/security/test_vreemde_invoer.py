"""Input the fuzz test (tests/security/test_fuzz.py) found the channels could not take, each pinned
down here; each test failed before its fix.

* REST: a ``message`` that is not text (a number, a list, an object) reached Rasa's channel, which
  calls ``.strip()`` on it: an error in the log and no answer. Now 400 with an explanation.
* WhatsApp: a lone UTF-16 surrogate (``"\\ud800"``, valid in JSON) made recording the message fail:
  500, and Meta delivers it again for days. Now it is replaced by U+FFFD and the message is handled.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sanic import Sanic

from bot.kanalen.rest import RestInput
from bot.kanalen.whatsapp.invoer import WhatsAppInput
from bot.kern.db import engine_for
from bot.kern.invoer import schone_json, zonder_losse_surrogaten
from tests.fakes.whatsapp import FakeWhatsApp
from tests.kanaalserver import kanaal_server
from tests.security.test_kanaal_identiteit import OpnemendeAgent
from tests.unit.kanalen.whatsapp.hulp import Webhook, instellingen, levering, tekst


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)


def test_lone_surrogates_become_the_replacement_character_and_pairs_stay():
    assert zonder_losse_surrogaten("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert zonder_losse_surrogaten("😀 café") == "😀 café"
    assert schone_json({"a\ud800": ["\udc00", 5, None]}) == {"a\ufffd": ["\ufffd", 5, None]}


@pytest.mark.parametrize("bericht", [
    {"sender": "u1", "message": 5}, {"sender": "u1", "message": ["hoi"]}, {"sender": "u1", "message": {"a": 1}},
    {"sender": True, "message": "hoi"}, {"sender": "x" * 500, "message": "hoi"}, {"sender": [], "message": "hoi"},
])
async def test_rest_refuses_fields_of_the_wrong_type_with_400(bericht, database_url, monkeypatch, caplog):
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    agent = OpnemendeAgent()
    async with kanaal_server(RestInput.from_credentials({}), agent) as url, httpx.AsyncClient(timeout=10) as client:
        antwoord = await client.post(f"{url}/webhooks/rest/webhook", json=bericht)
        gewoon = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": uuid.uuid4().hex, "message": "hoi"})  # a conversation of its own, under its limit
    engine_for(database_url).dispose()
    assert antwoord.status_code == 400 and "message" in antwoord.text
    assert gewoon.status_code == 200 and [b.text for b in agent.berichten] == ["hoi"]
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


async def test_a_whatsapp_message_with_a_lone_surrogate_is_recorded_and_answered(engine):
    with FakeWhatsApp() as fake:
        kanaal = WhatsAppInput(instellingen(fake), engine=engine)
        async with Webhook(kanaal, antwoord=lambda vraag: f"U vroeg: {vraag}") as webhook:
            # json.dumps writes the lone surrogate as \ud800, as any sender may
            antwoord = await webhook.post(levering(tekst("terras \ud800 vraag", id_="wamid.surrogaat")))
            await asyncio.gather(*kanaal.taken)  # handled after the 200
    assert antwoord.status_code == 200
    assert [b.text for b in webhook.ontvangen] == ["terras \ufffd vraag"]


async def test_a_whatsapp_message_with_a_nul_character_is_recorded_and_answered(engine):
    """Found by ``benchmarks.fuzz --postgres``: PostgreSQL stores no NUL character (U+0000) in text, so a
    WhatsApp message with one (valid JSON: ``\\u0000``) failed its recording with 500, redelivered for ever;
    SQLite stores it, so the fuzz test on SQLite never saw it."""
    with FakeWhatsApp() as fake:
        kanaal = WhatsAppInput(instellingen(fake), engine=engine)
        async with Webhook(kanaal, antwoord=lambda vraag: f"U vroeg: {vraag}") as webhook:
            antwoord = await webhook.post(levering(tekst("terras\x00 vraag", id_="wamid.nul\x00")))
            await asyncio.gather(*kanaal.taken)
    assert antwoord.status_code == 200
    assert [b.text for b in webhook.ontvangen] == ["terras vraag"]
