"""The WhatsApp channel end to end: the real Rasa server and action server with the REST and
WhatsApp channels, signed webhook deliveries as Meta sends them, and replies sent to the fake
Graph API (tests/fakes/whatsapp.py)."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select

from bot.kanalen.boekhouding import KanaalVenster, KanaalVerwerkt
from bot.kanalen.whatsapp.bezorger import WhatsAppBezorger
from bot.kanalen.whatsapp.invoer import NIET_TEKST_SJABLOON
from bot.kern.db import make_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.teksten import tekst as sjabloon_tekst
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht
from tests.assistent import WHATSAPP_GEHEIM, WHATSAPP_SJABLOON, WHATSAPP_VERIFY, Assistent, whatsapp_instellingen
from tests.fakes.whatsapp import FakeWhatsApp, onderteken

pytestmark = pytest.mark.e2e

NIET_TEKST_ANTWOORD = sjabloon_tekst(NIET_TEKST_SJABLOON)


@pytest.fixture
def fake(whatsapp_fake) -> FakeWhatsApp:
    """The fake Graph API of the suite's shared assistant (tests/conftest.py), which has the WhatsApp channel."""
    return whatsapp_fake


# --- helpers -----------------------------------------------------------------------------------


def nieuw_nummer() -> str:
    return "316" + str(uuid.uuid4().int)[:8]


def tekstbericht(wa_id: str, tekst: str, bericht_id: str | None = None) -> dict:
    return {"from": wa_id, "id": bericht_id or f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(time.time())),
            "type": "text", "text": {"body": tekst}}


def levering(*berichten: dict, statuses: list[dict] | None = None) -> dict:
    value: dict = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"}}
    if berichten:
        value["messages"] = list(berichten)
        value["contacts"] = [{"profile": {"name": "Test"}, "wa_id": berichten[0]["from"]}]
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}


def post(assistent: Assistent, payload: dict, *, geheim: str | None = WHATSAPP_GEHEIM) -> requests.Response:
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if geheim is not None:
        headers["X-Hub-Signature-256"] = onderteken(body, geheim)
    return requests.post(f"{assistent.url}/webhooks/whatsapp/webhook", data=body, headers=headers, timeout=10)


def antwoorden(fake: FakeWhatsApp, wa_id: str, rust: float = 2.0, timeout: float = 30.0) -> list[dict]:
    """The messages sent to ``wa_id`` once at least one arrived and none came for ``rust`` seconds."""
    berichten = fake.wacht_op(1, wa_id=wa_id, timeout=timeout)
    while True:
        time.sleep(rust)
        nu = fake.berichten_aan(wa_id)
        if len(nu) == len(berichten):
            return nu
        berichten = nu


def gebruikersberichten(assistent: Assistent, wa_id: str) -> list[str]:
    antwoord = requests.get(f"{assistent.url}/conversations/{gesprek_id('whatsapp', wa_id)}/tracker", params={"token": assistent.token},
                            timeout=10)
    antwoord.raise_for_status()
    return [e.get("text") for e in antwoord.json().get("events") or [] if e.get("event") == "user"]


def verwerkte_ids(assistent: Assistent) -> set[str]:
    engine = make_engine(assistent.database_url)
    try:
        with transaction(engine) as session:
            return set(session.execute(select(KanaalVerwerkt.extern_id)).scalars())
    finally:
        engine.dispose()


def alle_teksten(berichten: list[dict]) -> str:
    delen = []
    for bericht in berichten:
        if bericht["type"] == "text":
            delen.append(bericht["text"]["body"])
        elif bericht["type"] == "interactive":
            delen.append(bericht["interactive"]["body"]["text"])
    return "\n".join(delen)


# --- the tests ---------------------------------------------------------------------------------


def test_verificatie(assistent):
    goed = requests.get(f"{assistent.url}/webhooks/whatsapp/webhook", timeout=10,
                        params={"hub.mode": "subscribe", "hub.verify_token": WHATSAPP_VERIFY, "hub.challenge": "8472"})
    assert (goed.status_code, goed.text) == (200, "8472")
    fout = requests.get(f"{assistent.url}/webhooks/whatsapp/webhook", timeout=10,
                        params={"hub.mode": "subscribe", "hub.verify_token": "fout", "hub.challenge": "8472"})
    assert fout.status_code == 403


