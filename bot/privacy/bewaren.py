"""Retention: conversations without a case are deleted from Rasa's tracker store after their period.

A conversation that led to no case holds what the entrepreneur typed (which can say anything) and
serves no purpose once it is idle: after ``Bewaartermijnen.gesprek_zonder_zaak`` (default 30 days,
``INGANG_BEWAAR_GESPREK_DAGEN``) since its last event, all its events are deleted. A conversation
with a case (``zaak.gesprek_id``) is kept; its period starts when the case is closed (not yet built,
docs/privacy.md).

The worker runs this every round. Conversations are taken in batches in the order of their id
(keyset paging), each batch deleted in its own transaction (so this function owns its
transactions: one per batch, not one for the whole run). A conversation is deleted by one statement
that also checks it is still idle, so a message that arrives meanwhile keeps it; two workers at once
only split the work, and a conversation deleted by one is not counted by the other. One audit row
per run that deleted something says what kind and how many, never which conversations.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, inspect, select
from sqlalchemy.engine import Engine

from bot.kern.db import transaction
from bot.kern.tracker import EVENTS
from bot.zaken.models import Zaak
from bot.zaken.service import schrijf_audit

BATCH = 200  # conversations per DELETE


@dataclass(frozen=True)
class Bewaartermijnen:
    gesprek_zonder_zaak: timedelta = timedelta(days=30)

    @classmethod
    def uit_omgeving(cls, omgeving: Mapping[str, str] = os.environ) -> Bewaartermijnen:
        dagen = float(omgeving.get("INGANG_BEWAAR_GESPREK_DAGEN", "30"))
        if dagen <= 0:
            raise ValueError(f"INGANG_BEWAAR_GESPREK_DAGEN moet groter dan 0 zijn, niet {dagen}")
        return cls(gesprek_zonder_zaak=timedelta(days=dagen))


def verwijder_gesprekken_zonder_zaak(*, engine: Engine, tracker: Engine, nu: datetime, termijn: timedelta,
                                     batch: int = BATCH) -> int:
    """Delete the events of every conversation idle since ``nu - termijn`` that has no case; how many
    conversations. Writes the run's audit row in the application database (``engine``)."""
    if not inspect(tracker).has_table(EVENTS.name):  # Rasa has not stored a conversation yet
        return 0
    grens = (nu - termijn).timestamp()
    verwijderd, laatste = 0, ""
    while kandidaten := _stille_gesprekken(tracker, na=laatste, grens=grens, batch=batch):
        laatste = kandidaten[-1]
        with transaction(engine) as session:
            met_zaak = set(session.execute(select(Zaak.gesprek_id).where(Zaak.gesprek_id.in_(kandidaten))).scalars())
        zonder_zaak = [gesprek for gesprek in kandidaten if gesprek not in met_zaak]
        if zonder_zaak:
            verwijderd += _verwijder(tracker, zonder_zaak, grens=grens)
    if verwijderd:
        with transaction(engine) as session:
            schrijf_audit(session=session, wie="worker", wat="bewaartermijn", moment=nu,
                          details={"soort": "gesprek_zonder_zaak", "gesprekken": verwijderd,
                                   "termijn_dagen": termijn / timedelta(days=1)})
    return verwijderd


def _stille_gesprekken(tracker: Engine, *, na: str, grens: float, batch: int) -> list[str]:
    """The next ``batch`` conversation ids after ``na`` whose last event is before ``grens``."""
    with tracker.connect() as verbinding:
        return list(verbinding.execute(
            select(EVENTS.c.sender_id).where(EVENTS.c.sender_id > na).group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < grens).order_by(EVENTS.c.sender_id).limit(batch)
        ).scalars())


def _verwijder(tracker: Engine, gesprekken: list[str], *, grens: float) -> int:
    """Delete each conversation's events, unless it came back to life since it was chosen (checked in the
    same statement); how many conversations this call deleted."""
    nieuwer = EVENTS.alias("nieuwer")
    verwijderd = 0
    with tracker.begin() as verbinding:
        for gesprek in gesprekken:
            nog_stil = ~exists().where(nieuwer.c.sender_id == gesprek, nieuwer.c.timestamp >= grens)
            resultaat = verbinding.execute(delete(EVENTS).where(EVENTS.c.sender_id == gesprek, nog_stil))
            verwijderd += resultaat.rowcount > 0
    return verwijderd
