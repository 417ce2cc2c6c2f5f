"""The outbox (bot/uitgaand): placing, claiming, delivering; and the two channels that hand its
messages to the entrepreneur inside the Rasa server: REST (at the next message) and the web
chat (pushed). The channels run in a real Sanic server on loopback with a stand-in agent."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic
from sqlalchemy import select

from bot.kanalen.rest import RestInput
from bot.kanalen.webchat import WebchatInput
from bot.kern.db import engine_for, transaction
from bot.uitgaand.bezorgen import bezorg_wachtende, bezorgers_uit_omgeving, claim_te_bezorgen
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import (
    EERSTE_PAUZE,
    LANGSTE_PAUZE,
    MAX_POGINGEN,
    Bericht,
    BezorgFout,
    claim_bericht,
    markeer_mislukt,
    neem_wachtende_af,
    pauze_na,
    plaats_bericht,
    te_bezorgen,
    wachtende_berichten,
)
from tests import chat

NU = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
MINUUT = timedelta(minutes=1)


def plaats(engine, sleutel: str, *, kanaal: str = "rest", ontvanger: str = "u1", moment: datetime = NU,
           **extra) -> int:
    with transaction(engine) as session:
        return plaats_bericht(session=session, sleutel=sleutel, kanaal=kanaal, ontvanger=ontvanger,
                              tekst=extra.pop("tekst", f"Bericht {sleutel}"), soort="test", moment=moment, **extra).id


def rij(engine, bericht_id: int) -> UitgaandBericht:
    with transaction(engine) as session:
        return session.get(UitgaandBericht, bericht_id)


# --- the service -------------------------------------------------------------------------------


def test_a_message_with_the_same_key_is_placed_once(engine):
    eerste = plaats(engine, "escalatie:belofte:1")
    assert plaats(engine, "escalatie:belofte:1", tekst="anders") == eerste
    with transaction(engine) as session:
        [bericht] = session.execute(select(UitgaandBericht)).scalars().all()
    assert bericht.tekst == "Bericht escalatie:belofte:1" and bericht.status == "wachtend" and bericht.pogingen == 0
    assert bericht.volgende_poging_op == bericht.aangemaakt_op == NU


def test_a_message_in_the_shape_of_a_rasa_reply():
    bericht = Bericht(id=1, kanaal="rest", ontvanger="u1", tekst="Hallo", knoppen=[{"title": "Ja", "payload": "/affirm"}],
                      custom={"medewerker": {"naam": "Sanne de Vries", "functie": "teamleider"}}, soort="medewerker",
                      aangemaakt_op=NU)
    assert bericht.als_rasa_bericht() == {"recipient_id": "u1", "text": "Hallo",
                                          "buttons": [{"title": "Ja", "payload": "/affirm"}],
                                          "custom": {"medewerker": {"naam": "Sanne de Vries", "functie": "teamleider"}}}
    kaal = Bericht(id=2, kanaal="rest", ontvanger="u1", tekst="Hallo", knoppen=[], custom=None, soort="x",
                   aangemaakt_op=NU)
    assert kaal.als_rasa_bericht() == {"recipient_id": "u1", "text": "Hallo"}


def test_waiting_messages_per_conversation_oldest_first(engine):
    later = plaats(engine, "b", moment=NU + MINUUT)
    eerder = plaats(engine, "a")
    plaats(engine, "c", ontvanger="u2")
    plaats(engine, "d", kanaal="webchat")
    with transaction(engine) as session:
        assert [b.id for b in wachtende_berichten(session=session, kanaal="rest", ontvanger="u1")] == [eerder, later]


def test_due_messages_skip_other_channels_later_attempts_and_held_claims(engine):
    nu_klaar = plaats(engine, "a", kanaal="telegram")
    straks = plaats(engine, "b", kanaal="telegram", moment=NU + MINUUT)
    plaats(engine, "c", kanaal="rest")
    vastgehouden = plaats(engine, "d", kanaal="telegram", ontvanger="u9")
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=vastgehouden, werker="w1", nu=NU, duur=MINUUT)
    with transaction(engine) as session:
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=NU) == [nu_klaar]
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=NU, ontvangers=["u2"]) == []
        later = NU + 2 * MINUUT  # the claim has expired, the later attempt is due
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=later) == [nu_klaar, vastgehouden, straks]
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=later, ontvangers=["u9"]) == [vastgehouden]
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=later, limiet=1) == [nu_klaar]


def test_a_claim_is_exclusive_until_it_expires(engine):
    bericht = plaats(engine, "a", kanaal="telegram")
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=bericht, werker="w1", nu=NU, duur=MINUUT)
    with transaction(engine) as session:
        assert not claim_bericht(session=session, bericht_id=bericht, werker="w2", nu=NU + MINUUT / 2, duur=MINUUT)
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=bericht, werker="w2", nu=NU + 2 * MINUUT, duur=MINUUT)
    assert rij(engine, bericht).claimed_by == "w2"


def test_taking_the_waiting_messages_gives_each_once(engine):
    eerste, tweede = plaats(engine, "a"), plaats(engine, "b", moment=NU + MINUUT)
    ander = plaats(engine, "c", ontvanger="u2")
    with transaction(engine) as session:
        genomen = neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU + 2 * MINUUT)
    assert [b.id for b in genomen] == [eerste, tweede] and genomen[0].tekst == "Bericht a"
    with transaction(engine) as session:
        assert neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU + 3 * MINUUT) == []
    afgeleverd = rij(engine, eerste)
    assert afgeleverd.status == "afgeleverd" and afgeleverd.afgeleverd_op == NU + 2 * MINUUT and afgeleverd.pogingen == 1
    assert rij(engine, ander).status == "wachtend"


def test_taking_respects_a_deliverers_claim(engine):
    bericht = plaats(engine, "a")
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=bericht, werker="w1", nu=NU, duur=MINUUT)
    with transaction(engine) as session:
        assert neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU) == []
    assert rij(engine, bericht).status == "wachtend"


def test_the_pause_doubles_up_to_an_hour():
    assert [pauze_na(n) for n in range(1, 5)] == [EERSTE_PAUZE, 2 * EERSTE_PAUZE, 4 * EERSTE_PAUZE, 8 * EERSTE_PAUZE]
    assert pauze_na(20) == LANGSTE_PAUZE


def test_a_message_is_given_up_after_the_last_attempt(engine):
    bericht = plaats(engine, "a", kanaal="telegram")
    moment = NU
    for poging in range(1, MAX_POGINGEN + 1):
        with transaction(engine) as session:
            markeer_mislukt(session=session, bericht=session.get(UitgaandBericht, bericht), fout=BezorgFout("weg"),
                            nu=moment)
        if poging < MAX_POGINGEN:
            assert rij(engine, bericht).volgende_poging_op == moment + pauze_na(poging)
            moment = rij(engine, bericht).volgende_poging_op
    opgegeven = rij(engine, bericht)
    assert opgegeven.status == "mislukt" and opgegeven.pogingen == MAX_POGINGEN and opgegeven.laatste_fout == "weg"


class Bezorger:
    def __init__(self, kanaal: str, fout: Exception | None = None) -> None:
        self.kanaal, self.fout, self.gezien = kanaal, fout, []

    def bezorg(self, bericht: Bericht) -> None:
        self.gezien.append(bericht.id)
        if self.fout is not None:
            raise self.fout


def test_an_unexpected_error_of_a_deliverer_is_a_failed_attempt_not_a_crash(engine):
    kapot, goed = plaats(engine, "a", kanaal="telegram"), plaats(engine, "b", kanaal="whatsapp")
    bezorgers = {"telegram": Bezorger("telegram", ValueError("bug")), "whatsapp": Bezorger("whatsapp")}
    assert bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=NU, werker="w1") == {"afgeleverd": 1, "mislukt": 1}
    assert rij(engine, kapot).status == "wachtend" and rij(engine, kapot).laatste_fout == "ValueError: bug"
    assert rij(engine, kapot).volgende_poging_op == NU + EERSTE_PAUZE and rij(engine, kapot).claimed_by is None
    assert rij(engine, goed).status == "afgeleverd"


def test_claiming_for_delivery_needs_channels_and_returns_the_claimed_messages(engine):
    bericht = plaats(engine, "a", kanaal="telegram", knoppen=[{"title": "Ja", "payload": "/affirm"}])
    assert claim_te_bezorgen(engine=engine, kanalen=[], nu=NU, werker="w1") == []
    assert claim_te_bezorgen(engine=engine, kanalen=["telegram"], nu=NU, werker="w1", ontvangers=[]) == []
    [geclaimd] = claim_te_bezorgen(engine=engine, kanalen=["telegram"], nu=NU, werker="w1")
    assert geclaimd.id == bericht and geclaimd.knoppen == [{"title": "Ja", "payload": "/affirm"}]
    assert claim_te_bezorgen(engine=engine, kanalen=["telegram"], nu=NU, werker="w2") == []


def test_the_registry_maps_each_deliverer_to_its_channel():
    assert all(naam == bezorger.kanaal for naam, bezorger in bezorgers_uit_omgeving().items())


# --- a channel in a real Sanic server ----------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EchoAgent:
    """Stands in for Rasa's agent: answers every message with one text."""

    async def handle_message(self, message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, f"U zei: {message.text}")


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    """Several Sanic apps in one process: Sanic's start-up rewrite of its own methods must start
    from the originals each time, which it does in test mode."""
    monkeypatch.setattr(Sanic, "test_mode", True)


