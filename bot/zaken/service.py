"""Cases, promises and entrepreneurs in the database; every create or change writes an audit row.

Service functions take a session and never commit: the caller owns the transaction. Every
``moment`` is an aware datetime and defaults to now; tests pass it explicitly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.kennisbank.models import KennisbankArtikel
from bot.kern.tijd import AMSTERDAM, utc
from bot.medewerkers.models import Medewerker
from bot.zaken.models import (
    BELOFTE_ACTIES,
    AuditRegel,
    Belofte,
    BelofteStatus,
    Ondernemer,
    OndernemerKanaal,
    Zaak,
    ZaakStatus,
    ZaakTeller,
    utcnow,
)

ZAAKNUMMER_VOORVOEGSEL = "ON"


# --- case numbers --------------------------------------------------------------------------------


def volgend_zaaknummer(*, session: Session, jaar: int) -> str:
    """The next case number of ``jaar``, e.g. ``ON-2026-00042``; numbers restart every year.

    The year's counter row is raised with ``UPDATE ... SET laatste = laatste + 1``. On
    PostgreSQL that locks the row until the caller's transaction ends, so concurrent
    transactions wait for each other and never get the same number (SQLite allows one writer
    at a time anyway). Because the counter is part of the caller's transaction, a rolled-back
    case gives its number back. Keep the transaction that creates a case short.
    """
    laatste = _verhoog_teller(session=session, jaar=jaar)
    if laatste is None:
        laatste = _maak_teller(session=session, jaar=jaar)
    return f"{ZAAKNUMMER_VOORVOEGSEL}-{jaar}-{laatste:05d}"


def _verhoog_teller(*, session: Session, jaar: int) -> int | None:
    """Raise the year's counter and return the new value; None when the year has no row yet."""
    resultaat = session.execute(
        update(ZaakTeller)
        .where(ZaakTeller.jaar == jaar)
        .values(laatste=ZaakTeller.laatste + 1)
        .execution_options(synchronize_session=False)
    )
    if resultaat.rowcount == 0:
        return None
    return session.execute(select(ZaakTeller.laatste).where(ZaakTeller.jaar == jaar)).scalar_one()


def _maak_teller(*, session: Session, jaar: int) -> int:
    """Insert the year's counter at 1; if a concurrent transaction inserted it first, count on it.

    The insert runs in a savepoint so that losing that race does not abort the caller's transaction.
    """
    try:
        with session.begin_nested():
            session.execute(insert(ZaakTeller).values(jaar=jaar, laatste=1))
        return 1
    except IntegrityError:
        laatste = _verhoog_teller(session=session, jaar=jaar)
        if laatste is None:  # pragma: no cover - the row exists, the insert just said so
            raise
        return laatste


# --- cases and promises --------------------------------------------------------------------------


def maak_zaak(
    *,
    session: Session,
    onderwerpen: list[str],
    wat: str | None,
    waarom: str | None,
    hoe: str | None,
    samenvatting: str,
    kanaal: str,
    gesprek_id: str,
    medewerker: Medewerker,
    ondernemer: Ondernemer | None = None,
    details: dict[str, Any] | None = None,
    door: str,
    moment: datetime | None = None,
    urgent: bool = False,
) -> Zaak:
    """Create a case assigned to ``medewerker`` (status ``toegewezen``) with the next number;
    ``urgent`` when the entrepreneur needs it soon (bot/overdracht/urgentie.py).

    The number's year is the local (Europe/Amsterdam) year of ``moment``. The case's team is fixed
    now (``team_bij_aanmaak``) and never follows later changes to the article or the medewerker.
    """
    if not onderwerpen:
        raise ValueError("a case needs at least one subject id")
    if not samenvatting or not samenvatting.strip():
        raise ValueError("a case needs a summary")
    moment = utc(moment or utcnow())
    zaak = Zaak(
        nummer=volgend_zaaknummer(session=session, jaar=moment.astimezone(AMSTERDAM).year),
        onderwerpen=list(onderwerpen),
        team=team_bij_aanmaak(session=session, onderwerpen=onderwerpen, medewerker=medewerker),
        wat=wat,
        waarom=waarom,
        hoe=hoe,
        samenvatting=samenvatting.strip(),
        status=ZaakStatus.TOEGEWEZEN,
        medewerker=medewerker,
        ondernemer=ondernemer,
        kanaal=kanaal,
        gesprek_id=gesprek_id,
        details=details,
        urgent=urgent,
        aangemaakt_op=moment,
        bijgewerkt_op=moment,
    )
    session.add(zaak)
    session.flush()
    schrijf_audit(
        session=session,
        wie=door,
        wat="zaak_aangemaakt",
        zaak=zaak,
        details={
            "nummer": zaak.nummer,
            "onderwerpen": zaak.onderwerpen,
            "team": zaak.team,
            "status": zaak.status,
            "medewerker": medewerker.sleutel,
            "ondernemer_id": zaak.ondernemer_id,
            "kanaal": kanaal,
            "gesprek_id": gesprek_id,
            "urgent": urgent,
        },
        moment=moment,
    )
    return zaak


