"""Read, validate and load the staff directory (``config/medewerkers.yml``).

The municipality edits the file; ``python -m bot.medewerkers load`` stores it. Every problem is
reported with the file and the field it is in (like the kennisbank loader), and all problems
of a run are raised at once, so that the file can be fixed without reading code.

The file has two parts:

    teamleiders:            # team -> sleutel of the medewerker who leads it
      horeca-evenementen: sanne-de-vries
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

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kennisbank.loader import ID_PATTERN, Onderwerp
from bot.kern.validatie import Probleem, ValidatieFout
from bot.kern.werktijden import Afwezigheid, Werktijden
from bot.medewerkers.models import Medewerker, MedewerkerAfwezigheid

TOP_VELDEN = ("teamleiders", "medewerkers")
VERPLICHTE_VELDEN = ("sleutel", "naam", "functie", "teams", "telefoon", "email", "werktijden")
OPTIONELE_VELDEN = ("expertise", "gebieden", "afwezig")
WERKTIJD_VELDEN = ("dagen", "begin", "eind")
EXPERTISE_VELDEN = ("onderwerpen", "sectoren")
AFWEZIG_VELDEN = ("van", "tot_en_met")

DAGEN = {
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
}
TIJD_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TELEFOON_PATTERN = re.compile(r"^\+?\d[\d \-()]{5,}\d$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


class MedewerkersFout(ValidatieFout):
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
    """The whole directory file: the medewerkers and the lead of each team (team -> sleutel)."""

    medewerkers: tuple[MedewerkerGegevens, ...]
    teamleiders: dict[str, str]

    def teams_geleid_door(self, sleutel: str) -> list[str]:
        return sorted(team for team, leider in self.teamleiders.items() if leider == sleutel)


@dataclass(frozen=True)
class LaadResultaat:
    nieuw: int
    bijgewerkt: int
    ongewijzigd: int
    gedeactiveerd: int


@dataclass
class _Fouten:
    """Collects the problems of one file."""

    bestand: str
    problemen: list[Probleem] = field(default_factory=list)

    def meld(self, veld: str | None, melding: str) -> None:
        self.problemen.append(Probleem(self.bestand, veld, melding))


# --- reading the file ----------------------------------------------------------------------------


def lees_medewerkers(pad: Path, onderwerpen: list[Onderwerp] | None = None) -> Medewerkerslijst:
    """Read and validate the directory file; raise MedewerkersFout on any problem.

    With ``onderwerpen`` (the shared subject list), teams and expertise subjects must exist
    there, and every team of the list must have a medewerker and a lead.
    """
    fouten = _Fouten(_toon_pad(pad))
    data = _lees_yaml(pad, fouten)
    if fouten.problemen:
        raise MedewerkersFout(fouten.problemen)
    if not isinstance(data, dict):
        raise MedewerkersFout([Probleem(fouten.bestand, None, "het bestand moet 'teamleiders' en 'medewerkers' bevatten")])
    for veld in data:
        if veld not in TOP_VELDEN:
            fouten.meld(str(veld), "onbekend veld")
    bekende_teams = {o.team for o in onderwerpen} if onderwerpen is not None else None
    bekende_onderwerpen = {o.id for o in onderwerpen} if onderwerpen is not None else None
    medewerkers = _lees_alle_medewerkers(data.get("medewerkers"), fouten, bekende_teams, bekende_onderwerpen)
    genoemd = _genoemde_sleutels(data.get("medewerkers"))
    teamleiders = _lees_teamleiders(data.get("teamleiders"), medewerkers, genoemd, fouten, bekende_teams)
    _controleer_teams_hebben_leider(medewerkers, teamleiders, fouten, bekende_teams)
    if fouten.problemen:
        raise MedewerkersFout(fouten.problemen)
    return Medewerkerslijst(medewerkers=tuple(medewerkers), teamleiders=teamleiders)


def _lees_yaml(pad: Path, fouten: _Fouten) -> Any:
    try:
        return yaml.safe_load(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fouten.meld(None, "het bestand bestaat niet")
    except UnicodeDecodeError:
        fouten.meld(None, "het bestand is geen UTF-8-tekst")
    except yaml.YAMLError as fout:
        fouten.meld(None, f"geen geldige YAML: {fout}")
    return None


def _lees_alle_medewerkers(
    data: Any, fouten: _Fouten, bekende_teams: set[str] | None, bekende_onderwerpen: set[str] | None
) -> list[MedewerkerGegevens]:
    if not isinstance(data, list) or not data:
        fouten.meld("medewerkers", "moet een lijst met minstens één medewerker zijn")
        return []
    medewerkers: list[MedewerkerGegevens] = []
    gezien: set[str] = set()
    for nummer, item in enumerate(data, start=1):
        gegevens = _lees_medewerker(item, nummer, fouten, bekende_teams, bekende_onderwerpen)
        if gegevens is None:
            continue
        if gegevens.sleutel in gezien:
            fouten.meld(f"medewerkers[{nummer}].sleutel", f"sleutel '{gegevens.sleutel}' komt vaker voor")
            continue
        gezien.add(gegevens.sleutel)
        medewerkers.append(gegevens)
    return medewerkers


def _lees_medewerker(
    data: Any, nummer: int, fouten: _Fouten, bekende_teams: set[str] | None, bekende_onderwerpen: set[str] | None
) -> MedewerkerGegevens | None:
    """Validate one entry; its fields are named ``medewerkers.<sleutel>.<veld>`` in errors."""
    plek = f"medewerkers[{nummer}]"
    if not isinstance(data, dict):
        fouten.meld(plek, "moet velden bevatten (naam: waarde)")
        return None
    sleutel = data.get("sleutel")
    if isinstance(sleutel, str) and ID_PATTERN.match(sleutel):
        plek = f"medewerkers.{sleutel}"
    aantal_fouten = len(fouten.problemen)
    for veld in data:
        if veld not in VERPLICHTE_VELDEN and veld not in OPTIONELE_VELDEN:
            fouten.meld(f"{plek}.{veld}", "onbekend veld")
    for veld in VERPLICHTE_VELDEN:
        if data.get(veld) in (None, "", []):
            fouten.meld(f"{plek}.{veld}", "verplicht veld ontbreekt of is leeg")
    if sleutel is not None and (not isinstance(sleutel, str) or not ID_PATTERN.match(sleutel)):
        fouten.meld(f"{plek}.sleutel", "alleen kleine letters, cijfers en streepjes")
    naam = _tekst(data.get("naam"), f"{plek}.naam", fouten)
    functie = _tekst(data.get("functie"), f"{plek}.functie", fouten)
    teams = _lees_teams(data.get("teams"), f"{plek}.teams", fouten, bekende_teams)
    expertise_onderwerpen, expertise_sectoren = _lees_expertise(
        data.get("expertise"), f"{plek}.expertise", fouten, bekende_onderwerpen
    )
    gebieden = _tekstlijst(data.get("gebieden"), f"{plek}.gebieden", fouten, klein=True)
    telefoon = _patroon(data.get("telefoon"), f"{plek}.telefoon", TELEFOON_PATTERN, "geen geldig telefoonnummer", fouten)
    email = _patroon(data.get("email"), f"{plek}.email", EMAIL_PATTERN, "geen geldig e-mailadres", fouten)
    werktijden = _lees_werktijden(data.get("werktijden"), f"{plek}.werktijden", fouten)
    afwezig = _lees_afwezig(data.get("afwezig"), f"{plek}.afwezig", fouten)
    if len(fouten.problemen) > aantal_fouten:
        return None
    return MedewerkerGegevens(
        sleutel=sleutel,
        naam=naam,
        functie=functie,
        teams=teams,
        expertise_onderwerpen=expertise_onderwerpen,
        expertise_sectoren=expertise_sectoren,
        gebieden=gebieden,
        telefoon=telefoon,
        email=email.lower(),
        werktijden=werktijden,
        afwezig=afwezig,
    )


def _lees_teams(waarde: Any, veld: str, fouten: _Fouten, bekende_teams: set[str] | None) -> tuple[str, ...]:
    teams = _tekstlijst(waarde, veld, fouten)
    if bekende_teams is not None:
        for team in teams:
            if team not in bekende_teams:
                fouten.meld(veld, f"onbekend team '{team}'; kies uit {', '.join(sorted(bekende_teams))}")
    return teams


def _lees_expertise(
    waarde: Any, veld: str, fouten: _Fouten, bekende_onderwerpen: set[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if waarde is None:
        return (), ()
    if not isinstance(waarde, dict):
        fouten.meld(veld, "moet 'onderwerpen' en/of 'sectoren' bevatten")
        return (), ()
    for naam in waarde:
        if naam not in EXPERTISE_VELDEN:
            fouten.meld(f"{veld}.{naam}", "onbekend veld")
    onderwerpen = _tekstlijst(waarde.get("onderwerpen"), f"{veld}.onderwerpen", fouten)
    if bekende_onderwerpen is not None:
        for onderwerp in onderwerpen:
            if onderwerp not in bekende_onderwerpen:
                fouten.meld(
                    f"{veld}.onderwerpen", f"onbekend onderwerp '{onderwerp}' (niet in de gedeelde onderwerpenlijst)"
                )
    sectoren = _tekstlijst(waarde.get("sectoren"), f"{veld}.sectoren", fouten, klein=True)
    return onderwerpen, sectoren


def _lees_werktijden(waarde: Any, veld: str, fouten: _Fouten) -> Werktijden | None:
    if waarde is None:
        return None  # already reported as a missing required field
    if not isinstance(waarde, dict):
        fouten.meld(veld, "moet de velden dagen, begin en eind bevatten")
        return None
    for naam in waarde:
        if naam not in WERKTIJD_VELDEN:
            fouten.meld(f"{veld}.{naam}", "onbekend veld")
    for naam in WERKTIJD_VELDEN:
        if waarde.get(naam) in (None, "", []):
            fouten.meld(f"{veld}.{naam}", "verplicht veld ontbreekt of is leeg")
    dagen = _lees_dagen(waarde.get("dagen"), f"{veld}.dagen", fouten)
    begin = _tijd(waarde.get("begin"), f"{veld}.begin", fouten)
    eind = _tijd(waarde.get("eind"), f"{veld}.eind", fouten)
    if not dagen or begin is None or eind is None:
        return None
    if not begin < eind:
        fouten.meld(f"{veld}.eind", f"moet na begin ({begin:%H:%M}) liggen")
        return None
    return Werktijden(dagen=frozenset(dagen), begin=begin, eind=eind)


def _lees_dagen(waarde: Any, veld: str, fouten: _Fouten) -> set[int]:
    if waarde is None:
        return set()
    if not isinstance(waarde, list):
        fouten.meld(veld, "moet een lijst van dagen zijn, bijvoorbeeld [ma, di, do]")
        return set()
    dagen: set[int] = set()
    for dag in waarde:
        nummer = DAGEN.get(dag.strip().lower()) if isinstance(dag, str) else None
        if nummer is None:
            fouten.meld(veld, f"onbekende dag '{dag}'; gebruik ma, di, wo, do, vr, za of zo")
        else:
            dagen.add(nummer)
    return dagen


def _tijd(waarde: Any, veld: str, fouten: _Fouten) -> time | None:
    if waarde is None:
        return None
    treffer = TIJD_PATTERN.match(waarde.strip()) if isinstance(waarde, str) else None
    if treffer is None:
        fouten.meld(veld, f"geen tijd in de vorm \"08:30\" (tussen aanhalingstekens): {waarde!r}")
        return None
    return time(int(treffer.group(1)), int(treffer.group(2)))


def _lees_afwezig(waarde: Any, veld: str, fouten: _Fouten) -> tuple[Afwezigheid, ...]:
    if waarde is None:
        return ()
    if not isinstance(waarde, list):
        fouten.meld(veld, "moet een lijst van perioden zijn (van, tot_en_met)")
        return ()
    perioden: list[Afwezigheid] = []
    for nummer, periode in enumerate(waarde, start=1):
        plek = f"{veld}[{nummer}]"
        if not isinstance(periode, dict) or set(periode) != set(AFWEZIG_VELDEN):
            fouten.meld(plek, "moet precies 'van' en 'tot_en_met' bevatten")
            continue
        van = _datum(periode["van"], f"{plek}.van", fouten)
        tot_en_met = _datum(periode["tot_en_met"], f"{plek}.tot_en_met", fouten)
        if van is None or tot_en_met is None:
            continue
        if tot_en_met < van:
            fouten.meld(f"{plek}.tot_en_met", f"ligt voor 'van' ({van.isoformat()})")
            continue
        perioden.append(Afwezigheid(van=van, tot_en_met=tot_en_met))
    return tuple(perioden)


def _datum(waarde: Any, veld: str, fouten: _Fouten) -> date | None:
    if isinstance(waarde, date):
        return waarde
    try:
        return date.fromisoformat(str(waarde))
    except ValueError:
        fouten.meld(veld, f"geen datum in de vorm JJJJ-MM-DD: '{waarde}'")
        return None


def _genoemde_sleutels(data: Any) -> set[str]:
    """Every sleutel in the file, also of entries that are invalid (those are reported already)."""
    if not isinstance(data, list):
        return set()
    return {item["sleutel"] for item in data if isinstance(item, dict) and isinstance(item.get("sleutel"), str)}


def _lees_teamleiders(
    waarde: Any,
    medewerkers: list[MedewerkerGegevens],
    genoemd: set[str],
    fouten: _Fouten,
    bekende_teams: set[str] | None,
) -> dict[str, str]:
    """team -> sleutel; the lead must be a medewerker of the file and a member of the team.

    A lead whose own entry is invalid is skipped without a second error.
    """
    if not isinstance(waarde, dict) or not waarde:
        fouten.meld("teamleiders", "moet per team de sleutel van de teamleider bevatten (team: sleutel)")
        return {}
    per_sleutel = {m.sleutel: m for m in medewerkers}
    teamleiders: dict[str, str] = {}
    for team, sleutel in waarde.items():
        veld = f"teamleiders.{team}"
        if bekende_teams is not None and team not in bekende_teams:
            fouten.meld(veld, f"onbekend team '{team}'")
        elif not isinstance(sleutel, str) or not sleutel.strip():
            fouten.meld(veld, "moet de sleutel van een medewerker zijn")
        elif sleutel not in genoemd:
            fouten.meld(veld, f"onbekende medewerker '{sleutel}' (geen sleutel in 'medewerkers')")
        elif sleutel not in per_sleutel:
            continue
        elif team not in per_sleutel[sleutel].teams:
            fouten.meld(veld, f"'{sleutel}' hoort niet bij team '{team}'; voeg het team toe aan diens 'teams'")
        else:
            teamleiders[str(team)] = sleutel
    return teamleiders


def _controleer_teams_hebben_leider(
    medewerkers: list[MedewerkerGegevens], teamleiders: dict[str, str], fouten: _Fouten, bekende_teams: set[str] | None
) -> None:
    """Every team with members (and, with the shared list, every known team) needs a lead."""
    if fouten.problemen:
        return  # a team without a lead may only be a follow-on of an error reported already
    teams_met_leden = {team for m in medewerkers for team in m.teams}
    for team in sorted(teams_met_leden | (bekende_teams or set())):
        if team not in teams_met_leden:
            fouten.meld("medewerkers", f"team '{team}' heeft geen medewerkers")
        elif team not in teamleiders:
            fouten.meld(f"teamleiders.{team}", "team heeft geen teamleider")


def _tekst(waarde: Any, veld: str, fouten: _Fouten) -> str | None:
    if waarde in (None, ""):
        return None
    if not isinstance(waarde, str):
        fouten.meld(veld, "moet tekst zijn")
        return None
    return waarde.strip()


def _tekstlijst(waarde: Any, veld: str, fouten: _Fouten, klein: bool = False) -> tuple[str, ...]:
    if waarde is None:
        return ()
    if not isinstance(waarde, list) or not all(isinstance(v, str) and v.strip() for v in waarde):
        fouten.meld(veld, "moet een lijst met tekst zijn")
        return ()
    return tuple(v.strip().lower() if klein else v.strip() for v in waarde)


def _patroon(waarde: Any, veld: str, patroon: re.Pattern, melding: str, fouten: _Fouten) -> str | None:
    tekst = _tekst(waarde, veld, fouten)
    if tekst is not None and not patroon.match(tekst):
        fouten.meld(veld, f"{melding}: '{tekst}'")
        return None
    return tekst


def _toon_pad(pad: Path) -> str:
    try:
        return str(pad.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(pad)


# --- storing in the database ---------------------------------------------------------------------


def laad_medewerkers(*, session: Session, pad: Path, onderwerpen: list[Onderwerp] | None = None) -> LaadResultaat:
    """Validate the directory file and store it (see sla_medewerkers_op); raise MedewerkersFout."""
    return sla_medewerkers_op(session=session, lijst=lees_medewerkers(pad, onderwerpen=onderwerpen))


def sla_medewerkers_op(*, session: Session, lijst: Medewerkerslijst) -> LaadResultaat:
    """Upsert the medewerkers by sleutel; the file's absence periods replace the stored ones.

    A medewerker who is no longer in the file is kept (cases point at them) but made inactive
    and leads no team any more; one who comes back is active again.
    """
    bestaande = {m.sleutel: m for m in session.execute(select(Medewerker)).scalars()}
    nieuw = bijgewerkt = ongewijzigd = 0
    for gegevens in lijst.medewerkers:
        waarden = _kolomwaarden(gegevens, lijst.teams_geleid_door(gegevens.sleutel))
        perioden = sorted((a.van, a.tot_en_met) for a in gegevens.afwezig)
        rij = bestaande.get(gegevens.sleutel)
        if rij is None:
            rij = Medewerker(sleutel=gegevens.sleutel)
            session.add(rij)
            nieuw += 1
        elif _is_ongewijzigd(rij, waarden, perioden):
            ongewijzigd += 1
            continue
        else:
            bijgewerkt += 1
        for kolom, waarde in waarden.items():
            setattr(rij, kolom, waarde)
        if _opgeslagen_perioden(rij) != perioden:
            rij.afwezigheden = [MedewerkerAfwezigheid(van=van, tot_en_met=tot) for van, tot in perioden]
    gedeactiveerd = _deactiveer_ontbrekende(bestaande, {g.sleutel for g in lijst.medewerkers})
    session.flush()
    return LaadResultaat(nieuw=nieuw, bijgewerkt=bijgewerkt, ongewijzigd=ongewijzigd, gedeactiveerd=gedeactiveerd)


def _kolomwaarden(gegevens: MedewerkerGegevens, leidt_teams: list[str]) -> dict[str, Any]:
    return {
        "naam": gegevens.naam,
        "functie": gegevens.functie,
        "teams": list(gegevens.teams),
        "leidt_teams": leidt_teams,
        "expertise_onderwerpen": list(gegevens.expertise_onderwerpen),
        "expertise_sectoren": list(gegevens.expertise_sectoren),
        "gebieden": list(gegevens.gebieden),
        "telefoon": gegevens.telefoon,
        "email": gegevens.email,
        "werkdagen": sorted(gegevens.werktijden.dagen),
        "werktijd_begin": gegevens.werktijden.begin,
        "werktijd_eind": gegevens.werktijden.eind,
        "actief": True,
    }


def _is_ongewijzigd(rij: Medewerker, waarden: dict[str, Any], perioden: list[tuple[date, date]]) -> bool:
    return all(getattr(rij, kolom) == waarde for kolom, waarde in waarden.items()) and _opgeslagen_perioden(rij) == perioden


def _opgeslagen_perioden(rij: Medewerker) -> list[tuple[date, date]]:
    return sorted((periode.van, periode.tot_en_met) for periode in rij.afwezigheden)


def _deactiveer_ontbrekende(bestaande: dict[str, Medewerker], in_bestand: set[str]) -> int:
    aantal = 0
    for sleutel, rij in bestaande.items():
        if sleutel not in in_bestand and rij.actief:
            rij.actief = False
            rij.leidt_teams = []
            aantal += 1
    return aantal


# --- reading the directory -----------------------------------------------------------------------


def actieve_medewerkers(*, session: Session, team: str | None = None) -> list[Medewerker]:
    """Active medewerkers by name, optionally only the members of ``team``.

    Team membership is a JSON list, filtered here rather than in SQL because JSON containment
    is written differently on SQLite and PostgreSQL; the directory is small.
    """
    rijen = session.execute(
        select(Medewerker).where(Medewerker.actief.is_(True)).order_by(Medewerker.naam, Medewerker.id)
    ).scalars()
    return [rij for rij in rijen if team is None or team in rij.teams]


def teamleider_van(*, session: Session, team: str) -> Medewerker | None:
    """The active medewerker who leads ``team``, or None when the directory names no one."""
    leiders = [m for m in actieve_medewerkers(session=session) if team in m.leidt_teams]
    return leiders[0] if leiders else None
