"""Deadlines as a person would write them: rounded UP to the quarter hour or to a part of the day.

The working-hours arithmetic (``bot.kern.werktijden``) gives moments such as 11.24; nobody
promises "om 11.24 uur". The deadline of a new promise is therefore rounded up before it is
stored (``config/servicenormen.yml``, ``deadline_afronden``):

* ``kwartier``: the next quarter hour on the wall clock, a moment on a quarter stays
  (11.24 -> 11.30: "vóór 11.30 uur");
* ``dagdeel``: the end of the part of the day the moment falls in: the morning until
  ``ochtend_tot`` (12.00, "donderdagochtend"), the afternoon until ``middag_tot`` (17.00,
  "donderdagmiddag"), after that the end of the medewerker's working day ("donderdag aan het
  eind van de dag").

Rounding only ever moves a deadline later, so the medewerker gets at least the time of the
service norm, and the stored deadline (reminders, escalation, console) is exactly the moment
the entrepreneur was told. ``dagdeel_van`` reads the part of the day back from a stored
deadline, so the sentence can be rendered again from the row alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.kern.db import Tekstwaarde
from bot.kern.tijd import AMSTERDAM, lokaal, lokale_datum, utc
from bot.kern.werktijden import Werktijden

KWARTIER = timedelta(minutes=15)


class Afronding(Tekstwaarde):
    """How a new promise's deadline is rounded up (``deadline_afronden``)."""

    KWARTIER = "kwartier"
    DAGDEEL = "dagdeel"


class Dagdeel(Tekstwaarde):
    """The part of the day a deadline closes (the values ``teksten/belofte/moment.txt`` knows)."""

    OCHTEND = "ochtend"
    MIDDAG = "middag"
    EIND_VAN_DE_DAG = "eind_van_de_dag"


@dataclass(frozen=True)
class Deadlinestijl:
    """The rounding of ``config/servicenormen.yml``; the times are local wall-clock times."""

    afronden: Afronding = Afronding.KWARTIER
    ochtend_tot: time = time(12, 0)
    middag_tot: time = time(17, 0)

    @property
    def in_dagdelen(self) -> bool:
        return self.afronden == Afronding.DAGDEEL


def op_kwartier(moment: datetime) -> datetime:
    """``moment`` rounded up to the quarter hour (in Amsterdam time); a moment on a quarter stays.

    Counted in UTC: Amsterdam's offsets are whole hours, so a UTC quarter is a local quarter,
    and a DST change in between neither adds nor loses time.
    """
    moment = utc(moment)
    uur = moment.replace(minute=0, second=0, microsecond=0)
    return lokaal(uur + math.ceil((moment - uur) / KWARTIER) * KWARTIER)


def rond_af(moment: datetime, *, stijl: Deadlinestijl, werktijden: Werktijden) -> datetime:
    """The deadline to promise and store for the computed ``moment``: never earlier than it."""
    kwartier = op_kwartier(moment)
    if not stijl.in_dagdelen:
        return kwartier
    for einde in _einden_van_dagdelen(lokale_datum(moment), stijl, werktijden).values():
        if utc(moment) <= einde:
            return lokaal(einde)
    return kwartier  # after the end of the working day (not from the norms): the quarter hour


def dagdeel_van(moment: datetime, *, stijl: Deadlinestijl, werktijden: Werktijden) -> Dagdeel | None:
    """The part of the day that ``moment`` closes when parts of the day are promised, else None."""
    if not stijl.in_dagdelen:
        return None
    for dagdeel, einde in _einden_van_dagdelen(lokale_datum(moment), stijl, werktijden).items():
        if utc(moment) == einde:
            return dagdeel
    return None


def _einden_van_dagdelen(dag: date, stijl: Deadlinestijl, werktijden: Werktijden) -> dict[Dagdeel, datetime]:
    """The end of each part of ``dag`` in UTC, in order; the end of the day only when the working day
    runs past the afternoon (until then the afternoon is the end of the day)."""
    einden = {Dagdeel.OCHTEND: stijl.ochtend_tot, Dagdeel.MIDDAG: stijl.middag_tot}
    if werktijden.eind > stijl.middag_tot:
        einden[Dagdeel.EIND_VAN_DE_DAG] = werktijden.eind
    return {dagdeel: utc(datetime.combine(dag, tijd, tzinfo=AMSTERDAM)) for dagdeel, tijd in einden.items()}