@asynccontextmanager
async def server_met(kanaal) -> AsyncIterator[str]:
    app = Sanic(f"test_{uuid.uuid4().hex}")
    app.ctx.agent = EchoAgent()
    register([kanaal], app, route="/webhooks/")
    poort = vrije_poort()
    server = await app.create_server(host="127.0.0.1", port=poort, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{poort}"
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()


@pytest.fixture
def app_database(database_url, engine, monkeypatch):
    """The database the channel code reads (via INGANG_DATABASE_URL), as the Rasa server would."""
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    yield engine
    engine_for(database_url).dispose()


async def post(url: str, sender: str | None, message: str, **kwargs) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, **kwargs)


# --- REST --------------------------------------------------------------------------------------


async def test_rest_shows_waiting_messages_first_and_only_once(app_database):
    escalatie = plaats(app_database, "escalatie:belofte:1", tekst="Het spijt ons.",
                       custom={"overdracht": {"zaak": "ON-2026-00001"}})
    medewerker = plaats(app_database, "medewerker:1", tekst="Ik bel u morgen.", moment=NU + MINUUT,
                        knoppen=[{"title": "Prima", "payload": "/affirm"}])
    ander = plaats(app_database, "ander", ontvanger="u2")
    push = plaats(app_database, "push", kanaal="webchat")
    async with server_met(RestInput()) as url:
        eerste = (await post(url, "u1", "hallo")).json()
        tweede = (await post(url, "u1", "nog iets")).json()
    assert eerste == [
        {"recipient_id": "u1", "text": "Het spijt ons.", "custom": {"overdracht": {"zaak": "ON-2026-00001"}}},
        {"recipient_id": "u1", "text": "Ik bel u morgen.", "buttons": [{"title": "Prima", "payload": "/affirm"}]},
        {"recipient_id": "u1", "text": "U zei: hallo"},
    ]
    assert tweede == [{"recipient_id": "u1", "text": "U zei: nog iets"}]
    assert [rij(app_database, i).status for i in (escalatie, medewerker, ander, push)] == [
        "afgeleverd", "afgeleverd", "wachtend", "wachtend"]


