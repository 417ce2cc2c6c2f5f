"""Issue 13, attack 9 (WhatsApp): the webhook answered Meta 200 and only then handled the message,
in a task nobody awaited, so a restart or crash in between lost it for good (Meta does not
deliver a message again after a 200).

Now every message is in the database before the 200, and one the server never finished is
handed to the Rasa server again by the worker, in the same conversation, with its answers sent
through the outbox. The first test failed before: the message was not recorded at all. The last
test does the worker's part against the real Rasa server, with the worker run as in production.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta

import httpx
import pytest
from sanic import Sanic

from bot.kanalen.whatsapp import inkomend
from bot.kanalen.whatsapp.bezorger import WhatsAppBezorger
from bot.kanalen.whatsapp.invoer import WhatsAppInput
from bot.kanalen.whatsapp.levering import Inkomend
from bot.kern.db import make_engine
from bot.kern.identiteit import gesprek_id
from bot.kern.tijd import utcnow
from bot.worker import verwerk_ronde
from tests.assistent import PROJECT_ROOT, TOKEN, Assistent, start_assistent
from tests.fakes.whatsapp import FakeWhatsApp
from tests.unit.console.hulp import Klok
from tests.unit.kanalen.whatsapp.hulp import NU, WA_ID, Webhook, inkomende, instellingen, levering, tekst

VRAAG = "Mag ik een terras voor mijn café?"


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    """Several Sanic apps in one process (see tests/unit/kanalen/conftest.py)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def antwoord(vraag: str) -> str:
    return f"U vroeg: {vraag}"


def de_server_sterft_na_de_200(kanaal: WhatsAppInput) -> None:
    """The background handling never runs, as when the process stops right after answering Meta."""
    kanaal._op_achtergrond = lambda werk: werk.close()


async def test_een_bericht_overleeft_een_herstart_na_de_200(engine):
    klok = Klok(NU)
    with FakeWhatsApp() as fake:
        kanaal = WhatsAppInput(instellingen(fake), engine=engine, klok=klok)
        de_server_sterft_na_de_200(kanaal)
        async with Webhook(kanaal, antwoord=antwoord) as webhook:
            eerste = await webhook.post(levering(tekst(VRAAG, id_="wamid.herstart")))
            assert eerste.status_code == 200
            [rij] = inkomende(engine)
            assert (rij.extern_id, rij.kanaal_id, rij.soort, rij.tekst, rij.status) == (
                "wamid.herstart", WA_ID, "tekst", VRAAG, "ontvangen"), "recorded before the 200"
            assert webhook.ontvangen == [] and fake.berichten == []

            bezorger = WhatsAppBezorger(instellingen(fake), engine=engine, klok=klok)
            herstel = webhook.herstel_api()

            def ronde(werker: str) -> dict[str, int]:
                return verwerk_ronde(engine=engine, bezorgers={"whatsapp": bezorger}, nu=klok(), klok=klok,
                                     werker=werker, whatsapp=herstel)

            klok.nu = NU + timedelta(minutes=1)  # the server may still be busy with it: the worker waits
            assert (await asyncio.to_thread(ronde, "w1"))["whatsapp_hersteld"] == 0
            assert webhook.ontvangen == []

            klok.nu = NU + timedelta(minutes=3)
            telling = await asyncio.to_thread(ronde, "w1")
            assert (telling["whatsapp_hersteld"], telling["afgeleverd"]) == (1, 1)
            [bericht] = webhook.ontvangen
            assert (bericht.text, bericht.sender_id, bericht.input_channel) == (
                VRAAG, gesprek_id("whatsapp", WA_ID), "whatsapp"), "the same conversation"
            [verstuurd] = fake.berichten
            assert verstuurd["to"] == WA_ID and verstuurd["text"]["body"] == antwoord(VRAAG)
            [rij] = inkomende(engine)
            assert rij.status == "verwerkt" and rij.tekst is None and rij.claimed_by is None

            opnieuw = await webhook.post(levering(tekst(VRAAG, id_="wamid.herstart")))  # Meta, once more
            klok.nu = NU + timedelta(minutes=10)
            assert (await asyncio.to_thread(ronde, "w2"))["whatsapp_hersteld"] == 0
    assert opnieuw.status_code == 200
    assert len(webhook.ontvangen) == 1 and len(fake.berichten) == 1, "handled and answered once"


async def test_wat_niet_vastgelegd_kan_worden_krijgt_500_zodat_meta_het_opnieuw_bezorgt(engine, tmp_path):
    leeg = make_engine(f"sqlite:///{tmp_path / 'zonder-tabellen.db'}")  # the database is not there
    bericht = tekst(VRAAG, id_="wamid.later")
    try:
        async with Webhook(WhatsAppInput(instellingen(), engine=leeg), antwoord=antwoord) as kapot:
            mislukt = await kapot.post(levering(bericht))
    finally:
        leeg.dispose()
    assert mislukt.status_code == 500 and kapot.ontvangen == []
    async with Webhook(WhatsAppInput(instellingen(), engine=engine)) as webhook:
        gelukt = await webhook.post(levering(bericht))
    assert gelukt.status_code == 200 and [b.text for b in webhook.ontvangen] == [VRAAG]
    assert [rij.status for rij in inkomende(engine)] == ["verwerkt"]


