"""Starting and stopping the production topology on one machine (``scripts/productie``).

``start`` makes the cluster and the secrets the first time (in ``data/productie``, or
``INGANG_PRODUCTIE_MAP``), migrates the databases and loads the kennisbank and the staff directory
every time, then starts the application processes and waits until HAProxy sees every replica.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from productie.postgres import GEBRUIKER, geef_aan_eigenaar, initdb
from productie.topologie import (
    PROJECT,
    Topologie,
    gedeelde_omgeving,
    haproxy_configuratie,
    lees_of_maak_geheimen,
    programmas,
    supervisor_configuratie,
)

DIENSTEN = ("postgres", "redis", "mail")
WACHTTIJD_REPLICA = 300.0  # seconds: two replicas load their model at once on two cores


def standaard_topologie() -> Topologie:
    return Topologie(Path(os.environ.get("INGANG_PRODUCTIE_MAP", PROJECT / "data" / "productie")).resolve())


def start(topologie: Topologie) -> None:
    if draait(topologie):
        print("Ingang (productievorm) draait al: scripts/productie status.")
        return
    geheimen = lees_of_maak_geheimen(topologie)
    topologie.logs.mkdir(parents=True, exist_ok=True)
    if not topologie.pg_data.exists():
        maak_cluster(topologie, geheimen["INGANG_PG_WACHTWOORD"])
    (topologie.map_ / "haproxy.cfg").write_text(haproxy_configuratie(topologie), encoding="utf-8")
    topologie.supervisor_conf.touch(mode=0o600)  # it holds the secrets, in the processes' environment
    topologie.supervisor_conf.write_text(supervisor_configuratie(topologie, geheimen), encoding="utf-8")
    subprocess.run(["supervisord", "-c", str(topologie.supervisor_conf)], check=True, cwd=PROJECT)
    supervisorctl(topologie, "start", *DIENSTEN)
    wacht_op_postgres(topologie, geheimen)
    richt_databases_in(topologie, geheimen)
    toepassing = [p.naam for p in programmas(topologie, geheimen) if p.naam not in DIENSTEN]
    supervisorctl(topologie, "start", *toepassing)
    wacht_op_replicas(topologie)
    print(f"Ingang draait in productievorm: chat op http://127.0.0.1:{topologie.poorten.webchat}, "
          f"Rasa achter HAProxy op {topologie.voorkant_url}, console op http://127.0.0.1:{topologie.poorten.console}.")


def stop(topologie: Topologie) -> None:
    """Stop every process (in reverse order of starting) and supervisord itself."""
    if not draait(topologie):
        print("Ingang (productievorm) draait niet.")
        return
    supervisorctl(topologie, "shutdown")
    pidbestand = topologie.map_ / "supervisord.pid"
    for _ in range(120):
        if not pidbestand.exists():
            break
        time.sleep(0.5)
    print("Ingang (productievorm) is gestopt.")


def maak_cluster(topologie: Topologie, wachtwoord: str) -> None:
    map_ = topologie.pg_data.parent
    map_.mkdir(parents=True, exist_ok=True)
    geef_aan_eigenaar(map_)
    wachtwoordbestand = map_ / "wachtwoord"
    wachtwoordbestand.touch(mode=0o600)
    wachtwoordbestand.write_text(wachtwoord + "\n", encoding="utf-8")
    geef_aan_eigenaar(wachtwoordbestand)
    try:
        initdb(topologie.pg_data, wachtwoordbestand=wachtwoordbestand)
    finally:
        wachtwoordbestand.unlink()


def wacht_op_postgres(topologie: Topologie, geheimen: dict[str, str], tijd: float = 60.0) -> None:
    engine = sa.create_engine(topologie.database_url(geheimen, "postgres"), poolclass=sa.pool.NullPool)
    einde = time.monotonic() + tijd
    while True:
        try:
            with engine.connect():
                return
        except sa.exc.OperationalError:
            if time.monotonic() > einde:
                raise
            time.sleep(0.5)


def richt_databases_in(topologie: Topologie, geheimen: dict[str, str]) -> None:
    """Both databases exist; the application's is migrated and holds the kennisbank and staff directory."""
    engine = sa.create_engine(topologie.database_url(geheimen, "postgres"), isolation_level="AUTOCOMMIT",
                              poolclass=sa.pool.NullPool)
    with engine.connect() as verbinding:
        bestaand = set(verbinding.execute(sa.text("SELECT datname FROM pg_database")).scalars())
        for naam in ("ingang", "tracker"):
            if naam not in bestaand:
                verbinding.execute(sa.text(f'CREATE DATABASE "{naam}" OWNER "{GEBRUIKER}"'))
    omgeving = {**os.environ, **gedeelde_omgeving(topologie, geheimen)}
    for opdracht in ([sys.executable, "-m", "alembic", "upgrade", "head"], [sys.executable, "-m", "bot.kennisbank", "load"],
                     [sys.executable, "-m", "bot.medewerkers", "load"]):
        resultaat = subprocess.run(opdracht, cwd=PROJECT, env=omgeving, capture_output=True, text=True)
        if resultaat.returncode != 0:
            raise RuntimeError(f"{' '.join(opdracht)} mislukte:\n{resultaat.stdout[-2000:]}{resultaat.stderr[-4000:]}")


