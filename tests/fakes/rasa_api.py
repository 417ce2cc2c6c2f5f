"""One fake of Rasa's HTTP API as Ingang uses it (``bot.integraties.rasa_api.RasaApi``), in process.

It serves a conversation's events (the console's transcript), keeps the takeover slot per
conversation and records every change, and can fail like the real server: all calls
(``bereikbaar = False``), or the next calls of one method (``faal``), before or after doing
the work (an answer lost on the way back).

    rasa = NepRasa()
    rasa.faal("zet_overname")                    # the next slot change raises RasaApiFout
    rasa.faal("zet_overname", fout=Crash())      # ... or the process "dies" there
    rasa.slot("g1")                              # the slot's value now: a name or None
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from bot.integraties.rasa_api import RasaApiFout


class NepRasa:
    """Stands in for ``RasaApi``: ``gebeurtenissen``, ``zet_overname``, ``voeg_medewerkerbericht_toe``."""

    def __init__(self, gebeurtenissen: list[dict] | None = None, bereikbaar: bool = True) -> None:
        self.gebeurtenissen_per_gesprek: dict[str, list[dict]] = {}
        self.standaard = gebeurtenissen or []  # the events of every conversation not in gebeurtenissen_per_gesprek
        self.bereikbaar = bereikbaar
        self.slots: list[tuple[str, str | None]] = []  # every slot change Rasa carried out, in order
        self.berichten: list[tuple[str, str, dict]] = []  # staff messages and notices in the transcript
        self._plan: dict[str, list[tuple[BaseException, bool] | None]] = defaultdict(list)

    def faal(self, methode: str, *, keer: int = 1, overslaan: int = 0, fout: BaseException | None = None,
             na_uitvoeren: bool = False) -> None:
        """After ``overslaan`` calls that succeed, the next ``keer`` calls of ``methode`` raise ``fout``
        (default RasaApiFout); with ``na_uitvoeren`` Rasa did the work first and only the answer got lost."""
        fout = fout or RasaApiFout(f"Rasa niet bereikbaar (test: {methode})")
        self._plan[methode] += [None] * overslaan + [(fout, na_uitvoeren)] * keer

    def slot(self, gesprek_id: str) -> str | None:
        """The value of the takeover slot of the conversation now."""
        waarden = [naam for gesprek, naam in self.slots if gesprek == gesprek_id]
        return waarden[-1] if waarden else None

    # --- the API -------------------------------------------------------------------------------

    def gebeurtenissen(self, gesprek_id: str) -> list[dict]:
        with self._aanroep("gebeurtenissen"):
            return self.gebeurtenissen_per_gesprek.get(gesprek_id, self.standaard)

    def zet_overname(self, gesprek_id: str, naam: str | None) -> None:
        with self._aanroep("zet_overname"):
            self.slots.append((gesprek_id, naam))

    def voeg_medewerkerbericht_toe(self, gesprek_id: str, tekst: str, custom: dict) -> None:
        with self._aanroep("voeg_medewerkerbericht_toe"):
            self.berichten.append((gesprek_id, tekst, custom))

    @contextmanager
    def _aanroep(self, methode: str) -> Iterator[None]:
        """One call: refused when unreachable or planned to fail (before or after the work)."""
        if not self.bereikbaar:
            raise RasaApiFout("Rasa niet bereikbaar (test)")
        plan = self._plan[methode].pop(0) if self._plan[methode] else None
        if plan is not None and not plan[1]:
            raise plan[0]
        yield
        if plan is not None:
            raise plan[0]
