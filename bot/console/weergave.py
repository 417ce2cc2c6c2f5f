"""The JSON shapes of the console API (and of the inbox's live chats): cases, promises, accounts.

Times are ISO 8601 in Amsterdam time to the minute (``2026-11-24T16:30+01:00``). A case only
exists with the entrepreneur's consent, so its JSON includes the contact details.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.accounts.models import Account
from bot.beloften.service import open_belofte
from bot.console.lezen import audit_van_zaak
from bot.kern.tijd import lokaal
from bot.medewerkers.models import Medewerker
from bot.overdracht.betrokken import betrokkenen_van_zaak
from bot.zaken.models import Belofte, BelofteStatus, Zaak


def iso_tijd(moment: datetime | None) -> str | None:
    return lokaal(moment).isoformat(timespec="minutes") if moment is not None else None


def is_te_laat(belofte: Belofte, nu: datetime) -> bool:
    return belofte.status == BelofteStatus.TE_LAAT or (belofte.status == BelofteStatus.OPEN and belofte.deadline < nu)


def medewerker_json(medewerker: Medewerker) -> dict[str, Any]:
    return {"sleutel": medewerker.sleutel, "naam": medewerker.naam, "functie": medewerker.functie}


def belofte_json(belofte: Belofte, nu: datetime) -> dict[str, Any]:
    return {
        "id": belofte.id, "zaak": belofte.zaak.nummer, "actie": belofte.actie, "deadline": iso_tijd(belofte.deadline),
        "zin": belofte.zin, "status": belofte.status, "te_laat": is_te_laat(belofte, nu),
        "medewerker": medewerker_json(belofte.medewerker), "nagekomen_op": iso_tijd(belofte.nagekomen_op),
    }


def zaak_kort_json(zaak: Zaak, nu: datetime) -> dict[str, Any]:
    belofte = open_belofte(zaak)
    return {
        "nummer": zaak.nummer, "status": zaak.status, "urgent": bool(zaak.urgent), "onderwerpen": list(zaak.onderwerpen),
        "wat": zaak.wat, "medewerker": medewerker_json(zaak.medewerker), "aangemaakt_op": iso_tijd(zaak.aangemaakt_op),
        "open_belofte": belofte_json(belofte, nu) if belofte is not None else None,
    }


def zaak_json(*, session: Session, zaak: Zaak, nu: datetime, met_contact: bool) -> dict[str, Any]:
    """The whole case, with its promises and its audit trail. Without ``met_contact`` (a colleague who
    may read but not handle the case) the phone number and e-mail address are left out."""
    ondernemer = zaak.ondernemer
    return {
        **zaak_kort_json(zaak, nu),
        "waarom": zaak.waarom, "hoe": zaak.hoe, "samenvatting": zaak.samenvatting, "details": zaak.details,
        "kanaal": zaak.kanaal, "afgerond_op": iso_tijd(zaak.afgerond_op),
        "bedrijf": {"naam": ondernemer.bedrijfsnaam, "kvk_nummer": ondernemer.kvk_nummer} if ondernemer else None,
        "contact": {"naam": ondernemer.contactnaam, "telefoon": ondernemer.telefoon if met_contact else None,
                    "email": ondernemer.email if met_contact else None, "afgeschermd": not met_contact}
        if ondernemer else None,
        "beloften": [belofte_json(b, nu) for b in zaak.beloften],
        "ook_betrokken": [medewerker_json(b.medewerker) | {"team": b.team}
                          for b in betrokkenen_van_zaak(session=session, zaak=zaak)],
        "audit": [
            {"op": iso_tijd(r.op), "wie": r.wie, "wat": r.wat, "belofte_id": r.belofte_id, "details": r.details}
            for r in audit_van_zaak(session=session, zaak=zaak)
        ],
    }


def live_chat_json(zaak: Zaak, gevraagd_op: datetime) -> dict[str, Any]:
    """An entrepreneur waiting for a live chat, for the inbox (page and ``/api/live-chats``)."""
    return {"zaak": zaak.nummer, "wat": zaak.wat or zaak.samenvatting, "medewerker": zaak.medewerker.naam,
            "gevraagd_op": iso_tijd(gevraagd_op), "url": f"/zaken/{zaak.nummer}"}


def account_json(account: Account) -> dict[str, Any]:
    return {
        "gebruikersnaam": account.gebruikersnaam, "rol": account.rol, "actief": account.actief,
        "medewerker": account.medewerker.sleutel if account.medewerker else None,
    }
