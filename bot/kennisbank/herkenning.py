"""Recognising an editor's words in an entrepreneur's phone-style text: typos, inflection, compounds.

Used by the situations (``situaties.py``) and the glossary (``begrippen.py``). The words of a text
are split exactly as the kennisbank search splits them (``bot.kennisbank.zoeken``), with accents
removed ("café" = "cafe"). A word of the text matches a word of the content when:
- it is the same word;
- it is the word with an ending of at most 3 letters ("pand" -> "panden", "open" -> "opent") or
  a diminutive ("cafe" -> "cafeetje", "winkel" -> "winkeltje");
- both share their beginning: at least 5 letters and three quarters of the shorter word, and
  differ only in a short ending ("verhuis" -> "verhuizen", "beginnen" -> "begint");
- it has one typo: one letter missing, extra, wrong or two letters swapped (words of 6+ letters,
  so that common short words such as "komen" and "kopen" stay apart; ``typfouten.py``);
- it is a compound that ends in the word, after a first part of at least 4 letters
  ("kledingwinkel" -> "winkel"; not "verkopen" -> "kopen").
No spaCy model is needed, so matching is pure and fast: a handful of set look-ups per word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.kennisbank.typfouten import Typfouten
from bot.kennisbank.zoeken import WORD_PATTERN, _normaliseer

VERKLEINWOORDEN = ("je", "tje", "etje", "pje", "kje", "jes", "tjes", "etjes", "pjes")
MAX_UITGANG = 3
MIN_STAM = 5
MIN_DEEL = 4
MIN_EERSTE_DEEL = 4
MAX_CACHE = 20_000


def woorden(tekst: str) -> list[str]:
    """The words of ``tekst`` as the kennisbank search splits them, lower case and without accents."""
    return WORD_PATTERN.findall(_normaliseer(tekst))  # _normaliseer folds the accents


class Woordenschat:
    """The words of the content; ``treffers(woord)`` names those a word of a text matches."""

    def __init__(self, woorden_: Iterable[str]) -> None:
        self.woorden = frozenset(w for w in woorden_ if w)
        self._typfouten = Typfouten(self.woorden)
        self._begin: dict[str, set[str]] = {}
        for woord in self.woorden:
            if len(woord) >= MIN_STAM:
                self._begin.setdefault(woord[:MIN_STAM], set()).add(woord)
        self._cache: dict[str, frozenset[str]] = {}

    def treffers(self, woord: str) -> frozenset[str]:
        """The content words that ``woord`` (a word of the text) matches; empty when none."""
        gevonden = self._cache.get(woord)
        if gevonden is None:
            if len(self._cache) > MAX_CACHE:
                self._cache.clear()
            gevonden = self._cache[woord] = frozenset(self._zoek(woord))
        return gevonden

    def zonder_typfout(self, woord: str) -> frozenset[str]:
        """The content words ``woord`` matches as itself, inflected or as a compound: no typo."""
        gevonden = set(self.vormen(woord))
        if len(woord) >= MIN_STAM:
            for kandidaat in self._begin.get(woord[:MIN_STAM], ()):
                if _zelfde_stam(woord, kandidaat):
                    gevonden.add(kandidaat)
        return frozenset(gevonden)

    def vormen(self, woord: str) -> frozenset[str]:
        """The content words ``woord`` is, with an ending or a diminutive, or as the last part of a compound; not a
        word it only shares a stem with ("koffie" is no "koffiekar", "buurt" no "buurtfeest")."""
        gevonden = self._met_uitgang(woord)
        for begin in range(MIN_EERSTE_DEEL, len(woord) - MIN_DEEL + 1):  # compounds: the last part
            gevonden |= self._met_uitgang(woord[begin:])
        return frozenset(gevonden)

    def _zoek(self, woord: str) -> set[str]:
        return set(self.zonder_typfout(woord)) | self._typfouten.bedoeld(woord)

    def _met_uitgang(self, woord: str) -> set[str]:
        """The word itself, or the word without an ending or a diminutive, when the content has it."""
        gevonden = {woord} if woord in self.woorden else set()
        for lengte in range(1, len(woord) - MIN_DEEL + 1):
            stam, uitgang = woord[:-lengte], woord[-lengte:]
            if stam in self.woorden and (lengte <= MAX_UITGANG or uitgang in VERKLEINWOORDEN):
                gevonden.add(stam)
        return gevonden


def _zelfde_stam(a: str, b: str) -> bool:
    korter, langer = sorted((len(a), len(b)))
    if korter < MIN_STAM:
        return False
    gedeeld = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        gedeeld += 1
    return gedeeld >= max(MIN_STAM, -(-3 * korter // 4)) and korter - gedeeld <= 2 and langer - gedeeld <= 4


@dataclass(frozen=True)
class Patroon:
    """A phrase of the content: one set of interchangeable words per place ("cafe/kroeg beginnen")."""

    tekst: str
    plekken: tuple[frozenset[str], ...]

    def woorden(self) -> set[str]:
        return {w for plek in self.plekken for w in plek}

    def gewicht(self) -> int:
        return len(self.plekken)


def vind_reeks(reeks: Sequence[str], tekst_treffers: Sequence[frozenset[str]]) -> tuple[int, ...] | None:
    """Places of consecutive words of the text that match ``reeks`` word for word, or None."""
    for begin in range(len(tekst_treffers) - len(reeks) + 1):
        if all(reeks[k] in tekst_treffers[begin + k] for k in range(len(reeks))):
            return tuple(range(begin, begin + len(reeks)))
    return None
