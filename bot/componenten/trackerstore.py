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

A long session is loaded bounded (bot/componenten/venster.py): the last ``venster_beurten`` turns whole
(a setting beside ``dialect`` and ``db``; 0 loads every event), the older part only as far as anything
reads it. The tracker then holds fewer events than are stored, so Rasa's way of finding the new events
(count the stored ones, skip as many in the tracker) no longer holds: the store remembers on the tracker
how many of its events are stored, and appends the rest. That also spares Rasa's count per save; the
lock store lets only one process handle a conversation at a time, so the number stays right.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Reversible
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.dialects import postgresql

from bot.componenten.venster import (
    BERICHTEN,
    GELEZEN_IN_VOORGESCHIEDENIS,
    VENSTER_BEURTEN,
    Plan,
    Rij,
    deserialiseer,
    laatste_met_payload,
    licht_bericht,
    licht_botbericht,
    vensterplan,
)
from bot.kern.tracker import TERUGGELEZEN_PAYLOADS
from bot.overdracht.persoonsgegevens import wissen_gevraagd, zonder_persoonsgegevens

logger = logging.getLogger(__name__)

HERSTELTIJD = 20.0  # seconds a read or save waits for the database to come back (a restart takes a few)
T = TypeVar("T")
OPGESLAGEN = "_ingang_opgeslagen"  # attribute of a loaded tracker: how many of its events are stored


class PrivacyTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` plus wiping the personal details of a conversation and riding out a restart of
    the database (see the module's docstring)."""

    def __init__(self, *args: Any, venster_beurten: int = VENSTER_BEURTEN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.venster_beurten = int(venster_beurten)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await na_herstel(lambda: self._retrieve_met_venster(sender_id))

    async def _retrieve_met_venster(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session's tracker, bounded when it is long (Rasa's ``_retrieve`` with the window): the
        plan is made from the events' columns, and only the JSON of the events the tracker gets is read."""
        if not self.domain:
            return None
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            # Core rows of the columns, not ORM objects: at turn 200 this reads some 1,500 rows per message
            plan = Plan(None, frozenset()) if self.venster_beurten <= 0 else vensterplan(
                [Rij._make(kolommen) for kolommen in session.execute(query.with_entities(
                    self.SQLEvent.id, self.SQLEvent.type_name, self.SQLEvent.action_name).statement)],
                self.domain.slots, self.venster_beurten)
            if plan.begin is None:
                data = session.execute(query.with_entities(self.SQLEvent.data).statement).scalars()
                events = deserialiseer(json.loads(tekst) for tekst in data)
            else:
                events = self._events_volgens_plan(session, query, plan)
        if not events:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        setattr(tracker, OPGESLAGEN, len(tracker.events))
        return tracker

    def _events_volgens_plan(self, session: sa.orm.Session, query: sa.orm.Query, plan: Plan) -> list[Event]:
        """The events of a long session as ``plan`` says: the older messages light (their text read from the
        JSON by the database) but for the latest bot message carrying each read-back payload, the rest whole,
        in their order."""
        e, dialect = self.SQLEvent, self.engine.dialect.name
        oud = query.filter(e.id < plan.begin, e.type_name == UserUttered.type_name).with_entities(
            e.id, json_tekst(e.data, dialect), e.intent_name, e.timestamp)
        oud_bot = query.filter(e.id < plan.begin, e.type_name == BotUttered.type_name).with_entities(
            e.id, json_tekst(e.data, dialect), e.timestamp,
            *(draagt_payload(e.data, sleutel, dialect) for sleutel in TERUGGELEZEN_PAYLOADS))
        botrijen = session.execute(oud_bot.statement).all()
        heel = laatste_met_payload((rij[0], [sleutel for sleutel, ja in zip(TERUGGELEZEN_PAYLOADS, rij[3:], strict=True) if ja])
                                   for rij in botrijen)
        rest = query.filter(sa.or_(e.id >= plan.begin, e.type_name.in_(sorted(GELEZEN_IN_VOORGESCHIEDENIS - BERICHTEN)),
                                   e.id.in_(sorted(plan.bewaard | heel)))).with_entities(e.id, e.data)
        lichte = [(id_, licht_bericht(tekst, intent, moment))
                  for id_, tekst, intent, moment in session.execute(oud.statement)]
        lichte_bot = [(id_, licht_botbericht(tekst, moment)) for id_, tekst, moment, *_ in botrijen if id_ not in heel]
        hele = [(id_, event) for id_, data in session.execute(rest.statement)
                for event in deserialiseer([json.loads(data)])]
        return [event for _, event in heapq.merge(lichte, lichte_bot, hele, key=lambda paar: paar[0])]

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await na_herstel(lambda: super(PrivacyTrackerStore, self).retrieve_full_tracker(sender_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await na_herstel(lambda: super(PrivacyTrackerStore, self).save(tracker))
        if hasattr(tracker, OPGESLAGEN):
            setattr(tracker, OPGESLAGEN, len(tracker.events))
        beurt = events_van_laatste_beurt(tracker.events)
        if wissen_gevraagd(event.as_dict() for event in beurt if isinstance(event, SlotSet)):
            self.wis_persoonsgegevens(tracker.sender_id)

    def _additional_events(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The tracker's events not stored yet: after the number it was loaded with (see the module's
        docstring); Rasa's count of the stored events for a tracker this store did not load."""
        opgeslagen = getattr(tracker, OPGESLAGEN, None)
        if opgeslagen is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, opgeslagen, len(tracker.events))

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


def json_tekst(kolom: sa.Column, dialect: str) -> sa.sql.ColumnElement:
    """The ``text`` of an event's JSON, read by the database (Rasa keeps the JSON as text)."""
    if dialect == "postgresql":
        return sa.cast(kolom, postgresql.JSON)["text"].astext
    return sa.func.json_extract(kolom, "$.text")  # SQLite's JSON functions


def draagt_payload(kolom: sa.Column, sleutel: str, dialect: str) -> sa.sql.ColumnElement:
    """Whether a bot message's JSON carries ``sleutel`` in its custom payload (read by the database)."""
    if dialect == "postgresql":
        return sa.cast(kolom, postgresql.JSONB)["data"]["custom"].has_key(sleutel)
    return sa.func.json_type(kolom, f"$.data.custom.{sleutel}").is_not(None)


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
