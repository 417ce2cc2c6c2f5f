"""Access (AVG art. 15): everything Ingang holds about an entrepreneur, as one readable file.

The file is JSON. It starts with ``samenvatting``: a plain Dutch account of what was found, per
store, that the privacy officer can send along (template ``teksten/privacy/samenvatting.txt``).
Then every row of every table that belongs to the dossier (``bot.privacy.dossier``), the
conversations as Rasa stored them (who said what, when), the e-mails of the mail sink, and what was
exported to Open Klant (which Ingang does not hold, but names). Secrets are left out: the hash of
a one-time code is not the entrepreneur's data.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.integraties.openklant.models import ZaakExport
from bot.kern.teksten import tekst
from bot.privacy.dossier import Dossier, mails_van_dossier, rijen_van_dossier, tracker_gesprekken

GEHEIM = {"code_hash", "zout", "claimed_by", "claimed_until"}
GESPREK_EVENTS = {"user": "ondernemer", "bot": "assistent"}
OPENKLANT_VELDEN = ("klantcontact_uuid", "onderwerpobject_uuid", "partij_uuid", "partij_aangemaakt_uuid",
                    "betrokkene_uuid", "digitale_adressen", "actor_uuid", "internetaak_uuid")


def exporteer(*, session: Session, tracker: Engine, mailmap: Path | None, dossier: Dossier,
              nu: datetime) -> dict[str, Any]:
    """The dossier as one JSON-serialisable document."""
    tabellen = {model.__tablename__: [_rij(object_) for object_ in session.execute(
        select(model).where(voorwaarde).order_by(*inspect(model).primary_key)).scalars()]
        for model, voorwaarde in rijen_van_dossier(dossier).items()}
    tabellen = {naam: rijen for naam, rijen in tabellen.items() if rijen}
    gesprekken = _gesprekken(tracker_gesprekken(tracker, dossier))
    mails = [{"bestand": pad.name, "inhoud": tekst} for pad, tekst in mails_van_dossier(mailmap, dossier).items()]
    openklant = openklant_verwijzingen(session=session, dossier=dossier)
    samenvatting = tekst("privacy/samenvatting.txt", dossier=dossier, tabellen=tabellen, gesprekken=gesprekken,
                         mails=mails, openklant=openklant, nu=nu)
    return {"samenvatting": samenvatting.splitlines(), "gemaakt_op": nu.isoformat(),
            "zoekterm": {"soort": dossier.zoekterm.soort, "waarde": dossier.zoekterm.waarde},
            "tabellen": tabellen, "gesprekken": gesprekken, "mails": mails, "open_klant": openklant}


def als_bestand(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def openklant_verwijzingen(*, session: Session, dossier: Dossier) -> list[dict[str, Any]]:
    """Per exported case, the Open Klant objects Ingang made or used: the municipality must see to
    them there, Ingang cannot erase them."""
    zaak_nummers = {zaak.id: zaak.nummer for zaak in dossier.zaken}
    exports = session.execute(select(ZaakExport).where(ZaakExport.zaak_id.in_(list(zaak_nummers)))).scalars()
    verwijzingen = []
    for export in exports:
        objecten = {veld: getattr(export, veld) for veld in OPENKLANT_VELDEN if getattr(export, veld)}
        if objecten:
            verwijzingen.append({"zaak": zaak_nummers[export.zaak_id], **objecten})
    return verwijzingen


def _rij(object_: Any) -> dict[str, Any]:
    return {kolom.key: _waarde(getattr(object_, kolom.key)) for kolom in inspect(object_).mapper.column_attrs
            if kolom.key not in GEHEIM}


def _waarde(waarde: Any) -> Any:
    if isinstance(waarde, datetime):
        return waarde.isoformat()
    return waarde


def _gesprekken(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per conversation, the messages of the entrepreneur and the assistant (a staff reply during a
    takeover is one of the assistant's), and how many other events Rasa kept (slots, actions)."""
    per_gesprek: dict[str, dict[str, Any]] = {}
    for event in events:
        gesprek = per_gesprek.setdefault(event["sender_id"], {"gesprek": event["sender_id"], "berichten": [],
                                                              "overige_gebeurtenissen": 0})
        data = json.loads(event["data"] or "{}")
        if event["type_name"] in GESPREK_EVENTS and data.get("text"):
            gesprek["berichten"].append({
                "moment": datetime.fromtimestamp(event["timestamp"], tz=timezone.utc).isoformat(),
                "van": GESPREK_EVENTS[event["type_name"]], "tekst": data["text"]})
        else:
            gesprek["overige_gebeurtenissen"] += 1
    return list(per_gesprek.values())
