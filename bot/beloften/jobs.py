"""Keeping promises: remind the medewerker before the deadline, escalate after it (a worker job).

``verwerk_beloften`` runs in every round of the follow-up worker (``bot/worker.py``). It looks
at the open promises (table ``belofte``); each is handled on its own:

* reminder: no reminder sent yet and ``herinneringsmoment <= nu < deadline`` (the service
  norm's ``herinnering_uren_voor`` working hours before the deadline): one e-mail to the
  medewerker. The moment is computed on the medewerker's calendar the first time the worker sees
  the promise and kept in ``herinner_op``, so that each round selects only the promises that are
  due, with an index, however many are open (``docs/productie.md``, "Scale of the data"). A
  calendar changed later can only delay the reminder to the moment planned first: the worker
  checks again on the live calendar when that moment comes, and plans anew if it is not due yet;
* escalation: ``nu >= deadline``: the promise becomes ``te_laat``, one e-mail goes to someone
  above the medewerker who missed it (``bot/beloften/escalatie.py``: the team lead of the case's
  team, or who is above that lead when the lead missed it, is away or there is none; copy to
  the medewerker), a new open promise for the same medewerker is recorded with a deadline per
  the service norm counted from ``nu`` (rounded up as configured), and a message to the
  entrepreneur (apology, who now watches the case, the new promise) is placed for the channel
  and conversation the case came from (``escalatie:belofte:<id>``).

Never twice: a promise is first claimed (``bot.kern.claims``: one conditional UPDATE,
committed at once so that other workers see it, its lease measured from the claim); the step
is then done in one transaction that re-reads the promise, checks again that it is still due,
records it, places its e-mail and message in the outbox and releases the claim. Nothing is
sent here: the outbox delivers after the commit (``bot.uitgaand.jobs``), so a step that does
not commit sends nothing, and a failed e-mail is retried by the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from bot.beloften.berichten import belofte_zin, leesbaar_moment, overdracht_payload
from bot.beloften.escalatie import Escalatie, escalatie_voor
from bot.beloften.normen import Servicenorm, deadline_volgens_norm, servicenormen
from bot.kern.claims import claim, geef_vrij, heeft_claim
from bot.kern.db import Tekstwaarde, transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import lokale_datum
from bot.kern.werktijden import deadline_na_werkuren
from bot.medewerkers.directory import boven_teamleider_van, teamleider_van
from bot.medewerkers.models import Medewerker, afwezigheden_van, werktijden_van
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht_voor_zaak, plaats_email
from bot.zaken.models import AuditRegel, Belofte, BelofteStatus, Zaak
from bot.zaken.service import maak_belofte, schrijf_audit

log = logging.getLogger(__name__)

STANDAARD_CLAIM_DUUR = timedelta(minutes=5)
PLAN_PER_KEER = 500


class Stap(Tekstwaarde):
    """What is due for an open promise."""

    HERINNERING = "herinnering"
    ESCALATIE = "escalatie"


HERINNERING, ESCALATIE = Stap.HERINNERING, Stap.ESCALATIE


# --- when --------------------------------------------------------------------------------------


def norm_van(belofte: Belofte) -> Servicenorm:
    return servicenormen()[belofte.actie]


def herinneringsmoment(belofte: Belofte, medewerker: Medewerker) -> datetime:
    """The moment to remind: ``herinnering_uren_voor`` working hours before the norm (the urgent
    norm for an urgent case) runs out."""
    norm = norm_van(belofte)
    return deadline_na_werkuren(
        belofte.aangemaakt_op,
        norm.werkuren_voor(urgent=bool(belofte.zaak.urgent)) - norm.herinnering_uren_voor,
        werktijden_van(medewerker),
        afwezigheden_van(medewerker),
    )


def plan_herinnering(belofte: Belofte) -> None:
    """Keep the reminder moment of a promise not reminded yet, so that the rounds pass it by until then.
    (Two workers may write the same value at once: harmless, so no claim is needed for it.)"""
    if belofte.status == BelofteStatus.OPEN and belofte.herinneringen_verstuurd == 0:
        belofte.herinner_op = herinneringsmoment(belofte, belofte.medewerker)


def stap_voor(belofte: Belofte, nu: datetime) -> Stap | None:
    """What is due for ``belofte`` at ``nu``: ESCALATIE, HERINNERING or None."""
    if belofte.status != BelofteStatus.OPEN:
        return None
    if nu >= belofte.deadline:
        return ESCALATIE
    if belofte.herinneringen_verstuurd == 0 and nu >= herinneringsmoment(belofte, belofte.medewerker):
        return HERINNERING
    return None


def claim_belofte(*, session: Session, belofte_id: int, werker: str, nu: datetime, duur: timedelta) -> bool:
    """Claim an open promise for ``werker`` until ``nu + duur``; True when this worker has it."""
    return claim(session=session, model=Belofte, rij_id=belofte_id, werker=werker, nu=nu, duur=duur,
                 voorwaarden=(Belofte.status == BelofteStatus.OPEN,))


# --- the job -----------------------------------------------------------------------------------


def verwerk_beloften(
    *,
    engine: Engine,
    nu: datetime,
    werker: str,
    klok: Callable[[], datetime] | None = None,
    claim_duur: timedelta = STANDAARD_CLAIM_DUUR,
) -> dict[str, int]:
    """Do the reminders and escalations due at ``nu``; return how many of each were recorded.

    ``klok`` is read when each promise is claimed, so that the lease runs from the claim
    (without it, the fixed ``nu``).
    """
    klok = klok or (lambda: nu)
    telling = {"herinneringen": 0, "escalaties": 0}
    plan_herinneringen(engine=engine)
    for belofte_id in kandidaten(engine=engine, nu=nu):
        stap = verwerk_belofte(engine=engine, belofte_id=belofte_id, nu=nu, werker=werker, klok=klok,
                               claim_duur=claim_duur)
        if stap == HERINNERING:
            telling["herinneringen"] += 1
        elif stap == ESCALATIE:
            telling["escalaties"] += 1
    return telling


def kandidaten(*, engine: Engine, nu: datetime) -> list[int]:
    """Ids of open promises that need a step: past the deadline, or not reminded yet and the planned
    reminder moment passed (``plan_herinneringen`` plans it first)."""
    with transaction(engine) as session:
        return list(session.execute(selectie(nu)).scalars())


def selectie(nu: datetime) -> Select:
    """The sweep's query: two index ranges, (status, deadline) and (status, herinner_op)."""
    herinnering_mogelijk = and_(Belofte.herinneringen_verstuurd == 0, Belofte.herinner_op <= nu)
    return (select(Belofte.id)
            .where(Belofte.status == BelofteStatus.OPEN, or_(Belofte.deadline <= nu, herinnering_mogelijk))
            .order_by(Belofte.deadline, Belofte.id))


