"""Attack 2 of issue 13: the action server as ``scripts/run`` starts it (the ``actions`` line of
the Procfile) must not be reachable from other machines, must refuse calls without the shared
secret when one is configured (a forged tracker returned a stranger's name and phone number),
must not start on a public address without a secret, and must not unpack a body of any size."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import subprocess
import time
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rasa.utils.endpoints import read_endpoint_config

from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import make_engine, transaction
from bot.kern.settings import PROJECT_ROOT
from tests import factories
from tests.assistent import laad_naslag, vrije_poort
from tests.conftest import migrate

GEHEIM = "geheim-" + uuid.uuid4().hex
NAAM = "Mirjam Doelwit"
TELEFOON = "+31699999999"
START_TIMEOUT = 60


def procfile_opdracht(poort: int) -> list[str]:
    """The Procfile's ``actions`` command (what ``scripts/run`` starts), on ``poort``."""
    regel = next(r for r in (PROJECT_ROOT / "Procfile").read_text().splitlines() if r.startswith("actions:"))
    woorden = shlex.split(regel.split(":", 1)[1])
    poort_na = woorden.index("--port") + 1
    return [*woorden[:poort_na], str(poort), *woorden[poort_na + 1:]]


def start(map_: Path, poort: int, **env: str) -> subprocess.Popen:
    log = (map_ / f"acties-{poort}.log").open("w")
    omgeving = {k: v for k, v in os.environ.items() if k not in ("SANIC_HOST", "INGANG_ACTIES_GEHEIM")}
    return subprocess.Popen(procfile_opdracht(poort), cwd=PROJECT_ROOT, env={**omgeving, **env}, stdout=log,
                            stderr=subprocess.STDOUT)


def wacht_tot_bereikbaar(poort: int, proces: subprocess.Popen) -> None:
    einde = time.monotonic() + START_TIMEOUT
    while time.monotonic() < einde:
        assert proces.poll() is None, "de actieserver stopte bij het starten"
        try:
            requests.get(f"http://127.0.0.1:{poort}/health", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise AssertionError("de actieserver startte niet")


def stop(proces: subprocess.Popen) -> None:
    if proces.poll() is not None:
        return
    proces.terminate()
    try:
        proces.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proces.kill()


@pytest.fixture(scope="module")
def database(tmp_path_factory, artikelen) -> str:
    """The kennisbank, and an entrepreneur known by a chat identity with name and phone number on file."""
    map_ = tmp_path_factory.mktemp("db")
    url = f"sqlite:///{map_ / 'ingang.db'}"
    migrate(url)
    engine = make_engine(url)
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=map_, door="test")
        laad_naslag(session, artikelen)
        factories.ondernemer(session, kanaal="rest", kanaal_id="klant-doelwit", contactnaam=NAAM, telefoon=TELEFOON)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def beveiligd(tmp_path_factory, database) -> Iterator[str]:
    """The action server as the Procfile starts it, with the shared secret configured."""
    poort = vrije_poort()
    proces = start(tmp_path_factory.mktemp("acties"), poort, INGANG_DATABASE_URL=database,
                   INGANG_ACTIES_GEHEIM=GEHEIM)
    try:
        wacht_tot_bereikbaar(poort, proces)
        yield f"http://127.0.0.1:{poort}"
    finally:
        stop(proces)


def vervalste_aanroep() -> dict:
    """``action_start_overdracht`` with a made-up tracker for the entrepreneur's conversation."""
    bericht = {"text": "ik wil iemand spreken", "intent": {"name": "vraag_mens", "confidence": 1.0},
               "entities": []}
    return {
        "next_action": "action_start_overdracht",
        "sender_id": "klant-doelwit",
        "version": "3.6.2",
        "domain": {},
        "tracker": {
            "sender_id": "klant-doelwit", "slots": {}, "latest_message": bericht, "paused": False,
            "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
            "latest_input_channel": "rest",
            "events": [{"event": "user", "timestamp": time.time(), "text": bericht["text"], "parse_data": bericht,
                        "input_channel": "rest"}],
        },
    }