async def test_rest_two_messages_of_one_sender_at_once_show_a_waiting_message_once(app_database):
    plaats(app_database, "a", tekst="Het spijt ons.")
    async with server_met(RestInput()) as url:
        antwoorden = await asyncio.gather(*(post(url, "u1", f"vraag {i}") for i in range(4)))
    getoond = [b for a in antwoorden for b in a.json() if b["text"] == "Het spijt ons."]
    assert len(getoond) == 1


async def test_rest_streaming_starts_with_the_waiting_messages(app_database):
    plaats(app_database, "a", tekst="Het spijt ons.")
    async with server_met(RestInput()) as url:
        antwoord = await post(url, "u1", "hallo", params={"stream": "true"})
    assert [json.loads(regel)["text"] for regel in antwoord.text.splitlines() if regel] == ["Het spijt ons.",
                                                                                           "U zei: hallo"]


@pytest.mark.parametrize("body", ["{niet: json", "[1, 2]", "\"tekst\""])
async def test_rest_a_body_that_is_not_a_json_object_gets_a_friendly_400(app_database, body):
    async with server_met(RestInput()) as url, httpx.AsyncClient(timeout=10) as client:
        antwoord = await client.post(f"{url}/webhooks/rest/webhook", content=body,
                                     headers={"Content-Type": "application/json"})
    assert antwoord.status_code == 400
    assert "sender" in antwoord.json()["message"] and antwoord.json()["code"] == 400


async def test_rest_answers_even_when_the_outbox_cannot_be_read(tmp_path, monkeypatch):
    url_zonder_tabellen = f"sqlite:///{tmp_path / 'leeg.db'}"
    monkeypatch.setenv("INGANG_DATABASE_URL", url_zonder_tabellen)
    try:
        async with server_met(RestInput()) as url:
            assert (await post(url, "u1", "hallo")).json() == [{"recipient_id": "u1", "text": "U zei: hallo"}]
    finally:
        engine_for(url_zonder_tabellen).dispose()


async def test_rest_keeps_its_name_and_url(app_database):
    assert RestInput.name() == "rest"
    async with server_met(RestInput()) as url, httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{url}/webhooks/rest/")).json() == {"status": "ok"}


# --- web chat push -----------------------------------------------------------------------------


class Chat(chat.Chat):
    """The test chat page, talking to the echo agent."""

    async def zeg(self, tekst: str) -> None:
        """Send a message and wait for the echo: everything emitted to us before it has then arrived."""
        await self.stuur(tekst)
        await self.wacht_op(lambda berichten: any(b.get("text") == f"U zei: {tekst}" for b in berichten))


