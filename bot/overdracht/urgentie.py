"""Urgency in the entrepreneur's own words: "vandaag nog", "morgen gaan we al open", "spoed", "voor vrijdag".

The phrases are configured in config/urgentie.yml (not coded): per kind (``gevraagd``: vandaag,
morgen, spoed, datum) a list of phrases, matched on whole words without capitals, accents or
punctuation; ``...`` is a gap of a few words, ``{dag}``/``{maand}`` a word of a configured group,
``{getal}`` a number. Phrases under ``niet`` ("geen haast") are taken out first. Only a phrase
counts: "ik ben vandaag begonnen met mijn bedrijf" says nothing about urgency.

``herken_urgentie`` reads all texts of the entrepreneur; ``gevraagde_dag`` and ``haalbaar``
compare what was asked with the deadline of the promise, so the thank-you text can say honestly
whether it can be done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from pydantic import StrictInt, validator

from bot.kern.configuratie import Schema, Tekst, lees_configuratie
from bot.kern.db import Tekstwaarde
from bot.kern.invoer import begrens
from bot.kern.settings import PROJECT_ROOT
from bot.kern.spreektaal import zonder_accenten
from bot.kern.tijd import lokale_datum

URGENTIE_BESTAND = PROJECT_ROOT / "config" / "urgentie.yml"
GAT = "..."
GETAL = "{getal}"


class Gevraagd(Tekstwaarde):
    """What the entrepreneur asked for, as the thank-you text says it back."""

    VANDAAG = "vandaag"
    MORGEN = "morgen"
    SPOED = "spoed"
    DATUM = "datum"


@dataclass(frozen=True)
class Urgentie:
    """Urgency found in the entrepreneur's words."""

    gevraagd: Gevraagd
    zin: str  # the configured phrase that matched, for the audit trail


@dataclass(frozen=True)
class Urgentieregels:
    max_woorden_tussen: int
    groepen: dict[str, frozenset[str]]
    signalen: tuple[tuple[Gevraagd, tuple[str, ...]], ...]
    niet: tuple[str, ...]


class SignaalInBestand(Schema):
    gevraagd: Gevraagd
    zinnen: tuple[Tekst, ...]

    @validator("zinnen")
    @classmethod
    def _niet_leeg(cls, zinnen: tuple[str, ...]) -> tuple[str, ...]:
        if not zinnen:
            raise ValueError("moet minstens één zin bevatten")
        return zinnen


class UrgentieInBestand(Schema):
    max_woorden_tussen: StrictInt = 3
    groepen: dict[str, tuple[Tekst, ...]] = {}
    signalen: tuple[SignaalInBestand, ...]
    niet: tuple[Tekst, ...] = ()

    @validator("max_woorden_tussen")
    @classmethod
    def _niet_negatief(cls, aantal: int) -> int:
        if not 0 <= aantal <= 10:
            raise ValueError(f"moet tussen 0 en 10 liggen: {aantal}")
        return aantal

    @validator("signalen", each_item=False)
    @classmethod
    def _bekende_groepen(cls, signalen: tuple[SignaalInBestand, ...], values: dict) -> tuple[SignaalInBestand, ...]:
        groepen = set(values.get("groepen") or {}) | {GETAL.strip("{}")}
        for signaal in signalen:
            for zin in signaal.zinnen:
                for naam in re.findall(r"\{(\w+)\}", zin):
                    if naam not in groepen:
                        raise ValueError(f"'{zin}' noemt de groep {{{naam}}}, die niet in groepen staat")
        return signalen


class UrgentieBestand(Schema):
    urgentie: UrgentieInBestand


def lees_urgentieregels(pad: Path = URGENTIE_BESTAND) -> Urgentieregels:
    """Read config/urgentie.yml; a broken file raises ConfiguratieFout naming the file and the field."""
    regels = lees_configuratie(pad, UrgentieBestand).urgentie
    return Urgentieregels(
        max_woorden_tussen=regels.max_woorden_tussen,
        groepen={naam: frozenset(woord for w in woorden for woord in woorden_van(w))
                 for naam, woorden in regels.groepen.items()},
        signalen=tuple((Gevraagd(s.gevraagd), tuple(s.zinnen)) for s in regels.signalen),
        niet=tuple(regels.niet),
    )