def plan_herinneringen(*, engine: Engine, per_keer: int = PLAN_PER_KEER) -> int:
    """Plan the reminder of every open promise not planned yet (new, reassigned, postponed), a batch per
    transaction; how many were planned. Usually a few per round; after the upgrade that added
    ``herinner_op``, all open promises once."""
    gepland = 0
    while True:
        with transaction(engine) as session:
            batch = list(session.execute(
                select(Belofte)
                .where(Belofte.status == BelofteStatus.OPEN, Belofte.herinneringen_verstuurd == 0,
                       Belofte.herinner_op.is_(None))
                .options(selectinload(Belofte.medewerker).selectinload(Medewerker.afwezigheden),
                         selectinload(Belofte.zaak))
                .order_by(Belofte.id).limit(per_keer)
            ).scalars())
            for belofte in batch:
                plan_herinnering(belofte)
        gepland += len(batch)
        if len(batch) < per_keer:
            return gepland


def verwerk_belofte(
    *, engine: Engine, belofte_id: int, nu: datetime, werker: str, klok: Callable[[], datetime],
    claim_duur: timedelta,
) -> Stap | None:
    """Do the step due for one promise; the step done or None.

    When the database fails on the way (the step's commit, say), nothing of the step is kept
    and nothing was sent: the claim is released and the next round tries again.
    """
    with transaction(engine) as session:
        belofte = session.get(Belofte, belofte_id)
        if belofte is None:
            return None
        if stap_voor(belofte, nu) is None:
            plan_herinnering(belofte)  # the calendar moved the moment later since it was planned
            return None
    with transaction(engine) as session:
        if not claim_belofte(session=session, belofte_id=belofte_id, werker=werker, nu=klok(), duur=claim_duur):
            return None
    try:
        with transaction(engine) as session:
            return voer_stap_uit(session=session, belofte_id=belofte_id, nu=nu, werker=werker)
    except SQLAlchemyError:
        log.exception("belofte %s: stap niet vastgelegd, volgende ronde opnieuw", belofte_id)
        _geef_vrij_als_het_kan(engine=engine, belofte_id=belofte_id, werker=werker)
        return None


