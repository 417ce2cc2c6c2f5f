"""What staff do with cases and promises: kept, moved, handed to a colleague, case closed.

Functions take a session and never commit: the caller owns the transaction. ``door`` is who
did it (written in the audit rows), ``nu`` the moment (aware). Every change writes an audit
row; a change the entrepreneur must know about places a message in the outbox in the same
transaction, with an idempotency key, so it exists exactly when the change does. The words
are in ``teksten/beloften/``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.beloften.berichten import belofte_zin, leesbaar_moment, overdracht_payload
from bot.beloften.normen import deadline_volgens_norm
from bot.kern.teksten import tekst
from bot.kern.tijd import utc
from bot.medewerkers.models import Medewerker
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht_voor_zaak
from bot.zaken.models import AuditRegel, Belofte, BelofteActie, BelofteStatus, Zaak, ZaakStatus
from bot.zaken.service import maak_belofte, schrijf_audit


class BelofteFout(ValueError):
    """The change is not possible; the message is Dutch and meant for the medewerker."""


def markeer_nagekomen(*, session: Session, belofte: Belofte, notitie: str | None, door: str, nu: datetime) -> None:
    """The promise was kept. A case still waiting to be picked up is now in behandeling."""
    _moet_open_zijn(belofte)
    nu = _tijdstip_in_utc(nu)
    belofte.status = BelofteStatus.NAGEKOMEN
    belofte.nagekomen_op = nu
    belofte.bijgewerkt_op = nu
    zaak = belofte.zaak
    details: dict = {"notitie": _schoon(notitie)}
    if zaak.status == ZaakStatus.TOEGEWEZEN:
        details["zaak_status"] = {"van": ZaakStatus.TOEGEWEZEN.value, "naar": ZaakStatus.IN_BEHANDELING.value}
        zaak.status = ZaakStatus.IN_BEHANDELING
        zaak.bijgewerkt_op = nu
    schrijf_audit(session=session, wie=door, wat="belofte_nagekomen", zaak=zaak, belofte=belofte, details=details,
                  moment=nu)


def verzet_belofte(
    *, session: Session, belofte: Belofte, nieuwe_deadline: datetime, reden: str, door: str, nu: datetime
) -> UitgaandBericht | None:
    """Give the open promise a new deadline and tell the entrepreneur the new moment.

    The reason is for the audit trail only: it may be internal (illness, workload). The
    reminder counter starts again, so the worker reminds the medewerker before the new deadline.
    """
    _moet_open_zijn(belofte)
    nu = _tijdstip_in_utc(nu)
    nieuwe_deadline = _tijdstip_in_utc(nieuwe_deadline)
    if not _schoon(reden):
        raise BelofteFout("Geef een reden op.")
    if nieuwe_deadline <= nu:
        raise BelofteFout("De nieuwe deadline moet in de toekomst liggen.")
    zaak = belofte.zaak
    oude_deadline = belofte.deadline
    belofte.deadline = nieuwe_deadline
    belofte.zin = belofte_zin(medewerker=belofte.medewerker, actie=belofte.actie, deadline=nieuwe_deadline,
                              zaaknummer=zaak.nummer)
    belofte.herinneringen_verstuurd = 0
    belofte.laatste_herinnering_op = None
    belofte.herinner_op = None  # the worker plans the reminder again
    belofte.bijgewerkt_op = nu
    volgnummer = _aantal_audit(session=session, belofte=belofte, wat="belofte_verzet") + 1
    schrijf_audit(
        session=session, wie=door, wat="belofte_verzet", zaak=zaak, belofte=belofte, moment=nu,
        details={"oude_deadline": oude_deadline.isoformat(), "nieuwe_deadline": nieuwe_deadline.isoformat(),
                 "reden": _schoon(reden)},
    )
    bericht = tekst("beloften/verzet.txt", zaak=zaak, moment=leesbaar_moment(nieuwe_deadline, medewerker=belofte.medewerker),
                    belofte=belofte)
    return _informeer(session=session, zaak=zaak, belofte=belofte, sleutel=f"verzet:belofte:{belofte.id}:{volgnummer}",
                      tekst=bericht, soort="verzet", door=door, nu=nu)


def wijs_toe(*, session: Session, zaak: Zaak, medewerker: Medewerker, door: str, nu: datetime) -> UitgaandBericht | None:
    """Make ``medewerker`` responsible; the open promise moves along and the entrepreneur hears who it is.

    The deadline of the open promise stays as it was told to the entrepreneur.
    """
    nu = _tijdstip_in_utc(nu)
    if zaak.status == ZaakStatus.AFGEROND:
        raise BelofteFout("Deze zaak is al afgerond.")
    if not medewerker.actief:
        raise BelofteFout(f"{medewerker.naam} werkt niet meer bij de gemeente.")
    if zaak.medewerker_id == medewerker.id:
        raise BelofteFout(f"De zaak staat al op naam van {medewerker.naam}.")
    vorige = zaak.medewerker
    zaak.medewerker = medewerker
    zaak.bijgewerkt_op = nu
    volgnummer = _aantal_audit(session=session, zaak=zaak, wat="zaak_toegewezen") + 1
    schrijf_audit(session=session, wie=door, wat="zaak_toegewezen", zaak=zaak, moment=nu,
                  details={"van": vorige.sleutel, "naar": medewerker.sleutel})
    belofte = open_belofte(zaak)
    if belofte is not None:
        belofte.medewerker = medewerker
        belofte.herinner_op = None  # the reminder moment follows the new medewerker's calendar
        belofte.zin = belofte_zin(medewerker=medewerker, actie=belofte.actie, deadline=belofte.deadline,
                                  zaaknummer=zaak.nummer)
        belofte.bijgewerkt_op = nu
        schrijf_audit(session=session, wie=door, wat="belofte_overgedragen", zaak=zaak, belofte=belofte, moment=nu,
                      details={"van": vorige.sleutel, "naar": medewerker.sleutel})
    bericht = tekst("beloften/overgedragen.txt", zaak=zaak, medewerker=medewerker, belofte=belofte)
    return _informeer(session=session, zaak=zaak, belofte=belofte, sleutel=f"toegewezen:zaak:{zaak.id}:{volgnummer}",
                      tekst=bericht, soort="overgedragen", door=door, nu=nu)


def sluit_zaak(
    *, session: Session, zaak: Zaak, notitie: str | None, door: str, nu: datetime, bericht: str | None = None,
    afzender: Medewerker | None = None,
) -> UitgaandBericht | None:
    """Close the case (afgerond); promises still open are geannuleerd.

    With a ``bericht`` (the medewerker's closing words) the entrepreneur gets it on the case's own
    channel, signed by ``afzender`` when given; without one the entrepreneur gets no message.
    """
    nu = _tijdstip_in_utc(nu)
    if zaak.status == ZaakStatus.AFGEROND:
        raise BelofteFout("Deze zaak is al afgerond.")
    for belofte in zaak.beloften:
        if belofte.status == BelofteStatus.OPEN:
            belofte.status = BelofteStatus.GEANNULEERD
            belofte.bijgewerkt_op = nu
            schrijf_audit(session=session, wie=door, wat="belofte_geannuleerd", zaak=zaak, belofte=belofte, moment=nu,
                          details={"reden": "zaak afgerond"})
    vorige_status = str(zaak.status)
    zaak.status = ZaakStatus.AFGEROND
    zaak.afgerond_op = nu
    zaak.bijgewerkt_op = nu
    schrijf_audit(session=session, wie=door, wat="zaak_afgerond", zaak=zaak, moment=nu,
                  details={"notitie": _schoon(notitie), "vorige_status": vorige_status})
    if not _schoon(bericht):
        return None
    volgnummer = _aantal_audit(session=session, zaak=zaak, wat="zaak_afgerond")
    tekst_ = tekst("beloften/afgerond.txt", zaak=zaak, afzender=afzender, bericht=_schoon(bericht))
    return _informeer(session=session, zaak=zaak, belofte=None, sleutel=f"afgerond:zaak:{zaak.id}:{volgnummer}",
                      tekst=tekst_, soort="afgerond", door=door, nu=nu)


def heropen_zaak(
    *, session: Session, zaak: Zaak, reden: str, door: str, nu: datetime, vervanger: Medewerker | None = None,
) -> Belofte:
    """Open a closed case again (afgerond -> in_behandeling), with a reason and a new promise.

    An open case always has a promise: the new one is for the case's medewerker (or ``vervanger``,
    the one who reopens, when the medewerker no longer works here), with the action of the last
    promise (terugbellen when there was none) and its deadline per the standard norm from ``nu``
    (the urgent norm for an urgent case), as a handoff makes it. The entrepreneur is told the new
    promise on the case's own channel. The reason is for the audit trail only.
    """
    nu = _tijdstip_in_utc(nu)
    if zaak.status != ZaakStatus.AFGEROND:
        raise BelofteFout("Deze zaak is niet afgerond. Alleen een afgeronde zaak kunt u heropenen.")
    if not _schoon(reden):
        raise BelofteFout("Geef een reden op.")
    medewerker = zaak.medewerker
    if not medewerker.actief:
        if vervanger is None or not vervanger.actief:
            raise BelofteFout(f"{medewerker.naam} werkt niet meer bij de gemeente. Een collega met een eigen "
                              "medewerkersaccount kan de zaak heropenen en krijgt hem dan zelf.")
        schrijf_audit(session=session, wie=door, wat="zaak_toegewezen", zaak=zaak, moment=nu,
                      details={"van": medewerker.sleutel, "naar": vervanger.sleutel})
        zaak.medewerker = medewerker = vervanger
    zaak.status, zaak.afgerond_op, zaak.bijgewerkt_op = ZaakStatus.IN_BEHANDELING, None, nu
    schrijf_audit(session=session, wie=door, wat="zaak_heropend", zaak=zaak, moment=nu,
                  details={"reden": _schoon(reden), "vorige_status": ZaakStatus.AFGEROND.value})
    actie = zaak.beloften[-1].actie if zaak.beloften else BelofteActie.TERUGBELLEN.value
    deadline = deadline_volgens_norm(nu, actie=actie, medewerker=medewerker, urgent=bool(zaak.urgent))
    belofte = maak_belofte(session=session, zaak=zaak, medewerker=medewerker, actie=actie, deadline=deadline,
                           zin=belofte_zin(medewerker=medewerker, actie=actie, deadline=deadline,
                                           zaaknummer=zaak.nummer), door=door, moment=nu)
    volgnummer = _aantal_audit(session=session, zaak=zaak, wat="zaak_heropend")
    _informeer(session=session, zaak=zaak, belofte=belofte, sleutel=f"heropend:zaak:{zaak.id}:{volgnummer}",
               tekst=tekst("beloften/heropend.txt", zaak=zaak, belofte=belofte), soort="heropend", door=door, nu=nu)
    return belofte


def open_belofte(zaak: Zaak) -> Belofte | None:
    """The case's open promise (the newest, should there ever be more than one)."""
    open_ = [b for b in zaak.beloften if b.status == BelofteStatus.OPEN]
    return open_[-1] if open_ else None


