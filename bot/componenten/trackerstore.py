"""Rasa's SQL tracker store, which also forgets personal details when a turn asks for it.

Named in ``endpoints.yml`` and ``endpoints.production.yml`` under ``tracker_store`` with the same
settings as Rasa's ``SQL`` store. After the turn is saved, when one of its events sets
``persoonsgegevens_wissen`` (consent refused, questions stopped), every stored event of the
conversation is rewritten by ``zonder_persoonsgegevens`` (bot/overdracht/persoonsgegevens.py).
The rows keep their ids, order and number, so Rasa's own bookkeeping (it appends the events after
the ones it counts) stays right, and every replica reads the rewritten conversation: the lock
store lets only one of them handle a conversation at a time.
"""

from __future__ import annotations

import json
from collections.abc import Reversible

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.overdracht.persoonsgegevens import wissen_gevraagd, zonder_persoonsgegevens


class PrivacyTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` plus wiping the personal details of a conversation (see the module's docstring)."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
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
