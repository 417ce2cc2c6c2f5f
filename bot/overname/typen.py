"""Who is typing in a live chat, shared by every console and Rasa process through the takeover row.

Each side of a takeover has one column, ``<kant>_typt_tot``: the moment its "typt…" marker ends.
A signal moves it to ``nu + ZICHTBAAR``; the marker is gone a few seconds after the last signal
without anyone clearing it. Writes stay cheap: one UPDATE per signal, and it changes the row
only when the stored moment is older than ``nu + ZICHTBAAR - HOOGSTENS_ELKE``, so a side that
signals continuously writes at most once per ``HOOGSTENS_ELKE`` whatever its clients send.

Only an active takeover carries a marker: before it, the bot answers; after it, the columns are
no longer read. The entrepreneur's side is found by the conversation its channel bound to the
socket (never an id from the client's payload); the medewerker's side only by the medewerker who
holds the takeover.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.medewerkers.models import Medewerker
from bot.overname.models import Overname, OvernameStatus
from bot.overname.overgangen import sleutel

ZICHTBAAR = timedelta(seconds=6)  # how long a marker shows after the last signal
HOOGSTENS_ELKE = timedelta(seconds=2)  # at most one write per side in this time


class Kant(str, Enum):
    ONDERNEMER = "ondernemer"
    MEDEWERKER = "medewerker"


def _kolom(kant: Kant):
    return Overname.ondernemer_typt_tot if kant is Kant.ONDERNEMER else Overname.medewerker_typt_tot


def _verleng(session: Session, kant: Kant, nu: datetime, *voorwaarden) -> bool:
    """Moves the side's marker to ``nu + ZICHTBAAR`` where the conditions hold and the last write is
    older than ``HOOGSTENS_ELKE``; whether a row changed (the caller commits)."""
    kolom = _kolom(kant)
    tot = nu + ZICHTBAAR
    resultaat = session.execute(
        update(Overname)
        .where(Overname.status == OvernameStatus.ACTIEF.value, *voorwaarden,
               or_(kolom.is_(None), kolom < tot - HOOGSTENS_ELKE))
        .values({kolom: tot})
        .execution_options(synchronize_session=False))
    return resultaat.rowcount > 0


def ondernemer_typt(*, session: Session, kanaal: str, gesprek_id: str, nu: datetime) -> bool:
    """The entrepreneur of the conversation ``kanaal``/``gesprek_id`` types: the id the channel
    bound to its own connection. True when the marker was written now (False: no active takeover,
    or written less than ``HOOGSTENS_ELKE`` ago)."""
    return _verleng(session, Kant.ONDERNEMER, nu, Overname.actief_gesprek == sleutel(kanaal, gesprek_id))


def ondernemer_verstuurde(*, session: Session, kanaal: str, gesprek_id: str) -> bool:
    """The entrepreneur of the conversation sent what they typed: their marker ends now, not seconds
    later. True when a marker was cleared."""
    return session.execute(
        update(Overname)
        .where(Overname.actief_gesprek == sleutel(kanaal, gesprek_id), Overname.ondernemer_typt_tot.is_not(None))
        .values(ondernemer_typt_tot=None)
        .execution_options(synchronize_session=False)).rowcount > 0


def medewerker_typt(*, session: Session, overname_id: int, medewerker_id: int, nu: datetime) -> bool:
    """The medewerker types in the panel; only the one who holds the takeover moves its marker."""
    return _verleng(session, Kant.MEDEWERKER, nu, Overname.id == overname_id,
                    Overname.medewerker_id == medewerker_id)


def typt(overname: Overname | None, kant: Kant, nu: datetime) -> bool:
    """Whether the side's "typt…" marker shows at ``nu``."""
    if overname is None or overname.status != OvernameStatus.ACTIEF.value:
        return False
    tot = getattr(overname, _kolom(kant).key)
    return tot is not None and tot > nu


def typende_medewerkers(*, session: Session, kanaal: str, gesprekken: list[str], nu: datetime) -> dict[str, str]:
    """Of these conversations of ``kanaal``, those where the medewerker holding the takeover types now:
    conversation id -> the medewerker's first name (what the entrepreneur reads: "Mehmet typt…")."""
    if not gesprekken:
        return {}
    rijen = session.execute(
        select(Overname.gesprek_id, Medewerker.naam).join(Medewerker, Medewerker.id == Overname.medewerker_id)
        .where(Overname.status == OvernameStatus.ACTIEF.value, Overname.kanaal == kanaal,
               Overname.gesprek_id.in_(gesprekken), Overname.medewerker_typt_tot > nu))
    return {gesprek: (naam.split() or [naam])[0] for gesprek, naam in rijen}
