"""Other organisations: where a question goes that is not the municipality's.

"hoe doe ik mijn btw-aangifte", "mijn werknemer is ziek": the assistant names who does arrange it
(the Belastingdienst, the UWV), with the website, and says what the municipality does do. The
organisations and the words that point to them are content (``kennisbank/instanties.yml``),
reviewed by the kennisbank editor like the articles; the sentence is a template
(``teksten/kennisbank/instantie.txt``).

An organisation has ``herkenning``, phrases about what it arranges ("btw-aangifte", "ww"), and
``namen``, how people call it or its numbers ("kvk", "kvk-nummer"). A phrase counts when its words
stand in the question in that order, as whole words, written as the search splits them (lower
case, accents removed): "btw" in "btw-aangifte", not "ww" in "wwwerk". A name alone is weaker
evidence: "ik heb een kvk-nummer, wat kost een parkeervergunning?" is a question for the
municipality. The caller weighs ``Herkend.op_naam`` against the kennisbank search.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import validator

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.herkenning import woorden
from bot.kennisbank.zoeken import Treffer
from bot.kern.configuratie import ConfiguratieFout, Datum, Schema, Tekst, lees_configuratie
from bot.kern.settings import PROJECT_ROOT
from bot.kern.teksten import tekst

BESTAND = PROJECT_ROOT / "kennisbank" / "instanties.yml"


class Instantie(Schema):
    naam: Tekst
    regelt: Tekst
    link: Tekst
    telefoon: str = ""
    namen: tuple[Tekst, ...]
    herkenning: tuple[Tekst, ...]
    gemeente: str = ""

    @validator("link")
    @classmethod
    def _https(cls, link: str) -> str:
        if not link.startswith("https://"):
            raise ValueError("moet beginnen met https://")
        return link

    @property
    def reeksen(self) -> tuple[tuple[str, ...], ...]:
        """Each phrase about what it arranges, as its words."""
        return _als_woorden(self.herkenning)

    @property
    def naamreeksen(self) -> tuple[tuple[str, ...], ...]:
        return _als_woorden(self.namen)


@dataclass(frozen=True)
class Herkend:
    instantie: Instantie
    op_naam: bool  # only a name was found, no phrase about what it arranges


class Instantiebestand(Schema):
    laatst_gecontroleerd: Datum
    instanties: dict[str, Instantie]


def lees_instanties(pad: Path = BESTAND) -> dict[str, Instantie]:
    """The organisations of ``pad``; raises ConfiguratieFout naming the file and field."""
    return lees_configuratie(pad, Instantiebestand, fout=ConfiguratieFout).instanties


# One phrase that points to an organisation: its words, whether it is only a name, the organisation.
Reeks = tuple[tuple[str, ...], bool, Instantie]


def reeksen_van(instanties: dict[str, Instantie]) -> list[Reeks]:
    """Every phrase of ``instanties`` split into words once, not on every question."""
    return [(reeks, op_naam, instantie) for instantie in instanties.values()
            for op_naam, reeksen in ((False, instantie.reeksen), (True, instantie.naamreeksen)) for reeks in reeksen]


@cache
def _standaard() -> list[Reeks]:
    return reeksen_van(lees_instanties())


def herken_instantie(vraag: str, reeksen: list[Reeks] | None = None) -> Herkend | None:
    """The organisation the question points to, or None. A phrase about what it arranges counts
    before a name; among those, the longest phrase found ("voorlopige aanslag inkomstenbelasting"
    over "aanslag")."""
    tekst_woorden = woorden(vraag)
    aanwezig = set(tekst_woorden)
    gevonden = [(not op_naam, len(reeks), instantie) for reeks, op_naam, instantie in
                (reeksen if reeksen is not None else _standaard())
                if reeks[0] in aanwezig and _staat_in(reeks, tekst_woorden)]
    if not gevonden:
        return None
    over_wat, _, instantie = max(gevonden, key=lambda g: g[:2])
    return Herkend(instantie, op_naam=not over_wat)


def instantie_tekst(instantie: Instantie, variant: int = 0) -> str:
    """What the assistant says; ``variant`` 0 or 1, so that a second time is worded differently."""
    return tekst("kennisbank/instantie.txt", instantie=instantie, variant=variant)


def _als_woorden(zinnen: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(r for r in (tuple(woorden(z)) for z in zinnen) if r)


def _staat_in(reeks: tuple[str, ...], tekst_woorden: list[str]) -> bool:
    lengte = len(reeks)
    return any(tuple(tekst_woorden[i:i + lengte]) == reeks for i in range(len(tekst_woorden) - lengte + 1))


# A question about what another organisation arranges ("btw-aangifte", "ww") goes there, unless an
# article fits at least this well; one that only names it ("mijn kvk-nummer") only when none fits.
INSTANTIE_WIJKT = 0.67


def hoort_bij_instantie(herkend: Herkend, beslissing: str, beste: list[Treffer]) -> bool:
    """Whether the question is for the organisation rather than for the article the search found."""
    if beslissing != "antwoord":
        return True
    return not herkend.op_naam and beste[0].score < INSTANTIE_WIJKT


def artikel_noemt(artikel: Artikel, instantie: Instantie, vraag: str) -> bool:
    """Whether the article itself names what the question recognised of the organisation: its name ("U staat
    ingeschreven bij de KVK." in the market's conditions) or a phrase of what it arranges ("kenteken" in the parking
    permit's application). A follow-up on that article ("moet ik dan bij de kvk ingeschreven staan", "moet ik het
    kenteken meesturen") asks about the article, not for the organisation."""
    artikel_woorden = woorden(" ".join((artikel.kort_antwoord, artikel.uitleg, *artikel.voorwaarden, artikel.kosten,
                                        artikel.doorlooptijd, artikel.aanvragen)))
    vraag_woorden = woorden(vraag)
    return any(_staat_in(reeks, vraag_woorden) and _staat_in(reeks, artikel_woorden)
               for reeks in _als_woorden((*instantie.namen, *instantie.herkenning)))
