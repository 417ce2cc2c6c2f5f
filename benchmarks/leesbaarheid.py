"""Readability of the kennisbank articles: Flesch-Douma (textstat, Dutch) per article and text.

Run: ``python -m benchmarks.leesbaarheid``. Rewrites the generated part of docs/leesbaarheid.md
(between the markers) and keeps the hand-written part around it; ``--json`` prints the numbers.

Flesch-Douma is the Dutch variant of Flesch reading ease: 206.835 - 0.93 x (words per sentence)
- 77 x (syllables per word). Higher is easier. For B1 the project aims at 60 or more for every
article as a whole and for every short answer, with sentences of at most 15 words on average.
Syllables come from pyphen's Dutch hyphenation (through textstat); amounts and web addresses are
left out, because "€ 1.150" or "voorbeeldstad.nl" say nothing about how hard a sentence reads.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import textstat

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.settings import PROJECT_ROOT, load_settings

DOC = PROJECT_ROOT / "docs" / "leesbaarheid.md"
BEGIN, EINDE = "<!-- begin: benchmarks.leesbaarheid -->", "<!-- einde: benchmarks.leesbaarheid -->"
DOEL_DOUMA = 60.0
DOEL_ZINSLENGTE = 15.0
TEKSTEN = ("kort_antwoord", "uitleg", "voorwaarden", "kosten", "doorlooptijd", "aanvragen")
WEG = re.compile(r"https?://\S+|\b[\w.-]+@[\w.-]+\b|\b[\w-]+\.(?:nl|com|org)\b|€\s?[\d.,]+|\d+([.,]\d+)*")


@dataclass(frozen=True)
class Meting:
    douma: float
    zinslengte: float
    woorden: int


def meet_tekst(tekst: str) -> Meting:
    textstat.set_lang("nl")
    schoon = WEG.sub("", tekst)
    woorden = textstat.lexicon_count(schoon)
    zinnen = max(1, textstat.sentence_count(schoon))
    return Meting(round(textstat.flesch_reading_ease(schoon), 1), round(woorden / zinnen, 1), woorden)


def teksten(artikel: Artikel) -> dict[str, str]:
    delen = {naam: getattr(artikel, naam) for naam in TEKSTEN}
    delen["voorwaarden"] = " ".join(v if v.endswith((".", "?", "!")) else f"{v}." for v in artikel.voorwaarden)
    return delen


def meet_artikel(artikel: Artikel) -> dict[str, Meting]:
    delen = teksten(artikel)
    metingen = {naam: meet_tekst(tekst) for naam, tekst in delen.items()}
    metingen["geheel"] = meet_tekst(" ".join(delen.values()))
    return metingen


def tabel(metingen: dict[str, dict[str, Meting]]) -> str:
    regels = [
        "| artikel | geheel | kort antwoord | uitleg | voorwaarden | kosten | doorlooptijd | aanvragen | woorden per zin | B1-doel |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for artikel_id, m in sorted(metingen.items(), key=lambda item: item[1]["geheel"].douma):
        gehaald = m["geheel"].douma >= DOEL_DOUMA and m["kort_antwoord"].douma >= DOEL_DOUMA and m["geheel"].zinslengte <= DOEL_ZINSLENGTE
        regels.append(
            f"| {artikel_id} | {m['geheel'].douma:.0f} | " + " | ".join(f"{m[n].douma:.0f}" for n in TEKSTEN)
            + f" | {m['geheel'].zinslengte:.1f} | {'ja' if gehaald else 'nee'} |"
        )
    geheel = [m["geheel"].douma for m in metingen.values()]
    kort = [m["kort_antwoord"].douma for m in metingen.values()]
    gehaald = sum(
        m["geheel"].douma >= DOEL_DOUMA and m["kort_antwoord"].douma >= DOEL_DOUMA and m["geheel"].zinslengte <= DOEL_ZINSLENGTE
        for m in metingen.values()
    )
    regels += [
        "",
        f"Gemiddeld: geheel {sum(geheel) / len(geheel):.1f}, kort antwoord {sum(kort) / len(kort):.1f}; "
        f"laagste geheel {min(geheel):.0f}, laagste kort antwoord {min(kort):.0f}. "
        f"B1-doel gehaald: {gehaald} van {len(metingen)} artikelen.",
    ]
    return "\n".join(regels)


def schrijf_doc(inhoud: str, pad: Path = DOC) -> None:
    """Replace the generated block; a page without one gets it at the end, a missing page is made."""
    blok = f"{BEGIN}\n{inhoud}\n{EINDE}"
    tekst = pad.read_text(encoding="utf-8") if pad.exists() else "# Leesbaarheid van de kennisbank\n\n"
    if BEGIN in tekst and EINDE in tekst:
        voor, rest = tekst.split(BEGIN, 1)
        tekst = f"{voor}{blok}{rest.split(EINDE, 1)[1]}"
    else:
        tekst = f"{tekst.rstrip()}\n\n{blok}\n"
    pad.write_text(tekst, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON instead of writing the doc")
    args = parser.parse_args(argv)
    metingen = {a.id: meet_artikel(a) for a in lees_artikelen_uit_map(load_settings())}
    if args.json:
        print(json.dumps({i: {n: m.__dict__ for n, m in ms.items()} for i, ms in metingen.items()}, indent=1))
        return 0
    schrijf_doc(tabel(metingen))
    print(tabel(metingen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
