"""The production topology on one machine (``scripts/productie``, issue 16), started as an operator would.

PostgreSQL, Redis, two Rasa replicas with their action servers behind HAProxy, two workers, the
console: a conversation is answered through the load balancer by both replicas with one memory,
and killing a replica with SIGKILL fails only the requests it was handling. The other faults of
issue 16: PostgreSQL restarted, Redis stopped, the action servers stopped, a worker killed mid-round.
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import yaml

from benchmarks.uitkomsten import KAART, lees_antwoord
from bot.componenten.storing_policy import STORING
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT
from bot.uitgaand.service import plaats_email
from productie.beheer import antwoordt, replica_statistieken, start, stop, supervisorctl
from productie.topologie import SLOT_LEVENSDUUR, Poorten, Topologie, gedeelde_omgeving, lees_of_maak_geheimen
from tests.assistent import draag_over_via_rest, vrije_poort

pytestmark = pytest.mark.e2e

REST = "/webhooks/rest/webhook"
VRAGEN = ["ik wil een terras voor mijn cafe", "wat kost dat?", "hoe lang duurt het?", "hoe vraag ik het aan?",
          "mag ik een reclamebord aan de gevel?", "wat kost een alcoholvergunning?"]


@pytest.fixture(scope="module")
def productie() -> Topologie:
    map_ = Path(tempfile.mkdtemp(prefix="ingang-productie-"))
    map_.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    poorten = Poorten(voorkant=vrije_poort(), rasa=(vrije_poort(), vrije_poort()), acties=(vrije_poort(), vrije_poort()),
                      console=vrije_poort(), webchat=vrije_poort(), postgres=vrije_poort(), redis=vrije_poort(),
                      smtp=vrije_poort(), haproxy_stats=vrije_poort())
    # every request of this test comes from 127.0.0.1: the limits per address and conversation are lifted
    topologie = Topologie(map_, poorten, extra_omgeving={"INGANG_MAX_BERICHTEN_IP": "100000/1000000",
                                                         "INGANG_MAX_BERICHTEN_GESPREK": "100000/1000000"})
    try:
        start(topologie)
        yield topologie
    finally:
        stop(topologie)
        shutil.rmtree(map_, ignore_errors=True)


def praat(topologie: Topologie, afzender: str, tekst: str, timeout: float = 30) -> list[dict]:
    antwoord = httpx.post(topologie.voorkant_url + REST, json={"sender": afzender, "message": tekst}, timeout=timeout)
    antwoord.raise_for_status()
    return antwoord.json()


def bediend_per_replica(topologie: Topologie) -> dict[str, int]:
    """Requests each replica answered for the REST backend, from HAProxy's statistics."""
    return {naam: int(rij["stot"]) for naam, rij in replica_statistieken(topologie).items()}


def gebruikersberichten(topologie: Topologie, afzender: str) -> list[str]:
    """What the tracker store in PostgreSQL holds of a conversation: the entrepreneur's messages."""
    token = lees_of_maak_geheimen(topologie)["INGANG_RASA_TOKEN"]
    antwoord = httpx.get(f"{topologie.voorkant_url}/conversations/{afzender}/tracker",
                         params={"token": token}, timeout=30)
    antwoord.raise_for_status()
    return [e.get("text") for e in antwoord.json()["events"] if e["event"] == "user"]


def test_a_conversation_is_answered_through_the_load_balancer_by_both_replicas_with_one_memory(productie):
    afzender = uuid.uuid4().hex
    voor = bediend_per_replica(productie)
    eerste = lees_antwoord(praat(productie, afzender, "ik wil een terras voor mijn cafe"))
    vervolgen = [lees_antwoord(praat(productie, afzender, tekst)) for tekst in ("wat kost dat?", "hoe lang duurt het?")]

    assert eerste.soort == KAART and eerste.id == "terrasvergunning"
    # a follow-up without a subject is understood from the conversation, whichever replica answers it
    assert [(v.soort, v.id) for v in vervolgen] == [(KAART, "terrasvergunning")] * 2
    assert [v.onderdeel for v in vervolgen] == ["kosten", "doorlooptijd"]
    na = bediend_per_replica(productie)
    assert all(na[replica] > voor.get(replica, 0) for replica in ("rasa1", "rasa2")), (voor, na)


def test_the_console_sees_both_workers_beat(productie):
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        gezond = httpx.get(f"http://127.0.0.1:{productie.poorten.console}/gezond", timeout=5).json()
        if gezond["werkers"] == 2:
            break
        time.sleep(1)
    assert gezond == {"status": "ok", "database": "ok", "werkers": 2}


