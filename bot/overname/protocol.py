"""One takeover, two systems: the ``overname`` row and the slot ``overgenomen_door`` in Rasa.

No transaction spans both, so the order of the steps makes every failure harmless: the row
always says at least as much as the slot, and a row between two states is finished by the
worker (bot/overname/jobs.py) once the claim of whoever was busy with it ran out.

Start (``start_overname``, in the caller's transaction, then right after its commit):

1. row ``start``, claimed by this request: committed with the caller's transaction;
2. the slot is set (Rasa): from now on the bot is silent;
3. row ``actief``, the audit row and the entrepreneur's notice (outbox): committed;
4. the notice in the transcript (Rasa): a record only, a failure is logged.

If 2 or 3 fails, the slot is cleared and the row closed as ``mislukt`` and the failure is
raised; if that fails too, the row stays ``start`` for the worker (``breek_af``).

End (``beeindig_overname``):

1. row ``einde`` (reason, who), claimed: committed with the caller's transaction;
2. the slot is cleared (Rasa): the bot answers again;
3. row ``voorbij``, the notice (outbox) and the audit row: committed;
4. the notice in the transcript (Rasa).

Handing back, once committed, always completes: if 2 or 3 fails, the row stays ``einde`` and a
retry or the worker does the rest. The steps after the caller's commit run from ``na_commit``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.kern.db import transaction
from bot.overname.models import Overname, OvernameStatus
from bot.overname.overgangen import (
    geef_gesprek_op,
    laat_los,
    markeer_actief,
    markeer_mislukt,
    pak_gesprek_terug,
    sluit,
)
from bot.uitgaand.models import UitgaandBericht

log = logging.getLogger(__name__)

_NA_COMMIT = "bot.overname:na_commit"


class GesprekApi(Protocol):
    """The part of ``bot.integraties.rasa_api.RasaApi`` used here (tests/fakes/rasa_api.py in tests)."""

    def zet_overname(self, gesprek_id: str, naam: str | None) -> None: ...

    def voeg_medewerkerbericht_toe(self, gesprek_id: str, tekst: str, custom: dict) -> None: ...


class OvernameKwijt(Exception):
    """This request no longer holds the takeover's row: its claim ran out and the worker took over."""


def nieuwe_houder() -> str:
    """The claim name of one console request (the worker claims in its own name)."""
    return f"console:{uuid.uuid4().hex[:12]}"


# --- after the caller's commit -----------------------------------------------------------------


def na_commit(session: Session, stap: Callable[[], None]) -> None:
    """Run ``stap`` right after the caller's transaction commits, and never when it rolls back.

    Like Django's ``on_commit``: for the calls to Rasa that may only happen once the row they
    follow is stored. An exception from a step comes out of the caller's commit (its
    ``with transaction(...)``), after the data was committed; the other steps still run.
    """
    stappen = session.info.get(_NA_COMMIT)
    if stappen is None:
        stappen = session.info[_NA_COMMIT] = []
        event.listen(session, "after_commit", _voer_stappen_uit)
        event.listen(session, "after_soft_rollback", _vergeet_stappen)
    stappen.append(stap)


def _voer_stappen_uit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint, not the caller's commit
        return
    stappen, session.info[_NA_COMMIT] = session.info.get(_NA_COMMIT) or [], []
    fouten = []
    for stap in stappen:
        try:
            stap()
        except Exception as fout:  # noqa: BLE001 - every step runs; the first failure is raised below
            fouten.append(fout)
    if fouten:
        raise fouten[0]


def _vergeet_stappen(session: Session, vorige) -> None:
    if vorige.parent is None:
        session.info[_NA_COMMIT] = []


# --- start ---------------------------------------------------------------------------------------


def maak_actief(*, engine: Engine, rasa: GesprekApi, overname_id: int, houder: str, nu: datetime) -> None:
    """Steps 2-4 of a start, for a ``start`` row that ``houder`` holds; undone and raised on failure."""
    try:
        rij = _rij_van_houder(engine, overname_id, houder, OvernameStatus.START)
        if rij is None:
            raise OvernameKwijt(f"overname {overname_id}: de claim is verlopen en door een ander genomen")
        rasa.zet_overname(rij.gesprek_id, rij.naam)
        with transaction(engine) as session:
            notitie = markeer_actief(session=session, overname_id=overname_id, houder=houder, nu=nu)
        if notitie is None:
            raise OvernameKwijt(f"overname {overname_id}: de claim is verlopen en door een ander genomen")
    except OvernameKwijt:
        raise  # the holder now (the worker) clears the slot and closes the row
    except Exception:
        breek_af(engine=engine, rasa=rasa, overname_id=overname_id, houder=houder, nu=nu)
        raise
    _in_transcript(rasa, notitie)


