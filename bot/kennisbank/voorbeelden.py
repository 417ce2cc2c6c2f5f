"""The example questions of all articles (``voorbeeldvragen``) as a signal of the search (``zoeken``).

An article scores the similarity of a question to its most similar example (a nearest neighbour), by
words and by characters as the search reads the articles: many examples about other things do not dilute
the article's own words, as more search terms would.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class Voorbeelden:
    """The example questions of all articles, as vectors of their words and of their characters."""

    def __init__(self, artikel_van: np.ndarray, woorden: list[str], kern: list[str]):
        self.artikel_van = artikel_van
        self.woord_vectorizer = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, norm="l2")
        self.woord_matrix = self.woord_vectorizer.fit_transform(woorden)
        self.teken_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self.teken_matrix = self.teken_vectorizer.fit_transform(kern)

    def scores(self, woorden: list[str], kern: str, aantal_artikelen: int) -> np.ndarray:
        """Per article: the similarity of the question to its most similar example."""
        gelijkenis = np.zeros(len(self.artikel_van))
        if woorden:
            gelijkenis += (self.woord_matrix @ self.woord_vectorizer.transform([" ".join(woorden)]).T).toarray().ravel()
        if kern:
            gelijkenis += (self.teken_matrix @ self.teken_vectorizer.transform([kern]).T).toarray().ravel()
        beste = np.zeros(aantal_artikelen)
        np.maximum.at(beste, self.artikel_van, gelijkenis)
        return beste
