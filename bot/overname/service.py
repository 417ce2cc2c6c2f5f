"""Taking over a conversation, talking in it, and handing it back.

Two places hold a takeover, on purpose:

* the ``overname`` row (application database): who has the conversation, since when, last
  activity; its unique ``actief_gesprek`` lets only one medewerker in at a time;
* the slot ``overgenomen_door`` in the conversation's tracker (Rasa, through its HTTP API):
  it keeps the bot silent in every replica (``OvernamePolicy``).

``start_overname`` and ``beeindig_overname`` change both: the row in the caller's transaction,
then the slot; when Rasa refuses, the exception rolls the caller's transaction back, so the
two never disagree for long. Messages to the entrepreneur go through the outbox (delivered on
their own channel) and are written into the transcript with ``custom.medewerker``.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.accounts.models import Account, ConsoleSessie
from bot.kern.tijd import AMSTERDAM
from bot.kern.werktijden import is_werkdag
from bot.medewerkers.models import Medewerker, afwezigheden_van, werktijden_van
from bot.overname.models import Overname
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht
from bot.zaken.models import AuditRegel, Zaak
from bot.zaken.service import schrijf_audit

log = logging.getLogger(__name__)


class AlOvergenomen(Exception):
    """Another medewerker already has this conversation."""

    def __init__(self, naam: str) -> None:
        super().__init__(f"{naam} heeft dit gesprek al overgenomen.")
        self.naam = naam


class GesprekApi(Protocol):
    """The part of ``bot.integraties.rasa_api.RasaApi`` used here (a fake in tests)."""

    def zet_overname(self, gesprek_id: str, naam: str | None) -> None: ...

    def voeg_medewerkerbericht_toe(self, gesprek_id: str, tekst: str, custom: dict) -> None: ...


def medewerker_custom(medewerker: Medewerker) -> dict:
    """``custom.medewerker`` of shared/berichten.md."""
    return {"medewerker": {"naam": medewerker.naam, "functie": medewerker.functie}}


def actieve_overname(*, session: Session, kanaal: str, gesprek_id: str) -> Overname | None:
    return session.execute(
        select(Overname).where(Overname.actief_gesprek == _sleutel(kanaal, gesprek_id))
    ).scalar_one_or_none()


def start_overname(
    *, session: Session, rasa: GesprekApi, zaak: Zaak, medewerker: Medewerker, nu: datetime
) -> Overname:
    """``medewerker`` joins the case's conversation; the entrepreneur is told by name.

    Raises AlOvergenomen when someone else has it (the same medewerker gets their takeover back).
    """
    bestaand = actieve_overname(session=session, kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id)
    if bestaand is not None:
        if bestaand.medewerker_id == medewerker.id:
            return bestaand
        raise AlOvergenomen(bestaand.medewerker.naam)
    overname = Overname(kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id, actief_gesprek=_sleutel(zaak.kanaal, zaak.gesprek_id),
                        zaak_id=zaak.id, medewerker_id=medewerker.id, gestart_op=nu, laatste_activiteit_op=nu)
    session.add(overname)
    try:
        session.flush()
    except IntegrityError:  # someone was a moment faster, on another server; the caller rolls back
        raise AlOvergenomen("Een collega") from None
    overname.medewerker = medewerker
    schrijf_audit(session=session, wie=medewerker.sleutel, wat="gesprek_overgenomen", zaak=zaak, moment=nu,
                  details={"overname_id": overname.id})
    rasa.zet_overname(zaak.gesprek_id, medewerker.naam)
    _zeg(session=session, rasa=rasa, overname=overname, soort="overname_start", nu=nu,
         tekst=f"U chat nu met {medewerker.naam}, {medewerker.functie} bij de gemeente.")
    return overname


def stuur_medewerkerbericht(*, session: Session, rasa: GesprekApi, overname: Overname, tekst: str,
                            nu: datetime) -> UitgaandBericht:
    """What the medewerker typed: to the entrepreneur's channel and into the transcript."""
    tekst = tekst.strip()
    if not tekst:
        raise ValueError("Typ eerst een bericht.")
    if overname.beeindigd_op is not None:
        raise ValueError("Dit gesprek is niet meer overgenomen.")
    overname.laatste_activiteit_op = nu
    return _zeg(session=session, rasa=rasa, overname=overname, soort="medewerker", tekst=tekst, nu=nu)


def beeindig_overname(*, session: Session, rasa: GesprekApi, overname: Overname, reden: str, door: str,
                      nu: datetime) -> None:
    """Hand the conversation back to the bot (``reden``: teruggegeven, gesloten or verlopen).

    The bot answers the entrepreneur's next message, not the ones sent during the takeover.
    """
    if overname.beeindigd_op is not None:
        return
    naam = overname.medewerker.naam
    teksten = {
        "teruggegeven": f"{naam} heeft het gesprek teruggegeven aan de digitale assistent. U kunt mij weer iets vragen.",
        "gesloten": f"{naam} heeft uw vraag afgerond. Heeft u nog een vraag? Stel die gerust aan mij.",
        "verlopen": (f"{naam} is niet meer in dit gesprek. U praat weer met de digitale assistent. "
                     f"Wilt u toch een medewerker spreken? Typ dan 'medewerker'."),
    }
    _zeg(session=session, rasa=rasa, overname=overname, soort=f"overname_{reden}", tekst=teksten[reden], nu=nu)
    overname.beeindigd_op, overname.einde_reden, overname.actief_gesprek = nu, reden, None
    schrijf_audit(session=session, wie=door, wat=f"overname_{reden}", zaak=overname.zaak, moment=nu,
                  details={"overname_id": overname.id, "medewerker": overname.medewerker.sleutel})
    rasa.zet_overname(overname.gesprek_id, None)


