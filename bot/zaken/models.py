"""Database tables of cases: entrepreneurs, their channel identities, cases, promises, audit.

Statuses and actions are stored as snake_case words and guarded by CHECK constraints, so that
every writer (assistant, follow-up worker, console) keeps to the same values. The values are the
Enums below; a member equals its text (``ZaakStatus.AFGEROND == "afgerond"``), so code may compare
either way.
"""

from __future__ import annotations

import re

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import relationship

from bot.kern.claims import Claimbaar
from bot.kern.db import Base, Tekstwaarde, UtcDateTime, waarden_in
from bot.kern.tijd import utcnow
from bot.medewerkers.models import Medewerker


class ZaakStatus(Tekstwaarde):
    """Where a case stands. A new case is ``toegewezen`` at once: it always has one medewerker."""

    TOEGEWEZEN = "toegewezen"
    IN_BEHANDELING = "in_behandeling"
    AFGEROND = "afgerond"


class BelofteActie(Tekstwaarde):
    """What the medewerker promised to do (each has a norm in config/servicenormen.yml)."""

    TERUGBELLEN = "terugbellen"
    MAILEN = "mailen"
    BEZOEK_INPLANNEN = "bezoek_inplannen"
    ADVIESGESPREK = "adviesgesprek"


class BelofteStatus(Tekstwaarde):
    OPEN = "open"
    NAGEKOMEN = "nagekomen"
    TE_LAAT = "te_laat"
    GEANNULEERD = "geannuleerd"


# The values as text, for code that lists or joins them (the console's filters).
ZAAK_STATUSSEN = tuple(status.value for status in ZaakStatus)
BELOFTE_ACTIES = tuple(actie.value for actie in BelofteActie)
BELOFTE_STATUSSEN = tuple(status.value for status in BelofteStatus)
# A case number as the entrepreneur may type it: ON-2026-00042.
ZAAKNUMMER_PATTERN = re.compile(r"\bON-\d{4}-\d{5}\b", re.IGNORECASE)


class Ondernemer(Base):
    """An entrepreneur: the contact person and the company, as far as they told us."""

    __tablename__ = "ondernemer"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contactnaam = Column(String(200), nullable=True)
    bedrijfsnaam = Column(String(200), nullable=True)
    kvk_nummer = Column(String(8), nullable=True, index=True)
    telefoon = Column(String(40), nullable=True)
    email = Column(String(200), nullable=True)
    # recognised in what they wrote (bot/overdracht/bedrijfsprofiel.py); names as in config/medewerkers.yml
    sector = Column(String(60), nullable=True)
    gebied = Column(String(60), nullable=True)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    bijgewerkt_op = Column(UtcDateTime, nullable=False, default=utcnow)

    kanalen = relationship("OndernemerKanaal", back_populates="ondernemer", cascade="all, delete-orphan")


