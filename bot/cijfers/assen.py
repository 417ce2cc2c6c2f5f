"""The pieces of a readable chart: axis ticks in round steps, and labels wrapped instead of cut off.

A chart is drawn at a fixed size (``grafiek``) and scaled by the browser; the text widths here are
estimates in that chart's units, on the wide side, so that a wrapped line always fits.
"""

from __future__ import annotations

import math

TEKEN_BREEDTE = 0.62  # an average character of a sans-serif font, as a share of the font size (generous)
RONDE_FACTOREN = (1, 2, 5, 10)


def streepjes(grootste: float, *, doel: int = 5, geheel: bool = True) -> list[float]:
    """The values of the ticks of an axis from 0 that reaches ``grootste``: about ``doel`` steps of
    1, 2 or 5 times a power of ten (0, 2, 4, 6, 8). Counts (``geheel``) never get a step below 1, and an
    axis has at least three ticks, so it is never just '0' and the maximum."""
    grootste = max(0.0, float(grootste))
    if grootste == 0:
        return [0.0, 1.0, 2.0] if geheel else [0.0, 0.5, 1.0]
    ruw = grootste / doel
    macht = 10 ** math.floor(math.log10(ruw))
    stap = next(f * macht for f in RONDE_FACTOREN if f * macht >= ruw)
    if geheel:
        stap = max(1.0, float(round(stap)))
    aantal = max(2, math.ceil(round(grootste / stap, 9)))
    return [round(i * stap, 9) for i in range(aantal + 1)]


def getal(waarde: float) -> str:
    """A number the Dutch way: '12', '2,5', '1.250'."""
    if float(waarde).is_integer():
        return f"{int(waarde):,}".replace(",", ".")
    return f"{waarde:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def tekst_breedte(tekst: str, lettergrootte: float) -> float:
    """The estimated width of ``tekst`` in chart units (on the wide side)."""
    return len(tekst) * lettergrootte * TEKEN_BREEDTE


def breek_af(tekst: str, max_breedte: float, lettergrootte: float) -> list[str]:
    """``tekst`` in lines that each fit ``max_breedte``, broken between words; a word longer than a
    whole line is split over lines. Nothing is left out or shortened."""
    per_regel = max(1, int(max_breedte // (lettergrootte * TEKEN_BREEDTE)))
    regels: list[str] = []
    huidig = ""
    for woord in tekst.split():
        while len(woord) > per_regel:  # a very long word: split it over lines of its own
            if huidig:
                regels.append(huidig)
                huidig = ""
            regels.append(woord[:per_regel])
            woord = woord[per_regel:]
        if not huidig:
            huidig = woord
        elif len(huidig) + 1 + len(woord) <= per_regel:
            huidig += " " + woord
        else:
            regels.append(huidig)
            huidig = woord
    if huidig:
        regels.append(huidig)
    return regels or [""]


def stap_voor_labels(aantal: int, beschikbaar: float, label_breedte: float) -> int:
    """Show every n-th label of ``aantal`` along ``beschikbaar`` units so that labels of
    ``label_breedte`` never overlap; n is 1, 2, 3, 7, 14 or a multiple of 7 (weeks)."""
    if aantal <= 1:
        return 1
    past = max(1, int(beschikbaar // label_breedte))
    nodig = math.ceil(aantal / past)
    for stap in (1, 2, 3, 7, 14):
        if stap >= nodig:
            return stap
    return 7 * math.ceil(nodig / 7)
