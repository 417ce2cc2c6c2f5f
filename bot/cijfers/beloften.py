"""Promise figures from the application database: were promises kept on time?

Definitions:

* *op tijd nagekomen* (the headline figure): of the promises whose deadline fell in the range
  and has passed (``deadline <= nu``), not cancelled, the share marked nagekomen no later than
  the deadline. A promise that escalated (``te_laat``) or is still open after its deadline
  counts as not on time;
* *tijd tot eerste contact*: see ``bot.cijfers.contact`` (the first contact a medewerker recorded);
* *open en te laat per team*: right now (not limited to the range), the open promises per team
  of the case (``zaak.team``, fixed when the case was made), and how many are past their deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.cijfers.contact import Contacttijd, contacttijd
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
    contact: Contacttijd
    per_team: list[TeamStand]

    @property
    def aandeel_op_tijd(self) -> float | None:
        return self.op_tijd / self.afgelopen if self.afgelopen else None


def belofte_cijfers(*, session: Session, van: date, tot_en_met: date, nu: datetime) -> BelofteCijfers:
    begin, einde = dag_grenzen(van, tot_en_met)
    op_tijd = case((Belofte.status == BelofteStatus.NAGEKOMEN.value, case(
        (Belofte.nagekomen_op <= Belofte.deadline, 1), else_=0)), else_=0)
    afgelopen, kept = session.execute(
        select(func.count(Belofte.id), func.coalesce(func.sum(op_tijd), 0))
        .where(Belofte.deadline >= begin, Belofte.deadline < einde, Belofte.deadline <= nu,
               Belofte.status != BelofteStatus.GEANNULEERD.value)
    ).one()
    return BelofteCijfers(
        afgelopen=int(afgelopen),
        op_tijd=int(kept),
        contact=contacttijd(session=session, begin=begin, einde=einde),
        per_team=stand_per_team(session=session, nu=nu),
    )


def stand_per_team(*, session: Session, nu: datetime) -> list[TeamStand]:
    """Counted by the database, one row per team."""
    team = func.coalesce(Zaak.team, "onbekend")
    te_laat = func.sum(case((Belofte.deadline < nu, 1), else_=0))
    rijen = session.execute(
        select(team.label("team"), func.count(Belofte.id).label("open"), te_laat.label("te_laat"))
        .join(Belofte, Belofte.zaak_id == Zaak.id)
        .where(Belofte.status == BelofteStatus.OPEN.value)
        .group_by(team)
    ).all()
    standen = [TeamStand(team=r.team, open=int(r.open), te_laat=int(r.te_laat or 0)) for r in rijen]
    return sorted(standen, key=lambda s: (-s.te_laat, s.team))
