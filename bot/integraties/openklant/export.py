"""The export of cases to Open Klant: the steps of one export, and the rounds the worker runs.

A round (``exporteer_openstaande_zaken``) gives every new case an export row, then handles the
rows that are due one by one: claim (``bot.kern.claims``, committed before any API call), read
the case in one short transaction, make the objects not made yet, each uuid committed as soon
as it is known, and end with ``geexporteerd``, a retry later (``HERHALING``) or ``mislukt``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, insert, literal, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.integraties.openklant.client import OpenKlantClient, OpenKlantFout
from bot.integraties.openklant.mapping import (
    Exportgegevens,
    actor_gegevens,
    actor_identificator,
    betrokkene_gegevens,
    contactwaarden,
    digitale_adressen_gegevens,
    exportgegevens,
    internetaak_gegevens,
    klantcontact_gegevens,
    kvk_identificator,
    onderwerpobject_gegevens,
    partij_gegevens,
    partij_identificator_gegevens,
)
from bot.integraties.openklant.models import ExportStatus, ZaakExport
from bot.integraties.openklant.validatie import Contactwaarden
from bot.kern.claims import Herhaling, claim, geef_vrij, heeft_claim, is_vrij
from bot.kern.db import UtcDateTime, transaction
from bot.zaken.models import Zaak
from bot.zaken.service import schrijf_audit

log = logging.getLogger(__name__)

# 1 min, 2 min, 4 min, ... up to six hours between attempts; after the twelfth the export is mislukt.
HERHALING = Herhaling(max_pogingen=12, eerste_pauze=timedelta(minutes=1), langste_pauze=timedelta(hours=6))
STANDAARD_CLAIM_DUUR = timedelta(minutes=5)


# --- one export, step by step ------------------------------------------------------------------


class ClaimKwijt(Exception):
    """Another worker took over this export (our claim ran out); stop without recording anything."""


Opslaan = Callable[..., None]


@dataclass
class Voortgang:
    """The uuids recorded so far for one export (mirrors the columns of ``zaak_export``)."""

    klantcontact_uuid: str | None = None
    onderwerpobject_uuid: str | None = None
    partij_aangemaakt_uuid: str | None = None
    partij_uuid: str | None = None
    betrokkene_uuid: str | None = None
    digitale_adressen: dict[str, str] = field(default_factory=dict)
    actor_uuid: str | None = None
    internetaak_uuid: str | None = None

    @classmethod
    def van(cls, rij: ZaakExport) -> Voortgang:
        return cls(
            klantcontact_uuid=rij.klantcontact_uuid, onderwerpobject_uuid=rij.onderwerpobject_uuid,
            partij_aangemaakt_uuid=rij.partij_aangemaakt_uuid, partij_uuid=rij.partij_uuid,
            betrokkene_uuid=rij.betrokkene_uuid, digitale_adressen=dict(rij.digitale_adressen or {}),
            actor_uuid=rij.actor_uuid, internetaak_uuid=rij.internetaak_uuid,
        )

    def uuids(self) -> dict[str, Any]:
        """The uuids for the audit row of a finished export."""
        return {
            "klantcontact": self.klantcontact_uuid, "onderwerpobject": self.onderwerpobject_uuid,
            "partij": self.partij_uuid, "betrokkene": self.betrokkene_uuid,
            "digitale_adressen": self.digitale_adressen, "actor": self.actor_uuid,
            "internetaak": self.internetaak_uuid,
        }


def voer_stappen_uit(client: OpenKlantClient, g: Exportgegevens, c: Contactwaarden, v: Voortgang,
                     sla_op: Opslaan) -> None:
    """Make every object not made yet; ``sla_op(**kolommen)`` commits each uuid before the next call.

    ``c`` holds the phone numbers and e-mail addresses already checked with Open Klant's rules.
    """
    if not v.klantcontact_uuid:
        v.klantcontact_uuid = client.maak_klantcontact(klantcontact_gegevens(g))
        sla_op(klantcontact_uuid=v.klantcontact_uuid)
    if not v.onderwerpobject_uuid:
        v.onderwerpobject_uuid = client.maak_onderwerpobject(onderwerpobject_gegevens(g, v.klantcontact_uuid))
        sla_op(onderwerpobject_uuid=v.onderwerpobject_uuid)
    if g.kvk_nummer and not v.partij_uuid:
        _partij(client, g, v, sla_op)
    if not v.betrokkene_uuid:
        v.betrokkene_uuid = client.maak_betrokkene(betrokkene_gegevens(g, v.klantcontact_uuid, v.partij_uuid))
        sla_op(betrokkene_uuid=v.betrokkene_uuid)
    for soort, gegevens in digitale_adressen_gegevens(c, v.betrokkene_uuid).items():
        if soort not in v.digitale_adressen:
            v.digitale_adressen[soort] = client.maak_digitaal_adres(gegevens)
            sla_op(digitale_adressen=dict(v.digitale_adressen))
    if not v.actor_uuid:
        v.actor_uuid = client.zoek_actor(actor_identificator(g)) or client.maak_actor(actor_gegevens(g, c))
        sla_op(actor_uuid=v.actor_uuid)
    if not v.internetaak_uuid:
        v.internetaak_uuid = client.maak_internetaak(internetaak_gegevens(g, v.klantcontact_uuid, v.actor_uuid))
        sla_op(internetaak_uuid=v.internetaak_uuid)


def _partij(client: OpenKlantClient, g: Exportgegevens, v: Voortgang, sla_op: Opslaan) -> None:
    """Reuse the partij with this KvK number, or make one and then give it the KvK identificator.

    Searching first on every attempt also covers a partij made by another worker in the meantime
    (the identificator is unique in Open Klant, so ours could then never be added).
    """
    bestaand = client.zoek_partij(kvk_identificator(g))
    if bestaand:
        if v.partij_aangemaakt_uuid and v.partij_aangemaakt_uuid != bestaand:
            log.warning("zaak %s: partij %s bleef zonder KvK-nummer; partij %s met KvK-nummer %s gebruikt",
                        g.zaaknummer, v.partij_aangemaakt_uuid, bestaand, g.kvk_nummer)
        v.partij_uuid = bestaand
        sla_op(partij_uuid=bestaand)
        return
    if not v.partij_aangemaakt_uuid:
        v.partij_aangemaakt_uuid = client.maak_partij(partij_gegevens(g))
        sla_op(partij_aangemaakt_uuid=v.partij_aangemaakt_uuid)
    client.maak_partij_identificator(partij_identificator_gegevens(g, v.partij_aangemaakt_uuid))
    v.partij_uuid = v.partij_aangemaakt_uuid
    sla_op(partij_uuid=v.partij_uuid)


# --- the rows ----------------------------------------------------------------------------------


def maak_exportrijen(*, engine: Engine, nu: datetime) -> int:
    """Give every case without an export row one (status te_exporteren); return how many were added.

    One INSERT ... SELECT, in the order the cases were made (so they are exported in that order);
    a concurrent worker inserting the same rows makes ours fail on the unique zaak_id, which only
    means the rows are there.
    """
    zonder_rij = (
        select(Zaak.id, literal(ExportStatus.TE_EXPORTEREN.value), literal(0), literal(nu, UtcDateTime),
               literal(nu, UtcDateTime), literal(nu, UtcDateTime))
        .where(~exists().where(ZaakExport.zaak_id == Zaak.id))
        .order_by(Zaak.id)
    )
    try:
        with transaction(engine) as session:
            resultaat = session.execute(
                insert(ZaakExport).from_select(
                    ["zaak_id", "status", "pogingen", "volgende_poging_op", "aangemaakt_op", "bijgewerkt_op"],
                    zonder_rij,
                )
            )
            return max(resultaat.rowcount or 0, 0)
    except IntegrityError:
        return 0


def _is_aan_de_beurt(nu: datetime) -> tuple:
    """SQL conditions: the export is still to do and its next attempt is due at ``nu``."""
    return ZaakExport.status == ExportStatus.TE_EXPORTEREN.value, ZaakExport.volgende_poging_op <= nu


def te_exporteren(*, engine: Engine, nu: datetime, limiet: int) -> list[int]:
    """Ids of export rows that are due and that nobody holds, oldest first."""
    with transaction(engine) as session:
        return list(
            session.execute(
                select(ZaakExport.id)
                .where(*_is_aan_de_beurt(nu), is_vrij(ZaakExport, nu))
                .order_by(ZaakExport.volgende_poging_op, ZaakExport.id)
                .limit(limiet)
            ).scalars()
        )


def _werk_bij(*, engine: Engine, export_id: int, werker: str, **kolommen: Any) -> None:
    """Record columns of an export this worker holds (committed at once); ClaimKwijt when it lost the row."""
    with transaction(engine) as session:
        resultaat = session.execute(
            update(ZaakExport)
            .where(ZaakExport.id == export_id, ZaakExport.claimed_by == werker)
            .values(**kolommen)
            .execution_options(synchronize_session=False)
        )
        if resultaat.rowcount != 1:
            raise ClaimKwijt(f"export {export_id} wordt niet meer door {werker} vastgehouden")


# --- the round ---------------------------------------------------------------------------------


def exporteer_openstaande_zaken(
    *,
    engine: Engine,
    client: OpenKlantClient | None,
    nu: datetime,
    werker: str,
    claim_duur: timedelta = STANDAARD_CLAIM_DUUR,
    limiet: int = 50,
    klok: Callable[[], datetime] | None = None,
) -> int:
    """Export the cases that are due at ``nu``; return how many were completely exported in this round.

    ``klok`` is read when each export is claimed, so that its claim runs from that moment however
    long the exports before it took; without it, a clock that starts at ``nu`` and runs on in
    real time. Does nothing at all when ``client`` is None (export not configured). Never
    raises: a failure is logged and the case is tried again later.
    """
    if client is None:
        return 0
    klok = klok or _klok_vanaf(nu)
    try:
        maak_exportrijen(engine=engine, nu=nu)
        ids = te_exporteren(engine=engine, nu=nu, limiet=limiet)
    except Exception:  # the database is unreachable: the next round tries again
        log.exception("export naar Open Klant: ronde overgeslagen")
        return 0
    klaar = 0
    for export_id in ids:
        try:
            if exporteer_zaak(engine=engine, client=client, export_id=export_id, nu=nu, werker=werker,
                              claim_duur=claim_duur, geclaimd_op=klok()):
                klaar += 1
        except Exception:
            log.exception("export %s naar Open Klant: onverwachte fout; volgende ronde opnieuw", export_id)
    return klaar


def _klok_vanaf(nu: datetime) -> Callable[[], datetime]:
    """A clock that reads ``nu`` now and runs on with real (monotonic) time."""
    begin = time.monotonic()
    return lambda: nu + timedelta(seconds=time.monotonic() - begin)


def exporteer_zaak(
    *, engine: Engine, client: OpenKlantClient, export_id: int, nu: datetime, werker: str, claim_duur: timedelta,
    geclaimd_op: datetime | None = None,
) -> bool:
    """Claim one export and do its remaining steps; True when the case is now completely exported.

    The claim runs for ``claim_duur`` from ``geclaimd_op`` (the moment of claiming; ``nu`` when not
    given); what is recorded is dated ``nu``.
    """
    with transaction(engine) as session:
        if not claim(session=session, model=ZaakExport, rij_id=export_id, werker=werker, nu=geclaimd_op or nu,
                     duur=claim_duur, voorwaarden=_is_aan_de_beurt(nu)):
            return False
    with transaction(engine) as session:
        rij = session.get(ZaakExport, export_id)
        if rij is None:  # the case was deleted meanwhile
            return False
        gegevens = exportgegevens(session=session, zaak=rij.zaak)
        voortgang = Voortgang.van(rij)
        zaaknummer = rij.zaak.nummer
    if gegevens is None:
        _sluit_af(engine=engine, export_id=export_id, werker=werker, nu=nu, status=ExportStatus.OVERGESLAGEN,
                  wat="export_overgeslagen", details={"reden": "geen gegevens van de ondernemer meer"})
        log.info("zaak %s: niet geëxporteerd, de gegevens van de ondernemer zijn verwijderd", zaaknummer)
        return False

    def sla_op(**kolommen: Any) -> None:
        _werk_bij(engine=engine, export_id=export_id, werker=werker, bijgewerkt_op=nu, **kolommen)

    contact = _gecontroleerde_contactwaarden(gegevens, zaaknummer)
    try:
        voer_stappen_uit(client, gegevens, contact, voortgang, sla_op)
    except ClaimKwijt as fout:
        log.warning("zaak %s: %s", zaaknummer, fout)
        return False
    except OpenKlantFout as fout:
        _mislukt(engine=engine, export_id=export_id, werker=werker, nu=nu, fout=fout, zaaknummer=zaaknummer)
        return False
    _sluit_af(engine=engine, export_id=export_id, werker=werker, nu=nu, status=ExportStatus.GEEXPORTEERD,
              wat="zaak_geexporteerd", details=voortgang.uuids())
    log.info("zaak %s geëxporteerd naar Open Klant (klantcontact %s, internetaak %s)",
             zaaknummer, voortgang.klantcontact_uuid, voortgang.internetaak_uuid)
    return True


def _gecontroleerde_contactwaarden(gegevens: Exportgegevens, zaaknummer: str) -> Contactwaarden:
    """Check the values with Open Klant's rules before anything is made; warn per field left out.

    The warning names the field, never its value (no personal data in the log); the value itself
    still reaches staff in the toelichting of the internetaak.
    """
    contact, weggelaten = contactwaarden(gegevens)
    if weggelaten:
        log.warning("zaak %s: niet naar Open Klant gestuurd, Open Klant zou het weigeren: %s",
                    zaaknummer, ", ".join(weggelaten))
    return contact


def _sluit_af(*, engine: Engine, export_id: int, werker: str, nu: datetime, status: ExportStatus, wat: str,
              details: dict[str, Any]) -> None:
    """Set the final status, release the claim and write the audit row, in one transaction."""
    with transaction(engine) as session:
        rij = session.get(ZaakExport, export_id)
        if not heeft_claim(rij, werker):
            return
        klaar = status is ExportStatus.GEEXPORTEERD
        rij.status = status.value
        rij.pogingen += 1
        rij.geexporteerd_op = nu if klaar else None
        rij.laatste_fout = None if klaar else rij.laatste_fout
        rij.bijgewerkt_op = nu
        geef_vrij(session=session, model=ZaakExport, rij_id=export_id, werker=werker)
        schrijf_audit(session=session, wie=werker, wat=wat, zaak=rij.zaak, details=details, moment=nu)


def _mislukt(*, engine: Engine, export_id: int, werker: str, nu: datetime, fout: OpenKlantFout,
             zaaknummer: str) -> None:
    """Record a failed attempt: try again after a growing pause, or give up (refused, or out of attempts)."""
    with transaction(engine) as session:
        rij = session.get(ZaakExport, export_id)
        if not heeft_claim(rij, werker):
            return
        rij.pogingen += 1
        rij.laatste_fout = str(fout)[:2000]
        rij.bijgewerkt_op = nu
        geef_vrij(session=session, model=ZaakExport, rij_id=export_id, werker=werker)
        volgende = HERHALING.volgende_poging(pogingen=rij.pogingen, nu=nu, definitief=fout.definitief)
        if volgende is None:
            rij.status = ExportStatus.MISLUKT.value
            schrijf_audit(session=session, wie=werker, wat="export_mislukt", zaak=rij.zaak, moment=nu,
                          details={"pogingen": rij.pogingen, "fout": rij.laatste_fout, "definitief": fout.definitief})
            if fout.definitief:
                log.error("zaak %s: Open Klant weigert de export (HTTP %s), niet opnieuw geprobeerd: %s",
                          zaaknummer, fout.status, fout)
            else:
                log.error("zaak %s: export naar Open Klant opgegeven na %d pogingen: %s",
                          zaaknummer, rij.pogingen, fout)
            return
        rij.volgende_poging_op = volgende
        log.warning("zaak %s: export naar Open Klant mislukt (poging %d), opnieuw vanaf %s: %s",
                    zaaknummer, rij.pogingen, volgende.isoformat(), fout)
