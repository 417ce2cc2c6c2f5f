"""One typo: which known words a typed word may have been meant as.

A word matches a known word with one letter missing, one too many, one wrong, or two neighbours swapped
("verbouwnig" -> "verbouwing", "vergunnign" -> "vergunning"), found by deleting one letter from both
(symmetric deletion: a handful of set look-ups per word, no distance computed against every known word).
``precies`` also checks the edit distance of each candidate (rapidfuzz's OSA), as the deletions let some pairs
two edits apart through ("kleding" and "leiding" both lose a letter to "leding"). Only words of ``MIN_TYPFOUT``
to ``MAX_TYPFOUT`` letters, so that common short words ("komen", "kopen") stay apart.
Used by the search (``zoeken.py``) and by the situations and glossary (``herkenning.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

MIN_TYPFOUT = 6
# A longer word is no typo of any word of the content, and its deletions would cost its length squared.
MAX_TYPFOUT = 40


def weglatingen(woord: str) -> set[str]:
    """``woord`` with one letter left out, in each place."""
    return {woord[:i] + woord[i + 1:] for i in range(len(woord))}


class Typfouten:
    """The known words of ``MIN_TYPFOUT`` letters or more, indexed by their one-letter deletions. ``bekend`` tells
    which other words are no typo (a dictionary: "verstoren" is no "versturen")."""

    def __init__(self, woorden: Iterable[str], bekend: Callable[[str], bool] | None = None) -> None:
        self.alle = frozenset(woorden)
        self.bekend = bekend
        self.woorden = frozenset(w for w in self.alle if len(w) >= MIN_TYPFOUT)
        self._weglating: dict[str, set[str]] = {}
        for woord in self.woorden:
            for kort in weglatingen(woord):
                self._weglating.setdefault(kort, set()).add(woord)

    def bedoeld(self, woord: str, precies: bool = False) -> set[str]:
        """The known words ``woord`` is one typo away from (itself not included); empty for short words. With
        ``precies``, only those exactly one edit away."""
        if not MIN_TYPFOUT <= len(woord) <= MAX_TYPFOUT:
            return set()
        gevonden = set(self._weglating.get(woord, ()))  # a letter too many
        for kort in weglatingen(woord):
            if kort in self.woorden:  # a letter missing
                gevonden.add(kort)
            gevonden |= self._weglating.get(kort, set())  # a wrong or swapped letter
        gevonden.discard(woord)
        if precies:
            return {kandidaat for kandidaat in gevonden if OSA.distance(woord, kandidaat) == 1}
        return gevonden

    def verbeter(self, woord: str, gewicht: Callable[[str], float]) -> str:
        """The known word a word that neither the known words nor ``bekend`` have was meant as: exactly one typo
        away, but not in its last letter (a different last letter is an ending a dictionary lacks: "ouders" is no
        typo of "oudere"); of several, the one with the lowest ``gewicht`` (the search's IDF: the most common).
        Else the word itself."""
        if woord in self.alle or (self.bekend is not None and self.bekend(woord)):
            return woord
        kandidaten = [k for k in self.bedoeld(woord, precies=True) if k[-1] == woord[-1]]
        return min(sorted(kandidaten), key=gewicht) if kandidaten else woord


@lru_cache(maxsize=1)  # the process's one pipeline (taal.load_pipeline): not rebuilt with every kennisbank edit
def spacy_woordenboek(nlp) -> Callable[[str], bool] | None:
    """Whether a word is one the spaCy pipeline's lemma table knows, as a form or a lemma: such a word is never read
    as a typo ("verstoren" is no "versturen"). None when the pipeline has no such table (a rule-based lemmatizer)."""
    try:
        tabel = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError, AttributeError):
        return None
    lemmas = frozenset(v for v in tabel.values() if isinstance(v, str))  # the table's keys are hashes: `in` asks it
    return lambda woord: woord in lemmas or woord in tabel