@dataclass
class Gesprek:
    afzender: str = field(default_factory=lambda: uuid.uuid4().hex)
    beantwoord: list[tuple[float, str]] = field(default_factory=list)  # (when sent, text)
    mislukt: list[tuple[float, str]] = field(default_factory=list)


def houd_gaande(topologie: Topologie, gesprek: Gesprek, tot: float) -> None:
    """One entrepreneur asking on and on, a message every half second, until ``tot``."""
    nummer = 0
    while time.monotonic() < tot:
        tekst = VRAGEN[nummer % len(VRAGEN)]
        verstuurd = time.monotonic()
        try:
            praat(topologie, gesprek.afzender, tekst, timeout=30)
            gesprek.beantwoord.append((verstuurd, tekst))
        except httpx.HTTPError as fout:
            gesprek.mislukt.append((verstuurd, repr(fout)))
        nummer += 1
        time.sleep(0.5)


def tijdens_gesprekken(topologie: Topologie, aantal: int, seconden: float, ingreep: Callable[[], None],
                       na: float) -> tuple[list[Gesprek], float]:
    """``aantal`` entrepreneurs ask on for ``seconden``; ``na`` seconds in, ``ingreep`` runs. The
    conversations, and the moment the ingreep was over."""
    gesprekken = [Gesprek() for _ in range(aantal)]
    tot = time.monotonic() + seconden
    draden = [threading.Thread(target=houd_gaande, args=(topologie, g, tot)) for g in gesprekken]
    for draad in draden:
        draad.start()
    time.sleep(na)
    ingreep()
    klaar = time.monotonic()
    for draad in draden:
        draad.join()
    return gesprekken, klaar


def test_killing_a_replica_fails_only_the_requests_in_flight_and_loses_no_message(productie):
    slachtoffer = int(supervisorctl(productie, "pid", "rasa1").strip())
    gesprekken, gedood = tijdens_gesprekken(productie, 6, 40, lambda: os.kill(slachtoffer, signal.SIGKILL), na=6)

    mislukt = [m for g in gesprekken for m in g.mislukt]
    # at most the one message each entrepreneur had in flight when the replica died
    assert len(mislukt) <= len(gesprekken), mislukt
    for gesprek in gesprekken:
        # the conversation whose message the replica was handling waits for its lock (SLOT_LEVENSDUUR), no longer
        assert any(verstuurd > gedood + SLOT_LEVENSDUUR + 1 for verstuurd, _ in gesprek.beantwoord), (
            "the conversation did not go on", [(round(v - gedood, 1), t) for v, t in gesprek.beantwoord], mislukt)
        opgeslagen = gebruikersberichten(productie, gesprek.afzender)
        # every answered message is in the tracker store, in order
        assert _is_deelrij([tekst for _, tekst in gesprek.beantwoord], opgeslagen)
    # supervisord starts the killed replica again (HAProxy takes it back once it answers its health check)
    einde = time.monotonic() + 30
    while supervisorctl(productie, "pid", "rasa1").strip() in ("", "0", str(slachtoffer)) and time.monotonic() < einde:
        time.sleep(1)
    assert int(supervisorctl(productie, "pid", "rasa1").strip()) not in (0, slachtoffer)


def _is_deelrij(deel: list[str], geheel: list[str]) -> bool:
    """Whether ``deel`` appears in ``geheel`` in order (other messages, e.g. one in flight, may lie between)."""
    rest = iter(geheel)
    return all(any(tekst == ander for ander in rest) for tekst in deel)


@dataclass
class Voorkant:
    """The load balancer as the e2e helpers of tests/assistent.py talk to an assistant."""

    topologie: Topologie

    def praat(self, tekst: str, afzender: str) -> list[dict]:
        return praat(self.topologie, afzender, tekst)


def draag_over(topologie: Topologie, afzender: str) -> str:
    """A handoff over REST, every question of the assistant answered; the case number."""
    return draag_over_via_rest(Voorkant(topologie), afzender)["zaak"]


