"""Retention: what is past its period is deleted by the worker, every round.

| what | period (default, variable) | from |
| --- | --- | --- |
| a conversation without a case (Rasa's tracker store) | 30 days, ``INGANG_BEWAAR_GESPREK_DAGEN`` | its last event |
| a conversation whose cases are all closed; an outbox message of a closed case | 365 days, ``INGANG_BEWAAR_ZAAKGESPREK_DAGEN`` | the last case's closing (and 30 days idle) |
| an outbox message without a case (e-mails to staff) | 30 days, ``INGANG_BEWAAR_BERICHT_DAGEN`` | when it was placed |
| a one-time code's message | as long as the code works (``GELDIG``) | when it was placed |
| the WhatsApp window of a conversation (``kanaal_venster``) | 30 days, ``INGANG_BEWAAR_BERICHT_DAGEN`` | the last message in |
| an e-mail of the local mail sink | 14 days, ``INGANG_BEWAAR_MAIL_DAGEN`` | the file's time |
| a failed status check or a complaint without a case (audit), a one-time code's row | 30 days, ``INGANG_BEWAAR_BERICHT_DAGEN`` | the check; the code's expiry |
| a closed case's own record: the case, its promises and history, its entrepreneur when they have no other case | 7 years, ``INGANG_BEWAAR_ZAAK_JAREN`` (the municipality's archive rule) | the closing |

A conversation that led to no case holds what the entrepreneur typed (which can say anything) and
serves no purpose once it is idle. Before a conversation is deleted, what the figures count of it
is kept without its id, its questions anonymised (``bot.cijfers.archief``, ``bot.privacy.anoniem``),
so the figures of a longer range do not shrink; its questions on the kennisbank's gaps list
(``bot.cijfers.vragen_zonder_antwoord``) go with it. A case's own record is erased as an erasure request
would be (``bot.privacy.wissen``), but alone: its entrepreneur stays while they have another case,
and so does a conversation another case uses.

Conversations are taken in batches in the order of their id (keyset paging), each batch deleted in
its own transaction (so these functions own their transactions: one per batch, not one for the
whole run). A conversation is deleted by one statement that also checks it is still idle, so a
message that arrives meanwhile keeps it; every other rule is one idempotent DELETE. Two workers at
once only split the work, and nothing deleted by one is counted by the other. One audit row per
rule and run that deleted something says what kind and how many, never what.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, case, delete, exists, func, inspect, or_, select
from sqlalchemy.engine import Engine

from bot.cijfers.archief import archiveer
from bot.cijfers.gesprekken import events_van_gesprekken, gesprekken
from bot.cijfers.vragen_zonder_antwoord import vergeet as vergeet_gaten
from bot.kanalen.boekhouding import KanaalVenster
from bot.kern.db import transaction
from bot.kern.tracker import EVENTS
from bot.privacy.anoniem import anonimiseer as standaard_anonimiseer
from bot.privacy.dossier import dossier_van_zaak
from bot.privacy.wissen import wis_dossier
from bot.uitgaand.models import BerichtStatus, UitgaandBericht
from bot.zaken.models import AuditRegel, Verificatiecode, Zaak, ZaakStatus
from bot.zaken.service import schrijf_audit
from bot.zaken.verificatiecode import BERICHT_SOORT as CODE_SOORT
from bot.zaken.verificatiecode import GELDIG as CODE_GELDIG

BATCH = 200  # conversations per DELETE
TERMIJNEN = {  # field: (variable, default, days per unit)
    "gesprek_zonder_zaak": ("INGANG_BEWAAR_GESPREK_DAGEN", 30, 1),
    "gesprek_van_zaak": ("INGANG_BEWAAR_ZAAKGESPREK_DAGEN", 365, 1),
    "bericht_zonder_zaak": ("INGANG_BEWAAR_BERICHT_DAGEN", 30, 1),
    "mail": ("INGANG_BEWAAR_MAIL_DAGEN", 14, 1),
    "zaak": ("INGANG_BEWAAR_ZAAK_JAREN", 7, 365.25),
}
CONTROLES = ("status_controle_mislukt", "klacht_zonder_zaak")  # audit rows without a case that name a channel


@dataclass(frozen=True)
class Bewaartermijnen:
    gesprek_zonder_zaak: timedelta = timedelta(days=30)
    gesprek_van_zaak: timedelta = timedelta(days=365)  # after the conversation's last case was closed
    bericht_zonder_zaak: timedelta = timedelta(days=30)
    mail: timedelta = timedelta(days=14)
    zaak: timedelta = timedelta(days=7 * 365.25)  # after the closing: the municipality's archive rule

    @classmethod
    def uit_omgeving(cls, omgeving: Mapping[str, str] = os.environ) -> Bewaartermijnen:
        termijnen = {}
        for veld, (variabele, standaard, dagen_per) in TERMIJNEN.items():
            waarde = float(omgeving.get(variabele, str(standaard)))
            if waarde <= 0:
                raise ValueError(f"{variabele} moet groter dan 0 zijn, niet {waarde}")
            termijnen[veld] = timedelta(days=waarde * dagen_per)
        return cls(**termijnen)


Anonimiseerder = Callable[[str], str]


def pas_bewaartermijnen_toe(*, engine: Engine, tracker: Engine | None, mailmap: Path | None, nu: datetime,
                            termijnen: Bewaartermijnen,
                            anonimiseer: Anonimiseerder = standaard_anonimiseer) -> dict[str, int]:
    """Every rule of the table above; how many of each kind were deleted."""
    telling = {"gesprekken_verwijderd": 0, "zaakgesprekken_verwijderd": 0}
    if tracker is not None:
        telling["gesprekken_verwijderd"] = verwijder_gesprekken_zonder_zaak(
            engine=engine, tracker=tracker, nu=nu, termijn=termijnen.gesprek_zonder_zaak, anonimiseer=anonimiseer)
        telling["zaakgesprekken_verwijderd"] = verwijder_gesprekken_van_afgeronde_zaken(
            engine=engine, tracker=tracker, nu=nu, termijn=termijnen.gesprek_van_zaak,
            stil=termijnen.gesprek_zonder_zaak, anonimiseer=anonimiseer)
    telling["berichten_verwijderd"] = verwijder_oude_berichten(engine=engine, nu=nu, termijnen=termijnen)
    telling["vensters_verwijderd"] = verwijder_oude_vensters(engine=engine, nu=nu, termijn=termijnen.bericht_zonder_zaak)
    telling["mails_verwijderd"] = verwijder_oude_mails(engine=engine, mailmap=mailmap, nu=nu, termijn=termijnen.mail)
    telling["controles_verwijderd"] = verwijder_oude_controles(engine=engine, nu=nu,
                                                               termijn=termijnen.bericht_zonder_zaak)
    telling["zaken_verwijderd"] = verwijder_oude_zaken(engine=engine, tracker=tracker, mailmap=mailmap, nu=nu,
                                                       termijn=termijnen.zaak)
    return telling


def _audit(engine: Engine, *, soort: str, aantal: int, termijn: timedelta, nu: datetime) -> None:
    if aantal:
        with transaction(engine) as session:
            schrijf_audit(session=session, wie="worker", wat="bewaartermijn", moment=nu,
                          details={"soort": soort, "aantal": aantal, "termijn_dagen": termijn / timedelta(days=1)})


# --- Rasa's tracker store --------------------------------------------------------------------------


def verwijder_gesprekken_zonder_zaak(*, engine: Engine, tracker: Engine, nu: datetime, termijn: timedelta,
                                     batch: int = BATCH, anonimiseer: Anonimiseerder = standaard_anonimiseer) -> int:
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
            verwijderd += _archiveer_en_verwijder(engine, tracker, zonder_zaak, grens=grens, nu=nu,
                                                  anonimiseer=anonimiseer)
    _audit(engine, soort="gesprek_zonder_zaak", aantal=verwijderd, termijn=termijn, nu=nu)
    return verwijderd


def _stille_gesprekken(tracker: Engine, *, na: str, grens: float, batch: int) -> list[str]:
    """The next ``batch`` conversation ids after ``na`` whose last event is before ``grens``."""
    with tracker.connect() as verbinding:
        return list(verbinding.execute(
            select(EVENTS.c.sender_id).where(EVENTS.c.sender_id > na).group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < grens).order_by(EVENTS.c.sender_id).limit(batch)
        ).scalars())


def _archiveer_en_verwijder(engine: Engine, tracker: Engine, gesprek_ids: list[str], *, grens: float,
                            nu: datetime, anonimiseer: Anonimiseerder) -> int:
    """Delete the conversations (``_verwijder``), then archive the figures of those this call deleted.

    Read before, written after: a conversation another worker deleted first, or that came back to
    life, is not archived; one that crashes between the two is missing from the figures, never double.
    """
    per_gesprek = list(gesprekken(events_van_gesprekken(engine=tracker, gesprek_ids=gesprek_ids)))
    verwijderd = _verwijder(tracker, gesprek_ids, grens=grens)
    if verwijderd:
        with transaction(engine) as session:
            archiveer(session=session, gesprekken=[g for g in per_gesprek if g.sender_id in verwijderd],
                      anonimiseer=anonimiseer, nu=nu)
            vergeet_gaten(session=session, gesprek_ids=verwijderd)
    return len(verwijderd)


def _verwijder(tracker: Engine, gesprek_ids: list[str], *, grens: float) -> set[str]:
    """Delete each conversation's events, unless it came back to life since it was chosen (checked in the
    same statement); the conversations this call deleted."""
    nieuwer = EVENTS.alias("nieuwer")
    verwijderd = set()
    with tracker.begin() as verbinding:
        for gesprek in gesprek_ids:
            nog_stil = ~exists().where(nieuwer.c.sender_id == gesprek, nieuwer.c.timestamp >= grens)
            resultaat = verbinding.execute(delete(EVENTS).where(EVENTS.c.sender_id == gesprek, nog_stil))
            if resultaat.rowcount > 0:
                verwijderd.add(gesprek)
    return verwijderd


def verwijder_gesprekken_van_afgeronde_zaken(*, engine: Engine, tracker: Engine, nu: datetime, termijn: timedelta,
                                            stil: timedelta, batch: int = BATCH,
                                            anonimiseer: Anonimiseerder = standaard_anonimiseer) -> int:
    """Delete the events of every conversation whose cases were all closed before ``nu - termijn`` and
    that is idle since ``nu - stil`` (after a case, a conversation may go on with new questions).
    How many conversations."""
    if not inspect(tracker).has_table(EVENTS.name):
        return 0
    grens, verwijderd, laatste = nu - termijn, 0, ""
    while kandidaten := _gesprekken_van_oude_zaken(engine, na=laatste, grens=grens, batch=batch):
        laatste = kandidaten[-1]
        with tracker.connect() as verbinding:
            bewaard = list(verbinding.execute(
                select(EVENTS.c.sender_id).where(EVENTS.c.sender_id.in_(kandidaten)).distinct()).scalars())
        if bewaard:
            verwijderd += _archiveer_en_verwijder(engine, tracker, bewaard, grens=(nu - stil).timestamp(), nu=nu,
                                                  anonimiseer=anonimiseer)
    _audit(engine, soort="gesprek_van_zaak", aantal=verwijderd, termijn=termijn, nu=nu)
    return verwijderd


def _gesprekken_van_oude_zaken(engine: Engine, *, na: str, grens: datetime, batch: int) -> list[str]:
    """The next ``batch`` conversation ids after ``na`` whose every case was closed before ``grens``."""
    nog_nodig = case((and_(Zaak.status == ZaakStatus.AFGEROND, Zaak.afgerond_op < grens), 0), else_=1)
    with transaction(engine) as session:
        return list(session.execute(
            select(Zaak.gesprek_id).where(Zaak.gesprek_id > na).group_by(Zaak.gesprek_id)
            .having(func.sum(nog_nodig) == 0).order_by(Zaak.gesprek_id).limit(batch)
        ).scalars())


# --- the outbox, the WhatsApp window, the mail sink ------------------------------------------------


def verwijder_oude_berichten(*, engine: Engine, nu: datetime, termijnen: Bewaartermijnen) -> int:
    """Outbox messages without a case after their period; those of a case closed longer ago than the
    period of its conversation (they are part of it); and every one-time code's message once the code
    no longer works (delivered or not: its text is of no use any more)."""
    oude_zaken = select(Zaak.id).where(Zaak.status == ZaakStatus.AFGEROND,
                                       Zaak.afgerond_op < nu - termijnen.gesprek_van_zaak)
    with transaction(engine) as session:
        resultaat = session.execute(delete(UitgaandBericht).where(or_(
            and_(UitgaandBericht.zaak_id.is_(None), UitgaandBericht.aangemaakt_op < nu - termijnen.bericht_zonder_zaak),
            and_(UitgaandBericht.zaak_id.in_(oude_zaken), UitgaandBericht.status != BerichtStatus.WACHTEND),
            and_(UitgaandBericht.soort == CODE_SOORT, UitgaandBericht.aangemaakt_op < nu - CODE_GELDIG),
        )).execution_options(synchronize_session=False))
    _audit(engine, soort="bericht_zonder_zaak", aantal=resultaat.rowcount, termijn=termijnen.bericht_zonder_zaak,
           nu=nu)
    return resultaat.rowcount


def verwijder_oude_vensters(*, engine: Engine, nu: datetime, termijn: timedelta) -> int:
    """The WhatsApp window needs the last message of the past 24 hours; older rows only hold a phone number."""
    with transaction(engine) as session:
        resultaat = session.execute(delete(KanaalVenster).where(KanaalVenster.laatste_inkomend_op < nu - termijn)
                                    .execution_options(synchronize_session=False))
    _audit(engine, soort="kanaal_venster", aantal=resultaat.rowcount, termijn=termijn, nu=nu)
    return resultaat.rowcount


def verwijder_oude_mails(*, engine: Engine, mailmap: Path | None, nu: datetime, termijn: timedelta) -> int:
    """The local mail sink's files (bot/integraties/mailsink.py) older than ``termijn``."""
    if mailmap is None or not mailmap.is_dir():
        return 0
    grens, verwijderd = (nu - termijn).timestamp(), 0
    for pad in mailmap.glob("*.eml"):
        try:
            if pad.stat().st_mtime < grens:
                pad.unlink()
                verwijderd += 1
        except FileNotFoundError:  # another worker was first
            continue
    _audit(engine, soort="mail", aantal=verwijderd, termijn=termijn, nu=nu)
    return verwijderd


