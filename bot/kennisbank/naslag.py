"""Situations and the glossary as the bot uses them: read from files, stored, and kept in step.

``NaslagLezer().actueel()`` gives the published situations and terms with their look-up indexes
(``Naslag``), rebuilt only when the database changed: one cheap query per question, like
``KennisbankZoeker`` for articles. An edit in the console is used at once, without a restart or
retraining. The conversation calls:

    NASLAG = NaslagLezer()
    naslag = NASLAG.actueel()                 # in a worker thread: it reads the database
    naslag.zoek_begrip(tekst) -> Begrip | None
    naslag.herken_situatie(tekst) -> Situatie | None
    naslag.begrip_bericht(begrip) -> Bericht
    naslag.situatie_bericht(situatie, coordinator_payload="/request_human") -> Bericht
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.kennisbank.antwoorden import Bericht
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.begrippen import (
    Begrip,
    BegrippenIndex,
    begrip_bericht,
    lees_begrippen,
    valideer_begrip,
)
from bot.kennisbank.inhoud import (
    BEGRIP,
    SITUATIE,
    alle_items,
    als_json,
    inhoud_stand,
    publiceer,
    sla_op_uit_bestand,
)
from bot.kennisbank.loader import lees_onderwerpen
from bot.kennisbank.service import LaadResultaat, alle_artikelen, kennisbank_stand
from bot.kennisbank.situaties import (
    Situatie,
    SituatieIndex,
    lees_situaties,
    situatie_bericht,
    valideer_situatie,
)
from bot.kern.configuratie import toon_pad
from bot.kern.db import default_engine, transaction
from bot.kern.settings import Settings


def situaties_map(settings: Settings) -> Path:
    """``kennisbank/situaties/``, beside the articles' folder."""
    return settings.kennisbank_dir.parent / "situaties"


def begrippen_bestand(settings: Settings) -> Path:
    """``kennisbank/begrippen.yml``, beside the articles' folder."""
    return settings.kennisbank_dir.parent / "begrippen.yml"


def bekende_teams(settings: Settings, artikelen: Iterable[Artikel]) -> frozenset[str]:
    """The teams of the shared subject list and of the articles."""
    teams = {a.team for a in artikelen}
    onderwerpen = settings.shared_dir / "kennisbank-onderwerpen.yml"
    if onderwerpen.exists():
        teams.update(o.team for o in lees_onderwerpen(onderwerpen))
    return frozenset(teams)


def lees_situaties_uit_map(settings: Settings, artikelen: list[Artikel]) -> list[Situatie]:
    """Read and check the situation files against the (already read) articles and the teams."""
    return lees_situaties(situaties_map(settings), artikel_ids=frozenset(a.id for a in artikelen),
                          teams=bekende_teams(settings, artikelen))


def lees_begrippen_uit_bestand(settings: Settings, artikelen: list[Artikel]) -> list[Begrip]:
    """Read and check the glossary file against the (already read) articles."""
    return lees_begrippen(begrippen_bestand(settings), artikel_ids=frozenset(a.id for a in artikelen))


def sla_situaties_op(*, session: Session, situaties: list[Situatie], bron_map: Path, door: str) -> LaadResultaat:
    return sla_op_uit_bestand(session=session, soort=SITUATIE, door=door, items=(
        (s.id, s.titel, als_json(s), toon_pad(bron_map / f"{s.id}.yml")) for s in situaties))


def sla_begrippen_op(*, session: Session, begrippen: list[Begrip], bron: Path, door: str) -> LaadResultaat:
    return sla_op_uit_bestand(session=session, soort=BEGRIP, door=door, items=(
        (b.id, b.term, als_json(b), toon_pad(bron)) for b in begrippen))


def alle_situaties(*, session: Session) -> list[Situatie]:
    return [Situatie.parse_obj(rij.inhoud) for rij in alle_items(session=session, soort=SITUATIE)]


def alle_begrippen(*, session: Session) -> list[Begrip]:
    return [Begrip.parse_obj(rij.inhoud) for rij in alle_items(session=session, soort=BEGRIP)]


