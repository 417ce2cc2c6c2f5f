"""The worker's job for live-chat requests nobody took: recorded once, and the entrepreneur told.

A request (``service.LIVE_VERZOEK``) is offered in the console for ``LIVE_VERZOEK_GELDIG``. When
that passes without a takeover, ``meld_onbeantwoorde`` writes ``chatverzoek_niet_beantwoord`` in
the case's history and places a message on the case's own channel (``teksten/beloften/
chatverzoek_niet_beantwoord.txt``): nobody could chat now, and the promise stands, with the name
and deadline of the case's open promise.

Exactly once, also with several workers: the message and the audit row are written in one
transaction together with the outbox row's unique key ``chatverzoek:<request id>``. That key is
the claim: of two workers at the same moment, the second's insert waits for the first and then
fails on the unique key (PostgreSQL; SQLite has one writer), so its transaction, audit row
included, rolls back; a later worker finds the audit row and skips. A case without a channel
(made through the API) gets only the audit row, checked the same way but without the key.

Only requests that expired in the last ``VENSTER`` are looked at: a worker that was down for
longer does not send an entrepreneur a late "nobody could chat" message.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.overname.service import LIVE_VERZOEK, LIVE_VERZOEK_GELDIG, wachtende_live_chats
from bot.overname.wachtrij import wachtrij
from bot.uitgaand.service import plaats_bericht_voor_zaak
from bot.zaken.models import AuditRegel, BelofteStatus, Zaak, ZaakStatus
from bot.zaken.service import schrijf_audit

log = logging.getLogger(__name__)

NIET_BEANTWOORD = "chatverzoek_niet_beantwoord"
VENSTER = timedelta(hours=1)
SYSTEEM = "systeem"


def meld_onbeantwoorde(*, engine: Engine, nu: datetime, geldig: timedelta = LIVE_VERZOEK_GELDIG) -> int:
    """Record and tell every request that expired unanswered since ``nu - geldig - VENSTER``; how many."""
    with transaction(engine) as session:
        verzoeken = list(session.execute(
            select(AuditRegel.id, AuditRegel.zaak_id).where(
                AuditRegel.wat == LIVE_VERZOEK, AuditRegel.zaak_id.is_not(None),
                AuditRegel.op < nu - geldig, AuditRegel.op >= nu - geldig - VENSTER)
            .order_by(AuditRegel.op, AuditRegel.id)))
    gemeld = 0
    for verzoek_id, zaak_id in verzoeken:
        try:
            with transaction(engine) as session:
                gemeld += meld_een(session=session, verzoek_id=verzoek_id, zaak_id=zaak_id, nu=nu, geldig=geldig)
        except IntegrityError:  # another worker wrote it a moment earlier: its row stands, this one rolled back
            log.info("chatverzoek %s: al gemeld door een andere werker", verzoek_id)
        except Exception:  # the database away: the next round tries again
            log.exception("chatverzoek %s niet gemeld", verzoek_id)
    return gemeld


def meld_een(*, session: Session, verzoek_id: int, zaak_id: int, nu: datetime,
             geldig: timedelta = LIVE_VERZOEK_GELDIG) -> int:
    """Record one expired request and tell the entrepreneur, when it is still unanswered and unrecorded; 1 or 0."""
    verzoek = session.get(AuditRegel, verzoek_id)
    zaak = session.get(Zaak, zaak_id)
    if verzoek is None or zaak is None or zaak.status == ZaakStatus.AFGEROND:
        return 0
    if _later(session, zaak_id, verzoek, LIVE_VERZOEK) or _later(session, zaak_id, verzoek, NIET_BEANTWOORD):
        return 0  # a newer request takes its place, or this one is recorded already
    # the request as the console saw it at its last valid moment: still waiting then means nobody took it
    laatst = verzoek.op + geldig - timedelta(microseconds=1)
    if not wachtende_live_chats(session=session, zaak_ids=[zaak_id], nu=laatst):
        return 0
    [chat] = wachtrij(session=session, zaak_ids=[zaak_id], nu=laatst)
    belofte = next((b for b in reversed(zaak.beloften) if b.status == BelofteStatus.OPEN), None)
    if zaak.kanaal and zaak.gesprek_id:  # first the claim: the insert of the unique key, flushed at once
        plaats_bericht_voor_zaak(
            session=session, zaak=zaak, sleutel=f"chatverzoek:{verzoek_id}", soort=NIET_BEANTWOORD, alleen_nieuw=True,
            tekst=tekst("beloften/chatverzoek_niet_beantwoord.txt", zaak=zaak, belofte=belofte,
                        medewerker=belofte.medewerker if belofte else zaak.medewerker), moment=nu)
    schrijf_audit(session=session, wie=SYSTEEM, wat=NIET_BEANTWOORD, zaak=zaak, belofte=belofte, moment=nu,
                  details={"gevraagd_op": verzoek.op.isoformat(), "gevraagd_aan": chat.voor.sleutel})
    return 1


def _later(session: Session, zaak_id: int, verzoek: AuditRegel, wat: str) -> bool:
    return session.execute(
        select(func.count(AuditRegel.id)).where(
            AuditRegel.zaak_id == zaak_id, AuditRegel.wat == wat, AuditRegel.id != verzoek.id,
            AuditRegel.op >= verzoek.op)
    ).scalar_one() > 0
