"""Which questions the handoff asks, per kind of case: config/vragen.yml.

An unpaid invoice asks for the invoice number and date, money trouble asks gently what is going
on and what would help, an event asks date, visitors and place. The kinds, their steps and the
wording of the kind-specific questions are content a content editor changes in that file;
``lees_vraagsoorten`` validates it and names the file and the field of every mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import validator

from bot.kern.configuratie import Schema, Tekst, lees_configuratie
from bot.kern.settings import PROJECT_ROOT

STANDAARD_STAPPEN = ("wat", "waarom", "hoe")
STANDAARD_SOORT = "standaard"
KLACHT_SOORT = "klacht"
# A question told in this many words or more is a story: see ``niet_na_verhaal`` in config/vragen.yml.
VERHAAL_WOORDEN = 15
Herken = Literal["datum", "aantal_bezoekers", "adres", "factuurnummer", "verbouwing", "verhaal"]


class StapInBestand(Schema):
    vraag: tuple[Tekst, ...]
    vraag_en: tuple[Tekst, ...]
    uitleg: Tekst
    label: Tekst
    herken: Herken | None = None
    woorden: tuple[Tekst, ...] = ()

    @validator("vraag", "vraag_en")
    @classmethod
    def _minstens_een(cls, wijzen: tuple[str, ...]) -> tuple[str, ...]:
        if not wijzen:
            raise ValueError("noem minstens één vraag")
        return wijzen


class SoortInBestand(Schema):
    onderwerpen: tuple[Tekst, ...] = ()
    situaties: tuple[Tekst, ...] = ()
    stappen: tuple[Tekst, ...]
    niet_na_verhaal: tuple[Tekst, ...] = ()


class VragenBestand(Schema):
    soorten: dict[str, SoortInBestand]
    stappen: dict[str, StapInBestand]


@dataclass(frozen=True)
class Stap:
    """A kind-specific question (not wat/waarom/hoe, whose wording is in domain.yml)."""

    sleutel: str
    vraag: tuple[str, ...]
    vraag_en: tuple[str, ...]
    uitleg: str
    label: str
    herken: str | None
    woorden: tuple[str, ...]


@dataclass(frozen=True)
class Vraagsoorten:
    soorten: dict[str, SoortInBestand]
    stappen: dict[str, Stap]

    def soort_van(self, onderwerp: str | None, situatie: str | None = None) -> str:
        """The kind of case for a subject or situation; ``standaard`` when none names it."""
        for naam, soort in self.soorten.items():
            if (onderwerp and onderwerp in soort.onderwerpen) or (situatie and situatie in soort.situaties):
                return naam
        return STANDAARD_SOORT

    def stappen_voor(self, onderwerp: str | None, situatie: str | None = None, *, klacht: bool = False,
                     verhaal: str | None = None) -> list[str]:
        """The content questions for this subject or situation, in order; a complaint asks its own.
        After a story of ``VERHAAL_WOORDEN`` words or more (``verhaal``, the question as told), the
        kind's ``niet_na_verhaal`` steps are left out: the story already gives the context."""
        soort = self.soorten[KLACHT_SOORT if klacht and KLACHT_SOORT in self.soorten else self.soort_van(onderwerp, situatie)]
        if is_lang_verhaal(verhaal):
            return [stap for stap in soort.stappen if stap not in soort.niet_na_verhaal]
        return list(soort.stappen)

    def is_detail(self, stap: str) -> bool:
        return stap in self.stappen


def is_lang_verhaal(verhaal: str | None) -> bool:
    return bool(verhaal) and len(re.findall(r"[^\W\d_]{2,}", verhaal)) >= VERHAAL_WOORDEN


def nacontrole(bestand: VragenBestand) -> Iterable[tuple[str | None, str]]:
    """Every step a kind names exists, and the default kind is there."""
    if STANDAARD_SOORT not in bestand.soorten:
        yield "soorten", f"de soort '{STANDAARD_SOORT}' ontbreekt"
    bekend = set(STANDAARD_STAPPEN) | set(bestand.stappen)
    for naam, soort in bestand.soorten.items():
        for stap in (*soort.stappen, *soort.niet_na_verhaal):
            if stap not in bekend:
                yield f"soorten.{naam}.stappen", f"onbekende stap '{stap}' (kies uit: {', '.join(sorted(bekend))})"


@cache
def lees_vraagsoorten(pad: Path = PROJECT_ROOT / "config" / "vragen.yml") -> Vraagsoorten:
    bestand = lees_configuratie(pad, VragenBestand, nacontrole=nacontrole)
    stappen = {
        sleutel: Stap(sleutel=sleutel, vraag=stap.vraag, vraag_en=stap.vraag_en, uitleg=stap.uitleg, label=stap.label,
                      herken=stap.herken, woorden=stap.woorden)
        for sleutel, stap in bestand.stappen.items()
    }
    return Vraagsoorten(soorten=dict(bestand.soorten), stappen=stappen)


@cache
def detail_labels() -> dict[str, str]:
    """How each kind-specific answer is named in the summary and in the console (``label`` in config/vragen.yml)."""
    return {sleutel: stap.label for sleutel, stap in lees_vraagsoorten().stappen.items()}
