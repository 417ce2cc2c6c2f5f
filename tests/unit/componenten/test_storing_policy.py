"""StoringPolicy: a failed action of the action server gets a friendly message, not silence."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.componenten.storing_policy import STILLE_ACTIES, STORING, StoringPolicy

DOMAIN = Domain.load(Path(__file__).resolve().parents[3] / "domain.yml")


def gedaan(actie: str) -> ActionExecuted:
    """An action as Rasa records it in a live conversation: with the policy that chose it."""
    return ActionExecuted(actie, policy="RulePolicy", confidence=1.0)


def na_bericht(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "ondernemer", [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("mag ik een terras?", {"name": "vraag"}, message_id="m1"),
                       *events], slots=DOMAIN.slots)


def voorspelling(tracker: DialogueStateTracker) -> str | None:
    policy = StoringPolicy(StoringPolicy.get_default_config(), None, None, SimpleNamespace(is_finetuning=False))
    uitkomst = policy.predict_action_probabilities(tracker, DOMAIN)
    kansen = uitkomst.probabilities
    if max(kansen) == 0:
        return None
    assert uitkomst.is_no_user_prediction  # ranked above the rules, which would predict action_listen
    return DOMAIN.action_names_or_texts[kansen.index(max(kansen))]


@pytest.mark.parametrize("actie", ["action_beantwoord_vraag", "action_regel_contact", "vraag_form"])
def test_an_action_or_form_that_left_nothing_behind_gets_the_friendly_message(actie):
    # how Rasa records an action whose call failed: the action, and none of its events
    assert voorspelling(na_bericht(gedaan(actie))) == STORING


def test_after_the_friendly_message_the_assistant_listens():
    assert voorspelling(na_bericht(gedaan("action_beantwoord_vraag"), gedaan(STORING),
                                   BotUttered("Sorry, er gaat bij ons even iets mis."))) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("spoor", [BotUttered("Voor een terras heeft u een vergunning nodig."),
                                   SlotSet("onderwerp", "terrasvergunning")])
def test_an_action_that_answered_or_set_something_is_left_to_the_other_policies(spoor):
    assert voorspelling(na_bericht(gedaan("action_beantwoord_vraag"), spoor)) is None


@pytest.mark.parametrize("actie", sorted(STILLE_ACTIES) + ["utter_greet", ACTION_LISTEN_NAME])
def test_actions_that_may_be_silent_and_rasas_own_are_left_alone(actie):
    assert voorspelling(na_bericht(gedaan(actie))) is None


def test_a_step_of_a_story_is_left_alone():
    """In a story (rasa test, training) a custom action is often followed by nothing: its events are not written."""
    verhaal = DialogueStateTracker.from_events("verhaal", [
        ActionExecuted(ACTION_LISTEN_NAME), UserUttered("mag ik een terras?", {"name": "vraag"}),
        gedaan("action_beantwoord_vraag")], slots=DOMAIN.slots)
    assert voorspelling(verhaal) is None


def test_every_silent_action_is_an_action_of_the_domain():
    assert set(DOMAIN.user_actions) >= STILLE_ACTIES
