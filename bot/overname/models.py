"""The takeover table: one row per takeover, at most one active per conversation.

A takeover lives in two systems: this row and the slot ``overgenomen_door`` in Rasa's tracker.
``status`` says how far the two agree (bot/overname/protocol.py changes them in this order):

* ``start``: the row is committed, the slot is being set; not yet told to the entrepreneur. A
  start that failed and could not be undone (Rasa away) lets go of the conversation
  (``actief_gesprek`` NULL, so a new takeover may start) and stays ``start``, its slot unknown;
* ``actief``: the slot is set, the entrepreneur was told who joined;
* ``einde``: handing back is decided (``einde_reden``, ``beeindigd_door``), the slot is being cleared;
* ``voorbij``: the slot is cleared (or was never set: ``einde_reden`` ``mislukt``), the row is closed.

``start`` and ``einde`` last only as long as one console request, which holds the row's claim
(``claimed_by``/``claimed_until``, bot/kern/claims.py) meanwhile. A row left in one of them
after its claim ran out (a crash, Rasa or the database away) is finished by the worker
(``bot/overname/jobs.py``), and so is an ``actief`` takeover left idle too long.
"""

from __future__ import annotations

from enum import Enum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import relationship

from bot.kern.claims import Claimbaar
from bot.kern.db import Base, UtcDateTime, waarden_in
from bot.kern.tijd import utcnow
from bot.medewerkers.models import Medewerker
from bot.zaken.models import Zaak


class OvernameStatus(str, Enum):
    START = "start"
    ACTIEF = "actief"
    EINDE = "einde"
    VOORBIJ = "voorbij"


class EindeReden(str, Enum):
    TERUGGEGEVEN = "teruggegeven"  # the medewerker handed the conversation back
    GESLOTEN = "gesloten"  # the case was closed
    VERLOPEN = "verlopen"  # the medewerker did nothing for too long (the worker released it)
    MISLUKT = "mislukt"  # the takeover never became active: Rasa or the database failed while starting


EINDE_REDENEN = tuple(reden.value for reden in EindeReden)


class Overname(Claimbaar, Base):
    """A medewerker chatting in a conversation instead of the bot.

    ``actief_gesprek`` is "<kanaal>:<gesprek_id>" from ``start`` until ``voorbij`` (or a start is
    given up) and NULL after; its unique constraint makes a second takeover of the same conversation fail in the
    database itself, also when two medewerkers click at the same moment on two servers (NULLs
    do not collide, on SQLite and PostgreSQL alike).
    """

    __tablename__ = "overname"
    __table_args__ = (
        UniqueConstraint("actief_gesprek", name="uq_overname_actief_gesprek"),
        CheckConstraint("einde_reden IS NULL OR " + waarden_in("einde_reden", EindeReden),
                        name="ck_overname_einde_reden"),
        CheckConstraint(waarden_in("status", OvernameStatus), name="ck_overname_status"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    kanaal = Column(String(30), nullable=False)
    gesprek_id = Column(String(200), nullable=False)
    actief_gesprek = Column(String(240), nullable=True)
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True, index=True)
    medewerker_id = Column(Integer, ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False, index=True)
    status = Column(String(10), nullable=False, default=OvernameStatus.START.value)
    gestart_op = Column(UtcDateTime, nullable=False, default=utcnow)
    laatste_activiteit_op = Column(UtcDateTime, nullable=False, default=utcnow)
    beeindigd_op = Column(UtcDateTime, nullable=True)  # set when handing back is decided (status einde)
    einde_reden = Column(String(20), nullable=True)
    beeindigd_door = Column(String(120), nullable=True)  # who handed back, for the audit trail ("systeem": the worker)
    # until when each side shows "typt…" to the other (bot/overname/typen.py); NULL: not typing
    ondernemer_typt_tot = Column(UtcDateTime, nullable=True)
    medewerker_typt_tot = Column(UtcDateTime, nullable=True)
    # claimed_by, claimed_until: Claimbaar (bot/kern/claims.py)

    medewerker = relationship(Medewerker)
    zaak = relationship(Zaak)