def _geef_vrij_als_het_kan(*, engine: Engine, belofte_id: int, werker: str) -> None:
    """Release the claim; if the database is still failing, the lease simply expires."""
    try:
        with transaction(engine) as session:
            geef_vrij(session=session, model=Belofte, rij_id=belofte_id, werker=werker)
    except SQLAlchemyError:
        log.warning("belofte %s: claim niet vrijgegeven, verloopt vanzelf", belofte_id)


def voer_stap_uit(*, session: Session, belofte_id: int, nu: datetime, werker: str) -> Stap | None:
    """In the caller's transaction: check again, record the step with its outbox rows, release."""
    belofte = session.get(Belofte, belofte_id, populate_existing=True)
    stap = stap_voor(belofte, nu) if heeft_claim(belofte, werker) else None
    if stap == HERINNERING:
        herinner(session=session, belofte=belofte, nu=nu, werker=werker)
    elif stap == ESCALATIE:
        escaleer(session=session, belofte=belofte, nu=nu, werker=werker)
    geef_vrij(session=session, model=Belofte, rij_id=belofte_id, werker=werker)
    return stap


# --- reminder ----------------------------------------------------------------------------------


def herinner(*, session: Session, belofte: Belofte, nu: datetime, werker: str) -> UitgaandBericht:
    """Record the reminder and place its e-mail to the medewerker (caller's transaction)."""
    zaak, medewerker = belofte.zaak, belofte.medewerker
    volgnummer = _aantal_herinneringen(session=session, belofte=belofte) + 1  # again after a reschedule
    belofte.herinneringen_verstuurd += 1
    belofte.laatste_herinnering_op = nu
    belofte.bijgewerkt_op = nu
    schrijf_audit(
        session=session, wie=werker, wat="herinnering_verstuurd", belofte=belofte, moment=nu,
        details={"aan": medewerker.email, "deadline": belofte.deadline.isoformat()},
    )
    moment = leesbaar_moment(belofte.deadline, medewerker=medewerker)
    return plaats_email(
        session=session, sleutel=f"herinnering:belofte:{belofte.id}:{volgnummer}", aan=medewerker.email,
        onderwerp=tekst("email/herinnering_onderwerp.txt", zaak=zaak, moment=moment),
        tekst=tekst("email/herinnering.txt", medewerker=medewerker, zaak=zaak, belofte=belofte, moment=moment,
                    norm=norm_van(belofte)) + "\n",
        soort="herinnering", moment=nu,
    )


def _aantal_herinneringen(*, session: Session, belofte: Belofte) -> int:
    return session.execute(
        select(func.count(AuditRegel.id))
        .where(AuditRegel.belofte_id == belofte.id, AuditRegel.wat == "herinnering_verstuurd")
    ).scalar_one()


# --- escalation --------------------------------------------------------------------------------


