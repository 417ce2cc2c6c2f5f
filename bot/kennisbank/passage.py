"""The sentence of an article that answers a follow-up in the entrepreneur's own words.

After the first answer, a follow-up often asks for one fact in words that name no part of the
article: "hoe maak ik bezwaar" (OZB), "wat is het marktgeld" (weekmarkt), "hoeveel is het per
nacht" (toeristenbelasting). The parts asked for were shown already, yet the answer is in the
article; saying "that is not in what I know" would be wrong. ``zoek_passage`` finds the sentence
that holds most of the content words of the follow-up (lemmas and compound parts, as the search
reads them), each weighed by how rare it is among the articles: "hoeveel vergunningen krijg je max
per bedrijf, ik heb 3 busjes" is answered by "U krijgt maximaal 2 vergunningen per vestiging". A
follow-up about the entrepreneur's own case or something the article does not cover ("ik heb in
maart bezwaar gemaakt, waarom heb ik nog geen uitspraak") finds none. Measured on the follow-ups of
the development sets: every word (by count) found 102 of the 320 covered ones and quoted a sentence
for none of the 132 not covered; 60% of the weight finds 123 and quotes two, both of general use
("wanneer krijg ik uitspraak op mijn bezwaar": "meestal binnen 3 maanden"); at 50%, 151 and four.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.kennisbank.antwoorden import Bericht, Onderdeel, onderdeel_tekst
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.samenstellingen import is_kop_van
from bot.kennisbank.zoeken import Zoekindex
from bot.kern import teksten

ZIN_EINDE = re.compile(r"(?<=[.?!])\s+|\n+")
ONDERDELEN = (Onderdeel.KORT, Onderdeel.KOSTEN, Onderdeel.DOORLOOPTIJD, Onderdeel.AANVRAGEN,
              Onderdeel.VOORWAARDEN, Onderdeel.MEER)
KERN_VOORAAN = (Onderdeel.KOSTEN, Onderdeel.DOORLOOPTIJD, Onderdeel.AANVRAGEN)
MIN_AANDEEL = 0.6  # the share of the follow-up's word weight (IDF) the sentence must hold


@dataclass(frozen=True)
class Passage:
    onderdeel: Onderdeel  # the part of the article the sentence is in
    zin: str


def zinnen(tekst: str) -> list[str]:
    return [z.strip(" -") for z in ZIN_EINDE.split(tekst or "") if z.strip(" -")]


def zoek_passage(index: Zoekindex, artikel: Artikel, vraag: str) -> Passage | None:
    """The sentence of ``artikel`` that holds most of the weight of the content words of ``vraag``, or None.

    A follow-up made only of words that name a part ("kan ik dat ook in termijnen betalen", after the
    costs were shown) is read with those words: else the bot said it did not know what it had just said."""
    woorden_van = index.inhoudswoorden
    gevraagd = woorden_van(vraag)
    if not gevraagd:
        woorden_van = index.woorden_met_onderdelen
        gevraagd = woorden_van(vraag)
    if not gevraagd:
        return None
    gewicht = {woord: index.woordgewicht(woord) for woord in gevraagd}
    beste: tuple[float, Passage] | None = None
    for onderdeel in ONDERDELEN:
        # a question of the article itself ("Wilt u ... verkopen vanuit een foodtruck?") answers nothing
        for zin in (z for z in zinnen(onderdeel_tekst(artikel, onderdeel)) if not z.rstrip().endswith("?")):
            gedeeld = sum(gewicht[woord] for woord in _gedeeld(gevraagd, woorden_van(zin)))
            if gedeeld and (beste is None or gedeeld > beste[0]):
                beste = (gedeeld, Passage(onderdeel, zin))
    if beste is None or beste[0] < MIN_AANDEEL * sum(gewicht.values()) - 1e-9:
        return None
    return beste[1]


def begin_van_onderdeel(artikel: Artikel, onderdelen: list[Onderdeel]) -> Passage | None:
    """A follow-up that asks again for a part shown already, in words no sentence shares ("hoe doe ik dat" after how
    to apply was shown): that part's first sentence, to point back to. Only for the parts whose first sentence is their
    core (costs, lead time, how to apply); not the conditions, a list of rules of which the first is one of many."""
    for onderdeel in onderdelen:
        if onderdeel in KERN_VOORAAN and (eerste := next(iter(zinnen(onderdeel_tekst(artikel, onderdeel))), None)):
            return Passage(onderdeel, eerste)
    return None


def _gedeeld(gevraagd: set[str], woorden: set[str]) -> set[str]:
    """The follow-up's words that the sentence has. The articles say "u krijgt", entrepreneurs type "krijg
    je" or "krijg ik": a verb's stem and its form with "t" are one word here. A Dutch compound ends in what it is:
    "die check die je noemde" is about the "vergunningcheck" (the index splits only into words it knows)."""
    return {w for w in gevraagd if w in woorden or f"{w}t" in woorden or (w.endswith("t") and w[:-1] in woorden)
            or any(is_kop_van(w, x) for x in woorden)}


def passage_bericht(artikel: Artikel, passage: Passage, variant: int) -> Bericht:
    """The sentence again, for a follow-up about what was shown already, with the article's card."""
    kaart = {"id": artikel.id, "titel": artikel.titel, "url": artikel.link, "onderdeel": passage.onderdeel.value}
    return Bericht(tekst=teksten.tekst("kennisbank/al_gezegd.txt", artikel=artikel, zin=passage.zin, variant=variant),
                   custom={"kennisbank": kaart})
