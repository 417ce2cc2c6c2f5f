"""What the entrepreneur is told about a promise: the moment, the sentence, the ``custom.overdracht`` payload.

The words are in ``teksten/belofte/``; this module only passes the values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.kern.teksten import tekst
from bot.kern.tijd import AMSTERDAM
from bot.medewerkers.models import Medewerker
from bot.zaken.models import Zaak


def leesbaar_moment(moment: datetime) -> str:
    """'uiterlijk dinsdag 24 november om 16.30 uur' in Amsterdam time."""
    return tekst("belofte/moment.txt", moment=moment)


def belofte_zin(*, medewerker: Medewerker, actie: str, deadline: datetime, zaaknummer: str) -> str:
    """The one sentence promised to the entrepreneur: who, role, what, when, case number."""
    return tekst("belofte/zin.txt", medewerker=medewerker, actie=actie, moment=leesbaar_moment(deadline),
                 zaaknummer=zaaknummer)


def overdracht_payload(*, zaak: Zaak, medewerker: Medewerker, actie: str, deadline: datetime, zin: str) -> dict[str, Any]:
    """``custom.overdracht`` of shared/berichten.md."""
    return {
        "zaak": zaak.nummer,
        "onderwerp": zaak.onderwerpen[0],
        "medewerker": {"naam": medewerker.naam, "functie": medewerker.functie,
                       "telefoon": medewerker.telefoon, "email": medewerker.email},
        "actie": actie,
        "uiterlijk": deadline.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
        "belofte": zin,
    }
