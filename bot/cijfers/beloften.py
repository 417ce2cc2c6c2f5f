"""Promise figures from the application database: were promises kept on time?

Definitions:

* *op tijd nagekomen* (the headline figure): of the promises whose deadline fell in the range
  and has passed (``deadline <= nu``), not cancelled, the share marked nagekomen no later than
  the deadline. A promise that escalated (``te_laat``) or is still open after its deadline
  counts as not on time;
* *tijd tot eerste contact*: for the cases created in the range, the time from the handoff to
  the first promise marked nagekomen; the median in hours;
* *open en te laat per team*: right now (not limited to the range), the open promises per team
  of the case (``zaak.team``, fixed when the case was made), and how many are past their deadline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cijfers.dagen import dag_grenzen
from bot.zaken.models import Belofte, BelofteStatus, Zaak


@dataclass(frozen=True)
class TeamStand:
    team: str
    open: int
    te_laat: int


@dataclass(frozen=True)
class BelofteCijfers:
    afgelopen: int  # promises whose deadline in the range has passed
    op_tijd: int  # of those, kept on time
    mediaan_uren_tot_contact: float | None
    per_team: list[TeamStand]

    @property
    def aandeel_op_tijd(self) -> float | None:
        return self.op_tijd / self.afgelopen if self.afgelopen else None


def belofte_cijfers(*, session: Session, van: date, tot_en_met: date, nu: datetime) -> BelofteCijfers:
    begin, einde = dag_grenzen(van, tot_en_met)
    afgelopen = session.execute(
        select(Belofte.status, Belofte.deadline, Belofte.nagekomen_op)
        .where(Belofte.deadline >= begin, Belofte.deadline < einde, Belofte.deadline <= nu,
               Belofte.status != BelofteStatus.GEANNULEERD)
    ).all()
    op_tijd = sum(1 for rij in afgelopen
                  if rij.status == BelofteStatus.NAGEKOMEN and rij.nagekomen_op is not None and rij.nagekomen_op <= rij.deadline)
    return BelofteCijfers(
        afgelopen=len(afgelopen),
        op_tijd=op_tijd,
        mediaan_uren_tot_contact=mediaan_uren_tot_contact(session=session, begin=begin, einde=einde),
        per_team=stand_per_team(session=session, nu=nu),
    )


def mediaan_uren_tot_contact(*, session: Session, begin: datetime, einde: datetime) -> float | None:
    rijen = session.execute(
        select(Zaak.id, Zaak.aangemaakt_op, Belofte.nagekomen_op)
        .join(Belofte, Belofte.zaak_id == Zaak.id)
        .where(Zaak.aangemaakt_op >= begin, Zaak.aangemaakt_op < einde, Belofte.nagekomen_op.is_not(None))
    ).all()
    eerste: dict[int, float] = {}
    for rij in rijen:
        uren = (rij.nagekomen_op - rij.aangemaakt_op).total_seconds() / 3600
        eerste[rij.id] = min(uren, eerste.get(rij.id, uren))
    return round(median(eerste.values()), 1) if eerste else None


def stand_per_team(*, session: Session, nu: datetime) -> list[TeamStand]:
    rijen = session.execute(
        select(Zaak.team, Belofte.deadline).join(Belofte, Belofte.zaak_id == Zaak.id)
        .where(Belofte.status == BelofteStatus.OPEN)
    ).all()
    open_: dict[str, int] = defaultdict(int)
    te_laat: dict[str, int] = defaultdict(int)
    for rij in rijen:
        team = rij.team or "onbekend"
        open_[team] += 1
        te_laat[team] += rij.deadline < nu
    return [TeamStand(team=t, open=open_[t], te_laat=te_laat[t]) for t in sorted(open_, key=lambda t: (-te_laat[t], t))]
