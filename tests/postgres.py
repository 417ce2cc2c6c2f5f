"""A throwaway PostgreSQL cluster for the tests: Debian's ``postgresql`` package (installed by
``scripts/services``), ``initdb`` and ``pg_ctl`` in a temporary folder, listening on a free loopback
port only, removed when the block ends. Nothing else on the machine is touched.

Each test gets its own database, created from a migrated template (``CREATE DATABASE ... TEMPLATE``
copies files, much faster than migrating every test's database).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import sqlalchemy as sa

GEBRUIKER = "ingang"
# Durability is not what the tests check: without fsync a cluster starts and works several times faster.
SNELLE_INSTELLINGEN = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")


def postgres_bin() -> Path:
    """The folder with ``initdb``/``pg_ctl``: ``INGANG_PG_BIN``, else the newest Debian installation."""
    if os.environ.get("INGANG_PG_BIN"):
        return Path(os.environ["INGANG_PG_BIN"])
    kandidaten = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not kandidaten:
        raise FileNotFoundError("PostgreSQL ontbreekt: draai scripts/services (installeert het pakket postgresql).")
    return Path(kandidaten[-1]).parent


def _als_eigenaar() -> list[str]:
    """PostgreSQL refuses to run as root: then its commands run as Debian's ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class PostgresCluster:
    poort: int
    map_: Path
    _nummers: count

    def url(self, database: str) -> str:
        return f"postgresql://{GEBRUIKER}@127.0.0.1:{self.poort}/{database}"

    def maak_database(self, naam: str | None = None, sjabloon: str | None = None) -> str:
        """Create a database (a copy of ``sjabloon`` when given); its URL."""
        naam = naam or f"test_{os.getpid()}_{next(self._nummers)}"
        self._beheer(f'CREATE DATABASE "{naam}"' + (f' TEMPLATE "{sjabloon}"' if sjabloon else ""))
        return self.url(naam)

    @contextmanager
    def tijdelijke_database(self, sjabloon: str | None = None) -> Iterator[str]:
        """A new database (a copy of ``sjabloon`` when given) for the block; its URL. Dropped afterwards."""
        url = self.maak_database(sjabloon=sjabloon)
        try:
            yield url
        finally:
            self.verwijder_database(url.rsplit("/", 1)[1])

    def verwijder_database(self, naam: str) -> None:
        """Drop a database, closing what still connects to it (a test's forgotten pool)."""
        self._beheer(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')

    def _beheer(self, sql: str) -> None:
        engine = sa.create_engine(self.url("postgres"), future=True, isolation_level="AUTOCOMMIT",
                                  poolclass=sa.pool.NullPool)
        with engine.connect() as verbinding:
            verbinding.execute(sa.text(sql))
        engine.dispose()


@contextmanager
def start_postgres(poort: int) -> Iterator[PostgresCluster]:
    """Run a fresh cluster on 127.0.0.1:``poort`` until the block ends, then remove it."""
    bin_ = postgres_bin()
    map_ = Path(tempfile.mkdtemp(prefix="ingang-pg-"))
    data, log = map_ / "data", map_ / "postgres.log"
    if os.geteuid() == 0:
        shutil.chown(map_, "postgres", "postgres")
    _draai([str(bin_ / "initdb"), "-D", str(data), "-U", GEBRUIKER, "--auth=trust", "--encoding=UTF8",
            "--locale=C.UTF-8", "--no-sync"])
    opties = " ".join([f"-p {poort}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={map_}",
                       *(f"-c {instelling}" for instelling in SNELLE_INSTELLINGEN)])
    _draai([str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opties, "-w", "-t", "60", "start"])
    try:
        yield PostgresCluster(poort, map_, count(1))
    finally:
        subprocess.run([*_als_eigenaar(), str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(map_, ignore_errors=True)


def _draai(opdracht: list[str]) -> None:
    resultaat = subprocess.run([*_als_eigenaar(), *opdracht], capture_output=True, text=True, check=False)
    if resultaat.returncode != 0:
        raise RuntimeError(f"{' '.join(opdracht[:1])} mislukte:\n{resultaat.stdout}\n{resultaat.stderr}")