def test_a_restart_of_postgresql_loses_no_case_and_every_process_recovers_without_a_restart(productie):
    geheimen = lees_of_maak_geheimen(productie)
    engine = sa.create_engine(productie.database_url(geheimen), poolclass=sa.pool.NullPool)
    zaak_voor = draag_over(productie, uuid.uuid4().hex)
    pids = {naam: supervisorctl(productie, "pid", naam).strip() for naam in ("rasa1", "rasa2", "acties1", "werker1")}
    gesprekken, hersteld = tijdens_gesprekken(productie, 3, 45, lambda: supervisorctl(productie, "restart", "postgres"),
                                              na=5)

    # what was sent some seconds after the database came back is answered: no process needed a restart
    na_herstel = [m for g in gesprekken for m in g.mislukt if m[0] > hersteld + 5]
    assert na_herstel == [], na_herstel
    assert all(any(v > hersteld + 5 for v, _ in g.beantwoord) for g in gesprekken)
    for gesprek in gesprekken:
        # every answered message is in the tracker store, in order: none was answered from a fresh memory
        # and kept only in the replica's own (Rasa's fallback when reading or saving a conversation fails)
        assert _is_deelrij([tekst for _, tekst in gesprek.beantwoord], gebruikersberichten(productie, gesprek.afzender))
    assert {naam: supervisorctl(productie, "pid", naam).strip() for naam in pids} == pids
    zaak_na = draag_over(productie, uuid.uuid4().hex)
    with engine.connect() as verbinding:
        nummers = set(verbinding.execute(sa.text("SELECT nummer FROM zaak")).scalars())
        beloften = verbinding.execute(sa.text(
            "SELECT count(*) FROM belofte JOIN zaak ON zaak.id = belofte.zaak_id WHERE zaak.nummer IN (:a, :b)"),
            {"a": zaak_voor, "b": zaak_na}).scalar_one()
    assert {zaak_voor, zaak_na} <= nummers and beloften >= 2
    gezond = httpx.get(f"http://127.0.0.1:{productie.poorten.console}/gezond", timeout=5)
    assert gezond.status_code == 200 and gezond.json()["database"] == "ok"


def test_without_redis_conversations_go_on(productie):
    """Redis holds the locks and the web chat's messages between replicas: while it is away every replica
    answers with its own locks (bot/componenten/slotopslag.py) instead of failing every message."""
    afzender = uuid.uuid4().hex
    supervisorctl(productie, "stop", "redis")
    try:
        antwoorden = [lees_antwoord(praat(productie, afzender, tekst))
                      for tekst in ("ik wil een terras voor mijn cafe", "wat kost dat?")]
    finally:
        supervisorctl(productie, "start", "redis")
    assert [(a.soort, a.id) for a in antwoorden] == [(KAART, "terrasvergunning")] * 2
    assert antwoorden[1].onderdeel == "kosten"


def storingsteksten() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {variatie["text"] for variatie in domain["responses"][STORING]}


def test_with_the_action_servers_down_the_entrepreneur_gets_a_friendly_message_and_the_conversation_recovers(productie):
    afzender = uuid.uuid4().hex
    eerste = lees_antwoord(praat(productie, afzender, "ik wil een terras voor mijn cafe"))
    supervisorctl(productie, "stop", "acties1", "acties2")
    try:
        tijdens = [praat(productie, afzender, tekst) for tekst in ("wat kost dat?", "hoe lang duurt het?")]
    finally:
        supervisorctl(productie, "start", "acties1", "acties2")
    einde = time.monotonic() + 60
    while not all(antwoordt(f"http://127.0.0.1:{poort}/health") for poort in productie.poorten.acties):
        assert time.monotonic() < einde, "the action servers did not come back"
        time.sleep(1)
    na = lees_antwoord(praat(productie, afzender, "wat kost dat?"))

    assert eerste.soort == KAART and eerste.id == "terrasvergunning"
    # each message while the action servers are away: one friendly message (not silence), a different one each time
    teksten = [[b.get("text") for b in antwoord] for antwoord in tijdens]
    assert all(len(t) == 1 and t[0] in storingsteksten() for t in teksten), teksten
    assert teksten[0] != teksten[1]
    # back: the follow-up is answered from the conversation's memory
    assert (na.soort, na.id, na.onderdeel) == (KAART, "terrasvergunning", "kosten")


E_MAILS = 300  # two workers deliver them in a few seconds, rounds of 50 each
BEZORG_LEASE = 5  # seconds the survivor leaves the dead worker's claimed e-mail alone (production: 120)


def start_werker(topologie: Topologie, geheimen: dict[str, str], log: Path) -> subprocess.Popen:
    """A worker as supervisord starts one, with a round every half second and a short lease."""
    omgeving = {**os.environ, **gedeelde_omgeving(topologie, geheimen), "INGANG_BEZORG_CLAIM_SECONDEN": str(BEZORG_LEASE)}
    with log.open("ab") as uitvoer:
        return subprocess.Popen([sys.executable, "-m", "bot.worker", "--interval", "0.5"], cwd=PROJECT_ROOT,
                                env=omgeving, stdout=uitvoer, stderr=subprocess.STDOUT)


