"""Whether a medewerker is there in the coming days, on the calendar the deadlines use: working days,
Dutch public holidays and absence (bot/kern/werktijden.py). For the assign list of the console: who
works today, who is away until when, and whom to assign a case to only after a confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.kern.werktijden import is_werkdag
from bot.medewerkers.models import Medewerker, agenda

KOMENDE_DAGEN = 2  # today and the next two days: a first working day later than that gets a warning
VOORUIT = 62  # days looked ahead for the next working day


@dataclass(frozen=True)
class Beschikbaarheid:
    vandaag: date
    werkt_vandaag: bool
    afwezig_tot: date | None  # the last day of the absence that covers today
    volgende_werkdag: date | None  # the first working day from today on (today included), None beyond VOORUIT

    @property
    def waarschuwen(self) -> bool:
        """Absent today, or no working day today or in the next ``KOMENDE_DAGEN`` days."""
        return (self.afwezig_tot is not None or self.volgende_werkdag is None
                or (self.volgende_werkdag - self.vandaag).days > KOMENDE_DAGEN)


def beschikbaarheid(medewerker: Medewerker, vandaag: date) -> Beschikbaarheid:
    werktijden, afwezig = agenda(medewerker)
    afwezig_tot = max((p.tot_en_met for p in afwezig if p.omvat(vandaag)), default=None)
    volgende = next((vandaag + timedelta(days=n) for n in range(VOORUIT)
                     if is_werkdag(vandaag + timedelta(days=n), werktijden, afwezig)), None)
    return Beschikbaarheid(vandaag=vandaag, werkt_vandaag=volgende == vandaag, afwezig_tot=afwezig_tot,
                           volgende_werkdag=volgende)
