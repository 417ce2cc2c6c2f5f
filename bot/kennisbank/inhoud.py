"""Situations and glossary terms in the database: stored like articles, with every version kept.

One table holds both kinds (``soort``: ``situatie`` or ``begrip``). The functions here know
nothing of the fields of either kind: they store and read validated content as JSON, with the
mechanism articles use too (``versies.py``). Service functions take a session; the caller owns the
transaction. ``valideer_gegevens`` validates data from a form exactly as ``lees_configuratie``
validates a file, so that the console and the loader give the same messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kennisbank import versies
from bot.kennisbank.models import KennisbankItem, KennisbankItemVersie
from bot.kennisbank.versies import LaadResultaat, UitBestand
from bot.kern.configuratie import ConfiguratieFout, Model, Nacontrole, valideer_configuratie

SITUATIE = "situatie"
BEGRIP = "begrip"
ID_PATROON = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --- checks the schemas of both kinds use (pydantic validators: a ValueError names the field) ----


def geldige_id(waarde: str) -> str:
    if not ID_PATROON.match(waarde):
        raise ValueError("alleen kleine letters, cijfers en streepjes")
    return waarde


def hoogstens_woorden(tekst: str | None, maximum: int) -> str | None:
    """With ``functools.partial(hoogstens_woorden, maximum=...)`` as a validator: at most ``maximum`` words."""
    if tekst is not None and len(tekst.split()) > maximum:
        raise ValueError(f"{len(tekst.split())} woorden; maximaal {maximum}")
    return tekst


# --- validating and storing ----------------------------------------------------------------------


def valideer_gegevens(
    data: Any,
    schema: type[Model],
    naam: str,
    *,
    fout: type[ConfiguratieFout],
    nacontrole: Nacontrole[Model] | None = None,
) -> Model:
    """``data`` (a form, not a file) into ``schema``; raise ``fout`` naming ``naam`` and each field."""
    return valideer_configuratie(data, schema, naam, fout=fout, nacontrole=nacontrole,
                                 leeg="de gegevens moeten velden bevatten (naam: waarde)")


def als_json(model: BaseModel) -> dict[str, Any]:
    """The model as JSON-ready data with the field names of the files (dates as JJJJ-MM-DD)."""
    return json.loads(model.json(exclude_none=True))


def sla_op_uit_bestand(
    *, session: Session, soort: str, items: Iterable[tuple[str, str, dict[str, Any], str]], door: str
) -> LaadResultaat:
    """Store (id, titel, inhoud, bron) read from files; only what changed in its file is overwritten.

    Edits made later in the console are therefore not undone by running the set-up again.
    """
    return versies.sla_op_uit_bestanden(session=session, model=KennisbankItem, door=door, items=(
        UitBestand(sleutel={"soort": soort, "id": item_id}, titel=titel, inhoud=inhoud, bron=bron)
        for item_id, titel, inhoud, bron in items))


def publiceer(
    *, session: Session, soort: str, item_id: str, titel: str, inhoud: dict[str, Any], door: str, toelichting: str
) -> KennisbankItem:
    """Publish already validated content as a new version (a new item gets version 1)."""
    rij, _ = versies.haal_of_maak(session, KennisbankItem, {"soort": soort, "id": item_id})
    versies.schrijf_versie(session=session, rij=rij, titel=titel, inhoud=inhoud, door=door, toelichting=toelichting)
    return rij


def haal_item(*, session: Session, soort: str, item_id: str) -> KennisbankItem | None:
    return session.get(KennisbankItem, (soort, item_id))


def alle_items(*, session: Session, soort: str) -> list[KennisbankItem]:
    """Every published item of ``soort``, by id."""
    return list(session.execute(
        select(KennisbankItem).where(KennisbankItem.soort == soort).order_by(KennisbankItem.id)
    ).scalars())


def zoek_items(*, session: Session, soort: str, tekst: str = "") -> list[KennisbankItem]:
    """Items of ``soort`` whose id or title contains ``tekst`` (all when empty), by title."""
    return versies.zoek(session=session, model=KennisbankItem, tekst=tekst, kolommen=("titel", "id"), soort=soort)


def item_historie(*, session: Session, soort: str, item_id: str) -> list[KennisbankItemVersie]:
    """Every version of the item, newest first."""
    return versies.historie(session=session, model=KennisbankItemVersie, soort=soort, item_id=item_id)


def inhoud_stand(*, session: Session) -> tuple[int, int]:
    """A cheap fingerprint of the published situations and terms: (number, sum of versions)."""
    return versies.stand(session=session, model=KennisbankItem)