def ontvangen_mails(topologie: Topologie, kenmerk: str) -> dict[int, list[str]]:
    """The Message-IDs the mail sink received per e-mail of this test (numbered in the subject)."""
    per_nummer: dict[int, list[str]] = defaultdict(list)
    for pad in (topologie.map_ / "bestanden" / "mail").glob("*.eml"):
        bericht = email.message_from_bytes(pad.read_bytes(), policy=email.policy.default)
        onderwerp = str(bericht["Subject"])
        if onderwerp.startswith(f"Storingstest {kenmerk} "):
            per_nummer[int(onderwerp.rsplit(" ", 1)[1])].append(str(bericht["Message-ID"]))
    return per_nummer


def wacht_tot(voorwaarde: Callable[[], bool], seconden: float, waarop: str) -> None:
    einde = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < einde, waarop
        time.sleep(0.01)


def test_killing_a_worker_mid_round_the_other_finishes_it_and_no_email_is_lost_or_sent_twice(productie):
    """Two workers deliver 300 e-mails; one is killed with SIGKILL while it holds a claim. The other
    delivers the rest, and the dead worker's claimed e-mail once its lease has run out. Every e-mail
    arrives. At most the one the dead worker was sending can arrive twice (the SMTP server may have
    taken it before the worker could record it: at least once, never lost), and then with the same
    Message-ID, so the copy is recognisable (bot/integraties/email.py)."""
    geheimen = lees_of_maak_geheimen(productie)
    engine = sa.create_engine(productie.database_url(geheimen), poolclass=sa.pool.NullPool)
    kenmerk = uuid.uuid4().hex[:10]
    supervisorctl(productie, "stop", "werker1", "werker2")  # this test's own two workers instead
    werkers: list[subprocess.Popen] = []
    try:
        with transaction(engine) as session:
            ids = [plaats_email(session=session, sleutel=f"storingstest-{kenmerk}-{n}", aan="team@voorbeeldstad.nl",
                                onderwerp=f"Storingstest {kenmerk} {n}", tekst="Een bericht van de storingstest.",
                                soort="storingstest").id for n in range(E_MAILS)]
        werkers = [start_werker(productie, geheimen, productie.logs / f"storingstest-werker{n}.log") for n in (1, 2)]
        slachtoffer = f"{socket.gethostname()}-{werkers[0].pid}"

        def claims_van_slachtoffer() -> set[int]:
            with engine.connect() as verbinding:
                return set(verbinding.execute(sa.text(
                    "SELECT id FROM uitgaand_bericht WHERE claimed_by = :werker AND status = 'wachtend'"),
                    {"werker": slachtoffer}).scalars())

        def afgeleverd() -> int:
            with engine.connect() as verbinding:
                return verbinding.execute(sa.text(
                    "SELECT count(*) FROM uitgaand_bericht WHERE sleutel LIKE :kenmerk AND status = 'afgeleverd'"),
                    {"kenmerk": f"storingstest-{kenmerk}-%"}).scalar_one()

        # in the middle of the round: some e-mails out, and the victim holding one
        wacht_tot(lambda: afgeleverd() >= E_MAILS // 5 and claims_van_slachtoffer(), 120, "no worker started delivering")
        werkers[0].send_signal(signal.SIGKILL)
        werkers[0].wait()
        onderweg = claims_van_slachtoffer()
        bij_de_dood = afgeleverd()
        wacht_tot(lambda: afgeleverd() == E_MAILS, 60 + BEZORG_LEASE, "the survivor did not finish the round")
    finally:
        for werker in werkers:
            werker.kill()
            werker.wait()
        supervisorctl(productie, "start", "werker1", "werker2")

    assert bij_de_dood < E_MAILS, "the victim died after the round, not during it"
    assert len(onderweg) <= 1  # a worker sends one e-mail at a time
    mails = ontvangen_mails(productie, kenmerk)
    assert sorted(mails) == list(range(E_MAILS))  # none lost
    twee_keer = {ids[nummer] for nummer, message_ids in mails.items() if len(message_ids) > 1}
    assert twee_keer <= onderweg, twee_keer  # only the one in flight, if the SMTP server had taken it
    assert all(len(set(message_ids)) == 1 for message_ids in mails.values())  # a copy is the same message
