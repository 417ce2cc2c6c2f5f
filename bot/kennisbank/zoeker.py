"""The search index of the published kennisbank, rebuilt whenever the database changes.

The index is derived data: each process builds it from the database and checks a cheap
fingerprint on every question, so an edit published by one process (the console) is used by
every action server without a restart or retraining.
"""

from __future__ import annotations

import threading

from sqlalchemy.engine import Engine

from bot.db import default_engine, transaction
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.service import alle_artikelen, kennisbank_stand
from bot.kennisbank.zoeken import Zoekindex, spacy_lemmatiseerder
from bot.taal import load_pipeline


class KennisbankZoeker:
    def __init__(self, engine: Engine | None = None):
        self._engine = engine
        self._lock = threading.Lock()
        self._stand: tuple[int, int] | None = None
        self._index: Zoekindex | None = None
        self._artikelen: dict[str, Artikel] = {}

    def index(self) -> Zoekindex:
        with transaction(self._engine or default_engine()) as session:
            stand = kennisbank_stand(session=session)
            with self._lock:
                if stand != self._stand or self._index is None:
                    artikelen = alle_artikelen(session=session)
                    self._index = Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(load_pipeline()))
                    self._artikelen = {a.id: a for a in artikelen}
                    self._stand = stand
                return self._index

    def teams(self) -> dict[str, str]:
        """The owning team of every article, by article id."""
        self.index()
        return {artikel_id: artikel.team for artikel_id, artikel in self._artikelen.items()}

    def artikel(self, artikel_id: str) -> Artikel | None:
        self.index()
        return self._artikelen.get(artikel_id)