# --- editing from the console --------------------------------------------------------------------


def publiceer_situatie(
    *, session: Session, data: dict, naam: str, teams: frozenset[str], door: str, toelichting: str, vandaag: date
) -> Situatie:
    """Validate like the loader (against the published articles and situations) and publish a new version.

    Saving counts as checking the content: ``laatst_gecontroleerd`` becomes ``vandaag``. Raises
    SituatieFout naming every wrong field; nothing is stored then.
    """
    data = {**data, "laatst_gecontroleerd": vandaag.isoformat()}
    artikel_ids = frozenset(a.id for a in alle_artikelen(session=session))
    situatie = valideer_situatie(data, naam, artikel_ids=artikel_ids, teams=teams,
                                 andere=alle_situaties(session=session))
    publiceer(session=session, soort=SITUATIE, item_id=situatie.id, titel=situatie.titel, inhoud=als_json(situatie),
              door=door, toelichting=toelichting)
    return situatie


def publiceer_begrip(*, session: Session, data: dict, naam: str, door: str, toelichting: str, vandaag: date) -> Begrip:
    """Validate like the loader (against the published articles and terms) and publish a new version."""
    data = {**data, "laatst_gecontroleerd": vandaag.isoformat()}
    artikel_ids = frozenset(a.id for a in alle_artikelen(session=session))
    begrip = valideer_begrip(data, naam, artikel_ids=artikel_ids, andere=alle_begrippen(session=session))
    publiceer(session=session, soort=BEGRIP, item_id=begrip.id, titel=begrip.term, inhoud=als_json(begrip),
              door=door, toelichting=toelichting)
    return begrip


# --- the bot's view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Naslag:
    """The published situations and terms, with their indexes and the articles' titles, as of one moment."""

    situaties: SituatieIndex
    begrippen: BegrippenIndex
    titels: dict[str, str]

    @classmethod
    def bouw(cls, situaties: list[Situatie], begrippen: list[Begrip], artikelen: list[Artikel]) -> Naslag:
        synoniemen = {a.id: [*a.synoniemen, *a.zoektermen] for a in artikelen}
        namen = [naam for a in artikelen for naam in (a.titel, *a.synoniemen)]
        return cls(situaties=SituatieIndex(situaties, synoniemen), begrippen=BegrippenIndex(begrippen, namen),
                   titels={a.id: a.titel for a in artikelen})

    def herken_situatie(self, tekst: str) -> Situatie | None:
        return self.situaties.herken(tekst)

    def zoek_begrip(self, tekst: str) -> Begrip | None:
        return self.begrippen.zoek(tekst)

    def situatie(self, situatie_id: str | None) -> Situatie | None:
        return next((s for s in self.situaties.situaties if s.id == situatie_id), None)

    def situatie_bericht(self, situatie: Situatie, *, coordinator_payload: str = "/request_human") -> Bericht:
        return situatie_bericht(situatie, self.titels, coordinator_payload=coordinator_payload)

    def begrip_bericht(self, begrip: Begrip) -> Bericht:
        return begrip_bericht(begrip, self.titels)


class NaslagLezer:
    """Keeps a ``Naslag`` in step with the database: a rebuild only after an edit or a load."""

    def __init__(self, engine: Engine | None = None) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._stand: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._naslag: Naslag | None = None

    def actueel(self) -> Naslag:
        with transaction(self._engine or default_engine()) as session:
            stand = (inhoud_stand(session=session), kennisbank_stand(session=session))
            with self._lock:
                if stand != self._stand or self._naslag is None:
                    self._naslag = Naslag.bouw(alle_situaties(session=session), alle_begrippen(session=session),
                                               alle_artikelen(session=session))
                    self._stand = stand
                return self._naslag


@cache
def gedeelde_naslag() -> NaslagLezer:
    """The process's one reader of situations and glossary on the default database (see ``gedeelde_zoeker``)."""
    return NaslagLezer()
