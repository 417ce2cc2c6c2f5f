"""Start the real assistant (Rasa server and action server) on free ports, on a fresh SQLite
database and tracker store. Used by the end-to-end tests and the benchmark."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import requests
import sqlalchemy as sa
import yaml

from bot.kanalen.whatsapp.config import WhatsAppInstellingen
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.naslag import (
    begrippen_bestand,
    lees_begrippen_uit_bestand,
    lees_situaties_uit_map,
    situaties_map,
    sla_begrippen_op,
    sla_situaties_op,
)
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import make_engine, transaction
from bot.kern.settings import PROJECT_ROOT, load_settings
from bot.medewerkers.directory import laad_medewerkers
from bot.uitgaand.models import UitgaandBericht
from tests.conftest import migrate
from tests.factories import TESTDIRECTORY
from tests.postgres import GEBRUIKER, PostgresCluster

if TYPE_CHECKING:
    from tests.fakes.telegram import FakeTelegram
    from tests.fakes.whatsapp import FakeWhatsApp

# INGANG_TEST_MODEL lets a developer test a model trained elsewhere (e.g. while changing NLU data).
MODEL = Path(os.environ.get("INGANG_TEST_MODEL", PROJECT_ROOT / "models" / "ingang.tar.gz"))
START_TIMEOUT = 240


TOKEN = "test-rasa-token"


class Herhaling(AssertionError):
    """The assistant sent a text it had already sent in the same conversation."""


def bot_teksten(berichten: list[dict]) -> list[str]:
    """The texts the assistant itself wrote (not those typed by a medewerker who took over)."""
    return [b["text"] for b in berichten if b.get("text") and "medewerker" not in (b.get("custom") or {})]


@dataclass
class Assistent:
    url: str
    database_url: str
    rasa_pid: int
    acties_pid: int
    map_: Path  # the logs (rasa.log, acties.log) and, on SQLite, the tracker store (tracker.db)
    tracker_url: str = ""  # the tracker store's database, as INGANG_TRACKER_URL names it
    token: str = TOKEN
    # every text the assistant sent, per conversation: no text may come twice in one conversation
    gesprekken: dict[str, list[str]] = field(default_factory=dict)

    def praat(self, tekst, afzender: str | None = None) -> list[dict]:
        """Send one message over REST; the replies. Fails when a reply repeats a text of the conversation."""
        afzender = afzender or uuid.uuid4().hex
        antwoord = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": afzender, "message": tekst}, timeout=30
        )
        assert antwoord.status_code == 200, antwoord.text
        berichten = antwoord.json()
        self.controleer_geen_herhaling(afzender, berichten)
        return berichten

    def controleer_geen_herhaling(self, afzender: str, berichten: list[dict]) -> None:
        eerder = self.gesprekken.setdefault(afzender, [])
        for tekst in bot_teksten(berichten):
            if tekst in eerder:
                raise Herhaling(f"De assistent stuurde deze tekst al eerder in gesprek {afzender}:\n{tekst}\n"
                                f"Het gesprek tot nu toe:\n" + "\n---\n".join(eerder))
            eerder.append(tekst)


# What the entrepreneur of ``draag_over_via_rest`` answers, per step of ``custom.vraag``.
ANTWOORDEN = {
    "wat": "Ik wil mijn winkel aan de Kerkstraat verbouwen tot lunchroom",
    "waarom": "De winkel loopt terug, met horeca erbij trek ik meer klanten",
    "hoe": "In april, 20 zitplaatsen",
    "bouw_adres": "Kerkstraat 12",
    "bouw_wijziging": "Er komt een keuken en een afzuiging",
    "toestemming": "/affirm",
    "bedrijf": "Lunchroom Het Hoekje, KvK 87654321",
    "contact": "Ans Bos, ans@hethoekje.nl",
    "bevestiging": "/affirm",
}


def stap_van(berichten: list[dict]) -> str | None:
    stappen = [(b.get("custom") or {}).get("vraag", {}).get("stap") for b in berichten]
    return next((s for s in reversed(stappen) if s), None)


def draag_over_via_rest(assistent: Assistent, gesprek: str, eerste: str = "ik wil iemand spreken over een verbouwing",
                        antwoorden: dict[str, str] | None = None) -> dict:
    """A probing conversation over REST that ends in a handoff, answering each question the
    assistant asks; the ``custom.overdracht`` payload."""
    return overdracht_in(antwoord_tot_overdracht(assistent, gesprek, assistent.praat(eerste, gesprek), antwoorden))


def beantwoord_tot_overdracht(assistent: Assistent, gesprek: str, berichten: list[dict],
                              antwoorden: dict[str, str] | None = None) -> dict:
    """Answer each question the assistant asks until the handoff; the ``custom.overdracht`` payload."""
    return overdracht_in(antwoord_tot_overdracht(assistent, gesprek, berichten, antwoorden))


def verificatiecodes(assistent: Assistent, kanaal: str, ontvanger: str) -> list[str]:
    """The one-time codes of the status question placed in the outbox for ``ontvanger`` on ``kanaal``
    (an e-mail address on ``email``, or a conversation), oldest first (actions/overdracht/statuscode.py)."""
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        teksten = verbinding.execute(sa.select(UitgaandBericht.tekst).where(
            UitgaandBericht.soort == "verificatiecode", UitgaandBericht.kanaal == kanaal,
            UitgaandBericht.ontvanger == ontvanger).order_by(UitgaandBericht.id)).scalars().all()
    engine.dispose()
    return [re.search(r"\b\d{6}\b", tekst).group(0) for tekst in teksten]


def overdracht_in(berichten: list[dict]) -> dict:
    return next(b["custom"]["overdracht"] for b in berichten if "overdracht" in (b.get("custom") or {}))


def antwoord_tot_overdracht(assistent: Assistent, gesprek: str, berichten: list[dict],
                            antwoorden: dict[str, str] | None = None) -> list[dict]:
    """Answer each question the assistant asks (``antwoorden`` per step, else ``ANTWOORDEN``) until
    the handoff; the reply that carries it."""
    antwoorden = {**ANTWOORDEN, **(antwoorden or {})}
    for _ in range(12):
        if any("overdracht" in (b.get("custom") or {}) for b in berichten):
            return berichten
        stap = stap_van(berichten)
        assert stap, f"the assistant asks nothing: {[b.get('text') for b in berichten]}"
        berichten = assistent.praat(antwoorden.get(stap, "weet ik nog niet"), gesprek)
    raise AssertionError("no handoff after 12 answers")


def antwoord_tot_stap(assistent: Assistent, gesprek: str, berichten: list[dict], doel: str,
                      antwoorden: dict[str, str] | None = None) -> list[dict]:
    """Answer each question the assistant asks (as ``antwoord_tot_overdracht``) until it asks step ``doel``."""
    antwoorden = {**ANTWOORDEN, **(antwoorden or {})}
    for _ in range(12):
        stap = stap_van(berichten)
        assert stap, f"the assistant asks nothing: {[b.get('text') for b in berichten]}"
        if stap == doel:
            return berichten
        berichten = assistent.praat(antwoorden.get(stap, "weet ik nog niet"), gesprek)
    raise AssertionError(f"step {doel} not asked after 12 answers")


def laad_naslag(session, artikelen: list[Artikel]) -> None:
    """The kennisbank's situations and glossary, as ``python -m bot.kennisbank load`` stores them."""
    settings = load_settings()
    sla_situaties_op(session=session, situaties=lees_situaties_uit_map(settings, artikelen),
                     bron_map=situaties_map(settings), door="test")
    sla_begrippen_op(session=session, begrippen=lees_begrippen_uit_bestand(settings, artikelen),
                     bron=begrippen_bestand(settings), door="test")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What a genuine Telegram and WhatsApp know of the suite's shared assistant (tests/conftest.py: assistent)
