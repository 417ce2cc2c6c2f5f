"""Erasure (AVG art. 17): remove everything Ingang holds about an entrepreneur.

Removes the dossier's rows from every table of the application database (``rijen_van_dossier``:
the same rows the export shows), its conversations from Rasa's tracker store and its e-mails from
the mail sink. What remains is one audit row ``gegevens_gewist``: who erased, when, how many rows
per store, and the uuids of what was exported to Open Klant, which Ingang cannot erase there. It
names no person, case number or conversation.

The tracker store and the mail sink are not in the application database: their part is done first
and is final at once. The caller owns the application database's transaction; when it fails,
running the erasure again finds the rest (the dossier is found from the application rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.kern.tracker import EVENTS
from bot.privacy.dossier import Dossier, mails_van_dossier, rijen_van_dossier
from bot.privacy.inzage import openklant_verwijzingen
from bot.zaken.service import schrijf_audit

GEWIST = "gegevens_gewist"


@dataclass(frozen=True)
class Wissing:
    aantallen: dict[str, int]  # per table, plus "events" (tracker store) and "mailbestanden"
    open_klant: list[dict[str, Any]]  # per exported case: its number and the Open Klant uuids
    audit_id: int | None  # the row ``gegevens_gewist``

    @property
    def totaal(self) -> int:
        return sum(self.aantallen.values())


def wis_dossier(*, session: Session, tracker: Engine | None, mailmap: Path | None, dossier: Dossier, wie: str,
                nu: datetime, audit: bool = True) -> Wissing:
    """Erase the dossier everywhere; the audit row is added to ``session`` (the caller commits).
    Retention, which erases many cases in a run, writes its own row instead (``audit=False``)."""
    open_klant = openklant_verwijzingen(session=session, dossier=dossier)
    aantallen = {"events": _wis_tracker(tracker, dossier)}
    bestanden = list(mails_van_dossier(mailmap, dossier))
    for pad in bestanden:
        pad.unlink(missing_ok=True)
    aantallen["mailbestanden"] = len(bestanden)
    for model, voorwaarde in rijen_van_dossier(dossier).items():
        resultaat = session.execute(delete(model).where(voorwaarde).execution_options(synchronize_session=False))
        aantallen[model.__tablename__] = resultaat.rowcount
    session.expire_all()
    aantallen = {soort: aantal for soort, aantal in aantallen.items() if aantal}
    if not audit:
        return Wissing(aantallen=aantallen, open_klant=open_klant, audit_id=None)
    regel = schrijf_audit(session=session, wie=wie, wat=GEWIST, moment=nu, details={
        "aantallen": aantallen,
        "open_klant": [{veld: waarde for veld, waarde in verwijzing.items() if veld != "zaak"} for verwijzing in open_klant],
    })
    session.flush()
    return Wissing(aantallen=aantallen, open_klant=open_klant, audit_id=regel.id)


def _wis_tracker(tracker: Engine | None, dossier: Dossier) -> int:
    if tracker is None or not dossier.gesprekken or not inspect(tracker).has_table(EVENTS.name):
        return 0
    with tracker.begin() as verbinding:
        return verbinding.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(sorted(dossier.gesprekken)))).rowcount
