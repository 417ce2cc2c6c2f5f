"""The worker's job for takeovers: the slot and the row agree again, and idle takeovers end.

Each run (``ruim_overnames_op``) looks at the takeovers nobody holds (bot/kern/claims.py) and:

* a row left in ``start`` (the console request crashed, or Rasa or the database failed while
  starting and undoing): clear the slot, close the row as ``mislukt``, note it in the audit
  trail. The entrepreneur was never told of it, so is not told of its end either;
* a row left in ``einde`` (handing back was decided, then Rasa or the database failed): clear
  the slot, tell the entrepreneur, close the row, as the hand-back would have;
* an ``actief`` takeover in which the medewerker did nothing for longer than ``max_inactief``:
  end it as ``verlopen`` by ``systeem``, with the notice to the entrepreneur and the audit row.

Each row is claimed first, so that of several workers (and a console request) one acts on it;
the lease and everything recorded about the row run from the moment it is claimed (``klok``),
however long the rows before it took. A failure is logged and the row tried again next run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine

from bot.kern.claims import is_vrij
from bot.kern.db import transaction
from bot.overname.models import EindeReden, Overname, OvernameStatus
from bot.overname.overgangen import besluit_einde, neem
from bot.overname.protocol import GesprekApi, breek_af, rond_af

log = logging.getLogger(__name__)

SYSTEEM = "systeem"  # who ends a takeover in the audit trail when the worker does


def ruim_overnames_op(*, engine: Engine, rasa: GesprekApi | None, nu: datetime, werker: str,
                      max_inactief: timedelta, klok: Callable[[], datetime] | None = None) -> int:
    """Finish the takeovers left between two states and release the idle ones; how many were closed.

    ``klok`` is read when each takeover is claimed, so that its lease runs from that moment
    (without it, the fixed ``nu``). Without a Rasa API (``rasa`` None: no token configured)
    nothing can be cleared: 0.
    """
    if rasa is None:
        return 0
    klok = klok or (lambda: nu)
    gesloten = 0
    for overname_id, status in kandidaten(engine=engine, nu=nu, max_inactief=max_inactief):
        try:
            if ruim_op(engine=engine, rasa=rasa, overname_id=overname_id, status=OvernameStatus(status), nu=klok(),
                       werker=werker, max_inactief=max_inactief):
                gesloten += 1
        except Exception:  # the database away: try again next run
            log.exception("overname %s niet opgeruimd", overname_id)
    return gesloten


def kandidaten(*, engine: Engine, nu: datetime, max_inactief: timedelta) -> list[tuple[int, str]]:
    """(id, status) of the takeovers that nobody holds and that are stuck or idle, oldest first."""
    with transaction(engine) as session:
        return [tuple(rij) for rij in session.execute(
            select(Overname.id, Overname.status)
            .where(is_vrij(Overname, nu), or_(
                Overname.status.in_((OvernameStatus.START.value, OvernameStatus.EINDE.value)),
                and_(Overname.status == OvernameStatus.ACTIEF.value, Overname.laatste_activiteit_op < nu - max_inactief),
            ))
            .order_by(Overname.id)
        )]


def ruim_op(*, engine: Engine, rasa: GesprekApi, overname_id: int, status: OvernameStatus, nu: datetime,
            werker: str, max_inactief: timedelta) -> bool:
    """Claim one takeover (checking again that it is still stuck or idle) and finish it; True when closed."""
    with transaction(engine) as session:
        if status is OvernameStatus.ACTIEF:
            genomen = besluit_einde(session=session, overname_id=overname_id, houder=werker, reden=EindeReden.VERLOPEN,
                                    door=SYSTEEM, nu=nu, alleen_stil_sinds=nu - max_inactief)
        else:
            genomen = neem(session=session, overname_id=overname_id, houder=werker, nu=nu, status=status)
    if not genomen:  # changed meanwhile (a message, a hand-back) or someone else has it
        return False
    if status is OvernameStatus.START:
        return breek_af(engine=engine, rasa=rasa, overname_id=overname_id, houder=werker, nu=nu, door=SYSTEEM)
    return rond_af(engine=engine, rasa=rasa, overname_id=overname_id, houder=werker, nu=nu)
