"""Rasa's check of the action server's answers, with the JSON schema compiled once.

Rasa checks every answer of the action server against one fixed schema with ``jsonschema.validate``,
which first checks the schema itself against the JSON Schema 2020-12 metaschema: about 50 ms on
every custom action, a third of the time of a first answer (``python -m benchmarks.prestaties``).
``controleer_actieantwoord`` does the same check with a validator built once per process: the
same schema, the same errors and the same message as Rasa's own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    soort = validators.validator_for(schema)
    soort.check_schema(schema)
    return soort(schema)


def controleer_actieantwoord(_actie: RemoteAction, antwoord: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result``: raises jsonschema's ValidationError as Rasa does."""
    fout = best_match(_validator().iter_errors(antwoord))
    if fout is None:
        return True
    fout.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise fout


def installeer() -> None:
    RemoteAction._validate_action_result = controleer_actieantwoord  # type: ignore[method-assign]

