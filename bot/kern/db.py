"""The application database: one declarative base, engines and sessions.

SQLAlchemy 1.4 with the 2.0-style API (``future=True``, ``select()``). Callers own the
transaction: service functions take a session and never commit on their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import Enum
from functools import cache
from pathlib import Path

from sqlalchemy import DateTime, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.types import TypeDecorator

from bot.kern.settings import load_settings

Base = declarative_base()
SQLITE_WACHTTIJD = 30.0  # seconds a SQLite connection waits for the writer's lock
SQLITE_MINIMAAL = (3, 35)  # RETURNING and upserts (bot/kern/tempo.py); Debian 12 has 3.40


class UtcDateTime(TypeDecorator):
    """``DateTime(timezone=True)`` that stores UTC and always reads back aware UTC datetimes.

    SQLite keeps no time zone: without this, values would read back naive on SQLite and aware
    on PostgreSQL, and an aware value in another zone would be stored as its local wall clock,
    which breaks comparisons such as ``deadline < now`` in SQL. Naive values are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a time zone is required (naive datetime: {value.isoformat()})")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Tekstwaarde(str, Enum):
    """Base of the status and action Enums stored as text (``ZaakStatus.AFGEROND == "afgerond"``).

    A member is its text everywhere: ``str()``, f-strings and templates give the value (a plain
    str Enum would give ``ZaakStatus.AFGEROND``), and it hashes like the text, so it finds the
    same entry in a dict keyed by text.
    """

    __hash__ = str.__hash__

    def __str__(self) -> str:
        return self.value


def waarden_in(kolom: str, waarden: Iterable[str] | type[Enum]) -> str:
    """SQL for a CHECK constraint: ``kolom`` holds one of ``waarden`` (plain SQL, any database)."""
    lijst = [w.value for w in waarden] if isinstance(waarden, type) else list(waarden)
    return f"{kolom} IN ({', '.join(repr(w) for w in lijst)})"


def make_engine(database_url: str) -> Engine:
    """Create an engine; for SQLite, make sure the folder exists and enable foreign keys."""
    opties = {}
    if database_url.startswith("sqlite:") and sqlite3.sqlite_version_info < SQLITE_MINIMAAL:
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} is te oud: Ingang heeft SQLite "
                           f"{'.'.join(map(str, SQLITE_MINIMAAL))} of nieuwer nodig.")
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # SQLite has one writer: others wait for it, up to 30 s instead of pysqlite's 5 (a laptop under load)
        opties["connect_args"] = {"timeout": SQLITE_WACHTTIJD}
    engine = create_engine(database_url, future=True, pool_pre_ping=True, **opties)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@cache
def engine_for(database_url: str) -> Engine:
    """One engine (and connection pool) per database URL in this process."""
    return make_engine(database_url)


def default_engine() -> Engine:
    return engine_for(load_settings().database_url)


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back on error."""
    factory = sessionmaker(bind=engine or default_engine(), future=True, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
