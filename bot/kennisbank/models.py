"""Database tables of the kennisbank: the current articles, situations and glossary terms, and every version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

from bot.kern.db import Base, UtcDateTime, waarden_in
from bot.kern.tijd import utcnow


class Gepubliceerd:
    """The columns of published content: the current version, when it was checked, and its source file.

    ``inhoud`` holds all fields as in the file; ``bron_hash`` is the hash of the file's content
    when it was last loaded, so that a reload overwrites only what changed in its file.
    """

    titel = Column(String(200), nullable=False)
    inhoud = Column(JSON, nullable=False)
    laatst_gecontroleerd = Column(Date, nullable=False)
    versie = Column(Integer, nullable=False, default=1)
    bron_bestand = Column(String(300), nullable=True)
    bron_hash = Column(String(64), nullable=True)
    bijgewerkt_op = Column(UtcDateTime, nullable=False, default=utcnow)

    def versie_rij(self, **kolommen: Any) -> Versie:
        """The history row of a version of this content (``kolommen``: those of ``Versie``)."""
        raise NotImplementedError


class Versie:
    """The columns of one saved version: its number, its content, who saved it, why and when."""

    id = Column(Integer, primary_key=True, autoincrement=True)
    versie = Column(Integer, nullable=False)
    inhoud = Column(JSON, nullable=False)
    gewijzigd_door = Column(String(120), nullable=False)
    toelichting = Column(Text, nullable=True)
    gewijzigd_op = Column(UtcDateTime, nullable=False, default=utcnow)


class KennisbankArtikel(Gepubliceerd, Base):
    """The published version of an article; ``inhoud`` holds all fields as in the file."""

    __tablename__ = "kennisbank_artikel"

    id = Column(String(80), primary_key=True)
    team = Column(String(80), nullable=False)

    def versie_rij(self, **kolommen: Any) -> KennisbankArtikelVersie:
        """The history row of a version of this article."""
        return KennisbankArtikelVersie(artikel_id=self.id, **kolommen)


class KennisbankArtikelVersie(Versie, Base):
    """History: one row per saved version of an article, who saved it and when."""

    __tablename__ = "kennisbank_artikel_versie"
    __table_args__ = (UniqueConstraint("artikel_id", "versie"),)

    artikel_id = Column(String(80), ForeignKey("kennisbank_artikel.id", ondelete="CASCADE"), nullable=False)


SOORTEN_INHOUD = ("situatie", "begrip")


class KennisbankItem(Gepubliceerd, Base):
    """The published version of a situation or a glossary term; ``inhoud`` holds all fields as in the file."""

    __tablename__ = "kennisbank_item"
    __table_args__ = (CheckConstraint(waarden_in("soort", SOORTEN_INHOUD), name="ck_kennisbank_item_soort"),)

    soort = Column(String(20), primary_key=True)
    id = Column(String(80), primary_key=True)

    def versie_rij(self, **kolommen: Any) -> KennisbankItemVersie:
        """The history row of a version of this item."""
        return KennisbankItemVersie(soort=self.soort, item_id=self.id, **kolommen)


class KennisbankItemVersie(Versie, Base):
    """History: one row per saved version of a situation or term, who saved it and when."""

    __tablename__ = "kennisbank_item_versie"
    __table_args__ = (
        UniqueConstraint("soort", "item_id", "versie"),
        ForeignKeyConstraint(["soort", "item_id"], ["kennisbank_item.soort", "kennisbank_item.id"], ondelete="CASCADE"),
    )

    soort = Column(String(20), nullable=False)
    item_id = Column(String(80), nullable=False)
