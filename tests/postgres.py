"""A throwaway PostgreSQL cluster for the tests: Debian's ``postgresql`` package (installed by
``scripts/services``), ``initdb`` and ``pg_ctl`` in a temporary folder, listening on a free loopback
port only, removed when the block ends. Nothing else on the machine is touched.

Each test gets its own database, created from a migrated template (``CREATE DATABASE ... TEMPLATE``
copies files, much faster than migrating every test's database).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import sqlalchemy as sa

from productie.postgres import GEBRUIKER, geef_aan_eigenaar, initdb, pg_ctl_start, pg_ctl_stop, server_opties

# Durability is not what the tests check: without fsync a cluster starts and works several times faster.
SNELLE_INSTELLINGEN = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")


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
    map_ = Path(tempfile.mkdtemp(prefix="ingang-pg-"))
    data, log = map_ / "data", map_ / "postgres.log"
    geef_aan_eigenaar(map_)
    initdb(data)
    pg_ctl_start(data, log, server_opties(poort, map_, SNELLE_INSTELLINGEN))
    try:
        yield PostgresCluster(poort, map_, count(1))
    finally:
        pg_ctl_stop(data, modus="immediate")
        shutil.rmtree(map_, ignore_errors=True)
