"""The production topology on one machine: which processes run, on which ports, with which settings.

The same processes and variables as a real deployment (README, *Production*; docs/productie.md),
from Debian's and PyPI's packages, all on loopback:

    HAProxy :5005 (health checks) -> Rasa replicas (PostgreSQL tracker store, Redis lock store and
    socket.io manager), each with its own action server; two workers; the console :8080; the chat
    page :8000; PostgreSQL and Redis; a mail sink instead of the municipality's SMTP relay.

Every process runs under supervisord (``supervisor`` from PyPI), which restarts what dies, so a
replica killed during a load test comes back as it would on a container platform.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from productie.postgres import GEBRUIKER, als_eigenaar, postgres_bin, server_opties

PROJECT = Path(__file__).resolve().parent.parent
SLOT_LEVENSDUUR = 15  # seconds a conversation's lock lives at most (TICKET_LOCK_LIFETIME)
GEHEIMEN = ("INGANG_ACTIES_GEHEIM", "INGANG_WEBCHAT_GEHEIM", "INGANG_RASA_TOKEN", "INGANG_PG_WACHTWOORD")


@dataclass(frozen=True)
class Poorten:
    """Public ports as ``scripts/run`` has them (the chat page works unchanged); the rest internal."""

    voorkant: int = 5005  # HAProxy: Rasa's REST, socket.io and channel webhooks
    rasa: tuple[int, ...] = (5011, 5012)
    acties: tuple[int, ...] = (5061, 5062)
    console: int = 8080
    webchat: int = 8000
    postgres: int = 5433
    redis: int = 6380
    smtp: int = 1025
    haproxy_stats: int = 8404


@dataclass(frozen=True)
class Topologie:
    map_: Path  # where the cluster, logs, configuration and secrets live (data/productie)
    poorten: Poorten = field(default_factory=Poorten)
    werkers: int = 2
    model: Path = PROJECT / "models" / "ingang.tar.gz"
    # more variables for every application process, e.g. a load test from one address lifts the
    # limits per address (INGANG_MAX_BERICHTEN_IP): its thousand users all come from 127.0.0.1
    extra_omgeving: dict[str, str] = field(default_factory=dict)

    @property
    def pg_data(self) -> Path:
        return self.map_ / "postgres" / "data"

    @property
    def logs(self) -> Path:
        return self.map_ / "logs"

    @property
    def supervisor_conf(self) -> Path:
        return self.map_ / "supervisord.conf"

    @property
    def geheimen_bestand(self) -> Path:
        return self.map_ / "geheimen.env"

    @property
    def voorkant_url(self) -> str:
        return f"http://127.0.0.1:{self.poorten.voorkant}"

    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{poort}" for poort in self.poorten.rasa]

    def database_url(self, geheimen: dict[str, str], database: str = "ingang") -> str:
        return f"postgresql://{GEBRUIKER}:{geheimen['INGANG_PG_WACHTWOORD']}@127.0.0.1:{self.poorten.postgres}/{database}"


def lees_of_maak_geheimen(topologie: Topologie) -> dict[str, str]:
    """The secrets of this installation: made once, kept readable for the owner only."""
    bestand = topologie.geheimen_bestand
    if bestand.exists():
        regels = (r.split("=", 1) for r in bestand.read_text(encoding="utf-8").splitlines() if "=" in r)
        bestaand = {k: v for k, v in regels}
        if all(naam in bestaand for naam in GEHEIMEN):
            return bestaand
    geheimen = {naam: secrets.token_hex(24) for naam in GEHEIMEN}
    bestand.parent.mkdir(parents=True, exist_ok=True)
    bestand.touch(mode=0o600)
    bestand.write_text("".join(f"{k}={v}\n" for k, v in geheimen.items()), encoding="utf-8")
    return geheimen


def gedeelde_omgeving(topologie: Topologie, geheimen: dict[str, str]) -> dict[str, str]:
    """The variables every application process gets, as a deployment would set them."""
    p = topologie.poorten
    return {
        "INGANG_DATABASE_URL": topologie.database_url(geheimen),
        "INGANG_TRACKER_URL": topologie.database_url(geheimen, "tracker"),
        "INGANG_TRACKER_DB_HOST": "127.0.0.1",
        "INGANG_TRACKER_DB_PORT": str(p.postgres),
        "INGANG_TRACKER_DB_NAME": "tracker",
        "INGANG_TRACKER_DB_USER": GEBRUIKER,
        "INGANG_TRACKER_DB_PASSWORD": geheimen["INGANG_PG_WACHTWOORD"],
        "INGANG_REDIS_URL": f"redis://127.0.0.1:{p.redis}/0",
        "INGANG_REDIS_HOST": "127.0.0.1",
        "INGANG_REDIS_PORT": str(p.redis),
        "INGANG_ACTIES_GEHEIM": geheimen["INGANG_ACTIES_GEHEIM"],
        "INGANG_WEBCHAT_GEHEIM": geheimen["INGANG_WEBCHAT_GEHEIM"],
        "INGANG_RASA_TOKEN": geheimen["INGANG_RASA_TOKEN"],
        "INGANG_RASA_URL": topologie.voorkant_url,
        "INGANG_SMTP_HOST": "127.0.0.1",
        "INGANG_SMTP_PORT": str(p.smtp),
        "INGANG_DATA_DIR": str(topologie.map_ / "bestanden"),
        "RASA_TELEMETRY_ENABLED": "false",
        **topologie.extra_omgeving,
    }


@dataclass(frozen=True)
class Programma:
    """One process under supervisord."""

    naam: str
    opdracht: str
    omgeving: dict[str, str] = field(default_factory=dict)
    prioriteit: int = 500  # lower starts first, stops last
    als_postgres: bool = False
    stopsignaal: str = "TERM"


def programmas(topologie: Topologie, geheimen: dict[str, str]) -> list[Programma]:
    p, model = topologie.poorten, topologie.model
    opties = server_opties(p.postgres, topologie.map_ / "postgres")
    programmas = [
        # SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every pooled connection to close
        Programma("postgres", f"{postgres_bin() / 'postgres'} -D {topologie.pg_data} {' '.join(opties)}",
                  prioriteit=10, als_postgres=True, stopsignaal="INT"),
        Programma("redis", f"redis-server --port {p.redis} --bind 127.0.0.1 --save '' --appendonly no "
                           f"--dir {topologie.map_}", prioriteit=10),
        Programma("mail", "python -m bot.integraties.mailsink", {"INGANG_SMTP_PORT": str(p.smtp)}, prioriteit=10),
    ]
    for nummer, (rasa, acties) in enumerate(zip(p.rasa, p.acties, strict=True), start=1):
        programmas.append(Programma(f"acties{nummer}", f"python -m bot.actieserver --port {acties} --actions actions",
                                    prioriteit=100))
        programmas.append(Programma(
            f"rasa{nummer}",
            f"rasa run --model {model} --interface 127.0.0.1 --port {rasa} --cors '*' "
            f"--endpoints endpoints.production.yml --credentials credentials.yml --enable-api "
            f"--auth-token {geheimen['INGANG_RASA_TOKEN']}",
            # HAProxy is the one proxy in front: Sanic takes the client's address from its X-Forwarded-For.
            # A conversation's lock in Redis outlives a replica killed while handling it: the next message
            # of that conversation waits until the lock expires (Rasa's default 60 s; here 15 s, far above
            # the time a message takes, docs/productie.md).
            {"INGANG_ACTION_URL": f"http://127.0.0.1:{acties}/webhook", "SANIC_PROXIES_COUNT": "1",
             "TICKET_LOCK_LIFETIME": str(SLOT_LEVENSDUUR)},
            prioriteit=200))
    programmas += [Programma(f"werker{n}", "python -m bot.worker", prioriteit=300)
                   for n in range(1, topologie.werkers + 1)]
    programmas += [
        Programma("console", f"python -m bot.console serve --host 127.0.0.1 --port {p.console}", prioriteit=300),
        Programma("webchat", f"python -m http.server {p.webchat} --bind 127.0.0.1 --directory build/web",
                  prioriteit=300),
        Programma("haproxy", f"haproxy -W -db -f {topologie.map_ / 'haproxy.cfg'}", prioriteit=400),
    ]
    return programmas


def supervisor_configuratie(topologie: Topologie, geheimen: dict[str, str]) -> str:
    """supervisord.conf: every program, started by ``python -m productie start`` in order, restarted
    when it dies, stopped with its children."""
    m = topologie.map_
    delen = [
        f"[unix_http_server]\nfile={m / 'supervisor.sock'}\nchmod=0700\n",
        f"[supervisord]\nlogfile={topologie.logs / 'supervisord.log'}\npidfile={m / 'supervisord.pid'}\n"
        f"directory={PROJECT}\nchildlogdir={topologie.logs}\n",
        "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
        f"[supervisorctl]\nserverurl=unix://{m / 'supervisor.sock'}\n",
    ]
    gedeeld = gedeelde_omgeving(topologie, geheimen)
    for programma in programmas(topologie, geheimen):
        omgeving = {} if programma.als_postgres else {**gedeeld, **programma.omgeving}
        regels = [
            f"[program:{programma.naam}]",
            f"command={programma.opdracht}",
            f"priority={programma.prioriteit}",
            "autostart=false", "autorestart=true", "startsecs=2", "startretries=10",
            f"stopsignal={programma.stopsignaal}", "stopasgroup=true", "killasgroup=true", "stopwaitsecs=20",
            f"stdout_logfile={topologie.logs / (programma.naam + '.log')}", "redirect_stderr=true",
            "stdout_logfile_maxbytes=20MB", "stdout_logfile_backups=2",
        ]
        if programma.als_postgres and als_eigenaar():
            regels.append("user=postgres")
        if omgeving:
            regels.append("environment=" + ",".join(f'{k}="{_escape(v)}"' for k, v in omgeving.items()))
        delen.append("\n".join(regels) + "\n")
    return "\n".join(delen)


def haproxy_configuratie(topologie: Topologie) -> str:
    """HAProxy in front of the Rasa replicas.

    - health check ``GET /`` every two seconds: a replica that does not answer is taken out;
    - REST and the channel webhooks round robin: any replica can answer any conversation (the tracker
      is in PostgreSQL, the lock in Redis); a request that cannot reach a replica is tried on another;
    - socket.io by the client's address: long polling needs every request of one session on the same
      replica (WebSocket would not, but the widget falls back to polling).
    """
    p = topologie.poorten
    servers = "\n".join(
        f"    server rasa{n} 127.0.0.1:{poort} check inter 2s fall 2 rise 2"
        for n, poort in enumerate(p.rasa, start=1))
    return f"""global
    maxconn 4000

defaults
    mode http
    option forwardfor
    timeout connect 3s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    # only a request that never reached a replica is tried again: a message is never handled twice
    retries 2
    option redispatch
    retry-on conn-failure

frontend voorkant
    bind 127.0.0.1:{p.voorkant}
    use_backend socketio if {{ path_beg /socket.io }}
    default_backend rasa

backend rasa
    balance roundrobin
    option httpchk GET /
    http-check expect status 200
{servers}

backend socketio
    balance source
    hash-type consistent
    option httpchk GET /
    http-check expect status 200
{servers}

frontend statistieken
    bind 127.0.0.1:{p.haproxy_stats}
    stats enable
    stats uri /
"""


def _escape(waarde: str) -> str:
    return waarde.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
