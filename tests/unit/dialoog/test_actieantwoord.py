"""The action server's answers are checked as strictly as Rasa checks them, with the schema compiled once."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import bot.componenten  # noqa: F401  (installs the check, as Rasa's import of a component does)
from bot.componenten.actieantwoord import controleer_actieantwoord

GOED = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "onderwerp", "value": "terrasvergunning"}],
     "responses": [{"text": "Hallo", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]},
    {"events": [{"event": "followup", "name": "action_start_overdracht"}], "responses": [{"custom": {"a": 1}}]},
]
FOUT = [
    {"events": "geen lijst"},
    {"events": [{"name": "onderwerp"}]},  # no event type
    {"events": [{"event": "slot", "value": 1}]},  # a slot without a name
    {"events": [{"event": "bestaat-niet"}]},
]


def test_rasa_uses_this_check_once_a_component_is_imported():
    assert RemoteAction._validate_action_result is controleer_actieantwoord


@pytest.mark.parametrize("antwoord", GOED)
def test_a_valid_answer_passes_as_it_does_in_rasa(antwoord):
    jsonschema.validate(antwoord, RemoteAction.action_response_format_spec())
    assert controleer_actieantwoord(RemoteAction("action_x", None), antwoord) is True


@pytest.mark.parametrize("antwoord", FOUT)
def test_an_invalid_answer_is_refused_with_rasas_message(antwoord):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(antwoord, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        controleer_actieantwoord(RemoteAction("action_x", None), antwoord)
