"""A bounded tracker for long sessions: the last turns whole, the older part only as far as anything reads it.

Rasa rebuilds the tracker from every event of the session for each message, and its policies, the
session check and every call of the action server replay it again, so a message at turn 200 of one
session took about ten times as long as at turn 1. The policies use only the last ``max_history``
turns (config.yml), but Ingang itself reads the whole session on purpose: the NLG never sends a text
twice (the bot's texts), the handoff form reads everything the entrepreneur typed (their messages), a
follow-up is read against the latest card (the bot's payloads), and a few actions look back for the
latest value of a slot.

So the tracker of a long session is built from:
- the older part (the *voorgeschiedenis*) without what only the policies need: the session's start,
  every message of the entrepreneur and of the bot, and for each slot only the event that set its
  current value, where it stood (so a look-back finds the same latest value in the same order); no
  actions, loops or reverted turns, which would each cost a replay or a dialogue state;
- the older messages of the entrepreneur only as their text, intent and moment (``licht_bericht``): what
  Ingang reads of them (the handoff form, the complaint). Decoding Rasa's whole parse of each message
  (its intent ranking and entities) was a large part of loading a long session; the policies make no
  dialogue state of the older part, which holds no action;
- the older messages of the bot only as their text and moment (``licht_botbericht``: the no-repeat rule
  reads the texts), except the latest one carrying each payload read back later
  (``TERUGGELEZEN_PAYLOADS``: the latest card, choice and handoff), which is kept whole;
- then the last ``beurten`` turns whole (the *venster*), starting at an ``action_listen`` where no form
  is active, so the policies and the forms see the same last turns as with the whole session.

The older messages go back ``geheugen_beurten`` turns (``GEHEUGEN_BEURTEN``, 30), not to the session's
start: what grows with every turn is reading, building and replaying them (the policies, the session
check, the tracker sent to the action server), and a message at turn 200 took 1.6 to 2 times as long as
at turn 1 while they were all kept. So the no-repeat rule avoids the texts of the last 30 turns, the
handoff form reads what the entrepreneur typed in them, and a "no" to contact counts for as long; the
latest bot message carrying each read-back payload stays, however old. The messages stay stored (the console shows
the whole conversation); only the tracker forgets them.

Which slot value counts is Rasa's own rule (``DialogueStateTracker.applied_events``: undone and reverted
turns do not count). The plan is made from what the tracker store keeps in columns of its own beside
each event's JSON (its type, and the action, slot or form it names), so the store reads the JSON only of
the events the tracker gets (``PrivacyTrackerStore``). ``tests/unit/componenten/test_venster.py`` and
``tests/e2e/test_lang_gesprek.py`` check that a long conversation gives the same slots, form, dialogue
states and texts with and without the window.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from bot.kern.tracker import TERUGGELEZEN_PAYLOADS

VENSTER_BEURTEN = 8  # turns kept whole; the policies look back max_history (4) turns after forms are folded
GEHEUGEN_BEURTEN = 30  # turns whose messages a long session remembers (see the module's docstring)

# Events of the older part that something reads and that cost no replay or dialogue state.
GELEZEN_IN_VOORGESCHIEDENIS = frozenset({SessionStarted.type_name, UserUttered.type_name, BotUttered.type_name})


class Rij(NamedTuple):
    """One stored event as its columns describe it: its place, type and the name it carries (the action,
    slot or form; Rasa's ``action_name`` column). A tuple: a long session has thousands of rows."""

    id: int
    soort: str
    naam: str | None


@dataclass(frozen=True)
class Plan:
    """Which stored events make the tracker: every one from ``begin`` on, and before it the older part's
    messages from ``geheugen`` on (None: all of them) and the ids in ``bewaard``. ``begin`` None: the whole
    session."""

    begin: int | None
    bewaard: frozenset[int]
    geheugen: int | None = None

    def ouder(self, rij: Rij) -> bool:
        """Whether the event lies before the window."""
        return self.begin is not None and rij.id < self.begin

    def neemt(self, rij: Rij) -> bool:
        if not self.ouder(rij) or rij.id in self.bewaard:
            return True
        if rij.soort in BERICHTEN:
            return self.geheugen is None or rij.id >= self.geheugen
        return rij.soort in GELEZEN_IN_VOORGESCHIEDENIS

    def licht(self, rij: Rij) -> bool:
        """Whether the event is an older message (of the entrepreneur or the bot) that is kept, taken light
        unless it is a bot message with a payload read back (``laatste_met_payload``)."""
        return self.ouder(rij) and rij.soort in BERICHTEN and self.neemt(rij)


BERICHTEN = frozenset({UserUttered.type_name, BotUttered.type_name})


def licht_bericht(tekst: str | None, intent: str | None, moment: float | None) -> UserUttered:
    """An older message of the entrepreneur as far as anything reads it: its text, intent and moment."""
    return UserUttered(tekst, intent={"name": intent} if intent else None, timestamp=moment)


def licht_botbericht(tekst: str | None, moment: float | None) -> BotUttered:
    """An older message of the bot as far as anything reads it: its text and moment."""
    return BotUttered(tekst, timestamp=moment)


def laatste_met_payload(berichten: Iterable[tuple[int, Iterable[str]]]) -> set[int]:
    """Of the bot messages ``(id, the read-back payload keys it carries)``, the ids of the latest one carrying
    each key: the messages a long session keeps whole."""
    laatste: dict[str, int] = {}
    for id_, sleutels in berichten:
        for sleutel in sleutels:
            laatste[sleutel] = max(laatste.get(sleutel, id_), id_)
    return set(laatste.values())


def payload_sleutels(event: dict[str, Any]) -> list[str]:
    """The read-back payload keys (``TERUGGELEZEN_PAYLOADS``) a bot message's JSON carries."""
    custom = (event.get("data") or {}).get("custom")
    return [sleutel for sleutel in TERUGGELEZEN_PAYLOADS if isinstance(custom, dict) and sleutel in custom]


def tracker_met_venster(sender_id: str, events_as_dict: list[dict[str, Any]], slots: Iterable[Slot],
                        beurten: int = VENSTER_BEURTEN, geheugen_beurten: int = GEHEUGEN_BEURTEN) -> DialogueStateTracker:
    """The tracker of a session's events: whole while it is short, else bounded (see the module's docstring)."""
    slots = list(slots)
    rijen = [Rij(index, event["event"], event.get("name")) for index, event in enumerate(events_as_dict)]
    plan = vensterplan(rijen, slots, beurten, geheugen_beurten)
    heel = laatste_met_payload((rij.id, payload_sleutels(event)) for rij, event in zip(rijen, events_as_dict, strict=True)
                               if plan.ouder(rij) and rij.soort == BotUttered.type_name)
    events: list[Event] = []
    for rij, event in zip(rijen, events_as_dict, strict=True):
        if rij.id in heel:
            events.extend(deserialiseer([event]))
        elif plan.licht(rij) and rij.soort == UserUttered.type_name:
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            events.append(licht_bericht(event.get("text"), intent, event.get("timestamp")))
        elif plan.licht(rij):
            events.append(licht_botbericht(event.get("text"), event.get("timestamp")))
        elif plan.neemt(rij):
            events.extend(deserialiseer([event]))
    return DialogueStateTracker.from_events(sender_id, events, slots)


def vensterplan(rijen: Sequence[Rij], slots: Sequence[Slot], beurten: int,
                geheugen_beurten: int = GEHEUGEN_BEURTEN) -> Plan:
    """The plan for a session: the window's start and the older events that stay (see the module's docstring)."""
    if beurten <= 0:
        return Plan(None, frozenset())
    rijen = [rij for rij in rijen if rij.soort in LICHTE_EVENTS]  # the store reads no other rows
    events = [licht_event(rij) for rij in rijen]
    gevonden = vensterbegin(events, slots, beurten)
    if gevonden is None:
        return Plan(None, frozenset())
    begin, ervoor = gevonden
    bewaard = {id(event) for event in laatste_zetten(ervoor)}
    return Plan(rijen[begin].id, frozenset(rij.id for rij, event in zip(rijen, events, strict=True) if id(event) in bewaard),
                geheugen_begin(rijen, geheugen_beurten))


def geheugen_begin(rijen: Sequence[Rij], geheugen_beurten: int) -> int | None:
    """The id of the entrepreneur's ``geheugen_beurten``-th last message, from which the older messages are
    kept; None when the session has fewer messages (or ``geheugen_beurten`` is 0: all of them)."""
    berichten = [rij.id for rij in rijen if rij.soort == UserUttered.type_name]
    return berichten[-geheugen_beurten] if 0 < geheugen_beurten <= len(berichten) else None


def vensterbegin(events: Sequence[Event], slots: Sequence[Slot], beurten: int) -> tuple[int, list[Event]] | None:
    """Index of the ``action_listen`` before the ``beurten``-th last message the policies see, or of an
    earlier one when a form is active there, with the applied events before it; None when the session is
    not longer than that.

    The messages counted are those of Rasa's applied events: within a form, Rasa folds the turns that
    only fill its slots away, so the policies' last turns can reach back to before the form began.

    The applied events before the window are those of the whole session that lie before it (computed once,
    not again for the part before the window). Nothing after the window's first message can take back an
    event before it: undoing a turn takes back only events after a message that is applied, and folding a
    form's turns stops where a form was last deactivated, which is before the window (no form is active at
    its start)."""
    alle = toegepast(events, slots)  # a subsequence of ``events``, in their order
    plaats = {id(event): index for index, event in enumerate(events)}
    posities = [plaats[id(event)] for event in alle]
    berichten = [plaats[id(event)] for event in alle if isinstance(event, UserUttered)]
    for bericht in reversed(berichten[: max(len(berichten) - beurten + 1, 0)]):
        begin = bericht - 1
        if begin > 0 and isinstance(events[begin], ActionExecuted) and events[begin].action_name == ACTION_LISTEN_NAME:
            ervoor = alle[: bisect.bisect_left(posities, begin)]
            if actieve_lus(ervoor) is None:
                return begin, ervoor
    return None


def toegepast(events: Sequence[Event], slots: Sequence[Slot]) -> list[Event]:
    """Rasa's applied events of ``events`` (without undone or reverted turns), computed without a replay."""
    tracker = DialogueStateTracker("venster", slots)
    tracker.events = deque(events)
    return tracker.applied_events()


def laatste_zetten(toegepaste: Iterable[Event]) -> list[Event]:
    """For each slot the event that set its current value, and a reset of all slots they come after."""
    zetten: dict[str, Event] = {}
    for event in toegepaste:
        if isinstance(event, SlotSet):
            zetten[event.key] = event
        elif isinstance(event, AllSlotsReset):
            zetten = {"*": event}  # the writes before it count no more
    return list(zetten.values())


def actieve_lus(toegepaste: Iterable[Event]) -> str | None:
    """The form active after these events, if any."""
    lus: str | None = None
    for event in toegepaste:
        if isinstance(event, ActiveLoop):
            lus = event.name
    return lus


# The light event of each kind ``applied_events`` and the plan tell apart. Any other kind (a bot message, ...)
# they leave alone: it changes nothing in which events count, so the plan does not read its rows at all.
LICHTE_EVENTS: dict[str, Callable[[Rij], Event]] = {
    ActionExecuted.type_name: lambda rij: ActionExecuted(rij.naam),
    UserUttered.type_name: lambda rij: UserUttered(None),
    SlotSet.type_name: lambda rij: SlotSet(rij.naam or ""),
    ActiveLoop.type_name: lambda rij: ActiveLoop(rij.naam),
    "form": lambda rij: ActiveLoop(rij.naam),  # Rasa 2's form event, a kind of ActiveLoop
    ActionExecutionRejected.type_name: lambda rij: ActionExecutionRejected(rij.naam or ""),
    UserUtteranceReverted.type_name: lambda rij: UserUtteranceReverted(),
    ActionReverted.type_name: lambda rij: ActionReverted(),
    Restarted.type_name: lambda rij: Restarted(),
    SessionStarted.type_name: lambda rij: SessionStarted(),
    AllSlotsReset.type_name: lambda rij: AllSlotsReset(),
    DefinePrevUserUtteredFeaturization.type_name: lambda rij: DefinePrevUserUtteredFeaturization(False),
}


def licht_event(rij: Rij) -> Event:
    """An event with only what ``applied_events`` and the plan read (its kind and name), made from the columns."""
    return LICHTE_EVENTS[rij.soort](rij)


def deserialiseer(events_as_dict: Iterable[dict[str, Any]]) -> list[Event]:
    """``rasa.shared.core.events.deserialise_events`` without looking up each event's class among all
    of Event's subclasses again (a third of the load of a long session)."""
    events = []
    for data in events_as_dict:
        klasse = event_klassen().get(data.get("event"))
        event = klasse._from_parameters(data) if klasse else Event.from_parameters(data)
        if event:
            events.append(event)
    return events


@cache
def event_klassen() -> dict[str, type[Event]]:
    """Each event type's class, the first of Event's subclasses with that name (as ``Event.resolve_by_type``)."""
    klassen: dict[str, type[Event]] = {}
    for klasse in all_subclasses(Event):
        klassen.setdefault(klasse.type_name, klasse)
    return klassen
