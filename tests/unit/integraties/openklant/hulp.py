"""Helpers of the Open Klant tests: a handed-off case, one export round, reading the export row and audit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.integraties.openklant.export import HERHALING, exporteer_openstaande_zaken
from bot.integraties.openklant.models import ZaakExport
from bot.kern.db import transaction
from bot.kern.tijd import AMSTERDAM as AMS
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.zaken.models import AuditRegel, Zaak

MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)  # Mehmet Yılmaz works on Mondays, 08:30-17:00
NU = MAANDAG + timedelta(minutes=1)
MAX_POGINGEN = HERHALING.max_pogingen
pauze_na = HERHALING.pauze_na


def draag_zaak_over(engine, *, gesprek_id: str = "g1", kanaal: str = "telegram", kvk_nummer: str | None = "12345678",
                    bedrijfsnaam: str | None = "Café De Hoek", contactnaam: str = "Ans van den Bos",
                    telefoon: str | None = "+31612345678", email: str | None = "ans@dehoek.nl") -> dict:
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="een terras voor mijn café", waarom="meer klanten",
                             hoe="vanaf maart", bedrijfsnaam=bedrijfsnaam, kvk_nummer=kvk_nummer,
                             contactnaam=contactnaam, telefoon=telefoon, email=email)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=MAANDAG)


def exporteer(engine, client, nu: datetime = NU, werker: str = "werker-1") -> int:
    return exporteer_openstaande_zaken(engine=engine, client=client, nu=nu, werker=werker)


def export_van(engine, nummer: str) -> ZaakExport:
    with transaction(engine) as session:
        return session.execute(
            select(ZaakExport).join(Zaak, Zaak.id == ZaakExport.zaak_id).where(Zaak.nummer == nummer)
        ).scalar_one()


def audit(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat)).scalars())


def enige(lijst: list):
    assert len(lijst) == 1, lijst
    return lijst[0]
