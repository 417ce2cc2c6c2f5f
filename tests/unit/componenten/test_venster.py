"""A long session is loaded bounded (bot/componenten/venster.py) with the slots, form and texts of the whole.

Built from events as Rasa stores them; tests/e2e/test_lang_gesprek.py compares a conversation played
over REST, dialogue states included."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.componenten.venster import tracker_met_venster
from bot.kern.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def beurt(nummer: int, *events: Event) -> list[Event]:
    """One turn: the bot listens, the entrepreneur writes, an action answers (and sets what is given)."""
    return [ActionExecuted("action_listen"), UserUttered(f"vraag {nummer}", intent={"name": "greet", "confidence": 1.0}),
            ActionExecuted("action_beantwoord_vraag"), BotUttered(f"antwoord {nummer}"), *events]


def sessie(*beurten: list[Event]) -> list[Event]:
    return [SessionStarted(), SlotSet("taal", None), *(event for b in beurten for event in b),
            ActionExecuted("action_listen")]


def vergelijk(events: list[Event], domain: Domain, beurten: int) -> DialogueStateTracker:
    dumps = [event.as_dict() for event in events]
    heel = DialogueStateTracker.from_dict("g", dumps, domain.slots)
    kort = tracker_met_venster("g", dumps, domain.slots, beurten)
    assert kort.current_slot_values() == heel.current_slot_values()
    assert kort.active_loop_name == heel.active_loop_name
    assert [e.text for e in kort.events if isinstance(e, BotUttered)] == [e.text for e in heel.events if isinstance(e, BotUttered)]
    assert [e.text for e in kort.events if isinstance(e, UserUttered)] == [e.text for e in heel.events if isinstance(e, UserUttered)]
    return kort


def test_a_short_session_is_loaded_whole(domain):
    events = sessie(*(beurt(n) for n in range(5)))
    kort = tracker_met_venster("g", [event.as_dict() for event in events], domain.slots, 8)
    assert list(kort.events) == events


def test_a_slot_set_long_ago_keeps_its_value_and_the_actions_go(domain):
    events = sessie(beurt(0, SlotSet("taal", "en"), SlotSet("onderwerp", "terrasvergunning")),
                    beurt(1, SlotSet("onderwerp", "evenementenvergunning")), *(beurt(n) for n in range(2, 30)))
    kort = vergelijk(events, domain, 4)
    assert kort.get_slot("taal") == "en" and kort.get_slot("onderwerp") == "evenementenvergunning"
    acties = [e for e in kort.events if isinstance(e, ActionExecuted)]
    assert len(acties) <= 2 * 4 + 2  # only the window's turns (and the listen after it)
    assert len([e for e in kort.events if isinstance(e, SlotSet)]) == 2  # one per slot the older part set


def test_a_turn_rasa_reverted_does_not_count(domain):
    """The fallback reverts the entrepreneur's message and what it set (Rasa's UserUtteranceReverted)."""
    teruggedraaid = [ActionExecuted("action_listen"), UserUttered("qwrtp", intent={"name": "nlu_fallback"}),
                     SlotSet("onderwerp", "verkeerd"), ActionExecuted("action_default_fallback"),
                     BotUttered("Dat begreep ik niet."), UserUtteranceReverted()]
    events = sessie(beurt(0, SlotSet("onderwerp", "terrasvergunning")), teruggedraaid, *(beurt(n) for n in range(1, 20)))
    kort = vergelijk(events, domain, 4)
    assert kort.get_slot("onderwerp") == "terrasvergunning"
    assert "Dat begreep ik niet." in [e.text for e in kort.events if isinstance(e, BotUttered)]  # never sent twice


def test_slots_reset_long_ago_stay_reset(domain):
    events = sessie(beurt(0, SlotSet("onderwerp", "terrasvergunning"), SlotSet("taal", "en")),
                    beurt(1, AllSlotsReset()), beurt(2, SlotSet("onderwerp", "reclame")), *(beurt(n) for n in range(3, 20)))
    kort = vergelijk(events, domain, 4)
    assert kort.get_slot("taal") is None and kort.get_slot("onderwerp") == "reclame"


def test_the_window_does_not_start_inside_a_form(domain):
    """A form's questions span many turns; the window then starts before the form began."""
    formulier = [beurt(10, ActionExecuted("vraag_form"), ActiveLoop("vraag_form"), SlotSet("requested_slot", "wat"))]
    formulier += [[ActionExecuted("action_listen"), UserUttered(f"antwoord {n}", intent={"name": "inform"}),
                   ActionExecuted("vraag_form"), SlotSet("requested_slot", f"stap {n}"), BotUttered(f"vraag {n}?")]
                  for n in range(8)]
    events = sessie(*(beurt(n) for n in range(10)), *formulier)
    kort = vergelijk(events, domain, 3)
    assert kort.active_loop_name == "vraag_form"
    assert any(isinstance(e, ActiveLoop) and e.name == "vraag_form" for e in kort.events)  # the start is in the window
    assert len(kort.events) < len(events)


def test_a_long_session_remembers_the_messages_of_its_last_turns_and_its_latest_card(domain):
    """Older than ``geheugen_beurten`` turns, the messages are left out of the tracker (they stay stored), but
    for the latest bot message carrying each payload read back (here the card of turn 0)."""
    kaart = BotUttered("kaart", data={"custom": {"kennisbank": {"onderwerp": "terrasvergunning"}}})
    events = sessie(beurt(0, SlotSet("onderwerp", "terrasvergunning"), kaart), *(beurt(n) for n in range(1, 40)))
    dumps = [event.as_dict() for event in events]
    heel = DialogueStateTracker.from_dict("g", dumps, domain.slots)
    kort = tracker_met_venster("g", dumps, domain.slots, 4, geheugen_beurten=10)
    assert [e.text for e in kort.events if isinstance(e, UserUttered)] == [f"vraag {n}" for n in range(30, 40)]
    assert [e.text for e in kort.events if isinstance(e, BotUttered)] == ["kaart"] + [f"antwoord {n}" for n in range(30, 40)]
    assert next(e for e in kort.events if isinstance(e, BotUttered)).data == kaart.data
    assert kort.current_slot_values() == heel.current_slot_values()
    assert len(kort.events) < 80
    everything = tracker_met_venster("g", dumps, domain.slots, 4, geheugen_beurten=0)
    assert len([e for e in everything.events if isinstance(e, UserUttered)]) == 40  # 0 remembers every message
