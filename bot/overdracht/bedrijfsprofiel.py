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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from pydantic import validator

from bot.kern.configuratie import ConfiguratieFout, Schema, Tekst, lees_configuratie
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


class ProfielFout(ConfiguratieFout):
    """config/bedrijfsprofiel.yml is not valid; the message names the file and the field."""

    wat = "Het bedrijfsprofielbestand"


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


class RegelInBestand(Schema):
    woorden: tuple[Tekst, ...]
    onderwerpen: tuple[Tekst, ...] = ()

    @validator("woorden")
    @classmethod
    def _minstens_een_woord(cls, woorden: tuple[str, ...]) -> tuple[str, ...]:
        if not woorden:
            raise ValueError("de lijst mag niet leeg zijn")
        if not all(woord.strip("* ") for woord in woorden):
            raise ValueError("een woord mag niet alleen uit '*' bestaan")
        return woorden


class ProfielBestand(Schema):
    sectoren: dict[str, RegelInBestand]
    gebieden: dict[str, RegelInBestand]

    @validator("sectoren", "gebieden")
    @classmethod
    def _minstens_een(cls, regels: dict[str, RegelInBestand]) -> dict[str, RegelInBestand]:
        if not regels:
            raise ValueError("moet een lijst van namen met 'woorden' zijn")
        return regels


@cache
def lees_profielregels(pad: Path = STANDAARD_PAD, onderwerp_ids: frozenset[str] | None = None) -> Profielregels:
    """Read and check the word lists; ``onderwerp_ids`` (when given) are the subjects that exist.

    A broken file raises ProfielFout naming the file and the field.
    """
    bestand = lees_configuratie(pad, ProfielBestand, fout=ProfielFout,
                                nacontrole=partial(_onbekende_onderwerpen, onderwerp_ids=onderwerp_ids))
    return Profielregels(sectoren=_regels(bestand.sectoren), gebieden=_regels(bestand.gebieden))


def _onbekende_onderwerpen(bestand: ProfielBestand, onderwerp_ids: frozenset[str] | None) -> Iterator[tuple[str, str]]:
    if onderwerp_ids is None:
        return
    for soort, regels in (("sectoren", bestand.sectoren), ("gebieden", bestand.gebieden)):
        for naam, regel in regels.items():
            onbekend = sorted(set(regel.onderwerpen) - onderwerp_ids)
            if onbekend:
                yield f"{soort}.{naam}.onderwerpen", f"noemt onbekende onderwerpen: {', '.join(onbekend)}"


def _regels(regels: dict[str, RegelInBestand]) -> tuple[Profielregel, ...]:
    return tuple(
        Profielregel(naam=naam.strip().lower(), patronen=tuple(_patroon(w) for w in regel.woorden),
                     onderwerpen=frozenset(regel.onderwerpen))
        for naam, regel in regels.items()
    )


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
