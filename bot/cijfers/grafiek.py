"""The layout of the figures' charts: where every bar, line, tick and label goes.

No chart library and no JavaScript: this module only computes positions, in the units of an SVG
``viewBox`` of ``BREEDTE`` wide; the console's template ``grafiek.html`` draws them (autoescaped,
with a ``<title>`` and ``<desc>``, and a table beside each chart for screen readers). The chart is
at most ``BREEDTE`` CSS pixels wide, so on a laptop and a tablet its text is drawn at full size.
Labels are wrapped over lines, never cut off; axes have round steps (``bot.cijfers.assen``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.cijfers.assen import breek_af, getal, stap_voor_labels, streepjes, tekst_breedte
from bot.kern.tijd import korte_datum

BREEDTE = 640
LETTER = 14  # font size of labels and values
KLEIN = 13  # font size of tick labels and the legend
REGEL = 18  # line height of a label
KLEUREN = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#444444"]  # contrast >= 4.5:1 on white
MAX_STIPPEN = 62  # a dot per day up to two months; beyond that, only the lines


@dataclass(frozen=True)
class Streep:
    """One tick of an axis: where it is and its label."""

    positie: float
    tekst: str


@dataclass(frozen=True)
class Staaf:
    regels: list[tuple[float, str]]  # the label's lines, each with its baseline
    y: float
    lengte: float
    waarde: str
    waarde_x: float


@dataclass(frozen=True)
class Staafdiagram:
    breedte: int
    hoogte: float
    links: float
    rechts: float
    boven: float
    as_y: float  # where the axis line runs
    staven: list[Staaf]
    streepjes: list[Streep]
    kleur: str = KLEUREN[0]
    staaf_hoogte: float = 20


def staafdiagram(labels: Sequence[str], waarden: Sequence[float]) -> Staafdiagram:
    """Horizontal bars, each with its full label on its own line(s) above it and its value at its end,
    over an axis with round steps."""
    links, rechts, boven = 8.0, BREEDTE - 56.0, 8.0
    ticks = streepjes(max(waarden, default=0))
    schaal = (rechts - links) / ticks[-1]
    staven: list[Staaf] = []
    y = boven
    for label, waarde in zip(labels, waarden, strict=True):
        regels = breek_af(label, rechts - links, LETTER)
        basislijnen = [(y + LETTER + i * REGEL, regel) for i, regel in enumerate(regels)]
        balk_y = y + len(regels) * REGEL + 4
        lengte = waarde * schaal
        staven.append(Staaf(regels=basislijnen, y=balk_y, lengte=lengte, waarde=getal(waarde),
                            waarde_x=links + lengte + 6))
        y = balk_y + 20 + 14
    as_y = y
    return Staafdiagram(
        breedte=BREEDTE, hoogte=as_y + 24, links=links, rechts=rechts, boven=boven, as_y=as_y, staven=staven,
        streepjes=[Streep(positie=links + w * schaal, tekst=getal(w)) for w in ticks],
    )


@dataclass(frozen=True)
class Lijn:
    naam: str
    kleur: str
    punten: str  # the polyline's points
    stippen: list[tuple[float, float]]
    totaal: int
    legenda: tuple[float, float]  # where its legend entry starts (swatch top left)


@dataclass(frozen=True)
class Lijndiagram:
    breedte: int
    hoogte: float
    links: float
    rechts: float
    boven: float
    onder: float  # the y of the horizontal axis (value 0)
    eenheid_y: float  # the baseline of the y axis's unit, above the axis
    y_streepjes: list[Streep]
    x_streepjes: list[Streep]
    lijnen: list[Lijn]


def lijndiagram(dagen: Sequence[date], reeksen: dict[str, Sequence[int]]) -> Lijndiagram:
    """One line per series (e.g. conversations per day, per channel) with a legend on top, a value axis
    with round steps and gridlines, and as many day labels as fit without overlapping."""
    legenda, legenda_einde = _legenda(list(reeksen))
    links, rechts = 48.0, BREEDTE - 32.0
    boven = legenda_einde + 40
    onder = boven + 200
    ticks = streepjes(max((max(r, default=0) for r in reeksen.values()), default=0))
    schaal = (onder - boven) / ticks[-1]
    stap = (rechts - links) / max(1, len(dagen) - 1)
    x = (lambda i: links + i * stap) if len(dagen) > 1 else (lambda i: (links + rechts) / 2)
    elke = stap_voor_labels(len(dagen), rechts - links, tekst_breedte("30 sep.", KLEIN) + 12)
    lijnen = []
    for nummer, (naam, reeks) in enumerate(reeksen.items()):
        punten = [(round(x(i), 1), round(onder - w * schaal, 1)) for i, w in enumerate(reeks)]
        lijnen.append(Lijn(naam=naam, kleur=KLEUREN[nummer % len(KLEUREN)],
                           punten=" ".join(f"{px},{py}" for px, py in punten),
                           stippen=punten if len(punten) <= MAX_STIPPEN else [], totaal=sum(reeks),
                           legenda=legenda[nummer]))
    return Lijndiagram(
        breedte=BREEDTE, hoogte=onder + 30, links=links, rechts=rechts, boven=boven, onder=onder,
        eenheid_y=boven - 16,
        y_streepjes=[Streep(positie=onder - w * schaal, tekst=getal(w)) for w in ticks],
        x_streepjes=[Streep(positie=x(i), tekst=korte_datum(dag)) for i, dag in enumerate(dagen) if i % elke == 0],
        lijnen=lijnen,
    )


def _legenda(namen: list[str]) -> tuple[list[tuple[float, float]], float]:
    """Where each legend entry goes, left to right, on a new row when the row is full; and the y below it."""
    plekken, x, y = [], 8.0, 8.0
    for naam in namen:
        breedte = 14 + 6 + tekst_breedte(naam, KLEIN) + 20
        if x > 8 and x + breedte > BREEDTE - 8:
            x, y = 8.0, y + 22
        plekken.append((x, y))
        x += breedte
    return plekken, y + 14
