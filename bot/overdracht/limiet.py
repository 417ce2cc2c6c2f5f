"""A limit on handoffs per conversation: a script cannot flood staff and Open Klant with cases.

A conversation (channel identity) may hand off at most ``MAX_PER_DAG`` new cases in 24 hours; a
complaint about an existing case makes no new one and does not count. Counted in the database, so
the limit holds across replicas and restarts. A person with a real question after that is told
which cases are already open and how to reach their medewerker.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.zaken.models import Zaak

MAX_PER_DAG = 3
VENSTER = timedelta(hours=24)


class TeVeelOverdrachten(Exception):
    """This conversation handed off ``MAX_PER_DAG`` cases in the last 24 hours already."""


def overdrachten_vandaag(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> int:
    return session.execute(
        select(func.count(Zaak.id)).where(Zaak.kanaal == kanaal, Zaak.gesprek_id == gesprek_id,
                                          Zaak.aangemaakt_op >= nu - VENSTER)
    ).scalar_one()


def mag_overdragen(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> bool:
    return overdrachten_vandaag(session=session, kanaal=kanaal, gesprek_id=gesprek_id, nu=nu) < MAX_PER_DAG


def controleer_limiet(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> None:
    """Raise ``TeVeelOverdrachten`` when this conversation may not hand off another case now."""
    if not mag_overdragen(session=session, kanaal=kanaal, gesprek_id=gesprek_id, nu=nu):
        raise TeVeelOverdrachten(f"{kanaal}:{gesprek_id}")
