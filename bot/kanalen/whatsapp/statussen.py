"""WhatsApp status callbacks fed back to the outbox: a message the Cloud API accepted, but could not deliver.

The Cloud API answers a message with 200 and its wamid, and reports what became of it later, in
a status callback to the webhook (``sent``, ``delivered``, ``read``, ``failed``). The outbox
deliverer keeps the wamid on the row (``uitgaand_bericht.extern_id``, bot/kanalen/whatsapp/
bezorger.py). Only ``failed`` matters; the others are ignored.

Like an inbound message, a failed status is recorded before Meta gets its 200 (``leg_vast``: a row
in ``kanaal_verwerkt`` with kanaal ``STATUS_KANAAL``, the wamid as ``extern_id`` and the error
codes as ``tekst``, no phone number), so a redelivery is handled once, and handled after the
answer (``verwerk``); one the server never finished is taken by the worker
(``verwerk_achtergebleven``). Handling it (``pas_toe``), in one transaction with marking it
``verwerkt``:

- 131047 (more than 24 hours since the entrepreneur wrote): the channel thought the window was
  open and it is not. The window is forgotten (``sluit_venster``) and the message waits again at
  once, so the next outbox round sends it as the approved template.
- a transient code (``TIJDELIJK``): the message waits again, after the outbox's pause.
- any other code: the message is given up (``mislukt``, the code in ``laatste_fout``), which the
  case page shows the medewerker, as for a message the API refused at once.

A wamid the outbox does not know (a direct reply in a conversation, or a message already sent
again) is ignored. Logs name the outbox row and the code, never the number or the text.

Loads no Rasa and no Sanic: the worker imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.kanalen.boekhouding import (
    InkomendStatus,
    KanaalVerwerkt,
    markeer_inkomend_mislukt,
    markeer_inkomend_verwerkt,
    ontvang,
    sluit_venster,
    te_herstellen,
)
from bot.kanalen.whatsapp.config import KANAAL
from bot.kanalen.whatsapp.inkomend import HERHALING, WACHTTIJD
from bot.kanalen.whatsapp.levering import Status
from bot.kern.db import transaction
from bot.kern.identiteit import VreemdGesprek, extern_id
from bot.uitgaand.models import BerichtStatus, UitgaandBericht
from bot.uitgaand.service import BezorgFout, op_extern_id, toch_niet_afgeleverd

log = logging.getLogger(__name__)

STATUS_KANAAL = "whatsapp-status"  # ``kanaal`` of a recorded status in ``kanaal_verwerkt``
SOORT = "status"
MISLUKT = "failed"
VENSTER_GESLOTEN = 131047  # re-engagement message: more than 24 hours since the customer replied
# Meta's codes worth a later retry: something went wrong, service unavailable, rate limits.
TIJDELIJK = frozenset({131000, 131016, 130429, 131048, 131056, 133004})


class NogNietAfgerond(Exception):
    """The status is about a message whose delivery is still being recorded: handled again later."""


def mislukte(alle: Sequence[Status]) -> list[Status]:
    """The statuses that report a message not delivered."""
    return [status for status in alle if status.status == MISLUKT]


def leg_vast(engine: Engine, statussen: Sequence[Status], nu: datetime) -> tuple[list[int], bool]:
    """Record each failed status; the row ids of the new ones, and whether every status was recorded."""
    nieuw, alles = [], True
    for status in statussen:
        try:
            rij_id = registreer(engine, status, nu)
        except Exception:  # noqa: BLE001 - the database is away: Meta gets 500 and delivers again
            log.exception("WhatsApp-status niet vastgelegd")
            alles = False
            continue
        if rij_id is not None:
            nieuw.append(rij_id)
    return nieuw, alles


def registreer(engine: Engine, status: Status, nu: datetime) -> int | None:
    """Record a failed status; its row id, or None when it was recorded before (a redelivery)."""
    for poging in range(2):
        try:
            with transaction(engine) as session:
                rij = ontvang(session=session, kanaal=STATUS_KANAAL, extern_id=status.wamid, kanaal_id=None,
                              soort=SOORT, tekst=",".join(map(str, status.codes)), moment=nu,
                              wachten_tot=nu + WACHTTIJD)
                return rij.id if rij is not None else None
        except IntegrityError:  # another replica recorded it at the same moment: the retry sees its row
            if poging:
                raise
    return None


def verwerk_alle(engine: Engine, rij_ids: Sequence[int], nu: datetime) -> int:
    """Handle the recorded statuses; how many were handled. Never raises: a failure waits for the worker."""
    verwerkt = 0
    for rij_id in rij_ids:
        try:
            verwerkt += verwerk(engine, rij_id, nu)
        except Exception as fout:  # noqa: BLE001 - one bad status must not stop the others
            log.warning("WhatsApp-status (rij %s) niet verwerkt; later opnieuw: %s", rij_id, type(fout).__name__)
            mislukt(engine, rij_id, nu, f"{type(fout).__name__}: {fout}")
    return verwerkt


def verwerk(engine: Engine, rij_id: int, nu: datetime) -> bool:
    """Apply a recorded status to the outbox and mark it verwerkt, in one transaction; False when it
    was handled before. The conditional UPDATE makes sure only one handler applies it."""
    with transaction(engine) as session:
        rij = session.get(KanaalVerwerkt, rij_id)
        if rij is None or rij.kanaal != STATUS_KANAAL or rij.status != InkomendStatus.ONTVANGEN:
            return False
        wamid, codes = rij.extern_id, codes_uit(rij.tekst)
        if not markeer_inkomend_verwerkt(session=session, rij_id=rij_id):
            return False
        pas_toe(session, wamid, codes, nu)
        return True


def codes_uit(tekst: str | None) -> tuple[int, ...]:
    return tuple(int(deel) for deel in (tekst or "").split(",") if deel.strip().isdigit())


def pas_toe(session: Session, wamid: str, codes: Sequence[int], nu: datetime) -> None:
    """What a failed status means for the outbox message sent as ``wamid`` (see the module docstring)."""
    bericht = op_extern_id(session=session, kanaal=KANAAL, extern_id=wamid)
    if bericht is None:
        log.debug("WhatsApp-status voor een onbekend bericht; genegeerd.")
        return
    if bericht.status == BerichtStatus.WACHTEND:  # sent, but not marked afgeleverd yet
        raise NogNietAfgerond(f"uitgaand bericht {bericht.id} wordt nog bezorgd")
    if bericht.status != BerichtStatus.AFGELEVERD:
        return
    code = codes[0] if codes else None
    opnieuw_als_sjabloon = code == VENSTER_GESLOTEN and not bericht.sjabloon
    fout = BezorgFout(f"WhatsApp meldde achteraf: niet afgeleverd (fout {code})",
                      definitief=not opnieuw_als_sjabloon and code not in TIJDELIJK)
    if opnieuw_als_sjabloon:
        corrigeer_venster(session, bericht)
    toch_niet_afgeleverd(session=session, bericht=bericht, fout=fout, nu=nu, direct=opnieuw_als_sjabloon)
    if bericht.status == BerichtStatus.MISLUKT:
        log.error("uitgaand bericht %s (whatsapp) niet afgeleverd, opgegeven: fout %s", bericht.id, code)
    else:
        log.warning("uitgaand bericht %s (whatsapp) niet afgeleverd (fout %s); %s", bericht.id, code,
                    "opnieuw als sjabloon" if opnieuw_als_sjabloon else "later opnieuw")


def corrigeer_venster(session: Session, bericht: UitgaandBericht) -> None:
    """The window of the message's conversation was closed when it was sent: forget it."""
    try:
        wa_id = extern_id(KANAAL, bericht.ontvanger)
    except VreemdGesprek:
        return
    sluit_venster(session=session, kanaal=KANAAL, kanaal_id=wa_id, niet_na=bericht.afgeleverd_op or bericht.aangemaakt_op)


def mislukt(engine: Engine, rij_id: int, nu: datetime, fout: str) -> None:
    """Record a failed attempt to handle a status: tried again after a pause (``HERHALING``), or given up."""
    with transaction(engine) as session:
        rij = session.get(KanaalVerwerkt, rij_id)
        if rij is None or rij.status != InkomendStatus.ONTVANGEN:
            return
        markeer_inkomend_mislukt(session=session, rij=rij, fout=fout, nu=nu, herhaling=HERHALING)


def verwerk_achtergebleven(*, engine: Engine, nu: datetime, limiet: int = 50) -> int:
    """The worker's job: handle the statuses left ``ontvangen`` past their waiting time; how many.
    Never raises (the database away: the next round tries again)."""
    try:
        with transaction(engine) as session:
            ids = te_herstellen(session=session, kanaal=STATUS_KANAAL, nu=nu, limiet=limiet)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("WhatsApp-statussen: overgeslagen")
        return 0
    return verwerk_alle(engine, ids, nu)
