"""Attack 1 of issue 13: acting as a WhatsApp user through the REST channel.

The real Rasa and action servers with the REST and WhatsApp channels (fake Graph API). A
victim writes on WhatsApp and has a case; an attacker uses REST with the victim's number (and
with the victim's conversation id as the WhatsApp channel makes it), with and without
``input_channel: whatsapp``. Which id the WhatsApp channel gives a conversation is read from
the tracker store, never assumed. Then the REST channel itself, in a Sanic server with a
stand-in agent: it refuses other channels' claims, and can be switched off or require a token.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import requests
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sqlalchemy import select

from bot.kanalen.rest import RestInput
from bot.kanalen.telegram.bezorger import TelegramBezorger
from bot.kanalen.telegram.config import TelegramConfig
from bot.kanalen.whatsapp.bezorger import WhatsAppBezorger
from bot.kanalen.whatsapp.config import WhatsAppInstellingen
from bot.kern.db import engine_for, make_engine, transaction
from bot.kern.tijd import utcnow
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.service import Bericht, BezorgFout, plaats_bericht_voor_zaak
from bot.zaken.models import OndernemerKanaal, Zaak
from tests import factories
from tests.assistent import ANTWOORDEN, WHATSAPP_GEHEIM, Assistent, stap_van, whatsapp_instellingen
from tests.fakes.whatsapp import FakeWhatsApp, onderteken
from tests.kanaalserver import kanaal_server

pytestmark = pytest.mark.e2e

STATUSVRAAG = "hoe staat het met mijn vraag?"


@pytest.fixture
def fake(whatsapp_fake) -> FakeWhatsApp:
    """The fake Graph API of the suite's shared assistant (tests/conftest.py), which has the WhatsApp channel."""
    return whatsapp_fake


def nieuw_nummer() -> str:
    return "316" + str(uuid.uuid4().int)[:8]