def luisteradressen(poort: int) -> set[str]:
    """The local addresses of the listening TCP sockets on ``poort`` (from /proc/net/tcp and tcp6)."""
    adressen = set()
    for bestand, breedte in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for regel in Path(bestand).read_text().splitlines()[1:]:
            velden = regel.split()
            adres, poort_hex = velden[1].split(":")
            if velden[3] == "0A" and int(poort_hex, 16) == poort:
                assert len(adres) == breedte
                adressen.add(adres)
    return adressen


def is_loopback(adres_hex: str) -> bool:
    if len(adres_hex) == 8:  # IPv4, little-endian
        return adres_hex.endswith("7F")
    return adres_hex == "00000000000000000000000001000000"  # ::1


def test_the_action_server_listens_on_loopback_only(tmp_path, database):
    poort = vrije_poort()
    proces = start(tmp_path, poort, INGANG_DATABASE_URL=database)
    try:
        wacht_tot_bereikbaar(poort, proces)
        adressen = luisteradressen(poort)
    finally:
        stop(proces)
    assert adressen and all(is_loopback(a) for a in adressen), adressen


def test_on_a_public_address_without_a_secret_it_refuses_to_start(tmp_path, database):
    poort = vrije_poort()
    proces = start(tmp_path, poort, INGANG_DATABASE_URL=database, SANIC_HOST="0.0.0.0")
    try:
        wacht_tot_bereikbaar(poort, proces)  # returns when it serves; fails at once when it stops
        gestart = True
    except AssertionError:
        gestart = False
    finally:
        stop(proces)
    assert not gestart and proces.returncode != 0, "de actieserver startte op 0.0.0.0 zonder geheim"
    assert "INGANG_ACTIES_GEHEIM" in next(tmp_path.glob("acties-*.log")).read_text()


def test_a_forged_action_call_without_the_secret_reveals_nothing(beveiligd, monkeypatch):
    vervalst = requests.post(f"{beveiligd}/webhook", json=vervalste_aanroep(), timeout=30)
    assert vervalst.status_code == 401
    assert NAAM not in vervalst.text and TELEFOON not in vervalst.text
    with_wrong = requests.post(f"{beveiligd}/webhook", json=vervalste_aanroep(), timeout=30,
                               headers={"Authorization": "Bearer " + GEHEIM[:-1]})
    assert with_wrong.status_code == 401

    # Rasa itself, configured by endpoints.production.yml, is let through (and would get the data)
    productie = PROJECT_ROOT / "endpoints.production.yml"
    for naam in re.findall(r"\$\{(\w+)\}", productie.read_text()):
        monkeypatch.setenv(naam, "x")
    monkeypatch.setenv("INGANG_ACTION_URL", f"{beveiligd}/webhook")
    monkeypatch.setenv("INGANG_ACTIES_GEHEIM", GEHEIM)
    endpoint = read_endpoint_config(str(productie), "action_endpoint")

    async def roep_aan() -> dict:
        return await endpoint.request(json=vervalste_aanroep(), method="post")

    antwoord = asyncio.run(roep_aan())
    assert NAAM in str(antwoord)


def bom(uitgepakt: int) -> bytes:
    """A deflate body that expands to ``uitgepakt`` bytes."""
    pakker, blok, delen = zlib.compressobj(9), b"\0" * (1 << 20), []
    for _ in range(uitgepakt // len(blok)):
        delen.append(pakker.compress(blok))
    return b"".join(delen) + pakker.flush()


def test_a_deflate_bomb_and_an_oversized_body_are_refused(beveiligd):
    kop = {"Authorization": f"Bearer {GEHEIM}", "Content-Type": "application/json"}
    begin = time.monotonic()
    antwoord = requests.post(f"{beveiligd}/webhook", data=bom(200 << 20), timeout=60,
                             headers={**kop, "Content-Encoding": "deflate"})
    assert antwoord.status_code == 413
    assert time.monotonic() - begin < 5
    groot = requests.post(f"{beveiligd}/webhook", data=b" " * (12 << 20) + b"{}", timeout=60, headers=kop)
    assert groot.status_code == 413
    assert requests.get(f"{beveiligd}/health", timeout=5).status_code == 200
    # a normal call compressed as Rasa compresses it still works
    gewoon = requests.post(f"{beveiligd}/webhook", data=zlib.compress(json.dumps(vervalste_aanroep()).encode()),
                           timeout=30, headers={**kop, "Content-Encoding": "deflate"})
    assert gewoon.status_code == 200 and NAAM in gewoon.text
