"""The sector of a company and the part of town, recognised in what the entrepreneur wrote.

Routing prefers the medewerker who knows the company's sector and area (bot/overdracht/routing.py). The
assistant does not ask for them separately: entrepreneurs already mention them ("ik wil een
pizzeria beginnen in de binnenstad"), and one more question costs more than it gains. So they
are read from the probing answers and the subject, using the word lists in
config/bedrijfsprofiel.yml; where nothing is recognised they stay unknown and routing goes on
without them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.kern.settings import PROJECT_ROOT

STANDAARD_PAD = PROJECT_ROOT / "config" / "bedrijfsprofiel.yml"


@dataclass(frozen=True)
class Profielregel:
    """One sector or area: its name, the patterns of its words, and (sectors) its subjects."""

    naam: str
    patronen: tuple[re.Pattern[str], ...]
    onderwerpen: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Profielregels:
    sectoren: tuple[Profielregel, ...]
    gebieden: tuple[Profielregel, ...]


class ProfielFout(ValueError):
    """config/bedrijfsprofiel.yml is not valid; the message names the file and the field."""


def herken_sector(teksten: Iterable[str | None], onderwerp: str | None, regels: Profielregels) -> str | None:
    """The sector named in ``teksten`` (the first in the file that matches), else the subject's sector."""
    tekst = _normaal(" ".join(t for t in teksten if t))
    for regel in regels.sectoren:
        if _komt_voor(regel, tekst):
            return regel.naam
    for regel in regels.sectoren:
        if onderwerp and onderwerp in regel.onderwerpen:
            return regel.naam
    return None


def herken_gebied(teksten: Iterable[str | None], regels: Profielregels) -> str | None:
    """The part of town named in ``teksten`` (the first in the file that matches), else None."""
    tekst = _normaal(" ".join(t for t in teksten if t))
    for regel in regels.gebieden:
        if _komt_voor(regel, tekst):
            return regel.naam
    return None


@cache
def lees_profielregels(pad: Path = STANDAARD_PAD, onderwerp_ids: frozenset[str] | None = None) -> Profielregels:
    """Read and check the word lists; ``onderwerp_ids`` (when given) are the subjects that exist."""
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as fout:
        raise ProfielFout(f"{pad}: kan het bestand niet lezen: {fout}") from fout
    if not isinstance(data, dict):
        raise ProfielFout(f"{pad}: verwacht 'sectoren' en 'gebieden' bovenaan")
    return Profielregels(
        sectoren=_lees_regels(pad, "sectoren", data.get("sectoren"), onderwerp_ids),
        gebieden=_lees_regels(pad, "gebieden", data.get("gebieden"), onderwerp_ids),
    )


def _lees_regels(pad: Path, soort: str, data: Any, onderwerp_ids: frozenset[str] | None) -> tuple[Profielregel, ...]:
    if not isinstance(data, dict) or not data:
        raise ProfielFout(f"{pad}: veld '{soort}' moet een lijst van namen met 'woorden' zijn")
    return tuple(_lees_regel(pad, f"{soort}.{naam}", str(naam), velden, onderwerp_ids) for naam, velden in data.items())


def _lees_regel(pad: Path, veld: str, naam: str, velden: Any, onderwerp_ids: frozenset[str] | None) -> Profielregel:
    if not isinstance(velden, dict):
        raise ProfielFout(f"{pad}: veld '{veld}' moet 'woorden' hebben")
    woorden = velden.get("woorden")
    if not isinstance(woorden, list) or not woorden or not all(isinstance(w, str) and w.strip("* ") for w in woorden):
        raise ProfielFout(f"{pad}: veld '{veld}.woorden' moet een lijst van woorden zijn")
    onderwerpen = velden.get("onderwerpen") or []
    if not isinstance(onderwerpen, list):
        raise ProfielFout(f"{pad}: veld '{veld}.onderwerpen' moet een lijst van onderwerp-ids zijn")
    onbekend = sorted(set(map(str, onderwerpen)) - onderwerp_ids) if onderwerp_ids is not None else []
    if onbekend:
        raise ProfielFout(f"{pad}: veld '{veld}.onderwerpen' noemt onbekende onderwerpen: {', '.join(onbekend)}")
    return Profielregel(naam=naam.strip().lower(), patronen=tuple(_patroon(w) for w in woorden),
                        onderwerpen=frozenset(map(str, onderwerpen)))


def _patroon(woord: str) -> re.Pattern[str]:
    """Whole words; a leading ``*`` also allows a longer word ending in it (Dutch compounds)."""
    achtervoegsel = woord.startswith("*")
    kern = r"\s+".join(re.escape(deel) for deel in _normaal(woord.lstrip("*")).split())
    begin = r"(?<![\w])\w*" if achtervoegsel else r"(?<![\w])"
    return re.compile(begin + kern + r"(?![\w])")


def _komt_voor(regel: Profielregel, tekst: str) -> bool:
    return any(patroon.search(tekst) for patroon in regel.patronen)


def _normaal(tekst: str) -> str:
    """Lower case without accents, so 'Café' and 'cafe' match alike."""
    zonder = unicodedata.normalize("NFKD", tekst.lower())
    return "".join(teken for teken in zonder if not unicodedata.combining(teken))
