"""The staff directory file (``config/medewerkers.yml``): its schema and the checks across it.

The municipality edits the file; ``python -m bot.medewerkers check`` validates it through the
one configuration loader (bot/kern/configuratie.py), which names the file and the field of
every problem and raises them all at once. The file has these parts:

    teamleiders:            # team -> sleutel of the medewerker who leads it
      horeca-evenementen: sanne-de-vries
    boven_teamleiders:      # optional: team -> sleutel of who is above its lead (deputy, manager);
      horeca-evenementen: thomas-kok   # escalations go there when the lead missed a promise or is away
    medewerkers:
      - sleutel: sanne-de-vries          # stable id; never change it, cases point at it
        naam: Sanne de Vries
        functie: teamleider horeca en evenementen
        teams: [horeca-evenementen]       # the first team is the main one
        expertise:                        # optional
          onderwerpen: [terrasvergunning] # subject ids of kennisbank-onderwerpen.yml
          sectoren: [horeca]
        gebieden: [binnenstad]            # optional
        telefoon: "06-91234501"
        email: s.devries@voorbeeldstad.nl
        werktijden: {dagen: [ma, di, do], begin: "08:30", eind: "17:00"}
        afwezig:                          # optional; both days included
          - {van: 2026-11-16, tot_en_met: 2026-12-04}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import validator

from bot.kennisbank.loader import ID_PATTERN, Onderwerp
from bot.kern.configuratie import ConfiguratieFout, Datum, Schema, Tekst, Tijd, lees_configuratie
from bot.kern.telefoon import is_telefoonnummer
from bot.kern.velden import is_email
from bot.kern.werktijden import Afwezigheid, Werktijden

DAGEN = {
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
}
LEEG = "verplicht veld ontbreekt of is leeg"


class MedewerkersFout(ConfiguratieFout):
    """The staff directory file is invalid."""

    wat = "Het medewerkersbestand"


@dataclass(frozen=True)
class MedewerkerGegevens:
    """One medewerker as read from the file, validated."""

    sleutel: str
    naam: str
    functie: str
    teams: tuple[str, ...]
    expertise_onderwerpen: tuple[str, ...]
    expertise_sectoren: tuple[str, ...]
    gebieden: tuple[str, ...]
    telefoon: str
    email: str
    werktijden: Werktijden
    afwezig: tuple[Afwezigheid, ...]


@dataclass(frozen=True)
class Medewerkerslijst:
    """The whole directory file: the medewerkers, the lead of each team and who is above that lead
    (team -> sleutel)."""

    medewerkers: tuple[MedewerkerGegevens, ...]
    teamleiders: dict[str, str]
    boven_teamleiders: dict[str, str] = field(default_factory=dict)

    def teams_geleid_door(self, sleutel: str) -> list[str]:
        return sorted(team for team, leider in self.teamleiders.items() if leider == sleutel)

    def teams_boven_leider(self, sleutel: str) -> list[str]:
        """The teams whose lead ``sleutel`` is above."""
        return sorted(team for team, boven in self.boven_teamleiders.items() if boven == sleutel)


# --- the schema ----------------------------------------------------------------------------------


class WerktijdenInBestand(Schema):
    dagen: frozenset[int]
    begin: Tijd
    eind: Tijd

    @validator("dagen", pre=True)
    @classmethod
    def _dagnummers(cls, waarde: Any) -> frozenset[int]:
        if waarde in (None, []):
            raise ValueError(LEEG)
        if not isinstance(waarde, list):
            raise ValueError("moet een lijst van dagen zijn, bijvoorbeeld [ma, di, do]")
        onbekend = [dag for dag in waarde if _dagnummer(dag) is None]
        if onbekend:
            raise ValueError(f"onbekende dag {', '.join(repr(str(d)) for d in onbekend)}; "
                             "gebruik ma, di, wo, do, vr, za of zo")
        return frozenset(_dagnummer(dag) for dag in waarde)

    @validator("eind")
    @classmethod
    def _na_begin(cls, eind: Any, values: dict[str, Any]) -> Any:
        begin = values.get("begin")
        if begin is not None and not begin < eind:
            raise ValueError(f"moet na begin ({begin:%H:%M}) liggen")
        return eind


class PeriodeInBestand(Schema):
    van: Datum
    tot_en_met: Datum

    @validator("tot_en_met")
    @classmethod
    def _niet_voor_van(cls, tot_en_met: Any, values: dict[str, Any]) -> Any:
        van = values.get("van")
        if van is not None and tot_en_met < van:
            raise ValueError(f"ligt voor 'van' ({van.isoformat()})")
        return tot_en_met


class ExpertiseInBestand(Schema):
    onderwerpen: tuple[Tekst, ...] = ()
    sectoren: tuple[Tekst, ...] = ()

    @validator("sectoren", each_item=True)
    @classmethod
    def _klein(cls, sector: str) -> str:
        return sector.lower()


class MedewerkerInBestand(Schema):
    sleutel: Tekst
    naam: Tekst
    functie: Tekst
    teams: tuple[Tekst, ...]
    expertise: ExpertiseInBestand | None = None
    gebieden: tuple[Tekst, ...] | None = None
    telefoon: Tekst
    email: Tekst
    werktijden: WerktijdenInBestand
    afwezig: tuple[PeriodeInBestand, ...] | None = None

    @validator("sleutel")
    @classmethod
    def _sleutel(cls, sleutel: str) -> str:
        if not ID_PATTERN.match(sleutel):
            raise ValueError("alleen kleine letters, cijfers en streepjes")
        return sleutel

    @validator("teams")
    @classmethod
    def _minstens_een_team(cls, teams: tuple[str, ...]) -> tuple[str, ...]:
        if not teams:
            raise ValueError(LEEG)
        return teams

    @validator("gebieden", each_item=True)
    @classmethod
    def _gebied_klein(cls, gebied: str) -> str:
        return gebied.lower()

    @validator("telefoon")
    @classmethod
    def _telefoon(cls, telefoon: str) -> str:
        if not is_telefoonnummer(telefoon, bestaand=False):  # the demo's fictional numbers are allowed
            raise ValueError(f"geen geldig telefoonnummer: '{telefoon}'")
        return telefoon

    @validator("email")
    @classmethod
    def _email(cls, email: str) -> str:
        if not is_email(email):
            raise ValueError(f"geen geldig e-mailadres: '{email}'")
        return email.lower()

    def naar_gegevens(self) -> MedewerkerGegevens:
        expertise = self.expertise or ExpertiseInBestand()
        werktijden = self.werktijden
        return MedewerkerGegevens(
            sleutel=self.sleutel,
            naam=self.naam,
            functie=self.functie,
            teams=tuple(self.teams),
            expertise_onderwerpen=tuple(expertise.onderwerpen),
            expertise_sectoren=tuple(expertise.sectoren),
            gebieden=tuple(self.gebieden or ()),
            telefoon=self.telefoon,
            email=self.email,
            werktijden=Werktijden(dagen=werktijden.dagen, begin=werktijden.begin, eind=werktijden.eind),
            afwezig=tuple(Afwezigheid(van=p.van, tot_en_met=p.tot_en_met) for p in self.afwezig or ()),
        )


class Medewerkersbestand(Schema):
    teamleiders: dict[str, Tekst]
    boven_teamleiders: dict[str, Tekst] = {}
    medewerkers: list[MedewerkerInBestand]

    @validator("teamleiders")
    @classmethod
    def _minstens_een_leider(cls, teamleiders: dict[str, str]) -> dict[str, str]:
        if not teamleiders:
            raise ValueError("moet per team de sleutel van de teamleider bevatten (team: sleutel)")
        return teamleiders

    @validator("medewerkers")
    @classmethod
    def _minstens_een_medewerker(cls, medewerkers: list[MedewerkerInBestand]) -> list[MedewerkerInBestand]:
        if not medewerkers:
            raise ValueError("moet een lijst met minstens één medewerker zijn")
        return medewerkers


def _dagnummer(dag: Any) -> int | None:
    return DAGEN.get(dag.strip().lower()) if isinstance(dag, str) else None


# --- reading the file ----------------------------------------------------------------------------


def lees_medewerkers(pad: Path, onderwerpen: list[Onderwerp] | None = None) -> Medewerkerslijst:
    """Read and validate the directory file; raise MedewerkersFout on any problem.

    With ``onderwerpen`` (the shared subject list), teams and expertise subjects must exist
    there, and every team of the list must have a medewerker and a lead.
    """
    bestand = lees_configuratie(
        pad, Medewerkersbestand, fout=MedewerkersFout, nacontrole=partial(controleer_samenhang, onderwerpen=onderwerpen)
    )
    return Medewerkerslijst(
        medewerkers=tuple(m.naar_gegevens() for m in bestand.medewerkers), teamleiders=dict(bestand.teamleiders),
        boven_teamleiders=dict(bestand.boven_teamleiders),
    )


def controleer_samenhang(
    bestand: Medewerkersbestand, onderwerpen: list[Onderwerp] | None = None
) -> list[tuple[str, str]]:
    """The checks across entries: unique sleutels, known teams and subjects, one lead per team, and
    who is above a lead is another medewerker of the file.

    A team without a lead is only reported when nothing else is wrong, because it may be a
    follow-on of another problem (a lead whose entry names the wrong team).
    """
    bekende_teams = {o.team for o in onderwerpen} if onderwerpen is not None else None
    bekende_onderwerpen = {o.id for o in onderwerpen} if onderwerpen is not None else None
    problemen = [
        *_dubbele_sleutels(bestand),
        *_onbekende_teams_en_onderwerpen(bestand, bekende_teams, bekende_onderwerpen),
        *_ongeldige_teamleiders(bestand, bekende_teams),
        *_ongeldige_boven_teamleiders(bestand, bekende_teams),
    ]
    return problemen or list(_teams_zonder_leider(bestand, bekende_teams))


def _dubbele_sleutels(bestand: Medewerkersbestand) -> Iterator[tuple[str, str]]:
    gezien: set[str] = set()
    for nummer, medewerker in enumerate(bestand.medewerkers, start=1):
        if medewerker.sleutel in gezien:
            yield f"medewerkers.{nummer}.sleutel", f"sleutel '{medewerker.sleutel}' komt vaker voor"
        gezien.add(medewerker.sleutel)


def _onbekende_teams_en_onderwerpen(
    bestand: Medewerkersbestand, bekende_teams: set[str] | None, bekende_onderwerpen: set[str] | None
) -> Iterator[tuple[str, str]]:
    for medewerker in bestand.medewerkers:
        plek = f"medewerkers.{medewerker.sleutel}"
        if bekende_teams is not None:
            for team in medewerker.teams:
                if team not in bekende_teams:
                    yield f"{plek}.teams", f"onbekend team '{team}'; kies uit {', '.join(sorted(bekende_teams))}"
        if bekende_onderwerpen is not None and medewerker.expertise is not None:
            for onderwerp in medewerker.expertise.onderwerpen:
                if onderwerp not in bekende_onderwerpen:
                    yield (f"{plek}.expertise.onderwerpen",
                           f"onbekend onderwerp '{onderwerp}' (niet in de gedeelde onderwerpenlijst)")


def _ongeldige_teamleiders(bestand: Medewerkersbestand, bekende_teams: set[str] | None) -> Iterator[tuple[str, str]]:
    """The lead of a team must be a medewerker of the file and a member of the team."""
    per_sleutel = {m.sleutel: m for m in bestand.medewerkers}
    for team, sleutel in bestand.teamleiders.items():
        veld = f"teamleiders.{team}"
        if bekende_teams is not None and team not in bekende_teams:
            yield veld, f"onbekend team '{team}'"
        elif sleutel not in per_sleutel:
            yield veld, f"onbekende medewerker '{sleutel}' (geen sleutel in 'medewerkers')"
        elif team not in per_sleutel[sleutel].teams:
            yield veld, f"'{sleutel}' hoort niet bij team '{team}'; voeg het team toe aan diens 'teams'"


def _ongeldige_boven_teamleiders(
    bestand: Medewerkersbestand, bekende_teams: set[str] | None
) -> Iterator[tuple[str, str]]:
    """Who is above a team's lead must be a medewerker of the file (so active) and not that lead."""
    sleutels = {m.sleutel for m in bestand.medewerkers}
    teams = bekende_teams if bekende_teams is not None else set(bestand.teamleiders)
    for team, sleutel in bestand.boven_teamleiders.items():
        veld = f"boven_teamleiders.{team}"
        if team not in teams:
            yield veld, f"onbekend team '{team}'; kies uit {', '.join(sorted(teams))}"
        elif sleutel not in sleutels:
            yield veld, f"onbekende medewerker '{sleutel}' (geen sleutel in 'medewerkers')"
        elif bestand.teamleiders.get(team) == sleutel:
            yield veld, f"'{sleutel}' is zelf de teamleider van '{team}'; kies wie boven de teamleider staat"


def _teams_zonder_leider(bestand: Medewerkersbestand, bekende_teams: set[str] | None) -> Iterator[tuple[str, str]]:
    """Every team with members (and, with the shared list, every known team) needs a lead."""
    teams_met_leden = {team for m in bestand.medewerkers for team in m.teams}
    for team in sorted(teams_met_leden | (bekende_teams or set())):
        if team not in teams_met_leden:
            yield "medewerkers", f"team '{team}' heeft geen medewerkers"
        elif team not in bestand.teamleiders:
            yield f"teamleiders.{team}", "team heeft geen teamleider"
