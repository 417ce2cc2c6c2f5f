"""Shared fixtures: a migrated database per test, the real kennisbank, the shared files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from argon2 import PasswordHasher
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.orm import Session, sessionmaker

from bot.accounts import service as accounts_service
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import lees_onderwerpen, lees_upl_uris
from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.db import make_engine
from bot.kern.settings import PROJECT_ROOT, load_settings
from tests.postgres import GEBRUIKER, PostgresCluster, start_postgres

SHARED = load_settings().shared_dir

# Socket.io test clients use long polling; with the default ping timing every disconnect waits
# some 20 s for the pending poll. Short pings keep the web chat tests fast (inherited by the
# servers the tests start).
os.environ.setdefault("INGANG_WEBCHAT_PING_INTERVAL", "1")
os.environ.setdefault("INGANG_WEBCHAT_PING_TIMEOUT", "2")
# The secret that signs web chat sessions (bot/kanalen/webchat/sessie.py), the same for the test
# clients and every server the tests start, as on replicas in production.
os.environ.setdefault("INGANG_WEBCHAT_GEHEIM", "test-webchat-geheim")


def migrate(database_url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


@pytest.fixture(scope="session", autouse=True)
def goedkope_wachtwoordhashes():
    """argon2id at a test's cost instead of production's (time 3, 64 MiB, 4 lanes: some 0.3 s a hash on this
    machine, and the console tests make six accounts per test). The tests check what is hashed and verified,
    not how long it takes; servers the tests start as processes keep production's cost."""
    productie = accounts_service._hasher
    accounts_service._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts_service._hasher = productie


@pytest.fixture(scope="session")
def gemigreerde_database(tmp_path_factory) -> Path:
    """One database migrated to head by Alembic, once per process: the original of every test's copy."""
    pad = tmp_path_factory.mktemp("gemigreerd") / "ingang.db"
    migrate(f"sqlite:///{pad}")
    return pad


@pytest.fixture(scope="session")
def postgres() -> PostgresCluster:
    """A throwaway PostgreSQL cluster on a loopback port, one per test process (tests/postgres.py)."""
    from tests.assistent import vrije_poort  # tests.assistent imports this module

    with start_postgres(vrije_poort()) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def telegram_fake():
    """Telegram's Bot API faked on loopback, for the shared assistant (tests/fakes/telegram.py)."""
    from tests.fakes.telegram import FakeTelegram

    with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="session")
def whatsapp_fake():
    """The WhatsApp Cloud API faked on loopback, for the shared assistant (tests/fakes/whatsapp.py)."""
    from tests.assistent import WHATSAPP_GEHEIM
    from tests.fakes.whatsapp import FakeWhatsApp

    with FakeWhatsApp(app_secret=WHATSAPP_GEHEIM) as fake:
        yield fake


@pytest.fixture(scope="session")
def assistent(tmp_path_factory, artikelen, telegram_fake, whatsapp_fake):
    """The real assistant (Rasa server and action server) with the project's four channels, Telegram and
    WhatsApp on the fakes: started once per test process and shared by the end-to-end, security and
    browser tests (each start costs some 20 s of a core; defined here so that the folders do not each
    start their own)."""
    from tests.assistent import kanaal_omgeving, start_assistent

    with start_assistent(tmp_path_factory.mktemp("assistent"), artikelen,
                         extra_env=kanaal_omgeving(telegram_fake, whatsapp_fake)) as assistent:
        yield assistent


@pytest.fixture(scope="session")
def postgres_sjabloon(postgres: PostgresCluster) -> str:
    """A PostgreSQL database migrated from empty by Alembic, once per process: the template of every test's."""
    postgres.maak_database("gemigreerd")
    migrate(postgres.url("gemigreerd"))
    return "gemigreerd"


def vul_met_kennisbank_en_medewerkers(database_url: str, artikelen: list[Artikel], bron_map: Path) -> None:
    """The articles and every medewerker of tests/data/medewerkers.yml, as most console tests need them."""
    from bot.kennisbank.service import sla_artikelen_op
    from bot.kern.db import transaction
    from tests.factories import testdirectory

    engine = make_engine(database_url)
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=bron_map, door="test")
        testdirectory(session)
    engine.dispose()


@pytest.fixture(scope="session")
def gevulde_database(tmp_path_factory, gemigreerde_database: Path, artikelen: list[Artikel]) -> Path:
    """The migrated SQLite database with the articles and the tests' staff directory, once per process."""
    pad = tmp_path_factory.mktemp("gevuld") / "ingang.db"
    shutil.copyfile(gemigreerde_database, pad)
    vul_met_kennisbank_en_medewerkers(f"sqlite:///{pad}", artikelen, pad.parent)
    return pad


