"""Kennisbank articles in the database: store from files, read for answering.

Service functions take a session; the caller owns the transaction. Storing with every version
kept is the mechanism of ``versies.py``, shared with situations and terms.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
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
from bot.kennisbank.tekstzoeken import Vondst, doorzoek
from bot.kennisbank.versies import (
    LaadResultaat,
    UitBestand,
    haal_of_maak,
    historie,
    schrijf_versie,
    sla_op_uit_bestanden,
    stand,
)
from bot.kern.settings import Settings
from bot.kern.validatie import Probleem


def lees_artikelen_uit_map(settings: Settings) -> list[Artikel]:
    """Read and validate all article files, checked against the shared subject list and UPL."""
    onderwerpen_pad = settings.shared_dir / "kennisbank-onderwerpen.yml"
    upl_pad = settings.shared_dir / "upl" / "UPL-actueel.csv"
    onderwerpen = lees_onderwerpen(onderwerpen_pad) if onderwerpen_pad.exists() else None
    upl_uris = lees_upl_uris(upl_pad) if upl_pad.exists() else None
    return lees_artikelen(settings.kennisbank_dir, onderwerpen=onderwerpen, upl_uris=upl_uris)


def sla_artikelen_op(*, session: Session, artikelen: list[Artikel], bron_map: Path, door: str) -> LaadResultaat:
    """Store articles read from files.

    An article is only overwritten when its file changed since the last load, so edits made
    later in the database (by the console) are not undone by re-running the set-up.
    """
    return sla_op_uit_bestanden(session=session, model=KennisbankArtikel, door=door, items=(
        UitBestand(sleutel={"id": a.id}, titel=a.titel, inhoud=a.to_dict(), bron=str(bron_map / f"{a.id}.yml"),
                   kolommen={"team": a.team}) for a in artikelen))


def _schrijf_versie(*, session: Session, rij: KennisbankArtikel, artikel: Artikel, door: str, toelichting: str) -> None:
    schrijf_versie(session=session, rij=rij, titel=artikel.titel, team=artikel.team, inhoud=artikel.to_dict(), door=door,
                   toelichting=toelichting)


def alle_artikelen(*, session: Session) -> list[Artikel]:
    rijen = session.execute(select(KennisbankArtikel).order_by(KennisbankArtikel.id)).scalars()
    return [Artikel.from_dict(rij.inhoud) for rij in rijen]


def artikel_titels(*, session: Session) -> dict[str, str]:
    """The published articles' titles, by id."""
    return {artikel.id: artikel.titel for artikel in alle_artikelen(session=session)}


def haal_artikel(*, session: Session, artikel_id: str) -> Artikel | None:
    rij = session.get(KennisbankArtikel, artikel_id)
    return Artikel.from_dict(rij.inhoud) if rij else None


def kennisbank_stand(*, session: Session) -> tuple[int, int]:
    """A cheap fingerprint of the published kennisbank: (number of articles, sum of versions).

    Any add or edit changes it, so a search index can be rebuilt only when needed.
    """
    return stand(session=session, model=KennisbankArtikel)


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
    naam = f"artikel '{data.get('id') or '(nieuw)'}'"
    artikel, problemen = valideer_artikel(data, naam, upl_uris=upl_uris)
    if artikel is not None:
        problemen = _controleer_team(artikel, naam, onderwerpen)
    if problemen:
        raise KennisbankFout(problemen)
    assert artikel is not None
    rij, _ = haal_of_maak(session, KennisbankArtikel, {"id": artikel.id})
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
    """Articles with every word of ``tekst`` in any field (all when empty): the best first, then by title."""
    return [rij for rij, _ in doorzoek_artikelen(session=session, tekst=tekst)]


def doorzoek_artikelen(*, session: Session, tekst: str = "") -> list[tuple[KennisbankArtikel, tuple[Vondst, ...]]]:
    """As ``zoek_artikelen``, each with where it matched (``tekstzoeken.doorzoek``)."""
    rijen = {rij.id: rij for rij in session.execute(select(KennisbankArtikel)).scalars()}
    resultaten = doorzoek(((rij.id, rij.titel, rij.inhoud) for rij in rijen.values()), tekst)
    return [(rijen[resultaat.sleutel], resultaat.vondsten) for resultaat in resultaten]


def is_verouderd(rij: KennisbankArtikel, *, vandaag: date, max_dagen: int) -> bool:
    """Not checked for more than ``max_dagen`` days (INGANG_KENNISBANK_CONTROLE_DAGEN)."""
    return (vandaag - rij.laatst_gecontroleerd).days > max_dagen


def artikel_historie(*, session: Session, artikel_id: str) -> list[KennisbankArtikelVersie]:
    """Every version of the article, newest first."""
    return historie(session=session, model=KennisbankArtikelVersie, artikel_id=artikel_id)


def _controleer_team(artikel: Artikel, naam: str, onderwerpen: list[Onderwerp] | None) -> list[Probleem]:
    """A subject of the shared list keeps the team the list gives it."""
    for onderwerp in onderwerpen or []:
        if onderwerp.id == artikel.id and onderwerp.team != artikel.team:
            return [Probleem(naam, "team", f"moet '{onderwerp.team}' zijn, zoals in de gedeelde onderwerpenlijst")]
    return []
