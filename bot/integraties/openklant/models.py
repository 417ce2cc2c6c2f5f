"""The export state of every case: table ``zaak_export`` (made by migration 0005)."""

from __future__ import annotations

from enum import Enum

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from bot.kern.claims import Claimbaar
from bot.kern.db import Base, UtcDateTime, waarden_in
from bot.zaken.models import Zaak


class ExportStatus(str, Enum):
    """Where the export of one case stands."""

    TE_EXPORTEREN = "te_exporteren"  # (still) to do: due at volgende_poging_op
    GEEXPORTEERD = "geexporteerd"  # every object exists in Open Klant
    MISLUKT = "mislukt"  # given up: refused, or out of attempts; a person looks at laatste_fout
    OVERGESLAGEN = "overgeslagen"  # nothing may leave: the entrepreneur's details were removed


class ZaakExport(Claimbaar, Base):
    """The export state of one case: status, attempts, claim, and the uuid of every object made so far."""

    __tablename__ = "zaak_export"
    __table_args__ = (
        UniqueConstraint("zaak_id", name="uq_zaak_export_zaak_id"),
        CheckConstraint(waarden_in("status", ExportStatus), name="ck_zaak_export_status"),
        Index("ix_zaak_export_status_volgende_poging", "status", "volgende_poging_op"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="CASCADE"), nullable=False)
    status = Column(String(20), nullable=False, default=ExportStatus.TE_EXPORTEREN.value)
    pogingen = Column(Integer, nullable=False, default=0)
    volgende_poging_op = Column(UtcDateTime, nullable=False)
    laatste_fout = Column(Text, nullable=True)
    # claimed_by, claimed_until: from Claimbaar
    klantcontact_uuid = Column(String(36), nullable=True)
    onderwerpobject_uuid = Column(String(36), nullable=True)
    partij_aangemaakt_uuid = Column(String(36), nullable=True)  # made by us, identificator not yet added
    partij_uuid = Column(String(36), nullable=True)  # the partij with the KvK number (found or made)
    betrokkene_uuid = Column(String(36), nullable=True)
    digitale_adressen = Column(JSON, nullable=True)  # {"telefoonnummer": uuid, "email": uuid}
    actor_uuid = Column(String(36), nullable=True)
    internetaak_uuid = Column(String(36), nullable=True)
    aangemaakt_op = Column(UtcDateTime, nullable=False)
    bijgewerkt_op = Column(UtcDateTime, nullable=False)
    geexporteerd_op = Column(UtcDateTime, nullable=True)

    zaak = relationship(Zaak)
