"""Database tables of the staff directory, and their conversion to the deadline types.

The directory is loaded from ``config/medewerkers.yml`` (see bot/medewerkers/directory.py);
medewerkers are never deleted, because cases and promises keep pointing at them: one who
leaves the file is marked ``actief = False``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Time, UniqueConstraint, text
from sqlalchemy.orm import relationship

from bot.kern.db import Base
from bot.kern.werktijden import Afwezigheid, Werktijden


class Medewerker(Base):
    """A member of staff; list fields (teams, expertise, areas, working days) are JSON lists."""

    __tablename__ = "medewerker"
    __table_args__ = (UniqueConstraint("sleutel", name="uq_medewerker_sleutel"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    sleutel = Column(String(80), nullable=False)
    naam = Column(String(120), nullable=False)
    functie = Column(String(120), nullable=False)
    teams = Column(JSON, nullable=False)
    leidt_teams = Column(JSON, nullable=False)
    # the teams whose lead this medewerker is above (deputy or manager): escalations go here
    boven_teamleider_voor = Column(JSON, nullable=False, default=list, server_default=text("'[]'"))
    expertise_onderwerpen = Column(JSON, nullable=False)
    expertise_sectoren = Column(JSON, nullable=False)
    gebieden = Column(JSON, nullable=False)
    telefoon = Column(String(40), nullable=False)
    email = Column(String(200), nullable=False)
    werkdagen = Column(JSON, nullable=False)  # weekday numbers, 0 = Monday
    werktijd_begin = Column(Time, nullable=False)  # local wall-clock time (Europe/Amsterdam)
    werktijd_eind = Column(Time, nullable=False)
    actief = Column(Boolean, nullable=False, default=True)

    afwezigheden = relationship(
        "MedewerkerAfwezigheid",
        cascade="all, delete-orphan",
        order_by="MedewerkerAfwezigheid.van",
        back_populates="medewerker",
    )

    def __repr__(self) -> str:
        return f"<Medewerker {self.sleutel}>"


class MedewerkerAfwezigheid(Base):
    """A period in which a medewerker is away, both days included (no reason is stored)."""

    __tablename__ = "afwezigheid"

    id = Column(Integer, primary_key=True, autoincrement=True)
    medewerker_id = Column(Integer, ForeignKey("medewerker.id", ondelete="CASCADE"), nullable=False, index=True)
    van = Column(Date, nullable=False)
    tot_en_met = Column(Date, nullable=False)

    medewerker = relationship("Medewerker", back_populates="afwezigheden")


def werktijden_van(medewerker: Medewerker) -> Werktijden:
    """The medewerker's working days and hours as used by the deadline arithmetic."""
    return Werktijden(
        dagen=frozenset(medewerker.werkdagen), begin=medewerker.werktijd_begin, eind=medewerker.werktijd_eind
    )


def afwezigheden_van(medewerker: Medewerker) -> list[Afwezigheid]:
    """The medewerker's absence periods as used by the deadline arithmetic."""
    return [Afwezigheid(van=periode.van, tot_en_met=periode.tot_en_met) for periode in medewerker.afwezigheden]


def agenda(medewerker: Medewerker) -> tuple[Werktijden, list[Afwezigheid]]:
    """Working hours and absence together, as the calendar functions of bot/kern/werktijden.py take them."""
    return werktijden_van(medewerker), afwezigheden_van(medewerker)


def is_afwezig(medewerker: Medewerker, dag: date) -> bool:
    """Whether ``dag`` lies in one of the medewerker's absence periods."""
    return any(periode.omvat(dag) for periode in afwezigheden_van(medewerker))
