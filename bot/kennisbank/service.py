"""Kennisbank articles in the database: store from files, read for answering.

Service functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import lees_artikelen, lees_onderwerpen, lees_upl_uris
from bot.kennisbank.models import KennisbankArtikel, KennisbankArtikelVersie, utcnow
from bot.settings import Settings


@dataclass(frozen=True)
class LaadResultaat:
    nieuw: int
    bijgewerkt: int
    ongewijzigd: int


def lees_artikelen_uit_map(settings: Settings) -> list[Artikel]:
    """Read and validate all article files, checked against the shared subject list and UPL."""
    onderwerpen_pad = settings.shared_dir / "kennisbank-onderwerpen.yml"
    upl_pad = settings.shared_dir / "upl" / "UPL-actueel.csv"
    onderwerpen = lees_onderwerpen(onderwerpen_pad) if onderwerpen_pad.exists() else None
    upl_uris = lees_upl_uris(upl_pad) if upl_pad.exists() else None
    return lees_artikelen(settings.kennisbank_dir, onderwerpen=onderwerpen, upl_uris=upl_uris)


def bestand_hash(artikel: Artikel) -> str:
    tekst = json.dumps(artikel.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()


def sla_artikelen_op(*, session: Session, artikelen: list[Artikel], bron_map: Path, door: str) -> LaadResultaat:
    """Store articles read from files.

    An article is only overwritten when its file changed since the last load, so edits made
    later in the database (by the console) are not undone by re-running the set-up.
    """
    nieuw = bijgewerkt = ongewijzigd = 0
    for artikel in artikelen:
        rij = session.get(KennisbankArtikel, artikel.id)
        hash_ = bestand_hash(artikel)
        if rij is None:
            rij = KennisbankArtikel(id=artikel.id, versie=0)
            session.add(rij)
            nieuw += 1
        elif rij.bron_hash == hash_:
            ongewijzigd += 1
            continue
        else:
            bijgewerkt += 1
        _schrijf_versie(session=session, rij=rij, artikel=artikel, door=door, toelichting="geladen uit bestand")
        rij.bron_bestand = str(bron_map / f"{artikel.id}.yml")
        rij.bron_hash = hash_
    return LaadResultaat(nieuw=nieuw, bijgewerkt=bijgewerkt, ongewijzigd=ongewijzigd)


def _schrijf_versie(*, session: Session, rij: KennisbankArtikel, artikel: Artikel, door: str, toelichting: str) -> None:
    rij.titel = artikel.titel
    rij.team = artikel.team
    rij.inhoud = artikel.to_dict()
    rij.laatst_gecontroleerd = artikel.laatst_gecontroleerd
    rij.versie = (rij.versie or 0) + 1
    rij.bijgewerkt_op = utcnow()
    session.flush()
    session.add(
        KennisbankArtikelVersie(
            artikel_id=artikel.id, versie=rij.versie, inhoud=rij.inhoud, gewijzigd_door=door, toelichting=toelichting
        )
    )


def alle_artikelen(*, session: Session) -> list[Artikel]:
    rijen = session.execute(select(KennisbankArtikel).order_by(KennisbankArtikel.id)).scalars()
    return [Artikel.from_dict(rij.inhoud) for rij in rijen]


def haal_artikel(*, session: Session, artikel_id: str) -> Artikel | None:
    rij = session.get(KennisbankArtikel, artikel_id)
    return Artikel.from_dict(rij.inhoud) if rij else None


def kennisbank_stand(*, session: Session) -> tuple[int, int]:
    """A cheap fingerprint of the published kennisbank: (number of articles, sum of versions).

    Any add or edit changes it, so a search index can be rebuilt only when needed.
    """
    aantal, versies = session.execute(
        select(func.count(KennisbankArtikel.id), func.coalesce(func.sum(KennisbankArtikel.versie), 0))
    ).one()
    return int(aantal), int(versies)
