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
reads it, its messages of the last ``geheugen_beurten`` turns (0: all of them). The tracker then holds fewer events than are stored, so Rasa's way of finding the new events
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
from rasa.shared.core.events import BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.dialects import postgresql

from bot.componenten.venster import (
    BERICHTEN,
    GEHEUGEN_BEURTEN,
    GELEZEN_IN_VOORGESCHIEDENIS,
    LICHTE_EVENTS,
    VENSTER_BEURTEN,
    Plan,
    Rij,
    deserialiseer,
    licht_bericht,
    licht_botbericht,
    vensterplan,
)
from bot.kern.tracker import EVENTS, TERUGGELEZEN_PAYLOADS
from bot.overdracht.persoonsgegevens import wissen_gevraagd, zonder_persoonsgegevens

logger = logging.getLogger(__name__)

HERSTELTIJD = 20.0  # seconds a read or save waits for the database to come back (a restart takes a few)
T = TypeVar("T")
OPGESLAGEN = "_ingang_opgeslagen"  # attribute of a loaded tracker: how many of its events are stored


class PrivacyTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` plus wiping the personal details of a conversation and riding out a restart of
    the database (see the module's docstring)."""

    def __init__(self, *args: Any, venster_beurten: int = VENSTER_BEURTEN, geheugen_beurten: int = GEHEUGEN_BEURTEN,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.venster_beurten, self.geheugen_beurten = int(venster_beurten), int(geheugen_beurten)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _event_query(self, session: sa.orm.Session, sender_id: str, fetch_events_from_all_sessions: bool) -> sa.orm.Query:
        """Rasa's query for a conversation's events (of its latest session, or of all of them), with the
        moment that session started read first, as a value (``sessie_begin``)."""
        e = self.SQLEvent
        query = session.query(e).filter(e.sender_id == sender_id)
        begin = None if fetch_events_from_all_sessions else sessie_begin(session, sender_id)
        return (query if begin is None else query.filter(e.timestamp >= begin)).order_by(e.id)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await na_herstel(lambda: self._retrieve_met_venster(sender_id))

    async def _retrieve_met_venster(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session's tracker, bounded when it is long (Rasa's ``_retrieve`` with the window): the
        plan is made from the events' columns, and only the JSON of the events the tracker gets is read.
        Read with SQLAlchemy Core (``EVENTS``): Rasa's ORM class loads each row as an object."""
        if not self.domain:
            return None
        with self.session_scope() as session:
            begin = sessie_begin(session, sender_id)
            sessie = [EVENTS.c.sender_id == sender_id, *([EVENTS.c.timestamp >= begin] if begin is not None else [])]
            plan = Plan(None, frozenset()) if self.venster_beurten <= 0 else self._plan(session, sessie)
            if plan.begin is None:
                data = session.execute(sa.select(EVENTS.c.data).where(*sessie).order_by(EVENTS.c.id)).scalars()
                events = deserialiseer(json.loads(tekst) for tekst in data)
            else:
                events = self._events_volgens_plan(session, sessie, plan)
        if not events:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        setattr(tracker, OPGESLAGEN, len(tracker.events))
        return tracker

    def _plan(self, session: sa.orm.Session, sessie: list[sa.sql.ColumnElement]) -> Plan:
        """The window's plan, made from the columns of the session's rows of the kinds it reads (at turn 200
        some 1,200 of them)."""
        c = EVENTS.c
        kolommen = sa.select(c.id, c.type_name, c.action_name).where(
            *sessie, c.type_name.in_(sorted(LICHTE_EVENTS))).order_by(c.id)
        rijen = [Rij._make(rij) for rij in session.execute(kolommen)]
        return vensterplan(rijen, self.domain.slots, self.venster_beurten, self.geheugen_beurten)

    def _events_volgens_plan(self, session: sa.orm.Session, sessie: list[sa.sql.ColumnElement], plan: Plan) -> list[Event]:
        """The events of a long session as ``plan`` says: the older messages it keeps light (their text read
        from the JSON by the database) but for the latest bot message carrying each read-back payload, which
        is kept whole however old, the rest whole, in their order."""
        c, dialect = EVENTS.c, self.engine.dialect.name
        onthouden = [*sessie, c.id < plan.begin] + ([c.id >= plan.geheugen] if plan.geheugen is not None else [])
        oud = sa.select(c.id, json_tekst(c.data, dialect), c.intent_name, c.timestamp).where(
            *onthouden, c.type_name == UserUttered.type_name).order_by(c.id)
        oud_bot = sa.select(c.id, json_tekst(c.data, dialect), c.timestamp).where(
            *onthouden, c.type_name == BotUttered.type_name).order_by(c.id)
        laatste = sa.select(*(sa.func.max(sa.case((draagt_payload(c.data, sleutel, dialect), c.id)))
                              for sleutel in TERUGGELEZEN_PAYLOADS)).where(
            *sessie, c.id < plan.begin, c.type_name == BotUttered.type_name)
        heel = {id_ for id_ in session.execute(laatste).one() if id_ is not None}
        rest = sa.select(c.id, c.data).where(*sessie, sa.or_(
            c.id >= plan.begin, c.type_name.in_(sorted(GELEZEN_IN_VOORGESCHIEDENIS - BERICHTEN)),
            c.id.in_(sorted(plan.bewaard | heel)))).order_by(c.id)
        lichte = [(id_, licht_bericht(tekst, intent, moment)) for id_, tekst, intent, moment in session.execute(oud)]
        lichte_bot = [(id_, licht_botbericht(tekst, moment)) for id_, tekst, moment in session.execute(oud_bot)
                      if id_ not in heel]
        hele = [(id_, event) for id_, data in session.execute(rest) for event in deserialiseer([json.loads(data)])]
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


def sessie_begin(session: sa.orm.Session, sender_id: str) -> float | None:
    """The moment the conversation's latest session started (None: it has no session start). Read first, as a
    value: Rasa's query joins it in as a subquery, and PostgreSQL ran that again for every row of the
    conversation (a nested loop), so loading a conversation of 200 turns took 130 ms there, 3 ms on SQLite."""
    c = EVENTS.c
    return session.execute(sa.select(sa.func.max(c.timestamp)).where(
        c.sender_id == sender_id, c.type_name == SessionStarted.type_name)).scalar()


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
