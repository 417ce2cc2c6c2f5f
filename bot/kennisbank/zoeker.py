"""The search index of the published kennisbank, rebuilt whenever the database changes.

The index is derived data: each process builds it from the database and checks a cheap
fingerprint on every question, so an edit published by one process (the console) is used by
every action server without a restart or retraining.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import cache, cached_property

from sqlalchemy.engine import Engine

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.betekenis import Betekenis, Betekenisindex, duidelijk_dichter, duidelijk_dichtstbij, weeg
from bot.kennisbank.service import alle_artikelen, kennisbank_stand
from bot.kennisbank.typfouten import spacy_woordenboek
from bot.kennisbank.zoeken import Treffer, Zoekindex, spacy_lemmatiseerder
from bot.kern.db import default_engine, transaction
from bot.kern.settings import load_settings
from bot.kern.taal import load_pipeline

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kennisbank:
    """The published articles and their search index, as of one moment."""

    index: Zoekindex
    artikelen: dict[str, Artikel]
    betekenis: Betekenis

    @cached_property
    def betekenisindex(self) -> Betekenisindex:
        """The articles' texts by meaning (betekenis.py), built on first use: most processes never need it."""
        return Betekenisindex.bouw(list(self.artikelen.values()), self.betekenis)

    def artikel(self, artikel_id: str | None) -> Artikel | None:
        return self.artikelen.get(artikel_id or "")

    def betekenis_weegt(self, tekst: str, beslissing: str, beste: list[Treffer],
                        treffers: list[Treffer]) -> tuple[str, list[Treffer]]:
        """The words' decision as the meaning of ``tekst`` weighs it (betekenis.py); it may embed. A model that
        cannot be loaded leaves the words alone to decide."""
        try:
            return weeg(self.betekenisindex, tekst, beslissing, beste, treffers)
        except OSError as fout:
            logger.warning("betekenis niet beschikbaar (%s): de woorden beslissen alleen", type(fout).__name__)
            return beslissing, beste

    def gelijkenissen(self, tekst: str) -> dict[str, float]:
        """Per article, how alike its nearest text is to ``tekst`` by meaning (betekenis.py); empty when the model
        cannot be loaded."""
        try:
            return self.betekenisindex.gelijkenissen(tekst)
        except OSError as fout:
            logger.warning("betekenis niet beschikbaar (%s)", type(fout).__name__)
            return {}

    def dichter_bij(self, tekst: str, artikel_id: str, dan_id: str) -> bool:
        """Whether the meaning places ``tekst`` clearly nearer to one article than to another (betekenis.py); it
        embeds. False when the model cannot be loaded."""
        return duidelijk_dichter(self.gelijkenissen(tekst), artikel_id, dan_id)

    def engels_onderwerp(self, tekst: str) -> Artikel | None:
        """The article an English question is clearly about by its meaning (betekenis.py), or None; also None when the
        model cannot be loaded."""
        return self.artikel(duidelijk_dichtstbij(self.gelijkenissen(tekst)))

    def teams(self) -> dict[str, str]:
        """The owning team of every article, by article id."""
        return {artikel_id: artikel.team for artikel_id, artikel in self.artikelen.items()}


class KennisbankZoeker:
    def __init__(self, engine: Engine | None = None):
        self._engine = engine
        self._lock = threading.Lock()
        self._stand: tuple[int, int] | None = None
        self._kennisbank: Kennisbank | None = None
        self._betekenis = Betekenis(load_settings().betekenis_cache)

    def actueel(self) -> Kennisbank:
        """The current kennisbank: one cheap database check, a rebuild only after a change."""
        with transaction(self._engine or default_engine()) as session:
            stand = kennisbank_stand(session=session)
            with self._lock:
                if stand != self._stand or self._kennisbank is None:
                    artikelen = alle_artikelen(session=session)
                    nlp = load_pipeline()
                    index = Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(nlp), bekend=spacy_woordenboek(nlp))
                    self._kennisbank = Kennisbank(index=index, artikelen={a.id: a for a in artikelen},
                                                  betekenis=self._betekenis)
                    self._stand = stand
                return self._kennisbank


@cache
def gedeelde_zoeker() -> KennisbankZoeker:
    """The process's one searcher on the default database: the actions search with it, and the action
    server builds its index before the first call (bot/actieserver.py)."""
    return KennisbankZoeker()
