"""Which message this process lets into Rasa next when many arrive at once: conversations under way first.

Rasa reads a message (NLU, policies) on its event loop. Under a flood of new conversations, each
within its own limit and from many addresses, every message in progress shares the CPU with all the
others, and an entrepreneur in the middle of a conversation waits as long as the flood
(``python -m benchmarks.fuzz``). ``Wachtrij`` lets at most ``plaatsen`` messages of this process into
Rasa at once. The others wait for a place: a conversation under way (it sent a message before in the
current hour, ``bot/kanalen/tempo.py``) before a new one, and otherwise in order of arrival. So a
conversation under way waits for the messages in progress, not for the whole flood.

Nothing is dropped: a waiting message is handled when its turn comes. The queue lives in the
process's memory on purpose: it orders this process's own CPU; the counts it is based on, which
must hold across replicas, are in the database. ``INGANG_GELIJKTIJDIGE_BERICHTEN`` sets the places
(default 3: enough to keep the CPU busy while a message waits for the action server or the database).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

ONDERWEG, NIEUW = 0, 1  # the turn of a conversation under way comes before that of a new one
STANDAARD_PLAATSEN = 3


class Wachtrij:
    """At most ``plaatsen`` holders at once; waiters by (voorrang, arrival)."""

    def __init__(self, plaatsen: int) -> None:
        self.plaatsen = max(1, plaatsen)
        self.bezet = 0
        self.wachtend = 0
        self._rij: list[tuple[int, int, asyncio.Future[None]]] = []  # cancelled waiters stay until popped
        self._volgnummers = itertools.count()

    @asynccontextmanager
    async def beurt(self, voorrang: int) -> AsyncIterator[None]:
        """Wait for a place (a lower ``voorrang`` first) and hold it for the block."""
        await self._krijg_plaats(voorrang)
        try:
            yield
        finally:
            self._geef_vrij()

    async def _krijg_plaats(self, voorrang: int) -> None:
        if self.bezet < self.plaatsen and not self.wachtend:
            self.bezet += 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._rij, (voorrang, next(self._volgnummers), future))
        self.wachtend += 1
        try:
            await future
        except asyncio.CancelledError:  # a client that went away
            if future.cancelled():  # while waiting
                self.wachtend -= 1
            else:  # the place was handed over just before the cancel: pass it on
                self._geef_vrij()
            raise

    def _geef_vrij(self) -> None:
        """Hand the place to the first waiter still waiting, else free it."""
        while self._rij:
            *_, future = heapq.heappop(self._rij)
            if not future.done():
                self.wachtend -= 1
                future.set_result(None)
                return
        self.bezet -= 1


_PER_LUS: WeakKeyDictionary[asyncio.AbstractEventLoop, Wachtrij] = WeakKeyDictionary()


def plaatsen_uit_omgeving() -> int:
    try:
        return max(1, int(os.environ.get("INGANG_GELIJKTIJDIGE_BERICHTEN", STANDAARD_PLAATSEN)))
    except ValueError:
        return STANDAARD_PLAATSEN


def wachtrij() -> Wachtrij:
    """The queue of this process's event loop (one for all channels: they share the loop's CPU)."""
    lus = asyncio.get_running_loop()
    if lus not in _PER_LUS:
        _PER_LUS[lus] = Wachtrij(plaatsen_uit_omgeving())
    return _PER_LUS[lus]
