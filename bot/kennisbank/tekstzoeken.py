"""Full-text search for editors over every field of the articles, with where each word matched.

The kennisbank holds some 50-100 articles, so the search runs in Python over the loaded content:
the same on SQLite and PostgreSQL, and accent-free ("précario" = "precario") with the folding of
the assistant's own search (``bot.kern.spreektaal.zonder_accenten``). Every word of the query must occur
somewhere in the article (a word of 4 letters or more also as part of a word: "stoep" finds
"stoepbord"; a shorter word only as a whole word). A hit in the title or
the search terms weighs more than one in the body, so those articles come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.kern.spreektaal import zonder_accenten

# How much a hit in a field counts; fields not named here count 1.
GEWICHTEN = {"titel": 10, "zoektermen": 8, "synoniemen": 6, "id": 5, "kort_antwoord": 4, "team": 3}
# The example questions are entrepreneurs' words about many things ("stoep" in a question about a
# restaurant): an editor looking for the articles about a word would find half the kennisbank.
NIET_DOORZOCHT = ("laatst_gecontroleerd", "voorbeeldvragen")
CONTEXT = 40  # letters shown on each side of a hit
MAX_VONDSTEN = 2  # the fields shown per article
MIN_DEEL = 4  # a query word this long is also found inside a longer word


@dataclass(frozen=True)
class Vondst:
    """Where a word matched: the field and a short piece of its text around the hit."""

    veld: str
    voor: str
    treffer: str
    na: str


@dataclass(frozen=True)
class Resultaat:
    sleutel: str
    score: int
    vondsten: tuple[Vondst, ...]


def vouw(tekst: str) -> tuple[str, list[int]]:
    """The text in small letters without accents, and for each of its letters the position in ``tekst``."""
    gevouwen: list[str] = []
    posities: list[int] = []
    for positie, teken in enumerate(tekst):
        for deel in zonder_accenten(teken.lower()):
            gevouwen.append(deel)
            posities.append(positie)
    return "".join(gevouwen), posities


def zoekwoorden(vraag: str) -> list[str]:
    return [woord for woord in vouw(vraag)[0].split() if woord]


def veldteksten(inhoud: Mapping[str, Any]) -> dict[str, str]:
    """The searchable text of each field: a list one item per line, a UPL product as 'naam uri'."""
    teksten: dict[str, str] = {}
    for veld, waarde in inhoud.items():
        if veld in NIET_DOORZOCHT or waarde in (None, "", []):
            continue
        if isinstance(waarde, list):
            teksten[veld] = "\n".join(f"{w.get('naam', '')} {w.get('uri', '')}" if isinstance(w, dict) else str(w)
                                      for w in waarde)
        else:
            teksten[veld] = str(waarde)
    return teksten


def fragment(veld: str, tekst: str, posities: list[int], begin: int, lengte: int) -> Vondst:
    """The piece of the original ``tekst`` around the folded hit at ``begin``, on one line."""
    start, eind = posities[begin], posities[begin + lengte - 1] + 1
    van, tot = max(0, start - CONTEXT), min(len(tekst), eind + CONTEXT)
    return Vondst(veld=veld, voor=("…" if van > 0 else "") + _op_een_regel(tekst[van:start]),
                  treffer=tekst[start:eind], na=_op_een_regel(tekst[eind:tot]) + ("…" if tot < len(tekst) else ""))


def _op_een_regel(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst)


def vind(gevouwen: str, woord: str) -> int:
    """Where ``woord`` occurs in the folded text, or -1: a word of at least MIN_DEEL letters also inside a
    longer word ("stoep" in "stoepbord", "tafeltjes" in "bistrotafeltjes"), a shorter one only as a whole word
    (so that "bij" does not find "bijvoorbeeld")."""
    if len(woord) >= MIN_DEEL:
        return gevouwen.find(woord)
    gevonden = re.search(rf"(?<!\w){re.escape(woord)}(?!\w)", gevouwen)
    return gevonden.start() if gevonden else -1


def beoordeel(sleutel: str, inhoud: Mapping[str, Any], woorden: list[str]) -> Resultaat | None:
    """The score of one item for the query words, or None when a word occurs nowhere."""
    velden = {veld: (tekst, *vouw(tekst)) for veld, tekst in veldteksten(inhoud).items()}
    score = 0
    vondsten: dict[str, Vondst] = {}
    for woord in woorden:
        beste = 0
        for veld, (tekst, gevouwen, posities) in velden.items():
            begin = vind(gevouwen, woord)
            if begin < 0:
                continue
            gewicht = GEWICHTEN.get(veld, 1)
            beste = max(beste, gewicht)
            if veld not in vondsten:
                vondsten[veld] = fragment(veld, tekst, posities, begin, len(woord))
        if not beste:
            return None
        score += beste
    if len(woorden) > 1:  # the words together, as typed, count once more
        zin = " ".join(woorden)
        score += max((GEWICHTEN.get(veld, 1) for veld, (_, gevouwen, _) in velden.items() if zin in gevouwen), default=0)
    getoond = sorted(vondsten.values(), key=lambda v: -GEWICHTEN.get(v.veld, 1))[:MAX_VONDSTEN]
    return Resultaat(sleutel=sleutel, score=score, vondsten=tuple(getoond))


def doorzoek(items: Iterable[tuple[str, str, Mapping[str, Any]]], vraag: str) -> list[Resultaat]:
    """Items (key, title, content) that contain every word of ``vraag``: the best first, then by title."""
    woorden = zoekwoorden(vraag)
    if not woorden:
        return [Resultaat(sleutel=sleutel, score=0, vondsten=()) for sleutel, _, _ in sorted(items, key=lambda i: i[1])]
    gevonden = []
    for sleutel, titel, inhoud in items:
        resultaat = beoordeel(sleutel, inhoud, woorden)
        if resultaat is not None:
            gevonden.append((-resultaat.score, titel, resultaat))
    return [resultaat for _, _, resultaat in sorted(gevonden, key=lambda g: (g[0], g[1]))]
