"""Handing a case to a person: when, to whom, and the promise the entrepreneur is told.

The rules for when live in config/overdracht.yml; the service norms for how soon in
config/servicenormen.yml. ``draag_over`` records the entrepreneur (with consent), the case and
the promise in the caller's transaction and returns the ``custom.overdracht`` payload of
shared/berichten.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import StrictBool, StrictInt, validator
from sqlalchemy.orm import Session

from bot.beloften.berichten import belofte_zin, overdracht_payload
from bot.beloften.normen import deadline_volgens_norm
from bot.kennisbank.service import alle_artikelen
from bot.kern.configuratie import Getal, Schema, Tekst, lees_configuratie
from bot.kern.settings import PROJECT_ROOT
from bot.kern.teksten import tekst
from bot.overdracht.bedrijfsprofiel import Profielregels, herken_gebied, herken_sector, lees_profielregels
from bot.overdracht.betrokken import informeer_andere_teams
from bot.overdracht.limiet import controleer_limiet
from bot.overdracht.routing import kies_medewerker
from bot.overdracht.vragen import detail_labels
from bot.zaken.models import BelofteActie, Ondernemer
from bot.zaken.service import maak_belofte, maak_zaak, zoek_of_maak_ondernemer

CONFIG = PROJECT_ROOT / "config"
ONDERWERP_ONBEKEND = "ondernemersloket"


@dataclass(frozen=True)
class OverdrachtRegels:
    op_verzoek: bool
    na_niet_geholpen: bool
    niet_begrepen_achter_elkaar: int
    altijd_met_zorg: frozenset[str]
    meerdere_teams_verhouding: float
    actie_per_onderwerp: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vraaggegevens:
    """What the probing form collected."""

    onderwerp: str | None
    wat: str | None
    waarom: str | None
    hoe: str | None
    bedrijfsnaam: str | None
    kvk_nummer: str | None
    contactnaam: str | None
    telefoon: str | None
    email: str | None
    details: dict[str, Any] = field(default_factory=dict)
    # more subjects the question touches (another team's), after ``onderwerp``
    extra_onderwerpen: tuple[str, ...] = ()
    # the sleutel of the medewerker the entrepreneur asked for by name, who gets the case when available
    gewenste_medewerker: str | None = None
    # the entrepreneur needs it soon (bot/overdracht/urgentie.py): marked urgent, the shorter norm
    urgent: bool = False
    # asked to be e-mailed rather than called (bot/overdracht/contactvoorkeur.py)
    wil_mail: bool = False


class OverdrachtInBestand(Schema):
    """The schema of config/overdracht.yml (under its one key ``overdracht``)."""

    op_verzoek: StrictBool
    na_niet_geholpen: StrictBool
    niet_begrepen_achter_elkaar: StrictInt
    altijd_met_zorg: tuple[Tekst, ...]
    meerdere_teams_verhouding: Getal
    actie_per_onderwerp: dict[str, BelofteActie] | None = None

    @validator("niet_begrepen_achter_elkaar")
    @classmethod
    def _minstens_een(cls, aantal: int) -> int:
        if aantal < 1:
            raise ValueError(f"moet minstens 1 zijn: {aantal}")
        return aantal

    @validator("meerdere_teams_verhouding")
    @classmethod
    def _aandeel(cls, verhouding: float) -> float:
        if not 0 < verhouding <= 1:
            raise ValueError(f"moet groter dan 0 en hoogstens 1 zijn: {verhouding:g}")
        return verhouding


class OverdrachtBestand(Schema):
    overdracht: OverdrachtInBestand


@cache
def lees_regels(pad: Path = CONFIG / "overdracht.yml") -> OverdrachtRegels:
    """Read config/overdracht.yml; a broken file raises ConfiguratieFout naming the file and the field."""
    regels = lees_configuratie(pad, OverdrachtBestand).overdracht
    return OverdrachtRegels(
        op_verzoek=regels.op_verzoek,
        na_niet_geholpen=regels.na_niet_geholpen,
        niet_begrepen_achter_elkaar=regels.niet_begrepen_achter_elkaar,
        altijd_met_zorg=frozenset(regels.altijd_met_zorg),
        meerdere_teams_verhouding=regels.meerdere_teams_verhouding,
        actie_per_onderwerp={onderwerp: actie.value for onderwerp, actie in (regels.actie_per_onderwerp or {}).items()},
    )


def vraagt_zorg(onderwerp: str | None, regels: OverdrachtRegels) -> bool:
    """Money trouble: always offered to a person, with care."""
    return onderwerp in regels.altijd_met_zorg


def raakt_meerdere_teams(scores: list[tuple[str, float]], teams: dict[str, str], regels: OverdrachtRegels) -> bool:
    """The best two subjects (id, score) belong to different teams and score close together."""
    if len(scores) < 2 or scores[0][1] <= 0:
        return False
    (eerste, score1), (tweede, score2) = scores[0], scores[1]
    return teams.get(eerste) != teams.get(tweede) and score2 >= regels.meerdere_teams_verhouding * score1


def niet_begrepen_te_vaak(aantal: int, regels: OverdrachtRegels) -> bool:
    return aantal >= regels.niet_begrepen_achter_elkaar


def kies_actie(onderwerp: str | None, telefoon: str | None, regels: OverdrachtRegels, *, email: str | None = None,
               wil_mail: bool = False) -> str:
    """The subject's own action (a visit), else a call back, or an e-mail when there is no phone number or the
    entrepreneur asked for e-mail (bot/overdracht/contactvoorkeur.py) and gave an address."""
    if onderwerp in regels.actie_per_onderwerp:
        return regels.actie_per_onderwerp[onderwerp]
    if wil_mail and email:
        return BelofteActie.MAILEN.value
    return BelofteActie.TERUGBELLEN.value if telefoon else BelofteActie.MAILEN.value


def samenvatting(gegevens: Vraaggegevens) -> str:
    """The case in a few lines for staff and the zaaksysteem (teksten/overdracht/samenvatting.txt): the
    vraag achter de vraag, then each detail under its label (config/vragen.yml)."""
    labels = detail_labels()
    details = [(labels.get(sleutel) or sleutel.replace("_", " ").capitalize(), waarde)
               for sleutel, waarde in gegevens.details.items() if waarde]
    return tekst("overdracht/samenvatting.txt", wat=gegevens.wat, waarom=gegevens.waarom, hoe=gegevens.hoe,
                 details=details).strip()


def draag_over(*, session: Session, gegevens: Vraaggegevens, kanaal: str, gesprek_id: str, moment: datetime) -> dict[str, Any]:
    """Record the case and the promise; return the ``custom.overdracht`` payload.

    A case whose subjects span teams keeps one coordinator, the medewerker of the first subject's
    team; one person of every other team is informed (bot/overdracht/betrokken.py) and named in
    the payload's optional ``ook_betrokken`` ({naam, functie} each) for the thank-you text.
    """
    controleer_limiet(session=session, kanaal=kanaal, gesprek_id=gesprek_id, nu=moment)  # raises TeVeelOverdrachten
    regels = lees_regels()
    onderwerp = gegevens.onderwerp or ONDERWERP_ONBEKEND
    artikelen = alle_artikelen(session=session)
    teams = {a.id: a.team for a in artikelen}
    ondernemer = zoek_of_maak_ondernemer(
        session=session, kanaal=kanaal, kanaal_id=gesprek_id, contactnaam=gegevens.contactnaam,
        bedrijfsnaam=gegevens.bedrijfsnaam, kvk_nummer=gegevens.kvk_nummer, telefoon=gegevens.telefoon,
        email=gegevens.email, moment=moment,
    )
    onthoud_profiel(ondernemer, gegevens, onderwerp, lees_profielregels(onderwerp_ids=frozenset(teams)))
    onderwerpen = [onderwerp, *(o for o in gegevens.extra_onderwerpen if o != onderwerp and o in teams)]
    medewerker = kies_medewerker(
        session=session, onderwerp_ids=onderwerpen, teams_per_onderwerp=teams, sector=ondernemer.sector,
        gebied=ondernemer.gebied, moment=moment, gewenst=gegevens.gewenste_medewerker,
        coordinerend_team=teams.get(ONDERWERP_ONBEKEND),
    )
    zaak = maak_zaak(
        session=session, onderwerpen=onderwerpen, wat=gegevens.wat, waarom=gegevens.waarom, hoe=gegevens.hoe,
        samenvatting=samenvatting(gegevens), kanaal=kanaal, gesprek_id=gesprek_id, medewerker=medewerker,
        ondernemer=ondernemer, details=gegevens.details or None, door="assistent", moment=moment,
        urgent=gegevens.urgent,
    )
    actie = kies_actie(onderwerp, gegevens.telefoon, regels, email=gegevens.email, wil_mail=gegevens.wil_mail)
    deadline = deadline_volgens_norm(moment, actie=actie, medewerker=medewerker, urgent=gegevens.urgent)
    zin = belofte_zin(medewerker=medewerker, actie=actie, deadline=deadline, zaaknummer=zaak.nummer)
    maak_belofte(session=session, zaak=zaak, medewerker=medewerker, actie=actie, deadline=deadline, zin=zin,
                 door="assistent", moment=moment)
    betrokken = informeer_andere_teams(session=session, zaak=zaak, coordinator=medewerker, teams=teams,
                                       titels={a.id: a.titel for a in artikelen}, moment=moment)
    payload = overdracht_payload(zaak=zaak, medewerker=medewerker, actie=actie, deadline=deadline, zin=zin)
    if betrokken:
        payload["ook_betrokken"] = [{"naam": b.medewerker.naam, "functie": b.medewerker.functie} for b in betrokken]
    return payload


def onthoud_profiel(ondernemer: Ondernemer, gegevens: Vraaggegevens, onderwerp: str, regels: Profielregels) -> None:
    """Store the sector and area recognised in this question; what was known stays when nothing is."""
    teksten = [gegevens.wat, gegevens.waarom, gegevens.hoe, gegevens.bedrijfsnaam]
    teksten += [str(waarde) for waarde in gegevens.details.values() if waarde]
    ondernemer.sector = herken_sector(teksten, onderwerp, regels) or ondernemer.sector
    ondernemer.gebied = herken_gebied(teksten, regels) or ondernemer.gebied