def wacht_op_replicas(topologie: Topologie, tijd: float = WACHTTIJD_REPLICA) -> None:
    """Until every replica answers, and HAProxy counts every one of them up: it checks each every two
    seconds and needs two good answers in a row, so a replica that came up last would otherwise get
    no requests for a few seconds after the start."""
    einde = time.monotonic() + tijd
    for url in topologie.replica_urls():
        while not antwoordt(url):
            if time.monotonic() > einde:
                raise TimeoutError(f"{url} antwoordt niet; zie {topologie.logs}")
            time.sleep(1)
    while not (antwoordt(topologie.voorkant_url) and alle_replicas_up(topologie)):
        if time.monotonic() > einde:
            raise TimeoutError(f"HAProxy telt niet elke replica mee; zie {topologie.logs}")
        time.sleep(1)


def alle_replicas_up(topologie: Topologie) -> bool:
    """Whether HAProxy's statistics show every Rasa replica UP in the REST backend."""
    try:
        replicas = replica_statistieken(topologie)
    except httpx.HTTPError:
        return False
    return len(replicas) == len(topologie.poorten.rasa) and all(rij["status"] == "UP" for rij in replicas.values())


def replica_statistieken(topologie: Topologie) -> dict[str, dict[str, str]]:
    """HAProxy's statistics of each Rasa replica in the REST backend ("rasa1": {"status": "UP", "stot": ...}),
    by the column names of its CSV."""
    csv = httpx.get(f"http://127.0.0.1:{topologie.poorten.haproxy_stats}/;csv", timeout=5).text
    kop, *regels = csv.splitlines()
    namen = kop.lstrip("# ").split(",")
    rijen = [dict(zip(namen, regel.split(","), strict=False)) for regel in regels if regel]
    return {rij["svname"]: rij for rij in rijen if rij["pxname"] == "rasa" and rij["svname"].startswith("rasa")}


def antwoordt(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def draait(topologie: Topologie) -> bool:
    return topologie.supervisor_conf.exists() and subprocess.run(
        ["supervisorctl", "-c", str(topologie.supervisor_conf), "pid"], capture_output=True, text=True,
    ).stdout.strip().isdigit()


def supervisorctl(topologie: Topologie, *argumenten: str) -> str:
    """Run supervisorctl; fails when a program did not start."""
    resultaat = subprocess.run(["supervisorctl", "-c", str(topologie.supervisor_conf), *argumenten],
                               capture_output=True, text=True, cwd=PROJECT)
    if resultaat.returncode != 0 and argumenten[0] not in ("status", "shutdown"):
        raise RuntimeError(f"supervisorctl {' '.join(argumenten)}:\n{resultaat.stdout}{resultaat.stderr}")
    return resultaat.stdout