def webchat() -> WebchatInput:
    return WebchatInput.from_credentials({"session_persistence": True})


@pytest.fixture
def snel(monkeypatch):
    monkeypatch.setenv("INGANG_WEBCHAT_INTERVAL", "0.05")


def nu_echt() -> datetime:
    return datetime.now(timezone.utc)


async def alle_afgeleverd(engine, ids: list[int]) -> None:
    """Poll the database (its state has no event to await) until every message is afgeleverd."""
    while any(rij(engine, i).status != "afgeleverd" for i in ids):
        await asyncio.sleep(0.05)


async def test_webchat_pushes_a_message_to_a_connected_session(app_database, snel):
    kanaal = webchat()
    async with server_met(kanaal) as url:
        chat = Chat(url, uuid.uuid4().hex)
        await chat.verbind()
        try:
            bericht = plaats(app_database, "escalatie:belofte:1", kanaal="webchat", ontvanger=chat.sessie,
                             moment=nu_echt(), tekst="Het spijt ons.\n\nWat er nu gebeurt: u wordt gebeld.",
                             knoppen=[{"title": "Prima", "payload": "/affirm"}],
                             custom={"overdracht": {"zaak": "ON-2026-00001"}})
            await chat.wacht_op(lambda berichten: any("custom" in b for b in berichten))
        finally:
            await chat.client.disconnect()
    assert chat.ontvangen == [
        {"text": "Het spijt ons.", "quick_replies": []},
        {"text": "Wat er nu gebeurt: u wordt gebeld.",
         "quick_replies": [{"content_type": "text", "title": "Prima", "payload": "/affirm"}]},
        {"custom": {"overdracht": {"zaak": "ON-2026-00001"}}},
    ]
    assert rij(app_database, bericht).status == "afgeleverd"
    assert kanaal.bezorging._taak is None  # the loop stopped with the server


async def test_webchat_keeps_a_message_until_the_session_comes_back(app_database, snel):
    kanaal, sessie = webchat(), uuid.uuid4().hex
    bericht = plaats(app_database, "a", kanaal="webchat", ontvanger=sessie, moment=nu_echt(), tekst="Terug van weg")
    async with server_met(kanaal) as url:
        ander = Chat(url, uuid.uuid4().hex)
        await ander.verbind()
        await kanaal.bezorging.ronde()  # a full round while the session is away
        assert rij(app_database, bericht).status == "wachtend"
        await ander.client.disconnect()

        chat = Chat(url, sessie)
        await chat.verbind()  # session_request delivers at once
        try:
            await chat.wacht_op(lambda berichten: berichten)
        finally:
            await chat.client.disconnect()
    assert chat.ontvangen == [{"text": "Terug van weg"}] and ander.ontvangen == []
    assert rij(app_database, bericht).status == "afgeleverd"


async def test_webchat_a_message_goes_before_the_answer_to_the_sessions_own_message(app_database, monkeypatch):
    monkeypatch.setenv("INGANG_WEBCHAT_INTERVAL", "3600")  # only the message itself delivers
    kanaal = webchat()
    async with server_met(kanaal) as url:
        chat = Chat(url, uuid.uuid4().hex)
        await chat.verbind()
        try:
            plaats(app_database, "a", kanaal="webchat", ontvanger=chat.sessie, moment=nu_echt(), tekst="Van de gemeente")
            await chat.zeg("hallo")
        finally:
            await chat.client.disconnect()
    assert [b["text"] for b in chat.ontvangen] == ["Van de gemeente", "U zei: hallo"]


async def test_webchat_two_replicas_never_send_a_message_twice(app_database, snel):
    sessie = uuid.uuid4().hex
    replicas = [webchat(), webchat()]
    async with server_met(replicas[0]) as url_a, server_met(replicas[1]) as url_b:
        chats = [Chat(url_a, sessie), Chat(url_b, sessie)]  # the same session open in two tabs, one per replica
        for chat in chats:
            await chat.verbind()
        try:
            ids = [plaats(app_database, f"m{i}", kanaal="webchat", ontvanger=sessie, moment=nu_echt(),
                          tekst=f"Bericht {i}") for i in range(10)]
            await asyncio.wait_for(alle_afgeleverd(app_database, ids), 10)
            for replica in replicas:
                assert await replica.bezorging.ronde() == 0
            for chat in chats:
                await chat.zeg("klaar?")  # everything sent to this tab before the echo has arrived
        finally:
            for chat in chats:
                await chat.client.disconnect()
    ontvangen = sorted(b["text"] for chat in chats for b in chat.ontvangen if b["text"].startswith("Bericht"))
    assert ontvangen == sorted(f"Bericht {i}" for i in range(10))
