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

from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Session

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


def tel(*, session: Session, soort: str, sleutel: str, venster: timedelta, nu: datetime) -> int:
    """Count one more for ``sleutel`` in the current window; the count including this one.

    An UPDATE of the window's row, or the first INSERT. Two first counts at once: one INSERT
    fails with ``IntegrityError`` (and on PostgreSQL ends the transaction), so the caller runs
    this in a transaction of its own and tries once more.
    """
    begin = venster_begin(nu, venster)
    waar = (TempoTeller.soort == soort, TempoTeller.sleutel == sleutel, TempoTeller.venster == begin)
    resultaat = session.execute(
        update(TempoTeller).where(*waar).values(aantal=TempoTeller.aantal + 1)
        .execution_options(synchronize_session=False)
    )
    if resultaat.rowcount == 0:
        session.add(TempoTeller(soort=soort, sleutel=sleutel, venster=begin, aantal=1))
        session.flush()
        return 1
    return session.execute(select(TempoTeller.aantal).where(*waar)).scalar_one()


def noteer_herkomst(*, session: Session, gesprek_id: str, ip: str, nu: datetime) -> None:
    """Record that ``gesprek_id`` wrote from ``ip`` at ``nu`` (see ``tel`` for a first insert at once)."""
    resultaat = session.execute(
        update(GesprekHerkomst).where(GesprekHerkomst.gesprek_id == gesprek_id)
        .values(ip=ip, gezien_op=nu).execution_options(synchronize_session=False)
    )
    if resultaat.rowcount == 0:
        session.add(GesprekHerkomst(gesprek_id=gesprek_id, ip=ip, gezien_op=nu))
        session.flush()


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
