"""Search over kennisbank articles: which article answers a question in the entrepreneur's words.

The score of an article mixes two signals, measured alone and together in
``benchmarks/zoeken_mix.py`` (results in docs/zoeken.md):
- words: TF-IDF over lemmas (spaCy's Dutch lookup lemmatizer) of the title, search terms,
  synonyms and text, with simple splitting of Dutch compound words ("terrasvergunning");
- characters: TF-IDF over character n-grams of the title, search terms and synonyms, which
  catches typos and word parts.
- example questions: the article's ``voorbeeldvragen``, questions as entrepreneurs typed them, by
  the same words and characters; an article counts its most similar example (nearest neighbour),
  so many examples do not dilute its other texts, as more search terms would.
A fourth signal, search terms found (nearly) literally in the question, was measured and left
out: it did not help on the development set.

Negative evidence: an article can name what it is not for (``niet_voor``: "kledingwinkel",
"winkel zonder horeca"). A question that matches such a phrase lowers that article's score,
so that the next article can win or the answer becomes a choice or "geen goed antwoord".

Adding an article needs no new training examples: the index is rebuilt from the articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.nabijheid import MAX_TUSSEN, vind
from bot.kennisbank.samenstellingen import delen, komt_voor, voeg_samen
from bot.kennisbank.typfouten import Typfouten
from bot.kennisbank.voorbeelden import Voorbeelden
from bot.kern.spreektaal import voluit, zonder_accenten

Lemmatiseerder = Callable[[list[str]], list[list[str]]]

WORD_PATTERN = re.compile(r"[a-z0-9à-ÿ]+")

# Words that say nothing about the subject in an entrepreneur's question.
EXTRA_STOPWOORDEN = {
    "gemeente", "voorbeeldstad", "graag", "hallo", "vraag", "vragen", "weten", "willen", "wil",
    "mogen", "mag", "moeten", "moet", "kunnen", "kan", "hoe", "wat", "waar", "wanneer", "welk",
    "welke", "iets", "nodig", "hebben", "heb", "zijn", "even", "eigenlijk", "gewoon", "beetje",
    "goedemorgen", "goedemiddag", "hoi", "beste", "info", "informatie", "regelen", "zit", "doen",
    "krijgen", "ik", "we", "wij", "mijn", "onze", "ons", "ergens", "allemaal", "per", "daarvoor",
    "daarvan", "daarop", "daarmee", "daarbij", "daaraan", "daarin", "daarna", "ding", "dingen",
}
# Words that ask for a part of an article (costs, duration, ...), not for a subject: the
# answer part is chosen from them (bot.kennisbank.antwoorden), the subject is not.
# A niet_voor phrase with one of these words is matched literally, not word by word.
ONTKENNING = {"geen", "niet", "nooit"}
ONDERDEEL_WOORDEN = {
    "kost", "kosten", "prijs", "tarief", "tarieven", "leges", "betalen", "duur", "duurt", "lang",
    "doorlooptijd", "termijn", "aanvragen", "aanvraag", "voorwaarden", "eisen", "regels", "hoeveel",
}


@dataclass(frozen=True)
class Treffer:
    artikel_id: str
    titel: str
    score: float


@dataclass(frozen=True)
class ZoekGewichten:
    """How much each signal counts; ``benchmarks/zoeken_mix.py`` compares the mixes.

    ``niet_voor``: the factor an article's score is multiplied by when the question matches one
    of the article's ``niet_voor`` phrases (1.0 switches negative evidence off).
    ``voorbeelden``: the weight of the most similar example question (its words and characters,
    together up to 2).
    """

    woorden: float = 1.0
    tekens: float = 1.0
    voorbeelden: float = 0.15
    lemma: bool = True
    samenstellingen: bool = True
    niet_voor: float = 0.35


@dataclass(frozen=True)
class NietVoorZin:
    """One ``niet_voor`` phrase as the search reads it: every word of ``wel`` must be in the
    question (also as part of a compound word), none of ``zonder``. A phrase with "geen" or
    "niet" ("geen eigen bedrijf") only matches literally."""

    tekst: str
    wel: tuple[str, ...]
    zonder: tuple[str, ...] = ()
    letterlijk: str | None = None


@dataclass(frozen=True)
class ZoekDrempels:
    """When to answer, when to offer a choice, when to say honestly that nothing fits.

    Calibrated for precision first on the development sets (``benchmarks/zoeken_mix.py``,
    docs/zoeken.md): a wrong card is worse than "geen goed antwoord", and a choice costs the
    entrepreneur a turn, so it is only offered when the best subjects are really close.
    - below ``minimum`` nothing fits;
    - a choice when the second (and third) score at least ``keuze_verhouding`` of the best;
    - below ``twijfel`` the best must also stand out: a second at ``twijfel_verhouding`` of
      the best or more means the words overlap but the fit is doubtful, so no card.
    Where no card follows, the subjects from ``voorstel`` up (within ``voorstel_verhouding`` of
    the best) may still be offered as a choice (``voorstel_bij_twijfel``): on the development sets
    three of four of those choices held the right subject, where "geen goed antwoord" held none.
    A question of one content word ("vraagje over belasting") that several subjects share gets a
    choice from ``enkel_woord_verhouding`` of the best: one word does not say which of them is meant.
    """

    minimum: float = 0.36
    keuze_verhouding: float = 0.90
    twijfel: float = 0.40
    twijfel_verhouding: float = 0.80
    max_keuzes: int = 3
    voorstel: float = 0.25
    voorstel_verhouding: float = 0.80
    enkel_woord_verhouding: float = 0.85


@dataclass
class Zoekindex:
    artikelen: Sequence[Artikel]
    lemmatiseer: Lemmatiseerder | None = None
    gewichten: ZoekGewichten = field(default_factory=ZoekGewichten)
    bekend: Callable[[str], bool] | None = None  # Dutch words, never read as a typo (typfouten.spacy_woordenboek)

    def __post_init__(self) -> None:
        self._stopwoorden = _stopwoorden()
        self._stopwoorden_zonder_onderdelen = self._stopwoorden - ONDERDEEL_WOORDEN
        self._woordenschat: set[str] = set()
        woord_docs = [self._woord_document(a) for a in self.artikelen]
        self._woordenschat = {w for doc in woord_docs for w in doc.split()}
        # the words as the articles write them, before lemmas: "gas flessen" is joined as "gasflessen"
        self._woordvormen = self._woordenschat | {w for a in self.artikelen for w in WORD_PATTERN.findall(
            _normaliseer(" ".join([*_kernwoorden(a), _lopende_tekst(a)])))}
        self._typfouten = Typfouten(self._woordenschat, bekend=self.bekend)
        woord_docs = [" ".join(self._splits_samenstellingen(doc.split())) for doc in woord_docs]
        self._woord_vectorizer = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, norm="l2")
        self._woord_matrix = self._woord_vectorizer.fit_transform(woord_docs)
        teken_docs = [" ".join(_normaliseer(t) for t in _kernwoorden(a)) for a in self.artikelen]
        self._teken_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._teken_matrix = self._teken_vectorizer.fit_transform(teken_docs)
        self._niet_voor = [[z for z in (self._lees_niet_voor(t) for t in a.niet_voor) if z] for a in self.artikelen]
        self._voorbeelden = self._maak_voorbeelden()
        # one message is searched several times (the search, its content words, the words it shares with an
        # article): its words are lemmatised once. Made last: the index above must be complete first.
        self._inhoud_cache = lru_cache(maxsize=512)(lambda tekst: tuple(self._bereken_inhoudswoorden(tekst, None)))

    def zoek(self, vraag: str, aantal: int = 5) -> list[Treffer]:
        """The best articles for a question, best first, with their scores."""
        scores = self.scores(vraag)
        volgorde = np.argsort(-scores)[:aantal]
        return [
            Treffer(self.artikelen[i].id, self.artikelen[i].titel, float(scores[i]))
            for i in volgorde
            if scores[i] > 0
        ]

    def scores(self, vraag: str) -> np.ndarray:
        tekst = _normaliseer(vraag)
        woorden = self._inhoudswoorden(tekst)
        g = self.gewichten
        totaal = np.zeros(len(self.artikelen))
        if woorden and g.woorden:
            vector = self._woord_vectorizer.transform([" ".join(woorden)])
            totaal += g.woorden * (self._woord_matrix @ vector.T).toarray().ravel()
        kern = self._kern(tekst)
        if kern and g.tekens:
            vector = self._teken_vectorizer.transform([kern])
            totaal += g.tekens * (self._teken_matrix @ vector.T).toarray().ravel()
        if g.voorbeelden and self._voorbeelden is not None:
            totaal += g.voorbeelden * self._voorbeelden.scores(woorden, kern, len(self.artikelen))
        if g.niet_voor != 1.0 and any(self._niet_voor):
            vraagwoorden = self._vraagwoorden(tekst)
            for i, zinnen in enumerate(self._niet_voor):
                if totaal[i] > 0 and any(_past(z, vraagwoorden, tekst) for z in zinnen):
                    totaal[i] *= g.niet_voor
        return totaal

    def _maak_voorbeelden(self) -> Voorbeelden | None:
        paren = [(i, _normaliseer(v)) for i, a in enumerate(self.artikelen) for v in a.voorbeeldvragen]
        if not paren:
            return None
        woorden = [" ".join(self._inhoudswoorden(tekst)) for _, tekst in paren]
        kern = [self._kern(tekst) for _, tekst in paren]
        return Voorbeelden(np.array([i for i, _ in paren]), woorden, kern)

    def _kern(self, tekst: str) -> str:
        """A normalised text's words without stop words, as the character signals read it."""
        return " ".join(w for w in WORD_PATTERN.findall(tekst) if w not in self._stopwoorden)

    def inhoudswoorden(self, vraag: str) -> set[str]:
        """The words of a question the search looks at (no stop words; lemmas and compound parts)."""
        return set(self._inhoudswoorden(_normaliseer(vraag)))

    def woordgewicht(self, woord: str) -> float:
        """How rare a content word is among the articles (its IDF); one that no article has, the rarest."""
        kolom = self._woord_vectorizer.vocabulary_.get(woord)
        idf = self._woord_vectorizer.idf_
        return float(idf[kolom] if kolom is not None else idf.max())

    def gedeelde_woorden(self, vraag: str, artikel_id: str) -> tuple[set[str], set[str]]:
        """The question's content words (lemmas, compound parts) that the article's text has, and
        those of them among its title, search terms and synonyms."""
        index = next((i for i, a in enumerate(self.artikelen) if a.id == artikel_id), None)
        woorden = set(self._inhoudswoorden(_normaliseer(vraag)))
        if index is None or not woorden:
            return set(), set()
        kolommen = self._woord_vectorizer.vocabulary_
        rij = self._woord_matrix[index]
        gedeeld = {w for w in woorden if w in kolommen and rij[0, kolommen[w]] > 0}
        kern = set(self._inhoudswoorden(_normaliseer(" ".join(_kernwoorden(self.artikelen[index])))))
        return gedeeld, gedeeld & kern

    def niet_voor(self, vraag: str, artikel_id: str) -> list[str]:
        """The ``niet_voor`` phrases of one article that the question matches (for logging and tests)."""
        tekst = _normaliseer(vraag)
        vraagwoorden = self._vraagwoorden(tekst)
        return [
            z.tekst
            for artikel, zinnen in zip(self.artikelen, self._niet_voor, strict=True)
            if artikel.id == artikel_id
            for z in zinnen
            if _past(z, vraagwoorden, tekst)
        ]

    def _lees_niet_voor(self, zin: str) -> NietVoorZin | None:
        if ONTKENNING.intersection(_normaliseer(zin).split()):
            return NietVoorZin(zin, (), letterlijk=_letterlijk(zin))
        wel, _, zonder = _normaliseer(zin).partition(" zonder ")
        wel_woorden = self._basiswoorden(wel)
        if not wel_woorden:
            return None
        return NietVoorZin(zin, tuple(wel_woorden), tuple(self._basiswoorden(zonder)))

    def _basiswoorden(self, tekst: str) -> list[str]:
        """The content words of a phrase, lemmatised, without splitting compounds."""
        woorden = [w for w in WORD_PATTERN.findall(tekst) if w not in self._stopwoorden]
        if self.lemmatiseer and woorden:
            woorden = [lemma for lemma in self.lemmatiseer(woorden)[0] if lemma not in self._stopwoorden]
        return [zonder_accenten(w) for w in woorden]

    def _vraagwoorden(self, tekst: str) -> Vraagwoorden:
        """Per word of the question, in order: the word as typed and its lemma, to match ``niet_voor``
        phrases against (a stop word: nothing; it still counts for how far apart two words stand)."""
        alle = WORD_PATTERN.findall(tekst)
        inhoud = [w for w in alle if w not in self._stopwoorden]
        lemmas = self.lemmatiseer(inhoud)[0] if self.lemmatiseer and inhoud else []
        lemma_van = dict(zip(inhoud, lemmas, strict=False)) if len(lemmas) == len(inhoud) else {}
        per_woord = [frozenset() if w in self._stopwoorden else frozenset(zonder_accenten(v) for v in {w, lemma_van.get(w, w)})
                     for w in alle]
        return Vraagwoorden(per_woord, frozenset().union(*per_woord))

    def _woord_document(self, artikel: Artikel) -> str:
        kern = " ".join(_kernwoorden(artikel))
        return " ".join(self._inhoudswoorden(_normaliseer(f"{kern} {kern} {kern} {_lopende_tekst(artikel)}")))

    def woorden_met_onderdelen(self, vraag: str) -> set[str]:
        """``inhoudswoorden`` with the words that name a part of an article ("betalen", "termijn"): a
        follow-up made only of those still names what it asks about in a sentence already shown."""
        return set(self._inhoudswoorden(_normaliseer(vraag), self._stopwoorden_zonder_onderdelen))

    def _inhoudswoorden(self, tekst: str, stopwoorden: set[str] | None = None) -> list[str]:
        if stopwoorden is None and (cache := getattr(self, "_inhoud_cache", None)) is not None:
            return list(cache(tekst))
        return self._bereken_inhoudswoorden(tekst, stopwoorden)

    def _bereken_inhoudswoorden(self, tekst: str, stopwoorden: set[str] | None) -> list[str]:
        stopwoorden = self._stopwoorden if stopwoorden is None else stopwoorden
        woorden = [w for w in WORD_PATTERN.findall(tekst) if w not in stopwoorden and len(w) > 1]
        if self._woordenschat:  # "gas flessen" -> "gasflessen"; "verbouwnig" -> "verbouwing"
            woorden = voeg_samen(woorden, self._woordvormen, self._woordenschat)
            woorden = [self._typfouten.verbeter(w, self.woordgewicht) for w in woorden]
        if self.gewichten.lemma and self.lemmatiseer and woorden:
            woorden = [lemma for lemma in self.lemmatiseer(woorden)[0] if lemma not in stopwoorden]
        if self._woordenschat:
            woorden = self._splits_samenstellingen(woorden)
        return woorden

    def _splits_samenstellingen(self, woorden: list[str]) -> list[str]:
        """Add the parts of compound words that the index knows ("drankvergunning" ->
        "drank", "vergunning"), keeping the whole word too."""
        if not self.gewichten.samenstellingen:
            return woorden
        uitkomst: list[str] = []
        for woord in woorden:
            uitkomst.append(woord)
            uitkomst.extend(delen(woord, self._woordenschat))
        return uitkomst