def whatsapp(assistent: Assistent, fake: FakeWhatsApp, wa_id: str, tekst: str) -> str:
    """A signed WhatsApp delivery of ``tekst`` from ``wa_id``; all text sent back to it."""
    eerder = len(fake.berichten_aan(wa_id))
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": fake.phone_number_id},
             "contacts": [{"profile": {"name": "Test"}, "wa_id": wa_id}],
             "messages": [{"from": wa_id, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(time.time())),
                           "type": "text", "text": {"body": tekst}}]}
    body = json.dumps({"object": "whatsapp_business_account",
                       "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}).encode()
    antwoord = requests.post(f"{assistent.url}/webhooks/whatsapp/webhook", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": onderteken(body, WHATSAPP_GEHEIM)})
    assert antwoord.status_code == 200
    fake.wacht_op(eerder + 1, wa_id=wa_id, timeout=30)
    time.sleep(2)  # the rest of the reply
    berichten = fake.berichten_aan(wa_id)[eerder:]
    return "\n".join(b.get("text", {}).get("body") or b.get("interactive", {}).get("body", {}).get("text", "")
                     for b in berichten)


def rest(assistent: Assistent, sender: str, tekst: str, **extra: str) -> requests.Response:
    return requests.post(f"{assistent.url}/webhooks/rest/webhook", json={"sender": sender, "message": tekst, **extra},
                         timeout=30)


def gesprekken(assistent: Assistent) -> dict[str, list[str]]:
    """Every conversation in the tracker store, with the texts the entrepreneur sent in it."""
    tracker_db = Path(assistent.database_url.removeprefix("sqlite:///")).parent / "tracker.db"
    with sqlite3.connect(tracker_db) as verbinding:
        rijen = verbinding.execute("SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id").fetchall()
    uitkomst: dict[str, list[str]] = {}
    for gesprek, data in rijen:
        uitkomst.setdefault(gesprek, []).append(json.loads(data).get("text"))
    return uitkomst


def test_rest_cannot_act_as_a_whatsapp_user(assistent, fake):
    engine = make_engine(assistent.database_url)
    slachtoffer = nieuw_nummer()
    voor = set(gesprekken(assistent))
    whatsapp(assistent, fake, slachtoffer, "hallo")
    (gesprek,) = set(gesprekken(assistent)) - voor  # the id the WhatsApp channel gives this conversation
    with transaction(engine) as session:  # the victim's case, recorded as a handoff on WhatsApp records it
        nummer = factories.zaak(session, kanaal="whatsapp", gesprek_id=gesprek).nummer
    assert nummer in whatsapp(assistent, fake, slachtoffer, STATUSVRAAG)  # the victim sees it

    for sender in {slachtoffer, gesprek}:
        for claim in ({"input_channel": "whatsapp"}, {}):
            antwoord = rest(assistent, sender, STATUSVRAAG, **claim)
            assert nummer not in antwoord.text, (sender, claim)
    assert gesprekken(assistent)[gesprek] == ["hallo", STATUSVRAAG]  # nothing written into the victim's chat
    engine.dispose()


def test_a_handoff_over_rest_never_makes_the_worker_write_on_whatsapp(assistent, fake):
    """Claiming WhatsApp with any number: no WhatsApp identity is recorded, nothing goes to that number."""
    engine = make_engine(assistent.database_url)
    doelwit = nieuw_nummer()
    with transaction(engine) as session:
        voor = set(session.execute(select(Zaak.id)).scalars())
    for claim in ({"input_channel": "whatsapp"}, {}):
        antwoord = rest(assistent, doelwit, "ik wil iemand spreken over een verbouwing", **claim)
        for _ in range(12):
            if antwoord.status_code != 200 or "overdracht" in antwoord.text:
                break
            stap = stap_van(antwoord.json())
            assert stap, antwoord.text
            antwoord = rest(assistent, doelwit, ANTWOORDEN.get(stap, "weet ik nog niet"), **claim)
    with transaction(engine) as session:
        zaken = [z for z in session.execute(select(Zaak)).scalars() if z.id not in voor]
        assert zaken, "de overdracht via REST (zonder claim) lukte niet"
        assert all(z.kanaal == "rest" for z in zaken)
        assert not session.execute(select(OndernemerKanaal).where(OndernemerKanaal.kanaal == "whatsapp",
                                                                  OndernemerKanaal.kanaal_id.contains(doelwit))).first()
        for zaak in zaken:
            plaats_bericht_voor_zaak(session=session, zaak=zaak, sleutel=f"medewerker:{zaak.id}", soort="medewerker",
                                     tekst="Ik heb uw vraag bekeken.")
    instellingen = whatsapp_instellingen(fake)
    bezorg_wachtende(engine=engine, bezorgers={"whatsapp": WhatsAppBezorger(instellingen, engine)},
                     nu=utcnow() + timedelta(seconds=1), werker="e2e")
    assert fake.berichten_aan(doelwit) == []
    engine.dispose()


# --- the REST channel on its own ------------------------------------------------------------------


class OpnemendeAgent:
    """Stands in for Rasa's agent: records each message and answers it."""

    def __init__(self) -> None:
        self.berichten: list[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.berichten.append(message)
        await message.output_channel.send_text_message(message.sender_id, "ok")


@pytest.fixture
def rest_server(database_url, monkeypatch):
    """``RestInput`` as Rasa makes it from credentials.yml, in a Sanic server; the agent and the URL."""
    monkeypatch.setattr(Sanic, "test_mode", True)
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)

    def start(credentials: dict | None = None):
        agent = OpnemendeAgent()
        return agent, kanaal_server(RestInput.from_credentials(credentials), agent)

    yield start
    engine_for(database_url).dispose()


async def post_rest(url: str, body: dict, **kop: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{url}/webhooks/rest/webhook", json=body, headers=kop)


async def test_rest_refuses_to_speak_for_another_channel(rest_server):
    agent, server = rest_server()
    async with server as url:
        geclaimd = await post_rest(url, {"sender": "31699999999", "message": "hoi", "input_channel": "whatsapp"})
        vreemd = await post_rest(url, {"sender": "whatsapp:31699999999", "message": "hoi"})
        gewoon = await post_rest(url, {"sender": "31699999999", "message": "hoi", "input_channel": "rest"})
    assert (geclaimd.status_code, vreemd.status_code, gewoon.status_code) == (400, 400, 200)
    assert [(b.input_channel, b.text) for b in agent.berichten] == [("rest", "hoi")]


async def test_rest_can_be_switched_off_or_require_a_token(rest_server, monkeypatch):
    bericht = {"sender": "u1", "message": "hoi"}
    monkeypatch.setenv("INGANG_REST", "uit")
    agent, server = rest_server()
    async with server as url:
        assert (await post_rest(url, bericht)).status_code == 404
    assert agent.berichten == []

    monkeypatch.delenv("INGANG_REST")
    for credentials, token in (({}, "env-token-1"), ({"token": "credentials-token-2"}, "credentials-token-2")):
        if credentials:
            monkeypatch.delenv("INGANG_REST_TOKEN")
        else:
            monkeypatch.setenv("INGANG_REST_TOKEN", token)
        agent, server = rest_server(credentials)
        async with server as url:
            zonder = await post_rest(url, bericht)
            fout = await post_rest(url, bericht, Authorization=f"Bearer {token}x")
            goed = await post_rest(url, bericht, Authorization=f"Bearer {token}")
        assert (zonder.status_code, fout.status_code, goed.status_code) == (401, 401, 200)
        assert len(agent.berichten) == 1


@pytest.mark.parametrize("ontvanger", ["31699999999", "rest:31699999999", "telegram:31699999999",
                                       "webchat:31699999999", "whatsapp:"])
def test_the_deliverers_write_only_to_their_own_channels_conversations(ontvanger, database_url, monkeypatch):
    """Whatever a row says, Telegram and WhatsApp only send to a conversation their channel made;
    any other id fails for good before the API (here unreachable) is tried."""
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    engine = make_engine(database_url)
    bezorgers = [
        WhatsAppBezorger(WhatsAppInstellingen(token="t", app_secret="g", verify_token="v", phone_number_id="1",
                                              api_url="http://127.0.0.1:9", sjabloon="s"), engine),
        TelegramBezorger(TelegramConfig(token="1:t", secret="g", api_url="http://127.0.0.1:9/bot")),
    ]
    for bezorger in bezorgers:
        if ontvanger.startswith(f"{bezorger.kanaal}:") and ontvanger != f"{bezorger.kanaal}:":
            continue
        bericht = Bericht(id=1, kanaal=bezorger.kanaal, ontvanger=ontvanger, tekst="Hallo", knoppen=[], custom=None,
                          soort="medewerker", aangemaakt_op=utcnow())
        with pytest.raises(BezorgFout) as fout:
            bezorger.bezorg(bericht)
        assert fout.value.definitief, (bezorger.kanaal, ontvanger)
    engine.dispose()
