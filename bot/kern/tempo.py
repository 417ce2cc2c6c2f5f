"""Counting how often something happens per key and time window, in the database (rate limits).

* ``tempo_teller``: one row per (soort, sleutel, venster): how many messages a conversation or an
  IP address sent in one minute or one hour (bot/kanalen/tempo.py). In the database, so a limit
  holds across replicas and restarts.
* ``gesprek_herkomst``: the IP address a conversation last wrote from (web chat and REST only;
  Telegram and WhatsApp arrive from their providers' servers), so that the handoffs of all
  conversations from one address can be counted (bot/overdracht/limiet.py).

Both are kept for a day at most (``ruim_op``, run by the worker): long enough for the limits,
no longer (an IP address is personal data).

Functions take a session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Column, Integer, String, UniqueConstraint, bindparam, delete, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.kern.db import Base, UtcDateTime

BEWAREN = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class TempoTeller(Base):
    __tablename__ = "tempo_teller"
    __table_args__ = (UniqueConstraint("soort", "sleutel", "venster", name="uq_tempo_teller"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    soort = Column(String(40), nullable=False)  # what is counted and per what, e.g. "bericht-gesprek-minuut"
    sleutel = Column(String(200), nullable=False)  # the conversation id or the IP address
    venster = Column(UtcDateTime, nullable=False)  # the start of the window
    aantal = Column(Integer, nullable=False)


class GesprekHerkomst(Base):
    __tablename__ = "gesprek_herkomst"

    gesprek_id = Column(String(200), primary_key=True)
    ip = Column(String(64), nullable=False, index=True)
    gezien_op = Column(UtcDateTime, nullable=False)


def venster_begin(nu: datetime, venster: timedelta) -> datetime:
    """The start of the fixed window of length ``venster`` that holds ``nu``."""
    seconden = int(venster.total_seconds())
    verstreken = int((nu - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=verstreken - verstreken % seconden)


def tel_alle(*, session: Session, tellingen: Sequence[tuple[str, str, timedelta]], nu: datetime) -> list[int]:
    """Count one more for each (soort, sleutel, window) in its current window; the counts including this
    one, in the order given. The keys must differ.

    Two statements at most, whatever the number of keys: an UPDATE ... RETURNING of the windows that
    have a row, then an upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) of the first counts, which
    also counts right when another replica inserts the same key at the same moment. The upsert only for
    new windows: on PostgreSQL every insert attempt takes a number of the id sequence. SQLite 3.35 and
    PostgreSQL both run these statements as written (``tests/security/test_berichtlimiet.py``).
    """
    sleutels = [(soort, sleutel, venster_begin(nu, venster)) for soort, sleutel, venster in tellingen]
    aantallen = _tel_bestaande(session, sleutels)
    nieuw = [sleutel for sleutel in sleutels if sleutel[:2] not in aantallen]
    if nieuw:
        aantallen |= _tel_nieuwe(session, nieuw)
    return [aantallen[(soort, sleutel)] for soort, sleutel, _ in sleutels]


def tel(*, session: Session, soort: str, sleutel: str, venster: timedelta, nu: datetime) -> int:
    """Count one more for ``sleutel`` in the current window; the count including this one (``tel_alle``)."""
    return tel_alle(session=session, tellingen=[(soort, sleutel, venster)], nu=nu)[0]


def _waarden(sleutels: list[tuple[str, str, datetime]]) -> tuple[dict[str, Any], list[BindParameter]]:
    waarden: dict[str, Any] = {}
    for i, (soort, sleutel, begin) in enumerate(sleutels):
        waarden |= {f"soort_{i}": soort, f"sleutel_{i}": sleutel, f"venster_{i}": begin}
    return waarden, [bindparam(f"venster_{i}", type_=UtcDateTime) for i in range(len(sleutels))]


def _tel_bestaande(session: Session, sleutels: list[tuple[str, str, datetime]]) -> dict[tuple[str, str], int]:
    waarden, soorten = _waarden(sleutels)
    waar = " OR ".join(f"(soort = :soort_{i} AND sleutel = :sleutel_{i} AND venster = :venster_{i})"
                       for i in range(len(sleutels)))
    rijen = session.execute(text(f"UPDATE tempo_teller SET aantal = aantal + 1 WHERE {waar} "
                                 "RETURNING soort, sleutel, aantal").bindparams(*soorten), waarden)
    return {(rij.soort, rij.sleutel): rij.aantal for rij in rijen}


def _tel_nieuwe(session: Session, sleutels: list[tuple[str, str, datetime]]) -> dict[tuple[str, str], int]:
    waarden, soorten = _waarden(sleutels)
    rijen_sql = ", ".join(f"(:soort_{i}, :sleutel_{i}, :venster_{i}, 1)" for i in range(len(sleutels)))
    rijen = session.execute(text(
        f"INSERT INTO tempo_teller (soort, sleutel, venster, aantal) VALUES {rijen_sql} "
        "ON CONFLICT (soort, sleutel, venster) DO UPDATE SET aantal = tempo_teller.aantal + 1 "
        "RETURNING soort, sleutel, aantal").bindparams(*soorten), waarden)
    return {(rij.soort, rij.sleutel): rij.aantal for rij in rijen}


def noteer_herkomst(*, session: Session, gesprek_id: str, ip: str, nu: datetime) -> None:
    """Record that ``gesprek_id`` wrote from ``ip`` at ``nu``: one upsert."""
    session.execute(text(
        "INSERT INTO gesprek_herkomst (gesprek_id, ip, gezien_op) VALUES (:gesprek_id, :ip, :gezien_op) "
        "ON CONFLICT (gesprek_id) DO UPDATE SET ip = excluded.ip, gezien_op = excluded.gezien_op"
    ).bindparams(bindparam("gezien_op", type_=UtcDateTime)), {"gesprek_id": gesprek_id, "ip": ip, "gezien_op": nu})


def herkomst_van(*, session: Session, gesprek_id: str, sinds: datetime) -> str | None:
    """The IP address ``gesprek_id`` last wrote from, when that was after ``sinds``."""
    return session.execute(
        select(GesprekHerkomst.ip).where(GesprekHerkomst.gesprek_id == gesprek_id, GesprekHerkomst.gezien_op >= sinds)
    ).scalar_one_or_none()


def gesprekken_van(*, session: Session, ip: str, sinds: datetime) -> list[str]:
    """The conversations that wrote from ``ip`` after ``sinds``."""
    return list(session.execute(
        select(GesprekHerkomst.gesprek_id).where(GesprekHerkomst.ip == ip, GesprekHerkomst.gezien_op >= sinds)
    ).scalars())


def ruim_op(*, session: Session, nu: datetime) -> int:
    """Forget counts and addresses older than ``BEWAREN``; how many rows went."""
    tellers = session.execute(delete(TempoTeller).where(TempoTeller.venster < nu - BEWAREN)
                              .execution_options(synchronize_session=False))
    herkomst = session.execute(delete(GesprekHerkomst).where(GesprekHerkomst.gezien_op < nu - BEWAREN)
                               .execution_options(synchronize_session=False))
    return tellers.rowcount + herkomst.rowcount