def beslis(treffers: list[Treffer], drempels: ZoekDrempels = ZoekDrempels(), *,
           enkel_woord: bool = False) -> tuple[str, list[Treffer]]:
    """Decide: ("antwoord", [best]), ("keuze", [2 or 3 close ones]) or ("geen", []). ``enkel_woord``:
    the question has one content word."""
    if not treffers or treffers[0].score < drempels.minimum:
        return "geen", []
    beste = treffers[0].score
    verhouding = drempels.enkel_woord_verhouding if enkel_woord else drempels.keuze_verhouding
    dichtbij = [t for t in treffers[: drempels.max_keuzes] if t.score >= beste * verhouding]
    if len(dichtbij) > 1:
        return "keuze", dichtbij
    if beste < drempels.twijfel and len(treffers) > 1 and treffers[1].score >= beste * drempels.twijfel_verhouding:
        return "geen", []
    return "antwoord", [treffers[0]]


def voorstel_bij_twijfel(treffers: list[Treffer], drempels: ZoekDrempels = ZoekDrempels()) -> list[Treffer]:
    """When ``beslis`` gives no card: the subjects that may still be meant, best first (at most
    ``max_keuzes``), to offer as a choice instead of a dead end; empty when none comes near."""
    if not treffers or treffers[0].score < drempels.voorstel:
        return []
    grens = max(drempels.voorstel, treffers[0].score * drempels.voorstel_verhouding)
    return [t for t in treffers[: drempels.max_keuzes] if t.score >= grens]


