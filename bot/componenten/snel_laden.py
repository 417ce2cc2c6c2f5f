"""Rasa's DIET classifier, loaded without tracing a training step.

To give a trained model's weights their shapes, Rasa's ``RasaModel.load`` first trains the empty
model for one step on one example, then loads the weights over it. That step is traced into a
TensorFlow graph: of the 53 seconds a Rasa server needed to load Ingang's model on this 2-core
machine, 13 went to DIET's step (py-spy). Every replica start, restart after a crash and test
server pays it. Here that one step runs eagerly (no tracing; the same variables are built, and the
saved weights overwrite them), and the model is then switched back to graph mode and traced for
prediction, as Rasa's own load leaves it: the same intents with the same confidences, as fast.

Not for TED (28 of the 53 seconds): its eager step leaves layers of branches the one example does
not take unbuilt, their weights are never restored, and the loaded policy predicted nothing.

``config.yml`` names this class instead of Rasa's ``DIETClassifier``; training is Rasa's own, unchanged.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.nlu.classifiers.diet_classifier import DIETClassifier as RasaDIETClassifier
from rasa.utils.tensorflow.constants import RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData


class EagerStapBijLaden:
    """Mixin for a ``RasaModel``: the weight-building step of ``load`` without tracing."""

    @classmethod
    def load(cls, model_file_name: str, model_data_example: RasaModelData,
             predict_data_example: RasaModelData | None = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> Any:
        config = kwargs.get("config", {})
        if finetune_mode or config.get(RUN_EAGERLY):
            return super().load(model_file_name, model_data_example, predict_data_example, finetune_mode,
                                *args, **kwargs)
        model = super().load(model_file_name, model_data_example, None, finetune_mode,
                             *args, **{**kwargs, "config": {**config, RUN_EAGERLY: True}})
        model.config[RUN_EAGERLY] = config.get(RUN_EAGERLY, False)
        model.run_eagerly = False  # predictions through a traced graph, as after Rasa's own load
        if predict_data_example:
            model.run_inference(predict_data_example)  # traced now rather than on the first message
        return model


class SnelDIET(EagerStapBijLaden, DIET):
    pass


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class DIETClassifier(RasaDIETClassifier):
    """Rasa's ``DIETClassifier``, loaded without tracing its training step."""

    @staticmethod
    def model_class() -> type[DIET]:
        return SnelDIET
