"""Database tables of the kennisbank: the current articles and every version of them."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.kern.db import Base, UtcDateTime
from bot.kern.tijd import utcnow


class KennisbankArtikel(Base):
    """The published version of an article; ``inhoud`` holds all fields as in the file."""

    __tablename__ = "kennisbank_artikel"

    id = Column(String(80), primary_key=True)
    titel = Column(String(200), nullable=False)
    team = Column(String(80), nullable=False)
    inhoud = Column(JSON, nullable=False)
    laatst_gecontroleerd = Column(Date, nullable=False)
    versie = Column(Integer, nullable=False, default=1)
    bron_bestand = Column(String(300), nullable=True)
    bron_hash = Column(String(64), nullable=True)
    bijgewerkt_op = Column(UtcDateTime, nullable=False, default=utcnow)


class KennisbankArtikelVersie(Base):
    """History: one row per saved version of an article, who saved it and when."""

    __tablename__ = "kennisbank_artikel_versie"
    __table_args__ = (UniqueConstraint("artikel_id", "versie"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    artikel_id = Column(String(80), ForeignKey("kennisbank_artikel.id", ondelete="CASCADE"), nullable=False)
    versie = Column(Integer, nullable=False)
    inhoud = Column(JSON, nullable=False)
    gewijzigd_door = Column(String(120), nullable=False)
    toelichting = Column(Text, nullable=True)
    gewijzigd_op = Column(UtcDateTime, nullable=False, default=utcnow)


