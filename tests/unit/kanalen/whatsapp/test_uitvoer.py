"""Replies within a WhatsApp conversation (bot/kanalen/whatsapp/uitvoer.py)."""

from __future__ import annotations

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