def _informeer(
    *, session: Session, zaak: Zaak, belofte: Belofte | None, sleutel: str, tekst: str, soort: str, door: str,
    nu: datetime,
) -> UitgaandBericht | None:
    """Queue the message on the case's own channel; only for a case that came from a conversation."""
    if not zaak.kanaal or not zaak.gesprek_id:
        return None
    custom = None
    if belofte is not None:
        custom = {"overdracht": overdracht_payload(zaak=zaak, medewerker=belofte.medewerker, actie=belofte.actie,
                                                   deadline=belofte.deadline, zin=belofte.zin)}
    bericht = plaats_bericht_voor_zaak(session=session, zaak=zaak, sleutel=sleutel, tekst=tekst, soort=soort,
                                       custom=custom, moment=nu)
    schrijf_audit(session=session, wie=door, wat="ondernemer_geinformeerd", zaak=zaak, belofte=belofte,
                  moment=nu, details={"kanaal": bericht.kanaal, "bericht_id": bericht.id, "soort": soort})
    return bericht


def _aantal_audit(*, session: Session, wat: str, zaak: Zaak | None = None, belofte: Belofte | None = None) -> int:
    voorwaarde = AuditRegel.belofte_id == belofte.id if belofte is not None else AuditRegel.zaak_id == zaak.id
    return session.execute(select(func.count(AuditRegel.id)).where(voorwaarde, AuditRegel.wat == wat)).scalar_one()


def _moet_open_zijn(belofte: Belofte) -> None:
    if belofte.status != BelofteStatus.OPEN:
        raise BelofteFout(f"Deze belofte is niet meer open (status: {belofte.status.replace('_', ' ')}).")


def _schoon(tekst: str | None) -> str:
    return (tekst or "").strip()


def _tijdstip_in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC (``bot.kern.tijd.utc``); a naive moment is reported as a BelofteFout for the medewerker."""
    try:
        return utc(moment)
    except ValueError as fout:
        raise BelofteFout("Geef een tijdstip met tijdzone.") from fout
