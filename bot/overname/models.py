"""The takeover table: one row per takeover, at most one active per conversation."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import relationship

from bot.kern.db import Base, UtcDateTime
from bot.kern.tijd import utcnow
from bot.medewerkers.models import Medewerker
from bot.zaken.models import Zaak

EINDE_REDENEN = ("teruggegeven", "gesloten", "verlopen")


class Overname(Base):
    """A medewerker chatting in a conversation instead of the bot.

    ``actief_gesprek`` is "<kanaal>:<gesprek_id>" while the takeover lasts and NULL after; its
    unique constraint makes a second takeover of the same conversation fail in the database
    itself, also when two medewerkers click at the same moment on two servers (NULLs do not
    collide, on SQLite and PostgreSQL alike).
    """

    __tablename__ = "overname"
    __table_args__ = (
        UniqueConstraint("actief_gesprek", name="uq_overname_actief_gesprek"),
        CheckConstraint("einde_reden IS NULL OR einde_reden IN ('teruggegeven', 'gesloten', 'verlopen')",
                        name="ck_overname_einde_reden"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    kanaal = Column(String(30), nullable=False)
    gesprek_id = Column(String(200), nullable=False)
    actief_gesprek = Column(String(240), nullable=True)
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True, index=True)
    medewerker_id = Column(Integer, ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False, index=True)
    gestart_op = Column(UtcDateTime, nullable=False, default=utcnow)
    laatste_activiteit_op = Column(UtcDateTime, nullable=False, default=utcnow)
    beeindigd_op = Column(UtcDateTime, nullable=True)
    einde_reden = Column(String(20), nullable=True)

    medewerker = relationship(Medewerker)
    zaak = relationship(Zaak)
