"""Time to first contact: how soon a medewerker got in touch after the assistant handed a case over.

Definition: for the cases created (handed over) in the range, the time from the handoff
(``zaak.aangemaakt_op``) to the first contact the medewerker *recorded*: the first
``belofte_nagekomen`` row in the case's history (``audit_regel``; a medewerker marks a promise
kept in the console or the API after calling, mailing or visiting; ``bot.beloften.service``). A
case without such a row has no recorded contact: it is left out of the median, not counted as
0, and the page says how many cases the median is based on.

The time counts in working time (``Werktijden.standaard()``: Monday to Friday 08:30-17:00
Amsterdam time, no Dutch public holidays), as the promises' norms do: a case handed over on
Friday evening and called back on Monday at 09:00 took half an hour, not 63 hours.
The database finds the first contact per case (GROUP BY); Python keeps one number per case
with a contact, never events or rows of the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.kern.db import UtcDateTime
from bot.kern.werktijden import TIJDZONE, Werktijden, is_werkdag, werkuren_per_dag
from bot.zaken.models import AuditRegel, Zaak

CONTACT = "belofte_nagekomen"  # the history row a medewerker's recorded contact writes
WERKTIJDEN = Werktijden.standaard()


@dataclass(frozen=True)
class Contacttijd:
    mediaan_werkuren: float | None  # None: no case of the range has a recorded contact
    zaken_met_contact: int
    zaken: int  # all cases created in the range

    @property
    def zonder_contact(self) -> int:
        return self.zaken - self.zaken_met_contact


def contacttijd(*, session: Session, begin: datetime, einde: datetime) -> Contacttijd:
    """The median working hours to the first recorded contact, of the cases created in [begin, einde)."""
    in_periode = (Zaak.aangemaakt_op >= begin, Zaak.aangemaakt_op < einde)
    zaken = session.execute(select(func.count(Zaak.id)).where(*in_periode)).scalar_one()
    eerste = func.min(AuditRegel.op, type_=UtcDateTime)
    rijen = session.execute(
        select(Zaak.aangemaakt_op, eerste.label("eerste"))
        .join(AuditRegel, AuditRegel.zaak_id == Zaak.id)
        .where(*in_periode, AuditRegel.wat == CONTACT)
        .group_by(Zaak.id, Zaak.aangemaakt_op)
    )
    duren = [werkuren_tussen(rij.aangemaakt_op, rij.eerste) for rij in rijen]
    return Contacttijd(mediaan_werkuren=round(median(duren), 2) if duren else None,
                       zaken_met_contact=len(duren), zaken=int(zaken))


def werkuren_tussen(begin: datetime, eind: datetime, werktijden: Werktijden = WERKTIJDEN) -> float:
    """The working hours between two moments: only working days' opening hours count (0 when ``eind``
    is not after ``begin``)."""
    zone = ZoneInfo(TIJDZONE)
    begin_utc, eind_utc = begin.astimezone(timezone.utc), eind.astimezone(timezone.utc)
    dag, laatste = begin.astimezone(zone).date(), eind.astimezone(zone).date()
    totaal = timedelta()
    while dag <= laatste:
        if is_werkdag(dag, werktijden):
            opening = datetime.combine(dag, werktijden.begin, tzinfo=zone).astimezone(timezone.utc)
            sluiting = datetime.combine(dag, werktijden.eind, tzinfo=zone).astimezone(timezone.utc)
            stuk = min(sluiting, eind_utc) - max(opening, begin_utc)
            totaal += max(stuk, timedelta())
        dag += timedelta(days=1)
    return totaal / timedelta(hours=1)


@dataclass(frozen=True)
class Duur:
    """A duration for people: ``soort`` is 'minuten', 'uren' or 'werkdagen' (the template picks the words)."""

    soort: str
    getal: str
    meervoud: bool


def leesbare_duur(werkuren: float | None, werktijden: Werktijden = WERKTIJDEN) -> Duur | None:
    """Under an hour in minutes, under a working day in hours (one decimal), else in working days."""
    if werkuren is None:
        return None
    if werkuren < 1:
        minuten = round(werkuren * 60)
        return Duur(soort="minuten", getal=str(minuten), meervoud=minuten != 1)
    per_dag = werkuren_per_dag(werktijden)
    if werkuren < per_dag:
        return Duur(soort="uren", getal=_decimaal(werkuren), meervoud=True)
    dagen = werkuren / per_dag
    return Duur(soort="werkdagen", getal=_decimaal(dagen), meervoud=round(dagen, 1) >= 2)


def _decimaal(waarde: float) -> str:
    """'3,5', '2' (one decimal, Dutch comma, no ',0')."""
    tekst = f"{round(waarde, 1):.1f}".replace(".", ",")
    return tekst[:-2] if tekst.endswith(",0") else tekst
