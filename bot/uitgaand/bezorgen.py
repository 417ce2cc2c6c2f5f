"""Delivering outbox messages on channels that can push (Telegram, WhatsApp, the web chat).

Each message is first claimed (``claim_bericht``, committed at once so that other workers and
replicas see it), then sent outside any database transaction, then marked afgeleverd or, after
a failed attempt, mislukt with a pause before the next try (``markeer_mislukt``). So a message
is never sent by two deliverers at once, and one that failed is retried later, not lost.

The REST channel cannot push: its messages wait until the entrepreneur's next message
(``bot/kanalen/rest.py``). The web chat pushes from inside the Rasa server, where the
socket.io connections are (``bot/kanalen/webchat.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.engine import Engine

from bot.kern.db import transaction
from bot.uitgaand.models import UitgaandBericht
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


def bezorgers_uit_omgeving() -> dict[str, Bezorger]:
    """The push deliverers of the follow-up worker, by ``kanaal``.

    One line per channel; a deliverer's ``uit_omgeving`` may return None when its channel is
    not configured, e.g. ``TelegramBezorger.uit_omgeving(),``. Messages for a channel without a
    deliverer stay waiting.
    """
    # imported here, so that modules importing this one do not load Rasa and Sanic
    from bot.kanalen.telegram import TelegramBezorger
    from bot.kanalen.whatsapp import WhatsAppBezorger

    bezorgers: list[Bezorger | None] = [
        TelegramBezorger.uit_omgeving(),
        WhatsAppBezorger.uit_omgeving(),
    ]
    return {bezorger.kanaal: bezorger for bezorger in bezorgers if bezorger is not None}


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
    """Claim the messages due on ``kanalen`` for ``werker`` and return them (the claims are committed)."""
    if not kanalen or (ontvangers is not None and not ontvangers):
        return []
    with transaction(engine) as session:
        ids = te_bezorgen(session=session, kanalen=list(kanalen), nu=nu, limiet=limiet, ontvangers=ontvangers)
        geclaimd = [i for i in ids if claim_bericht(session=session, bericht_id=i, werker=werker, nu=nu, duur=duur)]
        return [Bericht.van(session.get(UitgaandBericht, i, populate_existing=True)) for i in geclaimd]


def rond_af(*, engine: Engine, bericht_id: int, werker: str, nu: datetime, fout: BezorgFout | None = None) -> None:
    """Record the attempt: afgeleverd without ``fout``, else mislukt (retried later unless definitief)."""
    with transaction(engine) as session:
        bericht = session.get(UitgaandBericht, bericht_id, populate_existing=True)
        if bericht is None or bericht.status != "wachtend":
            return
        if fout is None:
            markeer_afgeleverd(session=session, bericht=bericht, nu=nu)
        elif bericht.claimed_by == werker:
            markeer_mislukt(session=session, bericht=bericht, fout=fout, nu=nu)


def bezorg_wachtende(
    *,
    engine: Engine,
    bezorgers: Mapping[str, Bezorger],
    nu: datetime,
    werker: str,
    duur: timedelta = STANDAARD_CLAIM_DUUR,
) -> dict[str, int]:
    """Deliver the due messages of every channel in ``bezorgers``; how many went out and how many failed."""
    telling = {"afgeleverd": 0, "mislukt": 0}
    for bericht in claim_te_bezorgen(engine=engine, kanalen=list(bezorgers), nu=nu, werker=werker, duur=duur):
        fout = probeer(bezorgers[bericht.kanaal], bericht)
        rond_af(engine=engine, bericht_id=bericht.id, werker=werker, nu=nu, fout=fout)
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
