"""Kennisbank articles in the database: store from files, read for answering.

Service functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import (
    KennisbankFout,
    Onderwerp,
    lees_artikelen,
    lees_onderwerpen,
    lees_upl_uris,
    valideer_artikel,
)
from bot.kennisbank.models import KennisbankArtikel, KennisbankArtikelVersie
from bot.kern.settings import Settings
from bot.kern.tijd import utcnow
from bot.kern.validatie import Probleem


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


# --- editing from the console ------------------------------------------------------------------


def publiceer_artikel(
    *,
    session: Session,
    data: dict,
    door: str,
    toelichting: str,
    vandaag: date,
    upl_uris: dict[str, str] | None = None,
    onderwerpen: list[Onderwerp] | None = None,
) -> Artikel:
    """Validate an edited or new article exactly like the loader, and publish it as a new version.

    The bot answers with it at once: the actions read articles from the database and rebuild
    their search index when ``kennisbank_stand`` changes; no retraining. Saving counts as
    checking the content, so ``laatst_gecontroleerd`` becomes ``vandaag``. Raises
    KennisbankFout naming every field that is wrong; nothing is stored then.
    """
    data = {**data, "laatst_gecontroleerd": vandaag.isoformat()}
    rij = session.get(KennisbankArtikel, data.get("id")) if isinstance(data.get("id"), str) else None
    naam = f"artikel '{data.get('id') or '(nieuw)'}'"
    artikel, problemen = valideer_artikel(data, naam, upl_uris=upl_uris)
    if artikel is not None:
        problemen = _controleer_team(artikel, naam, onderwerpen)
    if problemen:
        raise KennisbankFout(problemen)
    assert artikel is not None
    if rij is None:
        rij = KennisbankArtikel(id=artikel.id, versie=0)
        session.add(rij)
    _schrijf_versie(session=session, rij=rij, artikel=artikel, door=door, toelichting=toelichting)
    return artikel


def markeer_gecontroleerd(*, session: Session, artikel_id: str, door: str, vandaag: date) -> Artikel:
    """The content was checked and is still right: a new version with today's check date."""
    rij = session.get(KennisbankArtikel, artikel_id)
    if rij is None:
        raise LookupError(f"artikel '{artikel_id}' bestaat niet")
    artikel = replace(Artikel.from_dict(rij.inhoud), laatst_gecontroleerd=vandaag)
    _schrijf_versie(session=session, rij=rij, artikel=artikel, door=door, toelichting="gecontroleerd, ongewijzigd")
    return artikel


def zoek_artikelen(*, session: Session, tekst: str = "") -> list[KennisbankArtikel]:
    """Articles whose id, title or team contains ``tekst`` (all when empty), by title."""
    query = select(KennisbankArtikel).order_by(KennisbankArtikel.titel)
    tekst = tekst.strip().lower()
    if tekst:
        patroon = f"%{tekst}%"
        query = query.where(
            func.lower(KennisbankArtikel.titel).like(patroon)
            | func.lower(KennisbankArtikel.id).like(patroon)
            | func.lower(KennisbankArtikel.team).like(patroon)
        )
    return list(session.execute(query).scalars())


def is_verouderd(rij: KennisbankArtikel, *, vandaag: date, max_dagen: int) -> bool:
    """Not checked for more than ``max_dagen`` days (INGANG_KENNISBANK_CONTROLE_DAGEN)."""
    return (vandaag - rij.laatst_gecontroleerd).days > max_dagen


def artikel_historie(*, session: Session, artikel_id: str) -> list[KennisbankArtikelVersie]:
    """Every version of the article, newest first."""
    return list(session.execute(
        select(KennisbankArtikelVersie).where(KennisbankArtikelVersie.artikel_id == artikel_id)
        .order_by(KennisbankArtikelVersie.versie.desc())
    ).scalars())


def _controleer_team(artikel: Artikel, naam: str, onderwerpen: list[Onderwerp] | None) -> list[Probleem]:
    """A subject of the shared list keeps the team the list gives it."""
    for onderwerp in onderwerpen or []:
        if onderwerp.id == artikel.id and onderwerp.team != artikel.team:
            return [Probleem(naam, "team", f"moet '{onderwerp.team}' zijn, zoals in de gedeelde onderwerpenlijst")]
    return []
