"""A case's history for people: who did each step by name, its details readable, technical keys left out.

The audit rows name people technically: ``console:<gebruikersnaam>`` for staff in the console, a
medewerker's ``sleutel`` for a takeover, the worker's process id for the system. Here they become
the medewerker's name (or the account's name when it has no medewerker); what is not a person
becomes the code ``assistent`` or ``systeem``. The Dutch words for codes, steps and detail labels
are in templates/namen.html; this module only looks up names and turns values into text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.models import Account
from bot.console.lezen import audit_van_zaak
from bot.console.web import lokaal
from bot.medewerkers.models import Medewerker
from bot.zaken.models import AuditRegel, Zaak

CONSOLE = "console:"
ASSISTENT = "assistent"
SYSTEEM = "systeem"
# Audit details that only matter to a developer; the page leaves them out.
TECHNISCHE_DETAILS = frozenset({"nummer", "ondernemer_id", "gesprek_id", "bericht_id", "nieuwe_belofte_id",
                                "overname_id", "account_id", "identiteit"})
# Audit details whose value is a medewerker's sleutel: shown as the medewerker's name.
MEDEWERKER_DETAILS = frozenset({"medewerker", "van", "naar", "ontvanger", "gevraagd_aan"})


@dataclass(frozen=True)
class Stap:
    op: datetime
    wat: str  # the audit code; templates/namen.html GEBEURTENISSEN names it
    door: str  # a person's name, or ASSISTENT / SYSTEEM (named by templates/namen.html DOOR)
    details: list[tuple[str, str | bool]]  # (key, text or yes/no); templates/namen.html DETAILS labels the key


def geschiedenis(*, session: Session, zaak: Zaak) -> list[Stap]:
    regels = audit_van_zaak(session=session, zaak=zaak)
    namen = _namen(session, regels)
    return [Stap(op=r.op, wat=r.wat, door=_door(r.wie, namen), details=_details(r.details, namen)) for r in regels]


def _namen(session: Session, regels: list[AuditRegel]) -> dict[str, str]:
    """The names of everyone the rows mention: by ``console:<gebruikersnaam>`` and by sleutel."""
    gebruikersnamen = {r.wie.removeprefix(CONSOLE) for r in regels if r.wie.startswith(CONSOLE)}
    sleutels = {r.wie for r in regels if not r.wie.startswith(CONSOLE)}
    for regel in regels:
        sleutels.update(str(w) for k, w in (regel.details or {}).items() if k in MEDEWERKER_DETAILS and w)
    namen = {m.sleutel: m.naam for m in session.execute(
        select(Medewerker).where(Medewerker.sleutel.in_(sorted(sleutels)))).scalars()} if sleutels else {}
    if gebruikersnamen:
        for account in session.execute(
                select(Account).where(Account.gebruikersnaam.in_(sorted(gebruikersnamen)))).scalars():
            naam = account.medewerker.naam if account.medewerker else account.gebruikersnaam
            namen[CONSOLE + account.gebruikersnaam] = naam
    return namen


def _door(wie: str, namen: dict[str, str]) -> str:
    if wie in namen:
        return namen[wie]
    if wie.startswith(CONSOLE):
        return wie.removeprefix(CONSOLE)  # an account since removed: its name is all there is
    return ASSISTENT if wie == ASSISTENT else SYSTEEM


def _details(details: dict[str, Any] | None, namen: dict[str, str]) -> list[tuple[str, str | bool]]:
    """Audit details as (key, text): names for sleutels, dates in Dutch, lists joined, technical keys left out."""
    regels = []
    for sleutel, waarde in (details or {}).items():
        if sleutel in TECHNISCHE_DETAILS or waarde in (None, "", [], {}):
            continue
        if sleutel in MEDEWERKER_DETAILS and isinstance(waarde, str):
            regels.append((sleutel, namen.get(waarde, waarde)))
        elif isinstance(waarde, bool):
            regels.append((sleutel, waarde))  # the template says ja or nee
        else:
            regels.append((sleutel, als_tekst(waarde)))
    return regels


def als_tekst(waarde: Any) -> str:
    if isinstance(waarde, list):
        return ", ".join(als_tekst(w) for w in waarde)
    if isinstance(waarde, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {als_tekst(v)}" for k, v in waarde.items())
    if isinstance(waarde, str) and len(waarde) >= 16 and waarde[4:5] == "-" and "T" in waarde:
        try:
            return lokaal(datetime.fromisoformat(waarde))
        except ValueError:
            return waarde
    return str(waarde).replace("_", " ") if isinstance(waarde, str) and " " not in waarde else str(waarde)