def test_een_ondertekend_bericht_wordt_beantwoord_via_whatsapp(assistent, fake):
    wa_id = nieuw_nummer()
    antwoord = post(assistent, levering(tekstbericht(wa_id, "Mag ik een terras voor mijn café?")))
    assert antwoord.status_code == 200
    berichten = antwoorden(fake, wa_id)
    teksten = alle_teksten(berichten)
    assert "terras" in teksten.lower() and "http" in teksten
    assert any(b["type"] == "interactive" for b in berichten), berichten  # the follow-up buttons
    assert all(b["type"] != "text" or b["text"]["preview_url"] is False for b in berichten)
    assert gebruikersberichten(assistent, wa_id) == ["Mag ik een terras voor mijn café?"]


@pytest.mark.parametrize("geheim", [None, "verkeerd"])
def test_niet_of_verkeerd_ondertekend_wordt_geweigerd(assistent, fake, geheim):
    wa_id = nieuw_nummer()
    bericht = tekstbericht(wa_id, "Mag ik een terras?")
    assert post(assistent, levering(bericht), geheim=geheim).status_code == 403
    time.sleep(2)
    assert fake.berichten_aan(wa_id) == []
    assert bericht["id"] not in verwerkte_ids(assistent)
    assert gebruikersberichten(assistent, wa_id) == []


def test_opnieuw_bezorgd_bericht_wordt_eenmaal_beantwoord(assistent, fake):
    wa_id = nieuw_nummer()
    bericht = tekstbericht(wa_id, "Hoe vraag ik een evenementenvergunning aan?")
    assert post(assistent, levering(bericht)).status_code == 200
    assert post(assistent, levering(bericht)).status_code == 200
    eerste = antwoorden(fake, wa_id)
    assert post(assistent, levering(bericht)).status_code == 200  # later, after the answer
    time.sleep(3)
    assert fake.berichten_aan(wa_id) == eerste
    assert gebruikersberichten(assistent, wa_id) == ["Hoe vraag ik een evenementenvergunning aan?"]


def test_statusmelding_wordt_genegeerd(assistent, fake):
    wa_id = nieuw_nummer()
    status = {"id": f"wamid.{uuid.uuid4().hex}", "status": "read", "timestamp": str(int(time.time())),
              "recipient_id": wa_id}
    assert post(assistent, levering(statuses=[status])).status_code == 200
    time.sleep(2)
    assert fake.berichten_aan(wa_id) == [] and gebruikersberichten(assistent, wa_id) == []
    assert status["id"] not in verwerkte_ids(assistent)


def test_een_foto_krijgt_het_verzoek_om_te_typen(assistent, fake):
    wa_id = nieuw_nummer()
    foto = {"from": wa_id, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(time.time())), "type": "image",
            "image": {"id": "media-1", "mime_type": "image/jpeg"}}
    assert post(assistent, levering(foto)).status_code == 200
    [bericht] = antwoorden(fake, wa_id)
    assert bericht["text"]["body"] == NIET_TEKST_ANTWOORD


def test_uitgaand_bericht_binnen_en_buiten_het_venster(assistent, fake):
    """The server records the window; the outbox deliverer uses it: a normal message or the template."""
    schrijver, stille = nieuw_nummer(), nieuw_nummer()
    assert post(assistent, levering(tekstbericht(schrijver, "Hallo"))).status_code == 200
    antwoorden(fake, schrijver)
    engine = make_engine(assistent.database_url)
    try:
        with transaction(engine) as session:
            assert session.execute(select(KanaalVenster).where(KanaalVenster.kanaal_id == schrijver)).scalar_one()
            ids = [
                plaats_bericht(session=session, sleutel=f"medewerker:{wa_id}", kanaal="whatsapp", ontvanger=gesprek_id("whatsapp", wa_id),
                               tekst="Ik heb uw vraag bekeken.", soort="medewerker",
                               custom={"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}}).id
                for wa_id in (schrijver, stille)
            ]
        instellingen = whatsapp_instellingen(fake)
        nu = datetime.now(timezone.utc) + timedelta(seconds=1)
        telling = bezorg_wachtende(engine=engine, bezorgers={"whatsapp": WhatsAppBezorger(instellingen, engine)},
                                   nu=nu, werker="e2e")
        assert telling["mislukt"] == 0  # (other tests of the shared assistant may have had messages waiting too)
        with transaction(engine) as session:
            verstuurd = [session.get(UitgaandBericht, i) for i in ids]
            assert [b.status for b in verstuurd] == ["afgeleverd", "afgeleverd"]
            assert [b.sjabloon for b in verstuurd] == [None, WHATSAPP_SJABLOON]
    finally:
        engine.dispose()
    gewoon = fake.berichten_aan(schrijver)[-1]
    assert gewoon["text"]["body"] == "*Mehmet Yılmaz* (accountmanager horeca):\nIk heb uw vraag bekeken."
    [sjabloon] = fake.berichten_aan(stille)
    assert sjabloon["template"]["name"] == WHATSAPP_SJABLOON
