"""Who hears of a missed promise: always someone above the person who missed it.

The escalation e-mail goes to the lead of the case's team. When that lead cannot be the one
above (the lead is the medewerker who missed the promise, is away today, or the team has no
active lead), it goes to whoever the staff directory puts above the lead
(``boven_teamleiders`` in config/medewerkers.yml). That person is named to the entrepreneur
("<naam>, <functie>, kijkt nu mee").

Fallback, when no one above is named, or that person is inactive, away or the one who missed
it: the e-mail goes to the lead after all when the lead is someone else (away: they read it on
return), otherwise to the medewerker who missed it, and the e-mail says plainly that it is not
an escalation to someone higher and why. The entrepreneur is then told that it was reported
internally, without a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.kern.db import Tekstwaarde
from bot.medewerkers.models import Medewerker, is_afwezig


class Reden(Tekstwaarde):
    """Why the e-mail goes where it goes (``teksten/email/escalatie.txt`` explains each)."""

    TEAMLEIDER = "teamleider"  # the usual case: the lead of the team
    LEIDT_ZELF = "leidt_zelf"  # the medewerker who missed it leads the team
    TEAMLEIDER_AFWEZIG = "teamleider_afwezig"
    GEEN_TEAMLEIDER = "geen_teamleider"  # no active lead (or no team known for the case)


@dataclass(frozen=True)
class Escalatie:
    """Where the escalation of one missed promise goes."""

    aan: Medewerker  # receives the e-mail
    kijkt_mee: Medewerker | None  # named to the entrepreneur; None in the fallback
    reden: Reden
    verantwoordelijk: Medewerker  # who missed the promise
    teamleider: Medewerker | None  # the active lead of the case's team, if any
    boven: Medewerker | None  # who the directory puts above that lead, if anyone

    @property
    def terugval(self) -> bool:
        """True when no one above could be reached: the e-mail says so."""
        return self.kijkt_mee is None

    @property
    def aan_zichzelf(self) -> bool:
        """True when the e-mail goes to the one who missed the promise (only in the fallback)."""
        return self.aan.id == self.verantwoordelijk.id

    @property
    def cc(self) -> tuple[Medewerker, ...]:
        """The medewerker who missed it and the lead, unless they receive the e-mail themselves."""
        kopie: list[Medewerker] = []
        for wie in (self.verantwoordelijk, self.teamleider):
            if wie is not None and wie.email != self.aan.email and wie not in kopie:
                kopie.append(wie)
        return tuple(kopie)


def escalatie_voor(
    *, verantwoordelijk: Medewerker, teamleider: Medewerker | None, boven: Medewerker | None, dag: date
) -> Escalatie:
    """Where the escalation goes on ``dag`` (local date) when ``verantwoordelijk`` missed a promise."""
    if teamleider is not None and not teamleider.actief:
        teamleider = None
    reden = _reden(verantwoordelijk, teamleider, dag)
    if reden == Reden.TEAMLEIDER:
        return Escalatie(aan=teamleider, kijkt_mee=teamleider, reden=reden, verantwoordelijk=verantwoordelijk,
                         teamleider=teamleider, boven=boven)
    if _bereikbaar(boven, verantwoordelijk, dag):
        return Escalatie(aan=boven, kijkt_mee=boven, reden=reden, verantwoordelijk=verantwoordelijk,
                         teamleider=teamleider, boven=boven)
    aan = teamleider if teamleider is not None and teamleider.id != verantwoordelijk.id else verantwoordelijk
    return Escalatie(aan=aan, kijkt_mee=None, reden=reden, verantwoordelijk=verantwoordelijk, teamleider=teamleider,
                     boven=boven)


def _reden(verantwoordelijk: Medewerker, teamleider: Medewerker | None, dag: date) -> Reden:
    if teamleider is None:
        return Reden.GEEN_TEAMLEIDER
    if teamleider.id == verantwoordelijk.id:
        return Reden.LEIDT_ZELF
    if is_afwezig(teamleider, dag):
        return Reden.TEAMLEIDER_AFWEZIG
    return Reden.TEAMLEIDER


def _bereikbaar(boven: Medewerker | None, verantwoordelijk: Medewerker, dag: date) -> bool:
    return boven is not None and boven.actief and boven.id != verantwoordelijk.id and not is_afwezig(boven, dag)
