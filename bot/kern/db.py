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
from sqlalchemy.pool import QueuePool
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
    """Create an engine; for a SQLite file, make sure the folder exists, keep connections open and
    write ahead (see ``_sqlite_file_options``)."""
    opties = {}
    if database_url.startswith("sqlite:") and sqlite3.sqlite_version_info < SQLITE_MINIMAAL:
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} is te oud: Ingang heeft SQLite "
                           f"{'.'.join(map(str, SQLITE_MINIMAAL))} of nieuwer nodig.")
    if _is_sqlite_file(database_url):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        opties = _sqlite_file_options()
    engine = create_engine(database_url, future=True, pool_pre_ping=True, **opties)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _is_sqlite_file(database_url: str) -> bool:
    return database_url.startswith("sqlite:///") and ":memory:" not in database_url and "mode=memory" not in database_url


def _sqlite_file_options() -> dict:
    """A pool that keeps connections open, as SQLAlchemy 2.0 does for SQLite files (1.4 opened a new one for
    every transaction, and SQLite read the whole schema again for each: with the write-ahead log below, a
    rate-limit count took 1.2 ms instead of 2.9, measured). A pooled connection may be used by another thread
    than the one that opened it, one thread at a time. SQLite has one writer: others wait for it, up to 30 s
    instead of pysqlite's 5 (a laptop under load)."""
    return {"poolclass": QueuePool, "connect_args": {"timeout": SQLITE_WACHTTIJD, "check_same_thread": False}}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on; the write-ahead log (kept in the file once set): readers do not wait for the writer,
    and a commit writes one file instead of two. ``synchronous`` stays FULL: a commit is on disk."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
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
