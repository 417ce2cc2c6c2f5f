"""Two Rasa replicas behind one Redis: socket.io emits and outbox messages reach a web chat
client whichever replica it is connected to (bot/kanalen/webchat/, INGANG_REDIS_URL).

The replicas share one application database, one tracker store and one action server. Replica
A's push loop runs once at the start and then sleeps for an hour, so an outbox message placed
later can only be delivered by replica B, which has no client of that session connected.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.kern.db import make_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.uitgaand.service import plaats_bericht
from tests.assistent import MODEL, TOKEN, _start, _wacht_tot_bereikbaar, start_assistent, vrije_poort
from tests.chat import Chat
from tests.redis import redis_server

pytestmark = pytest.mark.e2e

QUESTION = "wanneer zijn de koopzondagen?"


@contextmanager
def extra_replica(map_: Path, database_url: str, env_extra: dict[str, str]) -> Iterator[str]:
    """One more Rasa server on the endpoints (tracker store, action server) that start_assistent wrote in ``map_``."""
    poort = vrije_poort()
    env = {**os.environ, "INGANG_DATABASE_URL": database_url, "RASA_TELEMETRY_ENABLED": "false", **env_extra}
    rasa = str(Path(sys.executable).parent / "rasa")
    log = map_ / "rasa-b.log"
    server = _start(
        [rasa, "run", "--model", str(MODEL), "--port", str(poort), "--endpoints", str(map_ / "endpoints.yml"),
         "--credentials", str(Path(__file__).parents[2] / "credentials.yml"), "--enable-api", "--auth-token", TOKEN],
        env, log,
    )
    try:
        _wacht_tot_bereikbaar(f"http://127.0.0.1:{poort}/", server, log)
        yield f"http://127.0.0.1:{poort}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, artikelen) -> Iterator[tuple[str, str, str]]:
    """(URL of replica A, URL of replica B, the shared database URL)."""
    map_ = tmp_path_factory.mktemp("replicas")
    with redis_server(map_) as redis_url:
        env_a = {"INGANG_REDIS_URL": redis_url, "INGANG_WEBCHAT_INTERVAL": "3600"}
        with start_assistent(map_, artikelen, extra_env=env_a) as a:
            env_b = {"INGANG_REDIS_URL": redis_url, "INGANG_WEBCHAT_INTERVAL": "0.5"}
            with extra_replica(map_, a.database_url, env_b) as b_url:
                yield a.url, b_url, a.database_url


async def test_a_reply_handled_by_replica_b_reaches_the_client_on_replica_a(replicas):
    a_url, b_url, _ = replicas
    op_a = Chat(a_url)
    await op_a.verbind()
    op_b = Chat(b_url, op_a.token)  # the same session in a second tab, whose socket landed on B
    await op_b.verbind()
    try:
        await op_b.stuur(QUESTION)
        await op_a.wacht_op(lambda berichten: any("kennisbank" in (b.get("custom") or {}) for b in berichten), 30)
        await asyncio.sleep(1)
    finally:
        await op_a.client.disconnect()
        await op_b.client.disconnect()
    assert op_b.sessie == op_a.sessie
    assert [b for b in op_a.ontvangen if "custom" in b] == [b for b in op_b.ontvangen if "custom" in b]


async def test_an_outbox_message_is_pushed_by_replica_b_to_the_client_on_replica_a(replicas):
    a_url, _, database_url = replicas
    op_a = Chat(a_url)
    await op_a.verbind()
    sessie = op_a.sessie
    try:
        await asyncio.sleep(1)  # A's loop does not run again; B learns of the session from Redis only
        _plaats(database_url, sessie, "Goedemiddag, ik help u verder.")
        await op_a.wacht_op(lambda berichten: any("medewerker" in (b.get("custom") or {}) for b in berichten), 15)
        await asyncio.sleep(2)  # nothing is sent twice
    finally:
        await op_a.client.disconnect()
    medewerker = [b for b in op_a.ontvangen if "medewerker" in (b.get("custom") or {})]
    assert medewerker == [{"text": "Goedemiddag, ik help u verder.", "custom": {"medewerker": {"naam": "Fatima Bakker", "functie": "vergunningverlener"}}}]
    assert _status(database_url, sessie) == ["afgeleverd"]


def _plaats(database_url: str, sessie: str, tekst: str) -> None:
    engine = make_engine(database_url)
    try:
        with transaction(engine) as session:
            plaats_bericht(session=session, sleutel=f"replica-{uuid.uuid4().hex}", kanaal="webchat", ontvanger=gesprek_id("webchat", sessie),
                           tekst=tekst, soort="medewerker",
                           custom={"medewerker": {"naam": "Fatima Bakker", "functie": "vergunningverlener"}})
    finally:
        engine.dispose()


def _status(database_url: str, sessie: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as verbinding:
            rijen = verbinding.execute(text("select status from uitgaand_bericht where ontvanger = :o"),
                                       {"o": gesprek_id("webchat", sessie)})
            return [rij[0] for rij in rijen]
    finally:
        engine.dispose()