@cache
def urgentieregels() -> Urgentieregels:
    """config/urgentie.yml, read once per process."""
    return lees_urgentieregels()


def woorden_van(tekst: str) -> list[str]:
    """Lower case words without accents or punctuation ("Vóór vrijdag!" -> ["voor", "vrijdag"]), of
    the first MAX_TEKENS characters."""
    return re.findall(r"[a-z0-9]+|\.\.\.|\{\w+\}", zonder_accenten(begrens(tekst).lower()))


def _past(patroon: list[str], woorden: list[str], start: int, regels: Urgentieregels) -> bool:
    """Whether ``patroon`` matches ``woorden`` from ``start`` on (a gap takes 0 to max words)."""
    if not patroon:
        return True
    eerste, rest = patroon[0], patroon[1:]
    if eerste == GAT:
        return any(_past(rest, woorden, start + n, regels) for n in range(regels.max_woorden_tussen + 1)
                   if start + n <= len(woorden))
    if start >= len(woorden) or not _woord_past(eerste, woorden[start], regels):
        return False
    return _past(rest, woorden, start + 1, regels)


def _woord_past(patroonwoord: str, woord: str, regels: Urgentieregels) -> bool:
    if patroonwoord == GETAL:
        return woord.isdigit()
    if patroonwoord.startswith("{"):
        return woord in regels.groepen.get(patroonwoord.strip("{}"), frozenset())
    return patroonwoord == woord


@cache
def _patroon(zin: str) -> tuple[str, ...]:
    return tuple(woorden_van(zin))


def _vindplaatsen(zin: str, woorden: list[str], regels: Urgentieregels) -> list[int]:
    """Where ``zin`` matches ``woorden``: tried only where its first word fits (fast on long texts)."""
    patroon = list(_patroon(zin))
    if not patroon or patroon[0] == GAT:
        return [i for i in range(len(woorden)) if _past(patroon, woorden, i, regels)]
    eerste = patroon[0]
    if eerste == GETAL:
        begin = [i for i, woord in enumerate(woorden) if woord.isdigit()]
    elif eerste.startswith("{"):
        groep = regels.groepen.get(eerste.strip("{}"), frozenset())
        begin = [i for i, woord in enumerate(woorden) if woord in groep]
    else:
        begin = [i for i, woord in enumerate(woorden) if woord == eerste]
    return [i for i in begin if _past(patroon, woorden, i, regels)]


def _zonder_ontkenningen(woorden: list[str], regels: Urgentieregels) -> list[str]:
    """The words with every phrase of ``niet`` blanked out (so "geen haast" never reads as "haast")."""
    woorden = list(woorden)
    for zin in regels.niet:
        lengte = len(_patroon(zin))
        for i in _vindplaatsen(zin, woorden, regels):
            woorden[i:i + lengte] = ["_"] * lengte
    return woorden


def herken_urgentie(teksten: Iterable[str | None], regels: Urgentieregels | None = None) -> Urgentie | None:
    """The first kind of urgency (in the order of the file) in any of ``teksten``, or None."""
    regels = regels or urgentieregels()
    alle = [_zonder_ontkenningen(woorden_van(tekst), regels) for tekst in teksten if tekst]
    for gevraagd, zinnen in regels.signalen:
        for zin in zinnen:
            if any(_vindplaatsen(zin, woorden, regels) for woorden in alle):
                return Urgentie(gevraagd=gevraagd, zin=zin)
    return None


def gevraagde_dag(urgentie: Urgentie, nu: datetime) -> date | None:
    """The local day asked for: today for "vandaag nog", tomorrow for "morgen al"; else None."""
    vandaag = lokale_datum(nu)
    if urgentie.gevraagd == Gevraagd.VANDAAG:
        return vandaag
    if urgentie.gevraagd == Gevraagd.MORGEN:
        return vandaag + timedelta(days=1)
    return None


def haalbaar(urgentie: Urgentie, deadline: datetime, nu: datetime) -> bool | None:
    """Whether the promise's ``deadline`` falls on or before the day asked for; None when no day was asked."""
    dag = gevraagde_dag(urgentie, nu)
    return None if dag is None else lokale_datum(deadline) <= dag