@pytest.fixture(scope="session")
def postgres_gevuld_sjabloon(postgres: PostgresCluster, postgres_sjabloon: str, artikelen: list[Artikel],
                             tmp_path_factory) -> str:
    """The migrated PostgreSQL template with the articles and the tests' staff directory, once per process."""
    postgres.maak_database("gevuld", sjabloon=postgres_sjabloon)
    vul_met_kennisbank_en_medewerkers(postgres.url("gevuld"), artikelen, tmp_path_factory.mktemp("gevuld-pg"))
    return "gevuld"


@pytest.fixture
def gevulde_database_url(request: pytest.FixtureRequest, database_soort: str, tmp_path: Path) -> str:
    """Like ``database_url``, with the articles and the staff directory already in it: filling them took
    about a second of every console test. Loading them again finds them unchanged."""
    yield from kopie_van(request, database_soort, tmp_path, sjabloon="postgres_gevuld_sjabloon",
                         bestand="gevulde_database")


@pytest.fixture
def database_soort(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the engine of this test's databases (``pytest_generate_tests`` chooses)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def database_url(request: pytest.FixtureRequest, database_soort: str, tmp_path: Path) -> str:
    """A fresh application database at head for this test: on SQLite a copy of the migrated file
    (migrating every test's own database took some 70% of the unit tests' time, measured with py-spy),
    on PostgreSQL a copy of the migrated template."""
    yield from kopie_van(request, database_soort, tmp_path, sjabloon="postgres_sjabloon", bestand="gemigreerde_database")


def kopie_van(request: pytest.FixtureRequest, database_soort: str, tmp_path: Path, *, sjabloon: str,
              bestand: str) -> Iterator[str]:
    """A test's own copy: of the PostgreSQL template the fixture ``sjabloon`` names, or of the SQLite
    file the fixture ``bestand`` gives; its URL. The PostgreSQL copy is dropped afterwards."""
    if database_soort == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        with cluster.tijdelijke_database(sjabloon=request.getfixturevalue(sjabloon)) as url:
            yield url
        return
    pad = tmp_path / "ingang.db"
    shutil.copyfile(request.getfixturevalue(bestand), pad)
    yield f"sqlite:///{pad}"


@pytest.fixture
def lege_database_url(request: pytest.FixtureRequest, database_soort: str, tmp_path: Path) -> str:
    """An empty database (no tables) on this test's engine, for migrations from empty."""
    if database_soort == "postgresql":
        with request.getfixturevalue("postgres").tijdelijke_database() as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'leeg.db'}"


@pytest.fixture
def tracker_store(request: pytest.FixtureRequest, database_soort: str, tmp_path: Path) -> SQLTrackerStore:
    """Rasa's own SQLTrackerStore on an empty database of this test, on the test's engine; its URL is
    ``tracker_store.ingang_url`` (as ``INGANG_TRACKER_URL`` names it for the figures and the worker)."""
    if database_soort == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        with cluster.tijdelijke_database() as url:
            store = SQLTrackerStore(Domain.empty(), dialect="postgresql", host="127.0.0.1", port=cluster.poort,
                                    db=url.rsplit("/", 1)[1], username=GEBRUIKER)
            store.ingang_url = url
            yield store
            store.engine.dispose()
        return
    pad = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(pad))
    store.ingang_url = f"sqlite:///{pad}"
    yield store
    store.engine.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a database (the application's or Rasa's tracker store) runs on SQLite and on
    PostgreSQL (the style rule: every SQL statement runs on both, and a test proves it); marked ones on
    one engine only."""
    if "database_soort" in metafunc.fixturenames:
        metafunc.parametrize("database_soort", engines_voor(metafunc.definition), indirect=True)


def engines_voor(test: pytest.Item) -> list[str]:
    if test.get_closest_marker("alleen_postgres"):
        return ["postgresql"]
    if test.get_closest_marker("alleen_sqlite"):
        return ["sqlite"]
    return ["sqlite", "postgresql"]


@pytest.fixture
def engine(database_url: str):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Session:
    """A session whose work is rolled back after the test."""
    with sessionmaker(bind=engine, future=True)() as session:
        yield session
        session.rollback()


@pytest.fixture(scope="session")
def onderwerpen():
    return lees_onderwerpen(SHARED / "kennisbank-onderwerpen.yml")


@pytest.fixture(scope="session")
def upl_uris():
    return lees_upl_uris(SHARED / "upl" / "UPL-actueel.csv")


@pytest.fixture(scope="session")
def artikelen() -> list[Artikel]:
    return lees_artikelen_uit_map(load_settings())


# Measured: the fuzz test's 10,000 deliveries take some 5.5 min in a process of their own, but about three
# times as long after the rest of the suite ran in the same process (not its heap or GC, measured). Run first,
# in a fresh process; with pytest-xdist (scripts/test) the longest file first also keeps both processes busy.
ZUERST = ("tests/security/test_fuzz.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(ZUERST))  # stable: the rest keeps its order
