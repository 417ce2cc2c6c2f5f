"""Store the staff directory in the database, and read it from there.

The file itself (``config/medewerkers.yml``) is read and validated in bot/medewerkers/bestand.py;
``python -m bot.medewerkers load`` stores it with ``sla_medewerkers_op``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kennisbank.loader import Onderwerp
from bot.medewerkers.bestand import MedewerkerGegevens, Medewerkerslijst, lees_medewerkers
from bot.medewerkers.models import Medewerker, MedewerkerAfwezigheid


@dataclass(frozen=True)
class LaadResultaat:
    nieuw: int
    bijgewerkt: int
    ongewijzigd: int
    gedeactiveerd: int


# --- storing in the database ---------------------------------------------------------------------


def laad_medewerkers(*, session: Session, pad: Path, onderwerpen: list[Onderwerp] | None = None) -> LaadResultaat:
    """Validate the directory file and store it (see sla_medewerkers_op); raise MedewerkersFout."""
    return sla_medewerkers_op(session=session, lijst=lees_medewerkers(pad, onderwerpen=onderwerpen))


def sla_medewerkers_op(*, session: Session, lijst: Medewerkerslijst) -> LaadResultaat:
    """Upsert the medewerkers by sleutel; the file's absence periods replace the stored ones.

    A medewerker who is no longer in the file is kept (cases point at them) but made inactive
    and leads no team (nor stands above a lead) any more; one who comes back is active again.
    """
    bestaande = {m.sleutel: m for m in session.execute(select(Medewerker)).scalars()}
    nieuw = bijgewerkt = ongewijzigd = 0
    for gegevens in lijst.medewerkers:
        waarden = _kolomwaarden(gegevens, lijst.teams_geleid_door(gegevens.sleutel),
                                lijst.teams_boven_leider(gegevens.sleutel))
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


def _kolomwaarden(gegevens: MedewerkerGegevens, leidt_teams: list[str], boven_leider_van: list[str]) -> dict[str, Any]:
    return {
        "naam": gegevens.naam,
        "functie": gegevens.functie,
        "teams": list(gegevens.teams),
        "leidt_teams": leidt_teams,
        "boven_teamleider_voor": boven_leider_van,
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
            rij.boven_teamleider_voor = []
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


def medewerker_op_sleutel(*, session: Session, sleutel: str) -> Medewerker | None:
    """The medewerker with this key from config/medewerkers.yml (surrounding spaces ignored)."""
    return session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel.strip())).scalar_one_or_none()


def teamleider_van(*, session: Session, team: str) -> Medewerker | None:
    """The active medewerker who leads ``team``, or None when the directory names no one."""
    leiders = [m for m in actieve_medewerkers(session=session) if team in m.leidt_teams]
    return leiders[0] if leiders else None


def boven_teamleider_van(*, session: Session, team: str) -> Medewerker | None:
    """The active medewerker above the lead of ``team`` (``boven_teamleiders``), or None when none is named."""
    boven = [m for m in actieve_medewerkers(session=session) if team in m.boven_teamleider_voor]
    return boven[0] if boven else None
