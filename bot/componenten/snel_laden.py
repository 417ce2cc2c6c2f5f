"""Rasa's DIET classifier and TED policy, loaded without a training step.

To give a trained model's weights their shapes, Rasa's ``RasaModel.load`` first trains the empty
model for one step on one example, traced into a TensorFlow graph, then loads the weights over it.
Of the 53 seconds a Rasa server needed to load Ingang's model on this 2-core machine, 13 went to
DIET's step and 28 to TED's (py-spy); every replica start, restart after a crash and test server
pays them.

Here the weights are read first and restored as the layers are built (TensorFlow's deferred
restoration of a checkpoint), and the prediction Rasa runs at the end of its own load builds every
layer a prediction uses. A check then refuses a model with a layer whose weights were not
restored. ``python -m benchmarks.laden`` compares both loads: the same variables of DIET (12) and
TED (45) with the same values, the same intents with the same confidences, and a load of 13-15 s
instead of Rasa's 28-29 s on this machine (with other work beside it).

An earlier version ran DIET's step eagerly instead of tracing it; for TED that left layers of
branches the one example does not take unbuilt, and the loaded policy predicted nothing.

``config.yml`` names these classes instead of Rasa's; training is Rasa's own, unchanged.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.core.policies.ted_policy import TED
from rasa.core.policies.ted_policy import TEDPolicy as RasaTEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.nlu.classifiers.diet_classifier import DIETClassifier as RasaDIETClassifier
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData


class LaadZonderTrainingsstap:
    """Mixin for a ``RasaModel``: ``load`` without the weight-building training step."""

    @classmethod
    def load(cls, model_file_name: str, model_data_example: RasaModelData,
             predict_data_example: RasaModelData | None = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> Any:
        if finetune_mode or not predict_data_example:  # training goes on, or nothing to build the layers with
            return super().load(model_file_name, model_data_example, predict_data_example, finetune_mode,
                                *args, **kwargs)
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                      run_eagerly=config.get(RUN_EAGERLY))
        # the optimizer's saved state is for training only: expect_partial
        herstel = model.load_weights(model_file_name).expect_partial()
        model.run_inference(predict_data_example)  # builds (and traces) every layer a prediction uses
        herstel.assert_existing_objects_matched()  # every weight that now exists came from the model
        return model


class SnelDIET(LaadZonderTrainingsstap, DIET):
    pass


class SnelTED(LaadZonderTrainingsstap, TED):
    pass


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class DIETClassifier(RasaDIETClassifier):
    """Rasa's ``DIETClassifier``, loaded without its training step."""

    @staticmethod
    def model_class() -> type[DIET]:
        return SnelDIET


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class TEDPolicy(RasaTEDPolicy):
    """Rasa's ``TEDPolicy``, loaded without its training step."""

    @staticmethod
    def model_class() -> type[TED]:
        return SnelTED
