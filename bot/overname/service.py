"""Taking over a conversation, talking in it, and handing it back.

Two places hold a takeover, on purpose:

* the ``overname`` row (application database): who has the conversation, since when, last
  activity; its unique ``actief_gesprek`` lets only one medewerker in at a time;
* the slot ``overgenomen_door`` in the conversation's tracker (Rasa, through its HTTP API):
  it keeps the bot silent in every replica (``OvernamePolicy``).

``start_overname`` and ``beeindig_overname`` change the row in the caller's transaction and
the slot right after its commit, in the order of bot/overname/protocol.py, so that whatever
fails the two agree (or the worker, bot/overname/jobs.py, makes them agree). Messages to the
entrepreneur go through the outbox (delivered on their own channel) and are written into the
transcript with ``custom.medewerker``.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.accounts.models import Account, ConsoleSessie
from bot.kern.claims import is_vrij
from bot.kern.teksten import tekst as tekst_van
from bot.kern.tijd import AMSTERDAM
from bot.kern.werktijden import is_werkdag
from bot.medewerkers.models import Medewerker, afwezigheden_van, werktijden_van
from bot.overname import overgangen
from bot.overname.models import EindeReden, Overname, OvernameStatus
from bot.overname.overgangen import AlOvergenomen, actieve_overname, medewerker_custom
from bot.overname.protocol import GesprekApi, maak_actief, na_commit, nieuwe_houder, rond_af
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht
from bot.zaken.models import AuditRegel, Zaak
from bot.zaken.service import schrijf_audit

log = logging.getLogger(__name__)


def start_overname(
    *, session: Session, rasa: GesprekApi, zaak: Zaak, medewerker: Medewerker, nu: datetime
) -> Overname:
    """``medewerker`` joins the case's conversation; the entrepreneur is told by name.

    The row is recorded in the caller's transaction (``start``); right after its commit the
    slot is set and the takeover becomes ``actief``. When that fails, it is undone and the
    failure comes out of the caller's commit. Raises AlOvergenomen when someone else has the
    conversation (the same medewerker gets their takeover back).
    """
    bestaand = actieve_overname(session=session, kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id)
    if bestaand is not None:
        return _neem_terug(session=session, rasa=rasa, bestaand=bestaand, medewerker=medewerker, nu=nu)
    houder = nieuwe_houder()
    overname = overgangen.begin(session=session, zaak=zaak, medewerker=medewerker, houder=houder, nu=nu)
    _na_commit_actief(session=session, rasa=rasa, overname=overname, houder=houder, nu=nu)
    return overname


def _neem_terug(*, session: Session, rasa: GesprekApi, bestaand: Overname, medewerker: Medewerker,
                nu: datetime) -> Overname:
    """The same medewerker asks again: their active takeover, or their start that got stuck, again."""
    if bestaand.medewerker_id != medewerker.id:
        raise AlOvergenomen(bestaand.medewerker.naam)
    if bestaand.status == OvernameStatus.ACTIEF.value:
        return bestaand
    houder = nieuwe_houder()
    if bestaand.status == OvernameStatus.START.value and overgangen.neem(
            session=session, overname_id=bestaand.id, houder=houder, nu=nu, status=OvernameStatus.START):
        _na_commit_actief(session=session, rasa=rasa, overname=bestaand, houder=houder, nu=nu)
        return bestaand
    raise AlOvergenomen(bestaand.medewerker.naam)  # being started or handed back by someone else right now


def _na_commit_actief(*, session: Session, rasa: GesprekApi, overname: Overname, houder: str, nu: datetime) -> None:
    na_commit(session, partial(maak_actief, engine=session.get_bind(), rasa=rasa, overname_id=overname.id,
                               houder=houder, nu=nu))


def stuur_medewerkerbericht(*, session: Session, rasa: GesprekApi, overname: Overname, tekst: str,
                            nu: datetime) -> UitgaandBericht:
    """What the medewerker typed: to the entrepreneur's channel and into the transcript."""
    tekst = tekst.strip()
    if not tekst:
        raise ValueError(tekst_van("overname/leeg_bericht.txt"))
    nog_actief = session.execute(
        update(Overname).where(Overname.id == overname.id, Overname.status == OvernameStatus.ACTIEF.value)
        .values(laatste_activiteit_op=nu, medewerker_typt_tot=None)  # the message ends "typt…"
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not nog_actief:  # handed back, released by the worker, or not started yet
        raise ValueError(tekst_van("overname/niet_overgenomen.txt"))
    custom = medewerker_custom(overname.medewerker)
    bericht = plaats_bericht(
        session=session, sleutel=f"overname:{overname.id}:{uuid.uuid4().hex}", kanaal=overname.kanaal,
        ontvanger=overname.gesprek_id, tekst=tekst, soort="medewerker", zaak=overname.zaak, custom=custom, moment=nu,
    )
    rasa.voeg_medewerkerbericht_toe(overname.gesprek_id, tekst, custom)
    return bericht


def beeindig_overname(*, session: Session, rasa: GesprekApi, overname: Overname, reden: str, door: str,
                      nu: datetime) -> None:
    """Hand the conversation back to the bot (``reden``: teruggegeven, gesloten or verlopen).

    Decided in the caller's transaction (``einde``); right after its commit the slot is cleared,
    the entrepreneur told and the row closed. When Rasa cannot be reached then, the worker does
    it later (logged, not raised): handing back always completes. The bot answers the
    entrepreneur's next message, not the ones sent during the takeover.
    """
    houder = nieuwe_houder()
    if overname.status == OvernameStatus.EINDE.value:  # decided before, not finished: try again
        genomen = overgangen.neem(session=session, overname_id=overname.id, houder=houder, nu=nu,
                                  status=OvernameStatus.EINDE)
    else:
        genomen = overgangen.besluit_einde(session=session, overname_id=overname.id, houder=houder,
                                           reden=EindeReden(reden), door=door, nu=nu)
    if not genomen:  # already over, or being ended right now by someone else (the worker)
        return
    session.refresh(overname)
    na_commit(session, partial(rond_af, engine=session.get_bind(), rasa=rasa, overname_id=overname.id,
                               houder=houder, nu=nu))


def neem_over_van(*, session: Session, rasa: GesprekApi, overname: Overname, medewerker: Medewerker, door: str,
                  nu: datetime) -> Overname:
    """A teamleider (or beheerder) steps in: the active takeover passes to ``medewerker`` at once.

    One conditional UPDATE in the caller's transaction (only while the takeover is active, still the
    other's, and nobody holds its claim), so the bot never answers in between. The entrepreneur is
    told who joined; after the commit the slot gets the new name (a record: the bot stays silent
    whatever name it holds, so a failure is logged). ``door`` is who did it, for the history.
    """
    vorige = overname.medewerker
    if vorige.id == medewerker.id:
        return overname
    gelukt = session.execute(
        update(Overname).where(Overname.id == overname.id, Overname.status == OvernameStatus.ACTIEF.value,
                               Overname.medewerker_id == vorige.id, is_vrij(Overname, nu))
        .values(medewerker_id=medewerker.id, laatste_activiteit_op=nu).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not gelukt:
        raise ValueError(tekst_van("overname/niet_overgenomen.txt"))
    session.refresh(overname)
    schrijf_audit(session=session, wie=door, wat=INGEGREPEN, zaak=overname.zaak, moment=nu,
                  details={"van": vorige.sleutel, "medewerker": medewerker.sleutel})
    notitie = plaats_bericht(
        session=session, sleutel=f"overname:{overname.id}:ingegrepen:{uuid.uuid4().hex}", kanaal=overname.kanaal,
        ontvanger=overname.gesprek_id, tekst=tekst_van("overname/start.txt", medewerker=medewerker),
        soort="overname_start", zaak=overname.zaak, custom=medewerker_custom(medewerker), moment=nu)
    na_commit(session, partial(_nieuwe_naam, rasa=rasa, gesprek_id=overname.gesprek_id, naam=medewerker.naam,
                               tekst=notitie.tekst, custom=notitie.custom))
    return overname


INGEGREPEN = "overname_ingegrepen"


def _nieuwe_naam(*, rasa: GesprekApi, gesprek_id: str, naam: str, tekst: str, custom: dict) -> None:
    try:
        rasa.zet_overname(gesprek_id, naam)
        rasa.voeg_medewerkerbericht_toe(gesprek_id, tekst, custom)
    except Exception:
        log.exception("gesprek %s: nieuwe naam van de overname niet in Rasa gezet", gesprek_id)


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
            select(Overname.id).where(Overname.zaak_id == zaak_id, Overname.gestart_op >= gevraagd_op,
                                      Overname.status != OvernameStatus.START.value,
                                      or_(Overname.einde_reden.is_(None), Overname.einde_reden != EindeReden.MISLUKT.value))
            .limit(1)
        ).first()
        if zaak is not None and zaak.status != "afgerond" and overgenomen_sinds is None:
            wachtend.append((zaak, gevraagd_op))
    return wachtend
