"""Published content with every version kept: one mechanism for articles, situations and terms.

A published row (``models.Gepubliceerd``) holds the current content; each save writes a new
version number and a history row (``models.Versie``). Loading from files overwrites a row only
when its file changed since the last load, so edits made later in the console are not undone by
running the set-up again. ``service.py`` (articles) and ``inhoud.py`` (situations and terms) use
these functions; they take a session, and the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.kennisbank.models import Gepubliceerd, Versie
from bot.kern.tijd import utcnow

Rij = TypeVar("Rij", bound=Gepubliceerd)
VersieRij = TypeVar("VersieRij", bound=Versie)


@dataclass(frozen=True)
class LaadResultaat:
    nieuw: int
    bijgewerkt: int
    ongewijzigd: int


@dataclass(frozen=True)
class UitBestand:
    """One item read from a file, ready to store."""

    sleutel: dict[str, str]  # the primary key: {"id": ...} or {"soort": ..., "id": ...}
    titel: str
    inhoud: dict[str, Any]  # JSON-ready, with the field names of the file
    bron: str  # the file, as shown to an editor
    kolommen: dict[str, Any] = field(default_factory=dict)  # other columns of the row (an article's team)


def inhoud_hash(inhoud: dict[str, Any]) -> str:
    tekst = json.dumps(inhoud, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()


def haal_of_maak(session: Session, model: type[Rij], sleutel: dict[str, str]) -> tuple[Rij, bool]:
    """The row with primary key ``sleutel``, or a new one without versions (added to the session); and whether it is new."""
    rij = session.get(model, sleutel)
    if rij is not None:
        return rij, False
    rij = model(**sleutel, versie=0)
    session.add(rij)
    return rij, True


def sla_op_uit_bestanden(
    *, session: Session, model: type[Gepubliceerd], items: Iterable[UitBestand], door: str
) -> LaadResultaat:
    """Store items read from files; only what changed in its file is overwritten."""
    nieuw = bijgewerkt = ongewijzigd = 0
    for item in items:
        rij, is_nieuw = haal_of_maak(session, model, item.sleutel)
        hash_ = inhoud_hash(item.inhoud)
        if is_nieuw:
            nieuw += 1
        elif rij.bron_hash == hash_:
            ongewijzigd += 1
            continue
        else:
            bijgewerkt += 1
        schrijf_versie(session=session, rij=rij, titel=item.titel, inhoud=item.inhoud, door=door,
                       toelichting="geladen uit bestand", **item.kolommen)
        rij.bron_bestand = item.bron
        rij.bron_hash = hash_
    return LaadResultaat(nieuw=nieuw, bijgewerkt=bijgewerkt, ongewijzigd=ongewijzigd)


def schrijf_versie(
    *, session: Session, rij: Gepubliceerd, titel: str, inhoud: dict[str, Any], door: str, toelichting: str,
    **kolommen: Any,
) -> None:
    """``inhoud`` (already validated) as the next version of ``rij``, with its history row."""
    rij.titel = titel
    for naam, waarde in kolommen.items():
        setattr(rij, naam, waarde)
    rij.inhoud = inhoud
    rij.laatst_gecontroleerd = date.fromisoformat(inhoud["laatst_gecontroleerd"])
    rij.versie = (rij.versie or 0) + 1
    rij.bijgewerkt_op = utcnow()
    session.flush()
    session.add(rij.versie_rij(versie=rij.versie, inhoud=inhoud, gewijzigd_door=door, toelichting=toelichting))


def historie(*, session: Session, model: type[VersieRij], **sleutel: str) -> list[VersieRij]:
    """Every version of one item (``sleutel``: the columns that name it), newest first."""
    return list(session.execute(select(model).filter_by(**sleutel).order_by(model.versie.desc())).scalars())


def zoek(*, session: Session, model: type[Rij], tekst: str, kolommen: tuple[str, ...], **filter_: str) -> list[Rij]:
    """Rows whose ``kolommen`` contain ``tekst`` (all when empty), by title."""
    query = select(model).filter_by(**filter_).order_by(model.titel)
    tekst = tekst.strip().lower()
    if tekst:
        patroon = f"%{tekst}%"
        query = query.where(or_(*(func.lower(getattr(model, kolom)).like(patroon) for kolom in kolommen)))
    return list(session.execute(query).scalars())


def stand(*, session: Session, model: type[Gepubliceerd]) -> tuple[int, int]:
    """A cheap fingerprint of the published rows: (number, sum of versions); any load or edit changes it."""
    aantal, versies = session.execute(
        select(func.count(model.id), func.coalesce(func.sum(model.versie), 0))
    ).one()
    return int(aantal), int(versies)