def verlopen_overnames(*, session: Session, nu: datetime, max_inactief: timedelta) -> list[Overname]:
    """Active takeovers in which the medewerker did nothing for longer than ``max_inactief``."""
    return list(session.execute(
        select(Overname).where(Overname.actief_gesprek.is_not(None),
                               Overname.laatste_activiteit_op < nu - max_inactief)
    ).scalars())


def geef_verlopen_vrij(*, session: Session, rasa: GesprekApi, nu: datetime, max_inactief: timedelta,
                       door: str = "systeem") -> int:
    """Release idle takeovers with a note to the entrepreneur and in the audit trail; how many."""
    verlopen = verlopen_overnames(session=session, nu=nu, max_inactief=max_inactief)
    for overname in verlopen:
        beeindig_overname(session=session, rasa=rasa, overname=overname, reden="verlopen", door=door, nu=nu)
    return len(verlopen)


def _zeg(*, session: Session, rasa: GesprekApi, overname: Overname, soort: str, tekst: str,
         nu: datetime) -> UitgaandBericht:
    custom = medewerker_custom(overname.medewerker)
    bericht = plaats_bericht(
        session=session, sleutel=f"overname:{overname.id}:{uuid.uuid4().hex}", kanaal=overname.kanaal,
        ontvanger=overname.gesprek_id, tekst=tekst, soort=soort, zaak=overname.zaak, custom=custom, moment=nu,
    )
    rasa.voeg_medewerkerbericht_toe(overname.gesprek_id, tekst, custom)
    return bericht


def _sleutel(kanaal: str, gesprek_id: str) -> str:
    return f"{kanaal}:{gesprek_id}"


# --- "nu chatten met een medewerker": a live chat when the person is there ---------------------

LIVE_VERZOEK = "live_chat_gevraagd"
ONLINE_BINNEN = timedelta(minutes=5)
LIVE_VERZOEK_GELDIG = timedelta(minutes=15)


def is_online(*, session: Session, medewerker: Medewerker, nu: datetime, binnen: timedelta = ONLINE_BINNEN) -> bool:
    """The medewerker used the console in the last ``binnen`` (an open console page keeps this fresh)."""
    return session.execute(
        select(ConsoleSessie.id).join(Account, Account.id == ConsoleSessie.account_id)
        .where(Account.medewerker_id == medewerker.id, Account.actief.is_(True),
               ConsoleSessie.laatst_gezien_op >= nu - binnen, ConsoleSessie.verloopt_op > nu)
        .limit(1)
    ).first() is not None


def werkt_nu(medewerker: Medewerker, nu: datetime) -> bool:
    """Inside the medewerker's working hours right now (working day, not a holiday, not absent)."""
    lokaal = nu.astimezone(AMSTERDAM)
    werktijden = werktijden_van(medewerker)
    return (is_werkdag(lokaal.date(), werktijden, afwezigheden_van(medewerker))
            and werktijden.begin <= lokaal.time().replace(tzinfo=None) < werktijden.eind)


def kan_nu_chatten(*, session: Session, zaak: Zaak, nu: datetime) -> bool:
    """Offer a live chat: the case's own medewerker is at work and online, and nobody has the chat yet."""
    return (zaak.status != "afgerond"
            and actieve_overname(session=session, kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id) is None
            and werkt_nu(zaak.medewerker, nu)
            and is_online(session=session, medewerker=zaak.medewerker, nu=nu))


def vraag_live_chat(*, session: Session, zaak: Zaak, nu: datetime) -> None:
    """Record that the entrepreneur waits for a live chat; the console shows it to the medewerker."""
    schrijf_audit(session=session, wie="assistent", wat=LIVE_VERZOEK, zaak=zaak, moment=nu,
                  details={"medewerker": zaak.medewerker.sleutel})


def wachtende_live_chats(*, session: Session, zaak_ids: list[int] | None, nu: datetime,
                         geldig: timedelta = LIVE_VERZOEK_GELDIG) -> list[tuple[Zaak, datetime]]:
    """Cases whose entrepreneur asked for a live chat in the last ``geldig`` and that nobody took
    over since; with the moment of asking, oldest first. ``zaak_ids`` limits to those cases."""
    query = (select(AuditRegel.zaak_id, AuditRegel.op)
             .where(AuditRegel.wat == LIVE_VERZOEK, AuditRegel.op >= nu - geldig, AuditRegel.zaak_id.is_not(None))
             .order_by(AuditRegel.op))
    if zaak_ids is not None:
        query = query.where(AuditRegel.zaak_id.in_(zaak_ids or [-1]))
    laatste: dict[int, datetime] = {rij.zaak_id: rij.op for rij in session.execute(query)}
    wachtend = []
    for zaak_id, gevraagd_op in sorted(laatste.items(), key=lambda paar: paar[1]):
        zaak = session.get(Zaak, zaak_id)
        overgenomen_sinds = session.execute(
            select(Overname.id).where(Overname.zaak_id == zaak_id, Overname.gestart_op >= gevraagd_op).limit(1)
        ).first()
        if zaak is not None and zaak.status != "afgerond" and overgenomen_sinds is None:
            wachtend.append((zaak, gevraagd_op))
    return wachtend