def escaleer(*, session: Session, belofte: Belofte, nu: datetime, werker: str) -> UitgaandBericht:
    """Mark the promise te_laat, record a new promise, tell the entrepreneur, audit it; place the e-mail."""
    zaak, medewerker = belofte.zaak, belofte.medewerker
    escalatie = escalatie_van_zaak(session=session, zaak=zaak, verantwoordelijk=medewerker, nu=nu)
    belofte.status = BelofteStatus.TE_LAAT
    belofte.escalaties_verstuurd += 1
    belofte.laatste_escalatie_op = nu
    belofte.bijgewerkt_op = nu
    schrijf_audit(
        session=session, wie=werker, wat="belofte_te_laat", belofte=belofte, moment=nu,
        details={"deadline": belofte.deadline.isoformat(), "status": BelofteStatus.TE_LAAT.value},
    )
    nieuwe = nieuwe_belofte(session=session, oud=belofte, nu=nu, werker=werker)
    schrijf_audit(
        session=session, wie=werker, wat="escalatie_verstuurd", belofte=belofte, moment=nu,
        details={"aan": escalatie.aan.email, "ontvanger": escalatie.aan.sleutel, "reden": escalatie.reden.value,
                 "teamleider": escalatie.teamleider.sleutel if escalatie.teamleider else None,
                 "kijkt_mee": escalatie.kijkt_mee.sleutel if escalatie.kijkt_mee else None,
                 "nieuwe_belofte_id": nieuwe.id},
    )
    bericht = informeer_ondernemer(session=session, oud=belofte, nieuwe=nieuwe, kijkt_mee=escalatie.kijkt_mee, nu=nu)
    if bericht is not None:
        schrijf_audit(
            session=session, wie=werker, wat="ondernemer_geinformeerd", belofte=belofte, moment=nu,
            details={"kanaal": bericht.kanaal, "bericht_id": bericht.id, "nieuwe_belofte_id": nieuwe.id},
        )
    return plaats_email(
        session=session, sleutel=f"escalatie-email:belofte:{belofte.id}", aan=escalatie.aan.email,
        onderwerp=tekst("email/escalatie_onderwerp.txt", zaak=zaak),
        tekst=tekst("email/escalatie.txt", escalatie=escalatie, zaak=zaak, medewerker=medewerker, oud=belofte,
                    nieuwe=nieuwe, moment=leesbaar_moment(belofte.deadline, medewerker=medewerker),
                    kanaal=bericht.kanaal if bericht is not None else None) + "\n",
        cc=tuple(wie.email for wie in escalatie.cc),
        soort="escalatie", moment=nu,
    )


def escalatie_van_zaak(*, session: Session, zaak: Zaak, verantwoordelijk: Medewerker, nu: datetime) -> Escalatie:
    """Where the escalation of ``verantwoordelijk``'s missed promise on ``zaak`` goes (bot/beloften/escalatie.py)."""
    team = zaak.team  # the team the case got when it was made, not its article's team today
    return escalatie_voor(
        verantwoordelijk=verantwoordelijk,
        teamleider=teamleider_van(session=session, team=team) if team else None,
        boven=boven_teamleider_van(session=session, team=team) if team else None,
        dag=lokale_datum(nu),
    )


def nieuwe_belofte(*, session: Session, oud: Belofte, nu: datetime, werker: str) -> Belofte:
    """A new open promise for the same medewerker and action, its deadline per the norm from ``nu``
    (the urgent norm for an urgent case)."""
    medewerker = oud.medewerker
    deadline = deadline_volgens_norm(nu, actie=oud.actie, medewerker=medewerker, urgent=bool(oud.zaak.urgent))
    zin = belofte_zin(medewerker=medewerker, actie=oud.actie, deadline=deadline, zaaknummer=oud.zaak.nummer)
    return maak_belofte(session=session, zaak=oud.zaak, medewerker=medewerker, actie=oud.actie, deadline=deadline,
                        zin=zin, door=werker, moment=nu)


def informeer_ondernemer(
    *, session: Session, oud: Belofte, nieuwe: Belofte, kijkt_mee: Medewerker | None, nu: datetime
) -> UitgaandBericht | None:
    """Queue the message to the entrepreneur about the missed promise, on the case's own channel.

    Only for a case that came from a conversation (a case exists only with the entrepreneur's
    consent). Placed once per missed promise (``sleutel``), in the caller's transaction. Plain
    Dutch (B1): sorry, who now watches the case (``kijkt_mee``; none in the fallback), what happens
    now (``teksten/beloften/escalatie.txt``).
    """
    zaak = oud.zaak
    if not zaak.kanaal or not zaak.gesprek_id:
        return None
    payload = overdracht_payload(zaak=zaak, medewerker=nieuwe.medewerker, actie=nieuwe.actie, deadline=nieuwe.deadline,
                                 zin=nieuwe.zin)
    return plaats_bericht_voor_zaak(
        session=session, zaak=zaak, sleutel=f"escalatie:belofte:{oud.id}",
        tekst=tekst("beloften/escalatie.txt", medewerker=oud.medewerker, zaak=zaak, kijkt_mee=kijkt_mee,
                    nieuwe=nieuwe),
        soort="escalatie", custom={"overdracht": payload}, moment=nu,
    )