def breek_af(*, engine: Engine, rasa: GesprekApi, overname_id: int, houder: str, nu: datetime,
             door: str | None = None) -> bool:
    """Undo a start that did not become active: clear the slot, close the row as ``mislukt``.

    Only while ``houder`` holds the ``start`` row, and only while the row holds the conversation
    (taken back first when an earlier attempt gave it up), so a newer takeover's slot is never
    cleared. When Rasa cannot be reached, the conversation is given up (a new takeover may
    start) and the row left to the worker; when the database fails, the claim runs out and
    the worker does it. True when the row is closed.
    """
    try:
        rij = _rij_van_houder(engine, overname_id, houder, OvernameStatus.START)
        if rij is None:
            return False
        if not rij.houdt_gesprek and not _pak_gesprek_terug(engine, overname_id, houder):
            return _markeer_mislukt(engine, overname_id, houder, nu, door)  # a newer takeover owns the slot
        try:
            rasa.zet_overname(rij.gesprek_id, None)
        except Exception:
            log.exception("overname %s: slot niet leeggemaakt; de werker probeert het opnieuw", overname_id)
            with transaction(engine) as session:
                geef_gesprek_op(session=session, overname_id=overname_id, houder=houder)
            return False
        return _markeer_mislukt(engine, overname_id, houder, nu, door)
    except Exception:
        log.exception("overname %s: niet teruggedraaid; de werker probeert het opnieuw", overname_id)
        _laat_los(engine, overname_id, houder)
        return False


def _markeer_mislukt(engine: Engine, overname_id: int, houder: str, nu: datetime, door: str | None) -> bool:
    with transaction(engine) as session:
        return markeer_mislukt(session=session, overname_id=overname_id, houder=houder, nu=nu, door=door) is not None


def _pak_gesprek_terug(engine: Engine, overname_id: int, houder: str) -> bool:
    """False when a newer takeover holds the conversation."""
    try:
        with transaction(engine) as session:
            pak_gesprek_terug(session=session, overname_id=overname_id, houder=houder)
    except IntegrityError:
        return False
    return True


# --- end -----------------------------------------------------------------------------------------


def rond_af(*, engine: Engine, rasa: GesprekApi, overname_id: int, houder: str, nu: datetime) -> bool:
    """Steps 2-4 of an end, for an ``einde`` row that ``houder`` holds; True when the row is closed.

    A failure is logged, not raised: the row stays ``einde`` and the worker finishes it.
    """
    try:
        rij = _rij_van_houder(engine, overname_id, houder, OvernameStatus.EINDE)
        if rij is None:
            return False
        rasa.zet_overname(rij.gesprek_id, None)
        with transaction(engine) as session:
            notitie = sluit(session=session, overname_id=overname_id, houder=houder, nu=nu)
        if notitie is None:
            return False
    except Exception:
        log.exception("overname %s: teruggeven nog niet gelukt; de werker maakt het af", overname_id)
        _laat_los(engine, overname_id, houder)
        return False
    _in_transcript(rasa, notitie)
    return True


# --- helpers -------------------------------------------------------------------------------------


class _Rij(NamedTuple):
    gesprek_id: str
    naam: str  # of the medewerker
    houdt_gesprek: bool  # the row holds the conversation (actief_gesprek)


def _rij_van_houder(engine: Engine, overname_id: int, houder: str, status: OvernameStatus) -> _Rij | None:
    """What the next step needs of the row, while ``houder`` holds it in ``status``; else None."""
    with transaction(engine) as session:
        overname = session.get(Overname, overname_id)
        if overname is None or overname.claimed_by != houder or overname.status != status.value:
            return None
        return _Rij(overname.gesprek_id, overname.medewerker.naam, overname.actief_gesprek is not None)


def _in_transcript(rasa: GesprekApi, notitie: UitgaandBericht) -> None:
    """Record a notice (just placed in the outbox) in the transcript; only a record: a failure is logged."""
    try:
        rasa.voeg_medewerkerbericht_toe(notitie.ontvanger, notitie.tekst, notitie.custom)
    except Exception:
        log.exception("gesprek %s: melding niet in het transcript gezet", notitie.ontvanger)


def _laat_los(engine: Engine, overname_id: int, houder: str) -> None:
    try:
        with transaction(engine) as session:
            laat_los(session=session, overname_id=overname_id, houder=houder)
    except Exception:  # the database is away too: the claim simply runs out
        log.exception("overname %s: claim niet losgelaten", overname_id)
