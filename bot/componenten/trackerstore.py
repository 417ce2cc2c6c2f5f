"""Rasa's SQL tracker store, which also forgets personal details when a turn asks for it.

Named in ``endpoints.yml`` and ``endpoints.production.yml`` under ``tracker_store`` with the same
settings as Rasa's ``SQL`` store. After the turn is saved, when one of its events sets
``persoonsgegevens_wissen`` (consent refused, questions stopped), every stored event of the
conversation is rewritten by ``zonder_persoonsgegevens`` (bot/overdracht/persoonsgegevens.py).
The rows keep their ids, order and number, so Rasa's own bookkeeping (it appends the events after
the ones it counts) stays right, and every replica reads the rewritten conversation: the lock
store lets only one of them handle a conversation at a time.

It also rides out a restart of the database. Rasa's own engine hands out pooled connections that a
restarted PostgreSQL has closed, and Rasa wraps every tracker store so that a failed read starts the
conversation afresh and a failed save keeps the turn in the replica's memory only: the entrepreneur
is answered without what they said before, and the turn is never stored. Here each connection is
tested before use (``pool_pre_ping``), and a read or save that loses its connection is tried again
until the database is back, at most ``HERSTELTIJD`` seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Reversible
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.overdracht.persoonsgegevens import wissen_gevraagd, zonder_persoonsgegevens

logger = logging.getLogger(__name__)

HERSTELTIJD = 20.0  # seconds a read or save waits for the database to come back (a restart takes a few)
T = TypeVar("T")


class PrivacyTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` plus wiping the personal details of a conversation and riding out a restart of
    the database (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await na_herstel(lambda: super(PrivacyTrackerStore, self).retrieve(sender_id))

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await na_herstel(lambda: super(PrivacyTrackerStore, self).retrieve_full_tracker(sender_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await na_herstel(lambda: super(PrivacyTrackerStore, self).save(tracker))
        beurt = events_van_laatste_beurt(tracker.events)
        if wissen_gevraagd(event.as_dict() for event in beurt if isinstance(event, SlotSet)):
            self.wis_persoonsgegevens(tracker.sender_id)

    def wis_persoonsgegevens(self, sender_id: str) -> None:
        """Rewrite every stored event of the conversation without its personal details."""
        with self.session_scope() as session:
            rijen = (session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)
                     .order_by(self.SQLEvent.id).all())
            schoon = zonder_persoonsgegevens([json.loads(rij.data) for rij in rijen])
            for rij, event in zip(rijen, schoon, strict=True):
                data = json.dumps(event)
                if data != rij.data:
                    rij.data = data
            session.commit()


def events_van_laatste_beurt(events: Reversible[Event]) -> list[Event]:
    """The events from the latest message of the entrepreneur on, newest first (all of them when there is none).

    Read from the end: this runs on every save, and a turn is a few events of a long conversation."""
    beurt: list[Event] = []
    for event in reversed(events):
        beurt.append(event)
        if isinstance(event, UserUttered):
            break
    return beurt


async def na_herstel(handeling: Callable[[], Awaitable[T]], hersteltijd: float = HERSTELTIJD) -> T:
    """``handeling``, tried again every second while the database is unreachable, for at most ``hersteltijd``
    seconds; then its error. A lost connection is an ``OperationalError``; the session it happened in has
    rolled back, so trying again stores nothing twice (unless the connection dropped in the very instant
    PostgreSQL committed, before it could say so: then the turn's events are stored twice)."""
    einde = time.monotonic() + hersteltijd
    while True:
        try:
            return await handeling()
        except sa.exc.OperationalError as fout:
            if time.monotonic() >= einde:
                raise
            logger.warning("Tracker store: database unreachable, trying again in 1 s: %s", str(fout).splitlines()[0])
            await asyncio.sleep(1)