def team_bij_aanmaak(*, session: Session, onderwerpen: list[str], medewerker: Medewerker) -> str | None:
    """The team that owns a new case: that of its first subject's article, else the medewerker's main team."""
    artikel = session.get(KennisbankArtikel, onderwerpen[0])
    if artikel is not None and artikel.team:
        return artikel.team
    return medewerker.teams[0] if medewerker.teams else None


def maak_belofte(
    *,
    session: Session,
    zaak: Zaak,
    medewerker: Medewerker,
    actie: str,
    deadline: datetime,
    zin: str,
    door: str,
    moment: datetime | None = None,
) -> Belofte:
    """Record a promise (status ``open``); ``zin`` is the exact sentence told to the entrepreneur."""
    if actie not in BELOFTE_ACTIES:
        raise ValueError(f"unknown actie {actie!r}; expected one of {', '.join(BELOFTE_ACTIES)}")
    if not zin or not zin.strip():
        raise ValueError("a promise needs the sentence told to the entrepreneur")
    deadline = utc(deadline)
    moment = utc(moment or utcnow())
    belofte = Belofte(
        zaak=zaak,
        medewerker=medewerker,
        actie=actie,
        deadline=deadline,
        zin=zin.strip(),
        status=BelofteStatus.OPEN,
        aangemaakt_op=moment,
        bijgewerkt_op=moment,
    )
    session.add(belofte)
    session.flush()
    schrijf_audit(
        session=session,
        wie=door,
        wat="belofte_gedaan",
        zaak=zaak,
        belofte=belofte,
        details={"actie": actie, "deadline": belofte.deadline.isoformat(), "medewerker": medewerker.sleutel},
        moment=moment,
    )
    return belofte


def schrijf_audit(
    *,
    session: Session,
    wie: str,
    wat: str,
    zaak: Zaak | None = None,
    belofte: Belofte | None = None,
    details: dict[str, Any] | None = None,
    moment: datetime | None = None,
) -> AuditRegel:
    """Add one audit row. A promise's row is also linked to its case, so a case's trail is complete.

    ``details`` must be JSON-serialisable (write datetimes as ISO text).
    """
    if (zaak is not None and zaak.id is None) or (belofte is not None and belofte.id is None):
        session.flush()
    zaak_id = zaak.id if zaak is not None else (belofte.zaak_id if belofte is not None else None)
    regel = AuditRegel(
        zaak_id=zaak_id,
        belofte_id=belofte.id if belofte is not None else None,
        wie=wie,
        wat=wat,
        details=details,
        op=utc(moment or utcnow()),
    )
    session.add(regel)
    return regel


def werk_belmoment_bij(*, session: Session, zaak: Zaak, belmoment: str, moment: datetime | None = None) -> None:
    """The entrepreneur's new wish for when to be called, told after the handoff ("kan hij dinsdag na 2 uur
    bellen?"): kept with the case, where the medewerker reads it. The audit row names the change, not the words."""
    zaak.details = {**(zaak.details or {}), "belmoment": belmoment}
    schrijf_audit(session=session, wie="ondernemer", wat="belmoment_gewijzigd", zaak=zaak, moment=moment)


def vraag_intrekking(*, session: Session, zaak: Zaak, moment: datetime) -> None:
    """The entrepreneur withdraws the question after the handoff ("trek mijn aanvraag in"): marked on the case for
    the medewerker, who closes it; the promise stands until then, so a missed one is still escalated."""
    zaak.details = {**(zaak.details or {}), "intrekken_gevraagd": utc(moment).isoformat()}
    schrijf_audit(session=session, wie="ondernemer", wat="intrekking_gevraagd", zaak=zaak, moment=moment)


# --- reading cases -------------------------------------------------------------------------------


def zaken_van_kanaal(*, session: Session, kanaal: str, kanaal_id: str) -> list[Zaak]:
    """The cases of this conversation plus those of the entrepreneur linked to this channel
    identity (after a verified status question from another channel), oldest first."""
    ondernemer = ondernemer_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id)
    voorwaarde = (Zaak.kanaal == kanaal) & (Zaak.gesprek_id == kanaal_id)
    if ondernemer is not None:
        voorwaarde = voorwaarde | (Zaak.ondernemer_id == ondernemer.id)
    return list(session.execute(select(Zaak).where(voorwaarde).order_by(Zaak.aangemaakt_op, Zaak.id)).scalars())


def zaak_op_nummer(*, session: Session, nummer: str) -> Zaak | None:
    """The case with this number (case and surrounding spaces do not matter), or None."""
    return session.execute(select(Zaak).where(Zaak.nummer == nummer.strip().upper())).scalar_one_or_none()


