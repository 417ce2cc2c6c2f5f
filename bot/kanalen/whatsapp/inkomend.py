"""An inbound WhatsApp message from its record to its end, each step in a transaction of its own.

Meta does not deliver a message again once it got a 200, so the webhook records every message
before it answers (``registreer``: the row in ``kanaal_verwerkt``, status ``ontvangen``, and the
24-hour window) and answers 500 when it cannot. Then the server that received it claims it
(``neem``) and hands it to Rasa; a message still ``ontvangen`` after ``WACHTTIJD`` (the server
restarted or died) is taken by the worker (bot/kanalen/whatsapp/herstel.py), which has the Rasa
server handle it again through the channel's recovery route. Whoever handles it ends with
``rond_af``: marked ``verwerkt``; for the worker, the answers go into the outbox in the same
transaction, and the outbox deliverer sends them (bot/kanalen/whatsapp/bezorger.py). A failed
attempt is retried after a pause (``mislukt``).

Loads no Rasa and no Sanic: the worker imports this module.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.kanalen.boekhouding import (
    InkomendStatus,
    KanaalVerwerkt,
    markeer_inkomend_mislukt,
    markeer_inkomend_verwerkt,
    neem_inkomend,
    ontvang,
    te_herstellen,
    werk_venster_bij,
)
from bot.kanalen.whatsapp.config import KANAAL
from bot.kanalen.whatsapp.levering import Inkomend
from bot.kern.claims import Herhaling, heeft_claim
from bot.kern.db import transaction
from bot.kern.identiteit import gesprek_id
from bot.uitgaand.service import plaats_bericht

log = logging.getLogger(__name__)

# How long a message may wait before the worker takes it, and how long whoever handles it holds it
# (measured from the claim). Rasa's own conversation lock lasts 60 seconds.
WACHTTIJD = timedelta(minutes=2)
# 1, 2, 4, 8 minutes between attempts; given up after the fifth.
HERHALING = Herhaling(max_pogingen=5, eerste_pauze=timedelta(minutes=1), langste_pauze=timedelta(minutes=30))
ANTWOORD = "antwoord"  # ``soort`` of an answer placed in the outbox


def registreer(engine: Engine, bericht: Inkomend, nu: datetime) -> int | None:
    """Record the message and the window in one transaction; its row id, or None when it was
    recorded before (a redelivery). A database failure is raised: the webhook then answers 500.

    Two replicas recording the same message, or two first messages of one conversation, at the
    same moment: one insert fails, and the second attempt sees the other's row.
    """
    for poging in range(2):
        try:
            with transaction(engine) as session:
                return _registreer(session, bericht, nu)
        except IntegrityError:
            if poging:
                raise
    return None


def _registreer(session: Session, bericht: Inkomend, nu: datetime) -> int | None:
    rij = ontvang(session=session, kanaal=KANAAL, extern_id=bericht.id, kanaal_id=bericht.wa_id, soort=bericht.soort,
                  tekst=bericht.tekst, moment=bericht.moment, wachten_tot=nu + WACHTTIJD)
    if rij is None:
        return None
    werk_venster_bij(session=session, kanaal=KANAAL, kanaal_id=bericht.wa_id, moment=bericht.moment)
    return rij.id


def neem(engine: Engine, rij_id: int, werker: str, nu: datetime) -> bool:
    """Claim the message for ``werker`` for ``WACHTTIJD`` from ``nu`` (committed); False when taken or handled."""
    with transaction(engine) as session:
        return neem_inkomend(session=session, rij_id=rij_id, werker=werker, nu=nu, duur=WACHTTIJD)


def van_werker(engine: Engine, rij_id: int, werker: str, nu: datetime) -> Inkomend | None:
    """The message while ``werker`` holds it and it is still ``ontvangen``; else None."""
    with transaction(engine) as session:
        rij = session.get(KanaalVerwerkt, rij_id)
        if (rij is None or rij.kanaal != KANAAL or rij.status != InkomendStatus.ONTVANGEN
                or not heeft_claim(rij, werker) or rij.claimed_until <= nu):
            return None
        return Inkomend(rij.extern_id, rij.kanaal_id, rij.soort, rij.tekst or "", rij.moment)


def rond_af(engine: Engine, bericht: Inkomend, rij_id: int, nu: datetime,
            antwoorden: Sequence[Mapping[str, Any]] = ()) -> bool:
    """Mark the message handled and place ``antwoorden`` (Rasa's bot messages) in the outbox, in one
    transaction; False, and nothing placed, when someone else marked it first."""
    with transaction(engine) as session:
        if not markeer_inkomend_verwerkt(session=session, rij_id=rij_id):
            return False
        for volgnummer, antwoord in enumerate(antwoorden):
            plaats_antwoord(session, bericht, volgnummer, antwoord, nu)
        return True


def plaats_antwoord(session: Session, bericht: Inkomend, volgnummer: int, antwoord: Mapping[str, Any],
                    nu: datetime) -> None:
    """Queue one answer to ``bericht`` for ``whatsapp:<wa_id>``, once (its key is the message id and number)."""
    tekst = antwoord.get("text") or antwoord.get("image") or ""
    if not tekst and not antwoord.get("buttons") and not antwoord.get("custom"):
        return
    sleutel = f"whatsapp-antwoord:{hashlib.sha256(bericht.id.encode('utf-8')).hexdigest()[:40]}:{volgnummer}"
    plaats_bericht(session=session, sleutel=sleutel, kanaal=KANAAL, ontvanger=gesprek_id(KANAAL, bericht.wa_id),
                   tekst=tekst, soort=ANTWOORD, knoppen=antwoord.get("buttons"), custom=antwoord.get("custom"),
                   moment=nu)


def mislukt(engine: Engine, rij_id: int, werker: str, nu: datetime, fout: str, *, definitief: bool = False) -> None:
    """Record a failed attempt of ``werker``: tried again after a pause (``HERHALING``), or given up."""
    with transaction(engine) as session:
        rij = session.get(KanaalVerwerkt, rij_id)
        if rij is None or rij.status != InkomendStatus.ONTVANGEN or not heeft_claim(rij, werker):
            return
        markeer_inkomend_mislukt(session=session, rij=rij, fout=fout, nu=nu, herhaling=HERHALING,
                                 definitief=definitief)
        if rij.status == InkomendStatus.MISLUKT:
            log.error("WhatsApp-bericht %s opgegeven na %d pogingen: %s", rij.extern_id, rij.pogingen, fout)


def achtergebleven(engine: Engine, nu: datetime, limiet: int = 50) -> list[int]:
    """Ids of the messages nobody handled and nobody holds, past their waiting time, oldest first."""
    with transaction(engine) as session:
        return te_herstellen(session=session, kanaal=KANAAL, nu=nu, limiet=limiet)