class Vraagwoorden(NamedTuple):
    per_woord: list[frozenset[str]]  # per word of the question, in order
    alle: frozenset[str]


def _past(zin: NietVoorZin, vraagwoorden: Vraagwoorden, tekst: str) -> bool:
    """The phrase's words stand close together in the question (``nabijheid``: "het terras van de buren",
    not "terras" and "buren" far apart in a long story), and none of its ``zonder`` words is anywhere."""
    if zin.letterlijk is not None:
        return f" {zin.letterlijk} " in f" {_letterlijk(tekst)} "
    if not all(komt_voor(w, vraagwoorden.alle) for w in zin.wel) or any(komt_voor(w, vraagwoorden.alle) for w in zin.zonder):
        return False
    if len(zin.wel) == 1:
        return True
    per_woord = [frozenset(w for w in zin.wel if komt_voor(w, woord)) for woord in vraagwoorden.per_woord]
    if any(len(treffers) == len(zin.wel) for treffers in per_woord):
        return True  # one compound word holds the whole phrase ("winkelpand")
    return vind([frozenset({w}) for w in zin.wel], per_woord, MAX_TUSSEN) is not None


def spacy_lemmatiseerder(nlp) -> Lemmatiseerder:
    """Lemmatise lists of words with a spaCy pipeline (one document per list)."""

    def lemmatiseer(woorden: list[str]) -> list[list[str]]:
        doc = nlp(" ".join(woorden))
        return [[(t.lemma_ or t.text).lower() for t in doc]]

    return lemmatiseer


def _kernwoorden(artikel: Artikel) -> Iterable[str]:
    return [artikel.titel, *artikel.zoektermen, *artikel.synoniemen, *(p.naam for p in artikel.upl)]


def _lopende_tekst(artikel: Artikel) -> str:
    """The running text the search reads of an article: its short answer, explanation and conditions."""
    return " ".join([artikel.kort_antwoord, artikel.uitleg, *artikel.voorwaarden])


def _normaliseer(tekst: str) -> str:
    """Lower case, chat abbreviations written out, without accents and punctuation: as both an article
    and a question typed on a phone are read."""
    tekst = unicodedata.normalize("NFKC", tekst).lower()
    tekst = voluit(tekst.replace("’", "'").replace("&", " en "))
    return re.sub(r"[^\w\s']", " ", zonder_accenten(tekst))


def _letterlijk(tekst: str) -> str:
    return " ".join(WORD_PATTERN.findall(_normaliseer(tekst)))


def _stopwoorden() -> set[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return set(STOP_WORDS) | EXTRA_STOPWOORDEN | ONDERDEEL_WOORDEN
