"""A limit on handoffs per conversation and per IP address: a script cannot flood staff and Open
Klant with cases.

A conversation (channel identity) may hand off at most ``MAX_PER_DAG`` new cases in 24 hours, and
all conversations that wrote from one IP address (web chat and REST, recorded at the edge:
bot/kanalen/tempo.py, bot/kern/tempo.py) together ``MAX_PER_IP_PER_DAG``; a complaint about an
existing case makes no new one and does not count. Counted in the database, so
the limit holds across replicas and restarts. A person with a real question after that is told
which cases are already open and how to reach their medewerker.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.kern.tempo import GesprekHerkomst, herkomst_van
from bot.zaken.models import Zaak

MAX_PER_DAG = 3
MAX_PER_IP_PER_DAG = 10  # an office or a library shares one address; INGANG_MAX_OVERDRACHTEN_IP changes it


def max_per_ip_per_dag() -> int:
    """The limit per address: ``INGANG_MAX_OVERDRACHTEN_IP``, else ``MAX_PER_IP_PER_DAG``."""
    waarde = os.environ.get("INGANG_MAX_OVERDRACHTEN_IP", "")
    return int(waarde) if waarde.isdigit() and int(waarde) > 0 else MAX_PER_IP_PER_DAG
VENSTER = timedelta(hours=24)


GESPREK, ADRES = "gesprek", "adres"  # why a handoff is refused: this conversation's cases, or its address's


class TeVeelOverdrachten(Exception):
    """This conversation (``reden`` GESPREK) or its IP address (ADRES) reached its limit of new cases."""

    def __init__(self, reden: str, wie: str) -> None:
        super().__init__(f"{reden}: {wie}")
        self.reden = reden


def overdrachten_vandaag(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> int:
    return session.execute(
        select(func.count(Zaak.id)).where(Zaak.kanaal == kanaal, Zaak.gesprek_id == gesprek_id,
                                          Zaak.aangemaakt_op >= nu - VENSTER)
    ).scalar_one()


def overdrachten_vanaf_ip(*, session: Session, ip: str, nu: datetime) -> int:
    """New cases in 24 hours of every conversation that wrote from ``ip`` in that time."""
    gesprekken = select(GesprekHerkomst.gesprek_id).where(GesprekHerkomst.ip == ip,
                                                           GesprekHerkomst.gezien_op >= nu - VENSTER)
    return session.execute(
        select(func.count(Zaak.id)).where(Zaak.gesprek_id.in_(gesprekken), Zaak.aangemaakt_op >= nu - VENSTER)
    ).scalar_one()


def reden_om_te_weigeren(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> str | None:
    """GESPREK or ADRES when this conversation may not hand off another case now, else None."""
    if overdrachten_vandaag(session=session, kanaal=kanaal, gesprek_id=gesprek_id, nu=nu) >= MAX_PER_DAG:
        return GESPREK
    ip = herkomst_van(session=session, gesprek_id=gesprek_id, sinds=nu - VENSTER)
    if ip is not None and overdrachten_vanaf_ip(session=session, ip=ip, nu=nu) >= max_per_ip_per_dag():
        return ADRES
    return None


def controleer_limiet(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> None:
    """Raise ``TeVeelOverdrachten`` when this conversation may not hand off another case now."""
    reden = reden_om_te_weigeren(session=session, kanaal=kanaal, gesprek_id=gesprek_id, nu=nu)
    if reden is not None:
        raise TeVeelOverdrachten(reden, gesprek_id)
