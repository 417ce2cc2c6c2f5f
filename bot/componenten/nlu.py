"""Rasa NLU components of Ingang (referenced by name in ``config.yml``).

``InvoerSchoner`` runs first: it strips HTML, control characters and excess length, so that the
rest of the pipeline reads what a person meant. ``InvoerClassifier`` runs last: messages that
cannot be read as a question (empty, only emoji, only code, garbage) get the intent
``bad_input`` with an ``invoer_soort`` entity, a message with a case number (ON-2026-00042)
the intent ``ask_status`` (unless DIET heard a complaint about it: ``klacht``), messages in
English the intent ``english``, whatever DIET guessed; and a message shaped as a question that
DIET took for a yes, no or thanks ("moet ik daar een diploma voor hebben of zo") its best-ranked
question intent. A message the channel shortened (metadata ``ingekort``, bot/kanalen/lengte.py) or
one longer than ``MAX_TEKENS`` gets the entity ``invoer_soort: ingekort`` as well, after the kind
of bad input when it is one, so the reply starts by saying so (``utter_invoer_ingekort``).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.kanalen.lengte import INGEKORT
from bot.kern.invoer import InvoerSoort, beoordeel_invoer, is_engels, is_te_lang, is_vraagzin, schoon_tekst
from bot.kern.settings import load_settings
from bot.kern.taal import pipeline_name
from bot.zaken.models import ZAAKNUMMER_PATTERN

logger = logging.getLogger(__name__)

RAW_TEXT = "ingang_ruwe_tekst"
BAD_INPUT_INTENT = "bad_input"
ENGLISH_INTENT = "english"
STATUS_INTENT = "ask_status"
KLACHT_INTENT = "klacht"
INVOER_ENTITY = "invoer_soort"
VRAAG_INTENT = "ask_question"
# Answers that are never a question of four words or more; and the intents that ask something.
KORTE_ANTWOORDEN = {"affirm", "deny", "thank", "goodbye"}
VRAAG_INTENTS = {VRAAG_INTENT, "ask_costs", "ask_duration", "ask_how_to_apply", "ask_conditions", "ask_more",
                 "request_human", "ask_status", "nu_chatten"}
# Above this confidence DIET's yes, no or thanks stands ("ben ik niet mee eens" is a no).
ZEKER_KORT_ANTWOORD = 0.8


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InvoerSchoner(GraphComponent):
    """Cleans the text of each message before tokenisation."""

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> InvoerSchoner:
        pijplijn = load_settings().spacy_pipeline_dir
        if (pijplijn / "meta.json").exists():
            logger.info("Nederlandse taalpijplijn: %s (%s)", pipeline_name(pijplijn), pijplijn)
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ruw = message.get(TEXT) or ""
            if ruw.startswith("/"):
                continue  # a button payload such as /affirm, handled by Rasa's RegexMessageHandler
            message.set(RAW_TEXT, ruw)
            message.set(TEXT, schoon_tekst(ruw), add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InvoerClassifier(GraphComponent):
    """Overrides the intent for unreadable and English messages."""

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> InvoerClassifier:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(RAW_TEXT) is None:
                continue
            ruw = message.get(RAW_TEXT)
            soort = beoordeel_invoer(ruw)
            ingekort = is_te_lang(ruw) or bool((message.get(METADATA) or {}).get(INGEKORT))
            if soort is not InvoerSoort.GEWOON:
                _zet_intent(message, BAD_INPUT_INTENT)
                _voeg_entiteit_toe(message, soort.value, *([INGEKORT] if ingekort else []))
            elif ZAAKNUMMER_PATTERN.search(message.get(TEXT) or "") and _intent(message) != KLACHT_INTENT:
                _zet_intent(message, STATUS_INTENT)  # a case number asks for that case's status, unless a complaint
            elif is_engels(message.get(TEXT) or ""):
                _zet_intent(message, ENGLISH_INTENT)
            elif ingekort:
                _voeg_entiteit_toe(message, INGEKORT)
            elif (_intent(message) in KORTE_ANTWOORDEN and _zekerheid(message) < ZEKER_KORT_ANTWOORD
                  and is_vraagzin(message.get(TEXT) or "")):
                _zet_vraag_intent(message)
        return messages


def _intent(message: Message) -> str | None:
    return (message.get(INTENT) or {}).get("name")


def _zekerheid(message: Message) -> float:
    return float((message.get(INTENT) or {}).get("confidence") or 0.0)


def _zet_vraag_intent(message: Message) -> None:
    """The best-ranked question intent instead of a yes, no or thanks (``ask_question`` if none ranks)."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    vraag = next((r for r in ranking if r.get("name") in VRAAG_INTENTS), None)
    naam = vraag["name"] if vraag else VRAAG_INTENT
    message.set(INTENT, {"name": naam, "confidence": vraag["confidence"] if vraag else 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [r for r in ranking if r.get("name") not in KORTE_ANTWOORDEN] or
                [{"name": naam, "confidence": 1.0}], add_to_output=True)


def _zet_intent(message: Message, naam: str) -> None:
    message.set(INTENT, {"name": naam, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": naam, "confidence": 1.0}], add_to_output=True)


def _voeg_entiteit_toe(message: Message, *waarden: str) -> None:
    """``invoer_soort`` entities with ``waarden``, in this order (the first is the kind), instead of any before."""
    entiteiten: list | None = message.get(ENTITIES) or []
    entiteiten = [e for e in entiteiten if e.get("entity") != INVOER_ENTITY]
    entiteiten.extend({"entity": INVOER_ENTITY, "value": waarde, "extractor": "InvoerClassifier", "confidence": 1.0}
                      for waarde in waarden)
    message.set(ENTITIES, entiteiten, add_to_output=True)