def open_zaken_per_medewerker(*, session: Session) -> dict[int, int]:
    """The number of cases not yet ``afgerond`` per medewerker id; medewerkers without any are absent."""
    rijen = session.execute(
        select(Zaak.medewerker_id, func.count(Zaak.id)).where(Zaak.status != ZaakStatus.AFGEROND).group_by(Zaak.medewerker_id)
    )
    return {medewerker_id: int(aantal) for medewerker_id, aantal in rijen}


# --- entrepreneurs -------------------------------------------------------------------------------


def zoek_of_maak_ondernemer(
    *,
    session: Session,
    kanaal: str,
    kanaal_id: str,
    contactnaam: str | None,
    bedrijfsnaam: str | None,
    kvk_nummer: str | None,
    telefoon: str | None,
    email: str | None,
    door: str = "assistent",
    moment: datetime | None = None,
) -> Ondernemer:
    """The entrepreneur known by this channel identity, updated with the details given; else a new one.

    Only the channel identity links a conversation to an existing entrepreneur. A KvK number,
    phone number or e-mail address typed in a chat is not proof of who is typing, so matching
    on it could attach someone else's cases to this channel; merging such records is left to
    a medewerker. Details that are given (not empty) replace the stored ones.
    """
    moment = utc(moment or utcnow())
    gegeven = _ondernemer_velden(
        contactnaam=contactnaam, bedrijfsnaam=bedrijfsnaam, kvk_nummer=kvk_nummer, telefoon=telefoon, email=email
    )
    ondernemer = ondernemer_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id)
    if ondernemer is None:
        return _maak_ondernemer(
            session=session, kanaal=kanaal, kanaal_id=kanaal_id, gegeven=gegeven, door=door, moment=moment
        )
    gewijzigd = sorted(veld for veld, waarde in gegeven.items() if getattr(ondernemer, veld) != waarde)
    if gewijzigd:
        for veld in gewijzigd:
            setattr(ondernemer, veld, gegeven[veld])
        ondernemer.bijgewerkt_op = moment
        session.flush()
        schrijf_audit(
            session=session,
            wie=door,
            wat="ondernemer_bijgewerkt",
            details={"ondernemer_id": ondernemer.id, "kanaal": kanaal, "velden": gewijzigd},
            moment=moment,
        )
    return ondernemer


def koppel_kanaal(
    *, session: Session, ondernemer: Ondernemer, kanaal: str, kanaal_id: str, door: str, moment: datetime
) -> bool:
    """Link one more channel identity to a known entrepreneur, after their contact details matched.

    So a case started on the website can be followed from WhatsApp. An identity that already
    belongs to someone is never moved. True when a link was made.
    """
    if ondernemer_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id) is not None:
        return False
    session.add(OndernemerKanaal(ondernemer_id=ondernemer.id, kanaal=kanaal, kanaal_id=kanaal_id,
                                 aangemaakt_op=utc(moment)))
    session.flush()
    schrijf_audit(session=session, wie=door, wat="kanaal_gekoppeld", moment=utc(moment),
                  details={"ondernemer_id": ondernemer.id, "kanaal": kanaal})
    return True


def ondernemer_van_kanaal(*, session: Session, kanaal: str, kanaal_id: str) -> Ondernemer | None:
    return session.execute(
        select(Ondernemer)
        .join(OndernemerKanaal, OndernemerKanaal.ondernemer_id == Ondernemer.id)
        .where(OndernemerKanaal.kanaal == kanaal, OndernemerKanaal.kanaal_id == kanaal_id)
    ).scalar_one_or_none()


def _maak_ondernemer(
    *, session: Session, kanaal: str, kanaal_id: str, gegeven: dict[str, str], door: str, moment: datetime
) -> Ondernemer:
    ondernemer = Ondernemer(**gegeven, aangemaakt_op=moment, bijgewerkt_op=moment)
    ondernemer.kanalen.append(OndernemerKanaal(kanaal=kanaal, kanaal_id=kanaal_id, aangemaakt_op=moment))
    session.add(ondernemer)
    session.flush()
    schrijf_audit(
        session=session,
        wie=door,
        wat="ondernemer_aangemaakt",
        details={"ondernemer_id": ondernemer.id, "kanaal": kanaal, "velden": sorted(gegeven)},
        moment=moment,
    )
    return ondernemer


def _ondernemer_velden(**velden: str | None) -> dict[str, str]:
    """The given details, trimmed, without empty ones; e-mail in lower case, KvK without spaces."""
    schoon = {veld: waarde.strip() for veld, waarde in velden.items() if waarde is not None and waarde.strip()}
    if "email" in schoon:
        schoon["email"] = schoon["email"].lower()
    if "kvk_nummer" in schoon:
        schoon["kvk_nummer"] = schoon["kvk_nummer"].replace(" ", "")
    return schoon