TELEGRAM_GEHEIM = "e2e-geheim_42"
WHATSAPP_GEHEIM = "e2e-app-geheim"
WHATSAPP_VERIFY = "e2e-verify-token"
WHATSAPP_SJABLOON = "ingang_bericht"


def kanaal_omgeving(telegram: FakeTelegram, whatsapp: FakeWhatsApp) -> dict[str, str]:
    """The environment that points the Telegram and WhatsApp channels at the fakes, with the secrets above."""
    return {
        "INGANG_TELEGRAM_TOKEN": telegram.token, "INGANG_TELEGRAM_SECRET": TELEGRAM_GEHEIM,
        "INGANG_TELEGRAM_API_URL": telegram.api_url,
        "INGANG_WHATSAPP_TOKEN": whatsapp.token, "INGANG_WHATSAPP_APP_SECRET": WHATSAPP_GEHEIM,
        "INGANG_WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY, "INGANG_WHATSAPP_PHONE_NUMBER_ID": whatsapp.phone_number_id,
        "INGANG_WHATSAPP_API_URL": whatsapp.url, "INGANG_WHATSAPP_TEMPLATE": WHATSAPP_SJABLOON,
    }


def whatsapp_instellingen(whatsapp: FakeWhatsApp) -> WhatsAppInstellingen:
    """The WhatsApp settings ``kanaal_omgeving`` gives the shared assistant, for a bezorger in the test process."""
    return WhatsAppInstellingen(token=whatsapp.token, app_secret=WHATSAPP_GEHEIM, verify_token=WHATSAPP_VERIFY,
                                phone_number_id=whatsapp.phone_number_id, api_url=whatsapp.url,
                                sjabloon=WHATSAPP_SJABLOON)