async def test_de_herstelroute_neemt_alleen_wat_de_werker_zelf_vasthoudt(engine):
    """The route cannot be used to replay or inject: only the recorded message a worker claimed, with
    the token of Rasa's API."""
    kanaal = WhatsAppInput(instellingen(), engine=engine, klok=Klok(NU))
    de_server_sterft_na_de_200(kanaal)
    async with Webhook(kanaal, antwoord=antwoord) as webhook:
        await webhook.post(levering(tekst(VRAAG, id_="wamid.route")))
        [rij] = inkomende(engine)
        url = "/webhooks/whatsapp/herstel"
        verzoek = {"id": rij.id, "werker": "w1"}
        zonder = await webhook.client.post(url, json=verzoek)
        fout = await webhook.client.post(url, json=verzoek, headers={"Authorization": "Bearer raden"})
        niet_geclaimd = await webhook.client.post(url, json=verzoek, headers={"Authorization": "Bearer rasa-token"})
    assert (zonder.status_code, fout.status_code, niet_geclaimd.status_code) == (401, 401, 409)
    assert webhook.ontvangen == [] and inkomende(engine)[0].status == "ontvangen"


# --- against the real Rasa server ----------------------------------------------------------------


@pytest.fixture(scope="module")
def whatsapp_api() -> FakeWhatsApp:
    with FakeWhatsApp() as fake:
        yield fake


@pytest.fixture(scope="module")
def whatsapp_env(whatsapp_api) -> dict[str, str]:
    return {"INGANG_WHATSAPP_TOKEN": whatsapp_api.token, "INGANG_WHATSAPP_APP_SECRET": "e2e-app-geheim",
            "INGANG_WHATSAPP_VERIFY_TOKEN": "e2e-verify", "INGANG_WHATSAPP_PHONE_NUMBER_ID": whatsapp_api.phone_number_id,
            "INGANG_WHATSAPP_API_URL": whatsapp_api.url, "INGANG_WHATSAPP_TEMPLATE": "ingang_bericht",
            "INGANG_RASA_TOKEN": TOKEN}


@pytest.fixture(scope="module")
def rasa_met_whatsapp(tmp_path_factory, artikelen, whatsapp_env) -> Assistent:
    map_ = tmp_path_factory.mktemp("whatsapp-herstel")
    with start_assistent(map_, artikelen, kanalen="bot.kanalen.whatsapp.invoer.WhatsAppInput:\n", extra_env=whatsapp_env) as assistent:
        yield assistent


@pytest.mark.e2e
def test_de_werker_laat_de_echte_rasa_server_een_achtergebleven_bericht_afmaken(rasa_met_whatsapp, whatsapp_api,
                                                                                whatsapp_env):
    wa_id = "31687654321"
    engine = make_engine(rasa_met_whatsapp.database_url)
    try:  # recorded three minutes ago by a server that then died
        inkomend.registreer(engine, Inkomend("wamid.e2e-herstel", wa_id, "tekst", "hallo", utcnow()),
                            utcnow() - timedelta(minutes=3))
        ronde = subprocess.run(
            [sys.executable, "-m", "bot.worker", "--eenmalig"], cwd=PROJECT_ROOT, capture_output=True, text=True,
            timeout=120, env={**os.environ, **whatsapp_env, "INGANG_DATABASE_URL": rasa_met_whatsapp.database_url,
                              "INGANG_RASA_URL": rasa_met_whatsapp.url,
                              "INGANG_TRACKER_URL": rasa_met_whatsapp.tracker_url},
        )
        assert ronde.returncode == 0, ronde.stderr[-2000:]
        assert "WhatsApp-berichten hersteld: 1" in ronde.stderr, ronde.stderr[-2000:]
        [rij] = inkomende(engine)
    finally:
        engine.dispose()
    assert rij.status == "verwerkt"
    antwoorden = whatsapp_api.berichten_aan(wa_id)
    assert antwoorden and all(b["type"] in ("text", "interactive") for b in antwoorden), ronde.stderr[-3000:]
    tracker = httpx.get(f"{rasa_met_whatsapp.url}/conversations/{gesprek_id('whatsapp', wa_id)}/tracker",
                        params={"token": TOKEN}, timeout=10).json()
    assert [(e["text"], e["input_channel"]) for e in tracker["events"] if e["event"] == "user"] == [("hallo", "whatsapp")]
