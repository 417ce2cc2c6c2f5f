"""The frame of Ingang's own policies: not trained, and when they decide, they decide alone.

A subclass says which action comes next (``volgende_actie``) or ``None`` to abstain. Its prediction
is marked "no user prediction", which Rasa's ensemble ranks above every prediction based on the
user's message (the rules, memoization, TED).
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


class VoorrangPolicy(Policy):
    """A policy that is not trained and, when it predicts, overrules the others."""

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

    def volgende_actie(self, tracker: DialogueStateTracker, domain: Domain) -> str | None:
        """The next action, or None to leave the choice to the other policies."""
        raise NotImplementedError

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        kansen = self._default_predictions(domain)
        volgende = self.volgende_actie(tracker, domain)
        if volgende is None:
            return self._prediction(kansen)
        kansen[domain.index_for_action(volgende)] = 1.0
        return self._prediction(kansen, is_no_user_prediction=True)