class OndernemerKanaal(Base):
    """One identity of an entrepreneur on one channel (web chat session, Telegram chat, WhatsApp number)."""

    __tablename__ = "ondernemer_kanaal"
    __table_args__ = (UniqueConstraint("kanaal", "kanaal_id", name="uq_ondernemer_kanaal"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    ondernemer_id = Column(Integer, ForeignKey("ondernemer.id", ondelete="CASCADE"), nullable=False, index=True)
    kanaal = Column(String(30), nullable=False)
    kanaal_id = Column(String(200), nullable=False)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)

    ondernemer = relationship("Ondernemer", back_populates="kanalen")


class Zaak(Base):
    """A case handed off to one responsible medewerker."""

    __tablename__ = "zaak"
    __table_args__ = (
        UniqueConstraint("nummer", name="uq_zaak_nummer"),
        CheckConstraint(waarden_in("status", ZaakStatus), name="ck_zaak_status"),
        Index("ix_zaak_kanaal_gesprek", "kanaal", "gesprek_id"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    nummer = Column(String(20), nullable=False)
    onderwerpen = Column(JSON, nullable=False)  # subject ids, the first one decided the team
    # the team that owns the case, fixed when it is made (``maak_zaak``): who may see and change it
    # (bot/console/rechten.py). Moving the article to another team later moves no existing case.
    team = Column(String(80), nullable=True, index=True)
    wat = Column(Text, nullable=True)
    waarom = Column(Text, nullable=True)
    hoe = Column(Text, nullable=True)
    samenvatting = Column(Text, nullable=False)
    status = Column(String(30), nullable=False, default=ZaakStatus.TOEGEWEZEN.value)
    medewerker_id = Column(Integer, ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False, index=True)
    ondernemer_id = Column(Integer, ForeignKey("ondernemer.id", ondelete="SET NULL"), nullable=True, index=True)
    kanaal = Column(String(30), nullable=False)
    gesprek_id = Column(String(200), nullable=False)
    details = Column(JSON, nullable=True)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    bijgewerkt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    afgerond_op = Column(UtcDateTime, nullable=True)
    # the entrepreneur needs it soon ("vandaag nog") or complained: shown first in the console, shorter norm
    urgent = Column(Boolean, nullable=False, default=False, server_default=false())

    medewerker = relationship(Medewerker)
    ondernemer = relationship("Ondernemer")
    beloften = relationship("Belofte", back_populates="zaak", order_by="Belofte.id")


class Belofte(Claimbaar, Base):
    """A promise told to the entrepreneur: who does what before when, and how it went.

    ``claimed_by`` / ``claimed_until`` let one follow-up worker at a time handle the promise,
    so reminders and escalations are never sent twice.
    """

    __tablename__ = "belofte"
    __table_args__ = (
        CheckConstraint(waarden_in("actie", BelofteActie), name="ck_belofte_actie"),
        CheckConstraint(waarden_in("status", BelofteStatus), name="ck_belofte_status"),
        Index("ix_belofte_status_deadline", "status", "deadline"),
        Index("ix_belofte_status_herinner_op", "status", "herinner_op"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="CASCADE"), nullable=False, index=True)
    medewerker_id = Column(Integer, ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False, index=True)
    actie = Column(String(30), nullable=False)
    deadline = Column(UtcDateTime, nullable=False)
    zin = Column(Text, nullable=False)  # the exact sentence told to the entrepreneur
    status = Column(String(20), nullable=False, default=BelofteStatus.OPEN.value)
    nagekomen_op = Column(UtcDateTime, nullable=True)
    herinneringen_verstuurd = Column(Integer, nullable=False, default=0)
    # when the reminder is due, planned by the worker the first time it sees the promise (NULL: not
    # planned yet); lets the worker's sweep select only what is due (bot/beloften/jobs.py)
    herinner_op = Column(UtcDateTime, nullable=True)
    laatste_herinnering_op = Column(UtcDateTime, nullable=True)
    escalaties_verstuurd = Column(Integer, nullable=False, default=0)
    laatste_escalatie_op = Column(UtcDateTime, nullable=True)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    bijgewerkt_op = Column(UtcDateTime, nullable=False, default=utcnow)

    zaak = relationship("Zaak", back_populates="beloften")
    medewerker = relationship(Medewerker)


class AuditRegel(Base):
    """One change to a case, promise or entrepreneur: who, what, when, and details.

    Rows outlive what they describe (the links become NULL), and are never updated.
    """

    __tablename__ = "audit_regel"

    id = Column(Integer, primary_key=True, autoincrement=True)
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True, index=True)
    belofte_id = Column(Integer, ForeignKey("belofte.id", ondelete="SET NULL"), nullable=True, index=True)
    wie = Column(String(120), nullable=False)
    wat = Column(String(80), nullable=False)
    details = Column(JSON, nullable=True)
    op = Column(UtcDateTime, nullable=False, default=utcnow)


class ZaakTeller(Base):
    """The last case number handed out per year (one row per year)."""

    __tablename__ = "zaak_teller"

    jaar = Column(Integer, primary_key=True, autoincrement=False)
    laatste = Column(Integer, nullable=False)


class Verificatiecode(Base):
    """A one-time code asked for to see a case of another conversation (``bot/zaken/verificatiecode.py``).

    Only a salted, slow hash of the code is kept. ``ondernemer_id`` is whom the asking channel
    identity is linked to when the code is typed back; None when the contact detail did not match
    or a limit was reached: then no code was sent, and the row only makes what follows look the same.
    """

    __tablename__ = "verificatiecode"
    __table_args__ = (Index("ix_verificatiecode_identiteit", "kanaal", "kanaal_id", "nummer"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    nummer = Column(String(20), nullable=False)  # the case number asked about, known or not
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True, index=True)
    ondernemer_id = Column(Integer, ForeignKey("ondernemer.id", ondelete="CASCADE"), nullable=True)
    kanaal = Column(String(30), nullable=False)  # the channel identity that asked
    kanaal_id = Column(String(200), nullable=False)
    code_hash = Column(String(64), nullable=False)
    zout = Column(String(32), nullable=False)
    pogingen = Column(Integer, nullable=False, default=0)  # wrong codes typed
    verloopt_op = Column(UtcDateTime, nullable=False)
    geverifieerd_op = Column(UtcDateTime, nullable=True)  # the right code was typed back
    afgehandeld_op = Column(UtcDateTime, nullable=True)  # used, expired, replaced, or given up after the last try
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)

    zaak = relationship("Zaak")
    ondernemer = relationship("Ondernemer")