@contextmanager
def start_assistent(
    map_: Path,
    artikelen: list[Artikel],
    model: Path = MODEL,
    kanalen: str | None = None,
    extra_env: dict[str, str] | None = None,
    postgres: PostgresCluster | None = None,
    bestaande_databases: tuple[str, str] | None = None,
) -> Iterator[Assistent]:
    """Run both servers until the block ends; logs are in ``map_``.

    ``kanalen`` is the text of a credentials.yml choosing the input channels (default: the
    project's); ``extra_env`` adds environment variables for both servers (e.g. a channel's token
    and the address of a fake API). With ``postgres`` the application database and Rasa's tracker
    store are two fresh databases in that cluster, as in production; else SQLite files in ``map_``.
    ``bestaande_databases`` (the application's and the tracker store's URLs in ``postgres``): use those as
    they are, nothing migrated or loaded (a restored back-up).
    """
    if not model.exists():
        raise FileNotFoundError(f"Geen getraind model in {model}: draai scripts/test (dat traint eerst).")
    credentials = PROJECT_ROOT / "credentials.yml"
    if kanalen is not None:
        credentials = map_ / "credentials.yml"
        credentials.write_text(kanalen, encoding="utf-8")
    if bestaande_databases is not None and postgres is not None:
        database_url, tracker = bestaande_databases[0], tracker_store_van(bestaande_databases[1], postgres)
    else:
        database_url = postgres.maak_database() if postgres else f"sqlite:///{map_ / 'ingang.db'}"
        tracker = eigen_tracker_store(map_, postgres)
        vul_nieuwe_database(database_url, artikelen, map_)

    rasa_poort, actie_poort = vrije_poort(), vrije_poort()
    endpoints = map_ / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump(eigen_endpoints(actie_poort, tracker)), encoding="utf-8")
    # every test client and benchmark talks from 127.0.0.1: one address for many entrepreneurs at once, so
    # the limits per address are lifted (those per conversation stay; tests/security/test_berichtlimiet.py,
    # test_overdracht_limiet.py)
    env = {**os.environ, "INGANG_DATABASE_URL": database_url, "INGANG_MEDEWERKERS_BESTAND": str(TESTDIRECTORY),
           "RASA_TELEMETRY_ENABLED": "false", "INGANG_MAX_BERICHTEN_IP": "100000/1000000",
           "INGANG_MAX_OVERDRACHTEN_IP": "100000", **(extra_env or {})}
    rasa = str(Path(sys.executable).parent / "rasa")
    acties = _start([sys.executable, "-m", "bot.actieserver", "--port", str(actie_poort)], env, map_ / "acties.log")
    server = _start(
        [rasa, "run", "--model", str(model), "--port", str(rasa_poort), "--endpoints", str(endpoints),
         "--credentials", str(credentials), "--enable-api", "--auth-token", TOKEN],
        env,
        map_ / "rasa.log",
    )
    try:
        _wacht_tot_bereikbaar(f"http://127.0.0.1:{actie_poort}/health", acties, map_ / "acties.log")
        _wacht_tot_bereikbaar(f"http://127.0.0.1:{rasa_poort}/", server, map_ / "rasa.log")
        yield Assistent(f"http://127.0.0.1:{rasa_poort}", database_url, server.pid, acties.pid, map_,
                        tracker_url=tracker["ingang_url"])
    finally:
        for proces in (server, acties):
            proces.terminate()
        for proces in (server, acties):
            try:
                proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proces.kill()


def vul_nieuwe_database(database_url: str, artikelen: list[Artikel], map_: Path) -> None:
    """Migrate a new application database and load the kennisbank and the tests' staff directory."""
    migrate(database_url)
    engine = make_engine(database_url)
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=map_, door="test")
        laad_naslag(session, artikelen)
        laad_medewerkers(session=session, pad=TESTDIRECTORY)  # never the municipality's config/medewerkers.yml
    engine.dispose()


def eigen_tracker_store(map_: Path, postgres: PostgresCluster | None) -> dict:
    """Where this test's tracker store lives: the ``tracker_store`` settings of endpoints.yml, and
    ``ingang_url``, the same database as ``INGANG_TRACKER_URL`` names it."""
    if postgres is None:
        return {"dialect": "sqlite", "db": str(map_ / "tracker.db"), "ingang_url": f"sqlite:///{map_ / 'tracker.db'}"}
    return tracker_store_van(postgres.maak_database(), postgres)


def tracker_store_van(url: str, postgres: PostgresCluster) -> dict:
    return {"dialect": "postgresql", "url": "127.0.0.1", "port": postgres.poort, "db": url.rsplit("/", 1)[1],
            "username": GEBRUIKER, "ingang_url": url}


def eigen_endpoints(actie_poort: int, tracker: dict) -> dict:
    """The project's endpoints.yml (its tracker store and NLG), with this test's action server and tracker database."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actie_poort}/webhook"
    endpoints["tracker_store"] |= {k: v for k, v in tracker.items() if k != "ingang_url"}
    return endpoints


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def _wacht_tot_bereikbaar(url: str, proces: subprocess.Popen, log: Path) -> None:
    einde = time.monotonic() + START_TIMEOUT
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise RuntimeError(f"{url} stopte bij het starten:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} startte niet binnen {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")
