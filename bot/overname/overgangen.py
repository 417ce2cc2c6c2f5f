"""The ``overname`` row through its states (models.py), each step in the caller's transaction.

Every step that moves a row is one conditional UPDATE or INSERT that also takes (or checks)
the row's claim, so that the console request that starts or ends a takeover and the worker
that finishes a stuck one never both act on the same row. The calls to Rasa between the
steps are made by bot/overname/protocol.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.kern.claims import is_vrij
from bot.kern.teksten import tekst
from bot.medewerkers.models import Medewerker
from bot.overname.models import EindeReden, Overname, OvernameStatus
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht
from bot.zaken.models import Zaak
from bot.zaken.service import schrijf_audit

# How long a console request may hold a row while it talks to Rasa (a few seconds at most);
# after that the worker may take over a row left in ``start`` or ``einde``.
CLAIM_DUUR = timedelta(minutes=2)


class AlOvergenomen(Exception):
    """Another medewerker already has this conversation (``naam`` None: we do not know who)."""

    def __init__(self, naam: str | None) -> None:
        super().__init__(tekst("overname/al_overgenomen.txt", collega=naam))
        self.naam = naam


def sleutel(kanaal: str, gesprek_id: str) -> str:
    """The value of ``actief_gesprek``: one takeover per conversation."""
    return f"{kanaal}:{gesprek_id}"


def actieve_overname(*, session: Session, kanaal: str, gesprek_id: str) -> Overname | None:
    """The takeover that holds this conversation (``start``, ``actief`` or ``einde``), or None."""
    return session.execute(
        select(Overname).where(Overname.actief_gesprek == sleutel(kanaal, gesprek_id))
    ).scalar_one_or_none()


def medewerker_custom(medewerker: Medewerker) -> dict:
    """``custom.medewerker`` of shared/berichten.md."""
    return {"medewerker": {"naam": medewerker.naam, "functie": medewerker.functie}}


def eindtekst(overname: Overname) -> str:
    """What the entrepreneur reads when the takeover ends with ``overname.einde_reden``."""
    return tekst(f"overname/{overname.einde_reden}.txt", medewerker=overname.medewerker)


def begin(*, session: Session, zaak: Zaak, medewerker: Medewerker, houder: str, nu: datetime) -> Overname:
    """Record a new takeover in ``start``, claimed by ``houder``; AlOvergenomen when someone has it."""
    overname = Overname(kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id, actief_gesprek=sleutel(zaak.kanaal, zaak.gesprek_id),
                        zaak_id=zaak.id, medewerker_id=medewerker.id, status=OvernameStatus.START.value,
                        gestart_op=nu, laatste_activiteit_op=nu, claimed_by=houder, claimed_until=nu + CLAIM_DUUR)
    session.add(overname)
    try:
        session.flush()
    except IntegrityError:  # someone was a moment faster, on another server; the caller rolls back
        raise AlOvergenomen(None) from None
    overname.medewerker = medewerker
    return overname


def neem(*, session: Session, overname_id: int, houder: str, nu: datetime, status: OvernameStatus,
         duur: timedelta = CLAIM_DUUR) -> bool:
    """Claim the row for ``houder`` while it is in ``status`` and nobody else holds it; True when taken."""
    return _verander(session, overname_id, nu, (Overname.status == status.value,),
                     claimed_by=houder, claimed_until=nu + duur)


def besluit_einde(*, session: Session, overname_id: int, houder: str, reden: EindeReden, door: str, nu: datetime,
                  alleen_stil_sinds: datetime | None = None) -> bool:
    """``actief`` -> ``einde``, claimed by ``houder``; False when the row is not active or someone holds it.

    ``alleen_stil_sinds``: only when the medewerker did nothing since then (the worker's idle check,
    made again in the same UPDATE, so a message sent meanwhile keeps the takeover).
    """
    voorwaarden = [Overname.status == OvernameStatus.ACTIEF.value]
    if alleen_stil_sinds is not None:
        voorwaarden.append(Overname.laatste_activiteit_op < alleen_stil_sinds)
    return _verander(session, overname_id, nu, tuple(voorwaarden), status=OvernameStatus.EINDE.value,
                     einde_reden=reden.value, beeindigd_door=door, beeindigd_op=nu,
                     claimed_by=houder, claimed_until=nu + CLAIM_DUUR)


def markeer_actief(*, session: Session, overname_id: int, houder: str, nu: datetime) -> UitgaandBericht | None:
    """``start`` -> ``actief`` (the slot is set): the audit row and the entrepreneur's notice, which
    is returned; None when ``houder`` lost the row meanwhile (then the worker is releasing it)."""
    overname = _van_houder(session, overname_id, houder, OvernameStatus.START)
    if overname is None:
        return None
    overname.status, overname.claimed_by, overname.claimed_until = OvernameStatus.ACTIEF.value, None, None
    schrijf_audit(session=session, wie=overname.medewerker.sleutel, wat="gesprek_overgenomen", zaak=overname.zaak,
                  moment=nu, details={"overname_id": overname.id})
    return plaats_notitie(session=session, overname=overname, soort="overname_start", nu=nu,
                          tekst=tekst("overname/start.txt", medewerker=overname.medewerker))


def sluit(*, session: Session, overname_id: int, houder: str, nu: datetime) -> UitgaandBericht | None:
    """``einde`` -> ``voorbij`` (the slot is cleared): the entrepreneur's notice, which is returned,
    and the audit row; None when ``houder`` does not hold the row (anymore)."""
    overname = _van_houder(session, overname_id, houder, OvernameStatus.EINDE)
    if overname is None:
        return None
    reden = overname.einde_reden
    notitie = plaats_notitie(session=session, overname=overname, soort=f"overname_{reden}", tekst=eindtekst(overname),
                             nu=nu, van_medewerker=False)
    _sluit_rij(overname)
    schrijf_audit(session=session, wie=overname.beeindigd_door or "systeem", wat=f"overname_{reden}",
                  zaak=overname.zaak, moment=nu,
                  details={"overname_id": overname.id, "medewerker": overname.medewerker.sleutel})
    return notitie


def markeer_mislukt(*, session: Session, overname_id: int, houder: str, nu: datetime,
                    door: str | None = None) -> Overname | None:
    """``start`` -> ``voorbij`` with reden ``mislukt`` (the slot is cleared, or a newer takeover owns
    it; the entrepreneur was never told). ``door``: write an audit row in that name (the worker
    does; a console request that failed says so to the medewerker instead)."""
    overname = _van_houder(session, overname_id, houder, OvernameStatus.START)
    if overname is None:
        return None
    overname.einde_reden, overname.beeindigd_op, overname.beeindigd_door = EindeReden.MISLUKT.value, nu, door
    _sluit_rij(overname)
    if door is not None:
        schrijf_audit(session=session, wie=door, wat="overname_mislukt", zaak=overname.zaak, moment=nu,
                      details={"overname_id": overname.id, "medewerker": overname.medewerker.sleutel})
    return overname


def geef_gesprek_op(*, session: Session, overname_id: int, houder: str) -> None:
    """A start that could not be undone (Rasa away): let go of the conversation, so that a new
    takeover may start, and of the claim; the row stays ``start`` (its slot unknown) for the worker."""
    session.execute(
        update(Overname).where(Overname.id == overname_id, Overname.claimed_by == houder,
                               Overname.status == OvernameStatus.START.value)
        .values(actief_gesprek=None, claimed_by=None, claimed_until=None).execution_options(synchronize_session=False)
    )


def pak_gesprek_terug(*, session: Session, overname_id: int, houder: str) -> None:
    """Hold the conversation again for a given-up start, while clearing its slot; IntegrityError
    (on flush) when a newer takeover holds it, which then owns the slot."""
    overname = session.get(Overname, overname_id, populate_existing=True)
    if overname.claimed_by == houder and overname.actief_gesprek is None:
        overname.actief_gesprek = sleutel(overname.kanaal, overname.gesprek_id)
        session.flush()


def laat_los(*, session: Session, overname_id: int, houder: str) -> None:
    """Release ``houder``'s claim, e.g. after Rasa failed: the worker (or a retry) goes on from here."""
    session.execute(
        update(Overname).where(Overname.id == overname_id, Overname.claimed_by == houder)
        .values(claimed_by=None, claimed_until=None).execution_options(synchronize_session=False)
    )


