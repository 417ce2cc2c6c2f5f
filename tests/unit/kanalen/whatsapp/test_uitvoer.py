"""Replies within a WhatsApp conversation (bot/kanalen/whatsapp/uitvoer.py)."""

from __future__ import annotations

import ssl

from bot.kanalen.whatsapp.uitvoer import WhatsAppOutput
from bot.kern.identiteit import gesprek_id
from tests.unit.kanalen.whatsapp.hulp import WA_ID, instellingen, knoppen


async def test_antwoord_in_gesprek_wordt_na_een_storing_herhaald(fake, monkeypatch):
    monkeypatch.setattr(WhatsAppOutput, "PAUZE", 0.01)
    fake.faal(keer=1)
    await WhatsAppOutput(instellingen(fake)).send_response(gesprek_id("whatsapp", WA_ID), {"text": "Hallo", "buttons": knoppen("Ja", "Nee")})
    [bericht] = fake.berichten
    assert bericht["interactive"]["type"] == "button"
    assert fake.aanroepen[0].status == 500 and fake.aanroepen[1].autorisatie == f"Bearer {fake.token}"


async def test_replies_share_one_tls_context_instead_of_reading_the_ca_bundle_each_time(fake, monkeypatch):
    # found by the fuzz test: a new TLS context per reply cost some 50 ms of CPU on the event loop
    gebouwd = []
    echte = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: gebouwd.append(1) or echte(*a, **k))
    for tekst in ("Hallo", "Nog een", "En nog een"):
        await WhatsAppOutput(instellingen(fake)).send_response(gesprek_id("whatsapp", WA_ID), {"text": tekst})
    assert [b["text"]["body"] for b in fake.berichten] == ["Hallo", "Nog een", "En nog een"]
    assert len(gebouwd) <= 1
