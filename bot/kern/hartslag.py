"""Heartbeats: each long-running process (the worker) writes when it last finished a round, so that a
load balancer, a container platform or the console can tell it is alive without asking it.

One row per process (``proces``: host and process id), raised with an UPDATE and inserted once; runs
on SQLite and PostgreSQL. Rows of processes silent for a week are removed by the next beat.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, String, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.kern.db import Base, UtcDateTime

OUD = timedelta(days=7)
WERKER = "worker"  # the kind of the follow-up worker's rows


class Hartslag(Base):
    __tablename__ = "hartslag"

    proces = Column(String(200), primary_key=True)  # e.g. "worker-7f9c-1234": host name and process id
    soort = Column(String(40), nullable=False)  # "worker"
    gestart = Column(UtcDateTime, nullable=False)
    laatst = Column(UtcDateTime, nullable=False, index=True)


def klop(*, session: Session, proces: str, soort: str, nu: datetime) -> None:
    """Record that ``proces`` is alive at ``nu``; forget processes of ``soort`` silent since ``nu - OUD``."""
    bijgewerkt = session.execute(update(Hartslag).where(Hartslag.proces == proces).values(laatst=nu)
                                 .execution_options(synchronize_session=False))
    if bijgewerkt.rowcount == 0:  # only this process writes its row: no other can insert it meanwhile
        session.execute(insert(Hartslag).values(proces=proces, soort=soort, gestart=nu, laatst=nu))
    session.execute(delete(Hartslag).where(Hartslag.soort == soort, Hartslag.laatst < nu - OUD)
                    .execution_options(synchronize_session=False))


def levend(*, session: Session, soort: str, nu: datetime, max_stil: timedelta, voorvoegsel: str = "") -> list[Hartslag]:
    """The processes of ``soort`` (whose name starts with ``voorvoegsel``) that beat within ``max_stil``."""
    return list(session.execute(
        select(Hartslag).where(Hartslag.soort == soort, Hartslag.laatst >= nu - max_stil,
                               Hartslag.proces.startswith(voorvoegsel, autoescape=True))
        .order_by(Hartslag.proces)).scalars())
