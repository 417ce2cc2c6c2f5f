"""OvernamePolicy: silent during a takeover; while waiting for a live chat, messages go to the medewerker."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.componenten.overname_policy import BERICHT_VOOR_MEDEWERKER, OvernamePolicy, wacht_op_medewerker
from bot.overname.service import LIVE_VERZOEK_GELDIG

DOMAIN = Domain.load(Path(__file__).resolve().parents[3] / "domain.yml")
START = 1_800_000_000.0


def gesprek(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("ondernemer", list(events), slots=DOMAIN.slots)


def vraagt_chat(op: float = START) -> list:
    return [UserUttered("nu chatten", {"name": "nu_chatten"}, timestamp=op - 1),
            ActionExecuted("action_nu_chatten", timestamp=op), SlotSet("wacht_op_medewerker", "Sanne", timestamp=op),
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=op)]


def bericht(op: float, tekst: str = "hallo sanne, ben je er?") -> UserUttered:
    return UserUttered(tekst, {"name": "greet"}, timestamp=op)


def voorspelling(tracker: DialogueStateTracker) -> str | None:
    policy = OvernamePolicy(OvernamePolicy.get_default_config(), None, None, SimpleNamespace(is_finetuning=False))
    kansen = policy.predict_action_probabilities(tracker, DOMAIN).probabilities
    return DOMAIN.action_names_or_texts[kansen.index(max(kansen))] if max(kansen) > 0 else None


def test_a_message_while_waiting_goes_to_the_medewerker_and_then_the_bot_listens():
    tracker = gesprek(*vraagt_chat(), bericht(START + 60))
    assert wacht_op_medewerker(tracker)
    assert voorspelling(tracker) == BERICHT_VOOR_MEDEWERKER
    tracker.update(ActionExecuted(BERICHT_VOOR_MEDEWERKER, timestamp=START + 61))
    assert voorspelling(tracker) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("na", [
    [bericht(START + LIVE_VERZOEK_GELDIG.total_seconds() + 60)],  # the console no longer offers the chat
    [SlotSet("overgenomen_door", "Sanne de Vries", timestamp=START + 30),
     SlotSet("overgenomen_door", None, timestamp=START + 90), bericht(START + 120)],  # came and handed back
    [SlotSet("wacht_op_medewerker", None, timestamp=START + 30), bericht(START + 60)],  # "laat maar"
])
def test_the_wait_ends_after_its_time_a_takeover_or_stop(na):
    tracker = gesprek(*vraagt_chat(), *na)
    assert not wacht_op_medewerker(tracker)
    assert voorspelling(tracker) is None


def test_without_a_request_the_policy_abstains_and_during_a_takeover_it_listens():
    assert voorspelling(gesprek(bericht(START))) is None
    assert voorspelling(gesprek(SlotSet("overgenomen_door", "Sanne de Vries", timestamp=START), bericht(START + 5))) \
        == ACTION_LISTEN_NAME