# --- audit rows without a case, one-time codes, closed cases ---------------------------------------


def verwijder_oude_controles(*, engine: Engine, nu: datetime, termijn: timedelta) -> int:
    """Failed status checks and complaints without a case (they name a channel identity), and the rows
    of one-time codes: their limits look back an hour; after the period they only say who asked."""
    grens = nu - termijn
    with transaction(engine) as session:
        audit = session.execute(delete(AuditRegel).where(
            AuditRegel.zaak_id.is_(None), AuditRegel.wat.in_(CONTROLES), AuditRegel.op < grens,
        ).execution_options(synchronize_session=False)).rowcount
        codes = session.execute(delete(Verificatiecode).where(Verificatiecode.verloopt_op < grens)
                                .execution_options(synchronize_session=False)).rowcount
    _audit(engine, soort="controle", aantal=audit + codes, termijn=termijn, nu=nu)
    return audit + codes


def verwijder_oude_zaken(*, engine: Engine, tracker: Engine | None, mailmap: Path | None, nu: datetime,
                         termijn: timedelta, batch: int = BATCH) -> int:
    """Erase every case closed before ``nu - termijn``, one case per transaction (``dossier_van_zaak``,
    ``wis_dossier``); how many. Two workers may pick the same case: only the one that deleted it counts."""
    grens, verwijderd, laatste = nu - termijn, 0, 0
    while True:
        with transaction(engine) as session:
            ids = list(session.execute(
                select(Zaak.id).where(Zaak.id > laatste, Zaak.status == ZaakStatus.AFGEROND, Zaak.afgerond_op < grens)
                .order_by(Zaak.id).limit(batch)).scalars())
        if not ids:
            break
        laatste = ids[-1]
        for zaak_id in ids:
            with transaction(engine) as session:
                zaak = session.get(Zaak, zaak_id)
                if zaak is None:
                    continue
                wissing = wis_dossier(session=session, tracker=tracker, mailmap=mailmap, nu=nu, wie="worker",
                                      dossier=dossier_van_zaak(session=session, zaak=zaak), audit=False)
                verwijderd += wissing.aantallen.get("zaak", 0)
    _audit(engine, soort="zaak", aantal=verwijderd, termijn=termijn, nu=nu)
    return verwijderd