def plaats_notitie(*, session: Session, overname: Overname, soort: str, tekst: str, nu: datetime,
                   van_medewerker: bool = True) -> UitgaandBericht:
    """A takeover notice to the entrepreneur (outbox), once per takeover and kind.

    ``van_medewerker`` False: the assistant speaks (the end notices: the medewerker has left, so the
    channel must not sign the notice with their name, and the transcript shows it as the assistant's).
    """
    return plaats_bericht(
        session=session, sleutel=f"overname:{overname.id}:{soort}", kanaal=overname.kanaal,
        ontvanger=overname.gesprek_id, tekst=tekst, soort=soort, zaak=overname.zaak,
        custom=medewerker_custom(overname.medewerker) if van_medewerker else {}, moment=nu,
    )


def _verander(session: Session, overname_id: int, nu: datetime, voorwaarden: tuple, **waarden) -> bool:
    resultaat = session.execute(
        update(Overname).where(Overname.id == overname_id, is_vrij(Overname, nu), *voorwaarden)
        .values(**waarden).execution_options(synchronize_session=False)
    )
    return resultaat.rowcount == 1


def _van_houder(session: Session, overname_id: int, houder: str, status: OvernameStatus) -> Overname | None:
    overname = session.get(Overname, overname_id, populate_existing=True)
    if overname is None or overname.claimed_by != houder or overname.status != status.value:
        return None
    return overname


def _sluit_rij(overname: Overname) -> None:
    overname.status, overname.actief_gesprek = OvernameStatus.VOORBIJ.value, None
    overname.claimed_by, overname.claimed_until = None, None
