"""Delivering outbox messages on channels that can push (Telegram, WhatsApp, e-mail, the web chat).

Each message is claimed just before it is sent (``claim_bericht``, committed at once so that
other workers and replicas see it; the lease runs from that moment, read from ``klok``), then
sent outside any database transaction, then marked afgeleverd or, after a failed attempt,
retried after a pause (``markeer_mislukt``). So a message is never sent by two deliverers at
once, also in a slow round, and one that failed is retried later, not lost.

Which deliverers exist is up to the caller (the worker, ``bot/worker.py``): this package knows
only the ``Bezorger`` port. The REST channel cannot push: its messages wait until the
entrepreneur's next message (``bot/kanalen/rest.py``). The web chat pushes from inside the
Rasa server, where the socket.io connections are (``bot/kanalen/webchat/``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.engine import Engine

from bot.kern.db import transaction
from bot.uitgaand.models import BerichtStatus, UitgaandBericht
from bot.uitgaand.service import (
    Bericht,
    BezorgFout,
    claim_bericht,
    markeer_afgeleverd,
    markeer_mislukt,
    te_bezorgen,
)

log = logging.getLogger(__name__)

STANDAARD_CLAIM_DUUR = timedelta(minutes=2)


class Bezorger(Protocol):
    """Sends a message on one channel; raises ``BezorgFout`` when it could not."""

    kanaal: str

    def bezorg(self, bericht: Bericht) -> None: ...


def claim_te_bezorgen(
    *,
    engine: Engine,
    kanalen: Collection[str],
    nu: datetime,
    werker: str,
    duur: timedelta = STANDAARD_CLAIM_DUUR,
    ontvangers: Collection[str] | None = None,
    limiet: int = 50,
) -> list[Bericht]:
    """Claim the messages due on ``kanalen`` for ``werker`` and return them (the claims are committed).

    For a caller that sends the whole batch at once (the web chat emits to its sockets); a
    caller that sends one by one claims one by one (``bezorg_wachtende``).
    """
    if not kanalen or (ontvangers is not None and not ontvangers):
        return []
    with transaction(engine) as session:
        ids = te_bezorgen(session=session, kanalen=list(kanalen), nu=nu, limiet=limiet, ontvangers=ontvangers)
        geclaimd = [i for i in ids if claim_bericht(session=session, bericht_id=i, werker=werker, nu=nu, duur=duur)]
        return [Bericht.van(session.get(UitgaandBericht, i, populate_existing=True)) for i in geclaimd]


def claim_een(*, engine: Engine, bericht_id: int, werker: str, nu: datetime, duur: timedelta) -> Bericht | None:
    """Claim one message (committed) and return it, or None when it is taken or no longer waiting."""
    with transaction(engine) as session:
        if not claim_bericht(session=session, bericht_id=bericht_id, werker=werker, nu=nu, duur=duur):
            return None
        return Bericht.van(session.get(UitgaandBericht, bericht_id, populate_existing=True))


def rond_af(*, engine: Engine, bericht_id: int, werker: str, nu: datetime, fout: BezorgFout | None = None) -> None:
    """Record the attempt: afgeleverd without ``fout``, else mislukt (retried later unless definitief)."""
    with transaction(engine) as session:
        bericht = session.get(UitgaandBericht, bericht_id, populate_existing=True)
        if bericht is None or bericht.status != BerichtStatus.WACHTEND:
            return
        if fout is None:
            markeer_afgeleverd(session=session, bericht=bericht, nu=nu)
        elif bericht.claimed_by == werker:
            markeer_mislukt(session=session, bericht=bericht, fout=fout, nu=nu)
            if bericht.status == BerichtStatus.MISLUKT:
                log.error("bericht %s (%s aan %s) opgegeven na %d pogingen: %s", bericht.id, bericht.kanaal,
                          bericht.ontvanger, bericht.pogingen, fout)


def bezorg_wachtende(
    *,
    engine: Engine,
    bezorgers: Mapping[str, Bezorger],
    nu: datetime,
    werker: str,
    klok: Callable[[], datetime] | None = None,
    duur: timedelta = STANDAARD_CLAIM_DUUR,
    limiet: int = 50,
) -> dict[str, int]:
    """Deliver the messages due at ``nu`` on every channel in ``bezorgers``; how many went out and failed.

    ``klok`` is read when each message is claimed and recorded, so that its lease runs from the
    claim, however long the messages before it took (without it, the fixed ``nu``).
    """
    klok = klok or (lambda: nu)
    telling = {"afgeleverd": 0, "mislukt": 0}
    if not bezorgers:
        return telling
    with transaction(engine) as session:
        ids = te_bezorgen(session=session, kanalen=list(bezorgers), nu=nu, limiet=limiet)
    for bericht_id in ids:
        bericht = claim_een(engine=engine, bericht_id=bericht_id, werker=werker, nu=klok(), duur=duur)
        if bericht is None:
            continue  # another worker has it, or delivered it meanwhile
        fout = probeer(bezorgers[bericht.kanaal], bericht)
        rond_af(engine=engine, bericht_id=bericht.id, werker=werker, nu=klok(), fout=fout)
        telling["mislukt" if fout else "afgeleverd"] += 1
    return telling


def probeer(bezorger: Bezorger, bericht: Bericht) -> BezorgFout | None:
    """Send one message; the failure, or None when it went out.

    An unexpected error of a deliverer counts as a failed attempt (retried later), so one bad
    message never stops the delivery of the others.
    """
    try:
        bezorger.bezorg(bericht)
    except BezorgFout as fout:
        log.warning("bericht %s (%s) niet bezorgd: %s", bericht.id, bericht.kanaal, fout)
        return fout
    except Exception as fout:  # noqa: BLE001 - see the docstring
        log.exception("bericht %s (%s): onverwachte fout bij bezorgen", bericht.id, bericht.kanaal)
        return BezorgFout(f"{type(fout).__name__}: {fout}")
    return None
