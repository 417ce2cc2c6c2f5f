"""What the entrepreneur is told about a promise: the moment, the sentence, the ``custom.overdracht`` payload.

The words are in ``teksten/belofte/``; this module only passes the values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.beloften.afronding import dagdeel_van
from bot.beloften.normen import deadlinestijl
from bot.kern.teksten import tekst
from bot.kern.tijd import AMSTERDAM
from bot.medewerkers.models import Medewerker, werktijden_van
from bot.zaken.models import Zaak


def leesbaar_moment(moment: datetime, *, medewerker: Medewerker) -> str:
    """The deadline ``moment`` of ``medewerker``'s promise as a person writes it, in Amsterdam time:
    'dinsdag 24 november vóór 16.30 uur', or 'uiterlijk dinsdagmiddag 24 november' when the moment
    is the end of a part of the day and parts of the day are promised (bot/beloften/afronding.py).

    Only words: the moment itself is what is stored, already rounded when the promise was made.
    """
    stijl = deadlinestijl()
    dagdeel = dagdeel_van(moment, stijl=stijl, werktijden=werktijden_van(medewerker)) if stijl.in_dagdelen else None
    return tekst("belofte/moment.txt", moment=moment, dagdeel=dagdeel)


def belofte_zin(*, medewerker: Medewerker, actie: str, deadline: datetime, zaaknummer: str) -> str:
    """The one sentence promised to the entrepreneur: who, role, what, when, case number."""
    return tekst("belofte/zin.txt", medewerker=medewerker, actie=actie,
                 moment=leesbaar_moment(deadline, medewerker=medewerker), zaaknummer=zaaknummer)


def overdracht_payload(*, zaak: Zaak, medewerker: Medewerker, actie: str, deadline: datetime, zin: str) -> dict[str, Any]:
    """``custom.overdracht`` of shared/berichten.md; ``urgent: true`` only for a case marked urgent."""
    payload = {
        "zaak": zaak.nummer,
        "onderwerp": zaak.onderwerpen[0],
        "medewerker": {"naam": medewerker.naam, "functie": medewerker.functie,
                       "telefoon": medewerker.telefoon, "email": medewerker.email},
        "actie": actie,
        "uiterlijk": deadline.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
        "belofte": zin,
    }
    return payload | {"urgent": True} if zaak.urgent else payload


def belofte_velden(payload: dict[str, Any]) -> dict[str, Any]:
    """What a template needs to say the promise of ``custom.overdracht`` in its own words (the English
    thanks): the action, the deadline as a datetime and the case number."""
    return {"actie": payload["actie"], "uiterlijk": datetime.fromisoformat(payload["uiterlijk"]), "zaaknummer": payload["zaak"]}
