"""Questions outside the municipality's scope and unreadable input."""

from __future__ import annotations

import pytest

from actions.gesprek import ActionBuitenBereik, ActionSlechteInvoer, response_buiten_bereik
from tests.unit.actions.hulp import run, tracker


@pytest.mark.parametrize(
    "tekst, response",
    [("hoe doe ik mijn btw-aangifte", "utter_buiten_bereik_belastingdienst"),
     ("ik wil een uittreksel van de kvk", "utter_buiten_bereik_kvk"),
     ("mijn paspoort is verlopen", "utter_buiten_bereik_burgerzaken"),
     ("vertel een mop", "utter_buiten_bereik")],
)
def test_out_of_scope_points_to_the_right_place(tekst, response):
    assert response_buiten_bereik(tekst) == response
    berichten, _ = run(ActionBuitenBereik(), tracker(tekst, "out_of_scope"))
    assert berichten[0]["response"] == response


@pytest.mark.parametrize(
    "soort, response",
    [("leeg", "utter_invoer_leeg"), ("alleen_emoji", "utter_invoer_emoji"), ("alleen_code", "utter_invoer_code"),
     ("onleesbaar", "utter_invoer_onleesbaar")],
)
def test_bad_input_gets_its_own_reply(soort, response):
    entities = [{"entity": "invoer_soort", "value": soort}]
    berichten, _ = run(ActionSlechteInvoer(), tracker("", "bad_input", entities=entities))
    assert berichten[0]["response"] == response
