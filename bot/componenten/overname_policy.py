"""Live takeover by a medewerker: while a person has taken over a conversation, the bot is silent.

The takeover is a slot in the conversation's tracker (``overgenomen_door``), set and cleared
by the staff console through Rasa's HTTP API. Keeping it in the tracker, not in process
memory, means every Rasa replica sees it, it survives restarts, and the transcript shows when
it started and ended.

``OvernamePolicy`` is a Rasa policy that, while the slot is filled, predicts ``action_listen``
after every entrepreneur message, so no other policy (rules, forms, TED) answers. Its
prediction is marked "no user prediction", which Rasa's ensemble ranks above every prediction
based on the user's message. Once the slot is cleared the policy abstains and the bot answers
the next message as usual; messages sent during the takeover are not answered afterwards,
because each already ended with ``action_listen``.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.overname import OVERNAME_SLOT


def is_overgenomen(tracker: DialogueStateTracker) -> bool:
    """True while a medewerker has taken over this conversation."""
    return bool(tracker.get_slot(OVERNAME_SLOT))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class OvernamePolicy(Policy):
    """Keeps the bot silent (``action_listen``) while ``overgenomen_door`` is set."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:  # pragma: no cover - not trainable, Rasa never calls this
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        kansen = self._default_predictions(domain)
        if not is_overgenomen(tracker):
            return self._prediction(kansen)
        kansen[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        return self._prediction(kansen, is_no_user_prediction=True)
