"""Rasa NLU components of Ingang (referenced by name in ``config.yml``).

``InvoerSchoner`` runs first: it strips HTML, control characters and excess length, so that the rest of the
pipeline reads what a person meant. ``InvoerClassifier`` runs last: messages that cannot be read as a question
(empty, only emoji, only code, garbage) get the intent ``bad_input`` with an ``invoer_soort`` entity, a message
with a case number (ON-2026-00042) the intent ``ask_status`` (unless DIET heard a complaint about it: ``klacht``),
messages in English the intent ``english``, whatever DIET guessed; and a message shaped as a question that DIET
took for a yes, no or thanks ("moet ik daar een diploma voor hebben of zo") its best-ranked question intent, as is
one that opens with a question word ("tot hoe hard mag het dan") or asks for a part of an article ("geldt dat ook
voor mij, ik woon er niet") however sure DIET was; one that DIET took for a request for a person but opens with a
question word and names no person ("vanaf hoeveel mensen geldt dat"), or is about staff to hire or coming by,
likewise. A message that says no contact is wanted after all ("ik wil toch niet gebeld worden") is a ``stop``, and
a question when one will be called ("hoe lang duurt het voor ik gebeld word?") asks for the status. Further, by
their words: a question after a short answer is a question (``bot/componenten/vraagvorm.py``); a yes in so many
words is a yes ("ja graag, niet over een week"); "ja doe maar een medewerker", "nee ik wil dat iemand het regelt",
"ok. kan iemand dat uitzoeken?", "ik wil nog iets toevoegen" and "geen zaaknummer" ask for a person; a promise not
kept is a ``klacht``; a fine or penalty order at one's own business is a question (not out of scope; a complaint
only when it says so); a question about what the municipality keeps of the entrepreneur, or to erase it, is
``ask_privacy``; "... laat maar. stop" is a ``stop``. A goodbye without a farewell in words ("zaterdag later
dicht") and a long question that DIET took for a request for a person but asks for no contact ("iemand met een
beperking een kans geven, wat zijn de mogelijkheden?") are questions, as is a status question without a word of
status ("wie haalt het vuil van mijn zaak op?") and a complaint without a word of complaint
(``bot/componenten/intentwoorden.py``). A message the channel shortened (metadata ``ingekort``,
bot/kanalen/lengte.py) or one longer than ``MAX_TEKENS`` gets the entity ``invoer_soort: ingekort`` as well, after
the kind of bad input when it is one, so the reply starts by saying so (``utter_invoer_ingekort``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.beloften.klacht import belofte_niet_nagekomen
from bot.componenten import intentwoorden, vraagvorm
from bot.componenten.intentwoorden import is_afscheid, nee_met_dank, vraagt_geen_contact, woorden_steunen
from bot.componenten.vraagvorm import NEE_EERST, PERSOON_WOORD, groet_met_vraag, is_vraag, vraagt_onderdeel
from bot.kanalen.lengte import INGEKORT
from bot.kern.invoer import (
    InvoerSoort,
    begrens,
    beoordeel_invoer,
    is_engels,
    is_te_lang,
    is_vraagzin,
    opent_met_vraagwoord,
    schoon_tekst,
)
from bot.kern.settings import load_settings
from bot.kern.taal import pipeline_name
from bot.overdracht.eigen_zaak import over_handhaving
from bot.overdracht.uitlezen import vraagt_contactgegevens, vraagt_persoon, vraagt_wanneer_gebeld
from bot.zaken.models import ZAAKNUMMER_PATTERN

logger = logging.getLogger(__name__)

RAW_TEXT = "ingang_ruwe_tekst"
BAD_INPUT_INTENT = "bad_input"
ENGLISH_INTENT = "english"
STATUS_INTENT = "ask_status"
KLACHT_INTENT = "klacht"
KLACHT_WOORD = re.compile(r"\bklacht\w*", re.IGNORECASE)
INVOER_ENTITY = "invoer_soort"
VRAAG_INTENT = "ask_question"
# Answers that are never a question of four words or more; and the intents that ask something.
KORTE_ANTWOORDEN = {"affirm", "deny", "thank", "goodbye"}
VRAAG_INTENTS = {VRAAG_INTENT, "ask_costs", "ask_duration", "ask_how_to_apply", "ask_conditions", "ask_more",
                 "request_human", "ask_status", "nu_chatten"}
PERSOON_INTENT = "request_human"
GROET_INTENT = "greet"
# A yes in so many words first ("ja graag en vandaag nog, niet over een week"), without a no after it.
JA_EERST = re.compile(r"^\W*(?:ja|jawel|jazeker|graag|doe maar)\b", re.IGNORECASE)
NEE_IN_WOORDEN = re.compile(r"\b(?:nee|neen|hoeft niet|niet nodig|geen behoefte)\b", re.IGNORECASE)
# A yes that asks for a person ("ja doe maar een medewerker").
JA_EEN_MEDEWERKER = re.compile(r"\b(?:doe maar|graag|liever|wil|regel|geef me)\b[^.?!]{0,20}?"
                               r"\b(?:een medewerker|iemand|een mens|een persoon)\b|"
                               r"^\W*(?:ja|jawel|ok\w*|prima)\W+(?:een|de|naar een|met een)\s+(?:medewerker|mens|persoon)\W*$|"
                               r"\bregel (?:het|dat|dit) (?:maar |dan |graag )?voor (?:mij|me|ons)\b", re.IGNORECASE)
# Something to add for the medewerker ("ik wil nog iets toevoegen", "kan ik mijn vraag aanvullen"): with a case,
# the handoff says the medewerker sees what is written here; without one, it starts one.
AANVULLING = re.compile(r"\b(?:ik wil|ik moet|kan ik|mag ik|wil ik) (?:(?:nog|even|graag|wat) )*(?:iets|wat|dingen|informatie|info) "
                        r"(?:toevoegen|aanvullen|kwijt|doorgeven|erbij zetten|erbij vertellen)\b"
                        r"(?! aan\b(?! (?:mijn|mn|de) (?:zaak|vraag|aanvraag)\b))|\bnog een aanvulling\b|"
                        r"\b(?:mijn|mn|de) (?:zaak|vraag|aanvraag) aanvullen\b|"
                        r"\biets toevoegen aan (?:mijn|mn|de) (?:zaak|vraag|aanvraag)\b", re.IGNORECASE)
# "geen zaaknummer, regel een medewerker" (the button's title typed): no case to look up, a person to arrange.
GEEN_ZAAKNUMMER = re.compile(r"\b(?:geen|zonder)\s+(?:zaaknummer|zaak-nummer|zaaknr|case number)\b", re.IGNORECASE)
# "hee", "oh", "pff" before the no ("hee nee ik wil WEL gebeld worden").
TUSSENWERPSEL = re.compile(r"^\W*(?:h[eé]+|hey|oh+|o+|ah+|ach|pf+)\W+", re.IGNORECASE)
NIET_OF_GEEN = re.compile(r"\b(?:niet|geen|hoeft|nodig)\b", re.IGNORECASE)
# A question about what the municipality keeps of the entrepreneur, or their right to see or erase it.
PRIVACY_INTENT = "ask_privacy"
PRIVACY_VRAAG = re.compile(
    r"\bwat (?:weten|hebben|bewaren|houden) (?:jullie|u|de gemeente)\b[^.?!]{0,30}?\b(?:van|over) mij\b|"
    r"\b(?:mijn|m'n|mn) (?:gegevens|data|persoonsgegevens)\b[^.?!]{0,40}?\b(?:verwijder\w*|wissen|gewist|inzien|inzage|"
    r"bewaard|bewaren|opgeslagen|gedeeld|delen)\b|\b(?:verwijder\w*|wis|wissen|inzien|inzage)\b[^.?!]{0,20}?\b(?:mijn|m'n|mn) "
    r"(?:gegevens|data|persoonsgegevens)\b|"
    r"\b(?:bewaren|bewaart|opslaan|slaan) (?:jullie|u|de gemeente)\b[^.?!]{0,20}?\b(?:dit|het|mijn) gesprek\b|"
    r"\b(?:dit|het|mijn) gesprek\b[^.?!]{0,20}?\b(?:opgeslagen|bewaard|gelezen|privé|prive)\b|\binzage in mijn gegevens\b|"
    # "wil je alles wat ik hier gezegd heb verwijderen?", "wis dit gesprek", "kun jij het niet gewoon wissen?"
    r"\b(?:verwijder\w*|wis|wissen|weghalen)\b[^.?!]{0,30}?\b(?:alles|dit gesprek|het gesprek|mijn berichten)\b|"
    r"\b(?:alles|dit gesprek|het gesprek|mijn berichten|wat ik (?:hier )?(?:heb )?(?:gezegd|geschreven|getypt))\b"
    r"[^.?!]{0,30}?\b(?:verwijder\w*|wissen|weghalen)\b|"
    r"\b(?:kun|kan|kunt|wil) (?:jij|je|u|jullie) (?:het|dat|dit|alles)\b[^.?!]{0,25}?\b(?:wissen|verwijderen)\b",
    re.IGNORECASE,
)
# Staff to hire ("ik zoek een medewerker voor mijn zaak"), not a person of the municipality to talk to.
PERSONEEL_GEZOCHT = re.compile(
    r"\b(?:zoek|zoeken|vind|vinden|vinde|aannemen|werven|nodig)\b[^.?!]{0,30}?\b(?:personeel|medewerkers?|werknemers?|"
    r"mensen|krachten|vakkrachten|kok|koks|stagiairs?)\b|\b(?:personeel|medewerkers?|werknemers?|mensen)\b[^.?!]{0,20}?"
    r"\b(?:zoeken|vinden|aannemen|werven)\b",
    re.IGNORECASE,
)
# No contact wanted after all ("ik wil toch niet gebeld worden", "nee dank je, wij hoeven geen gesprek"): a stop,
# unless another way is named ("niet bellen maar mailen"), it is impatience ("ik wil niet langer wachten op
# contact") or a question.
GEEN_CONTACT = re.compile(
    r"\b(?:ik|we|wij)\b(?: \w+){0,2}? (?:wil|wilde|hoef|willen|hoeven)\b(?: \w+){0,2}? (?:niet|geen)\b(?: \w+){0,3}? "
    r"(?:gebeld|bellen|belt|contact|gesprek|afspraak|terugbelverzoek|medewerker)\b",
    re.IGNORECASE,
)
GEEN_STOP = re.compile(r"\b(?:mail\w*|e-?mail\w*|gemaild|whatsapp|appen|app|schrijven|brief|liever|maar|wel|chat\w*|"
                       r"wacht\w*|langer)\b", re.IGNORECASE)
STOP_INTENT = "stop"
# "ach laat ook maar. stop": a stop as the last word of a longer message.
STOP_AAN_HET_EIND = re.compile(r"(?:^|[.!?,;]\s*)stop(?:\s+(?:maar|ermee|nu))?\W*$", re.IGNORECASE)
# The entrepreneur coming by ("kan ik daar zonder afspraak langs"): nobody is asked to come or call.
ZELF_LANGS = re.compile(r"\b(?:kan|mag|moet|kunnen|mogen) (?:ik|we|wij)\b(?: \w+){0,4}? langs(?:komen|lopen)?\b|"
                        r"\bzonder afspraak\b", re.IGNORECASE)


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
            elif GEEN_ZAAKNUMMER.search(message.get(TEXT) or ""):
                _zet_intent(message, PERSOON_INTENT)  # "Ik heb geen zaaknummer" typed: a person, not the status again
            elif vraagt_privacy(message.get(TEXT) or ""):
                _zet_intent(message, PRIVACY_INTENT)  # "wat weten jullie allemaal van mij?", "verwijder mijn gegevens"
            elif wil_geen_contact(message.get(TEXT) or "") or STOP_AAN_HET_EIND.search(message.get(TEXT) or ""):
                _zet_intent(message, STOP_INTENT)
            elif over_handhaving(message.get(TEXT) or "") and _intent(message) not in VRAAG_INTENTS and not (
                    _intent(message) == KLACHT_INTENT and KLACHT_WOORD.search(message.get(TEXT) or "")):
                _zet_intent(message, VRAAG_INTENT)  # "ik heb een brief van handhaving gekregen": in scope, not a no
            elif _intent(message) in (STATUS_INTENT, PERSOON_INTENT) and belofte_niet_nagekomen(message.get(TEXT) or ""):
                _zet_intent(message, KLACHT_INTENT)  # "jullie zouden me bellen maar ik heb niks gehoord"
            elif _intent(message) in VRAAG_INTENTS and vraagt_wanneer_gebeld(message.get(TEXT) or ""):
                _zet_intent(message, STATUS_INTENT)  # "hoe lang duurt het voor ik gebeld word?": the promise, not a subject
            elif _intent(message) != PERSOON_INTENT and AANVULLING.search(begrens(message.get(TEXT) or "")):
                _zet_intent(message, PERSOON_INTENT)  # "ik wil nog iets toevoegen": for the medewerker, not a goodbye
            elif _intent(message) in KORTE_ANTWOORDEN and vraagt_een_mens(message.get(TEXT) or "", _intent(message)):
                _zet_intent(message, PERSOON_INTENT)  # "ja doe maar een medewerker", also where nothing was offered
            elif _intent(message) in KORTE_ANTWOORDEN and (is_vraag(message.get(TEXT) or "", _zekerheid(message))
                                                          or vraagt_onderdeel(message.get(TEXT) or "")):
                _zet_vraag_intent(message, zonder=KORTE_ANTWOORDEN)
            elif _intent(message) == "bot_challenge" and vraagt_onderdeel(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={"bot_challenge"})  # "hoeveel is het per persoon": a unit, no robot
            elif _intent(message) == "goodbye" and not is_afscheid(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder=KORTE_ANTWOORDEN)  # "zaterdag later dicht": no farewell in it
            elif _intent(message) == GROET_INTENT and groet_met_vraag(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={GROET_INTENT})  # "hallo, wat kost een terras?"
            elif _intent(message) == "deny" and vraagvorm.weet_niet_welke(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={"deny"})  # "ik weet niet welke vergunning ik nodig heb": a question
            elif _intent(message) == "deny" and nee_met_dank(message.get(TEXT) or ""):
                _zet_intent(message, "thank")  # "nee hoeft niet, ik bel zelf wel. bedankt": done, with thanks
            elif _intent(message) == "deny" and is_ja_in_woorden(message.get(TEXT) or ""):
                _zet_intent(message, "affirm")
            elif _intent(message) == PERSOON_INTENT and vraagt_geen_contact(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={PERSOON_INTENT})  # "... iemand met een beperking een kans geven ..."
            elif _intent(message) == PERSOON_INTENT and vraagt_iets_anders(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={PERSOON_INTENT})
            elif _intent(message) == STATUS_INTENT and intentwoorden.vraagt_geen_status(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={STATUS_INTENT, PERSOON_INTENT, "nu_chatten"})  # "vuil van mijn zaak"
            elif _intent(message) == STOP_INTENT and vraagt_persoon(message.get(TEXT) or ""):
                _zet_intent(message, PERSOON_INTENT)  # "ok laat maar iemand bellen dan": the "laat maar" is no stop
            elif _intent(message) == STOP_INTENT and vraagvorm.stopt_met_zaak(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={STOP_INTENT})  # "moet ik dan stoppen met mn zaak?"
            elif _intent(message) == KLACHT_INTENT and intentwoorden.klaagt_niet(message.get(TEXT) or ""):
                _zet_vraag_intent(message, zonder={KLACHT_INTENT, STATUS_INTENT, PERSOON_INTENT, "nu_chatten"})
        return messages


def vraagt_een_mens(tekst: str, intent: str | None) -> bool:
    """Whether a yes, no or thanks asks for a person ("ja doe maar een medewerker", "ok. kan iemand dat toch
    uitzoeken?", "nee ik wil dat iemand het voor me regelt"); a no only when no "niet" or "geen" follows it."""
    tekst = begrens(tekst)
    if intent == "deny":  # "nee ik wil dat iemand het regelt", "hee nee ik wil WEL gebeld worden" (not a no to e-mail)
        rest = NEE_EERST.sub("", TUSSENWERPSEL.sub("", tekst, count=1), count=1)
        wel_een_mens = vraagt_persoon(rest) and re.search(r"\bwel\b", rest, re.IGNORECASE) is not None
        return rest != tekst and (JA_EEN_MEDEWERKER.search(rest) is not None or wel_een_mens) and NIET_OF_GEEN.search(rest) is None
    return vraagt_persoon(tekst) or (intent == "affirm" and JA_EEN_MEDEWERKER.search(tekst) is not None)


def is_ja_in_woorden(tekst: str) -> bool:
    """A message that starts with a yes and says no no ("ja graag en vandaag nog, niet over een week"):
    a yes, whatever its "niet" made the classifier think."""
    tekst = begrens(tekst)
    return JA_EERST.match(tekst) is not None and NEE_IN_WOORDEN.search(tekst) is None


def vraagt_privacy(tekst: str) -> bool:
    """A question about what the municipality keeps of the entrepreneur, or a request to see or erase it
    (not a question about the entrepreneur's own duties under the AVG, which the kennisbank refers on)."""
    return PRIVACY_VRAAG.search(begrens(tekst)) is not None


def wil_geen_contact(tekst: str) -> bool:
    """The entrepreneur does not want to be called or helped by a person after all, and names no other way."""
    tekst = begrens(tekst)
    return (GEEN_CONTACT.search(tekst) is not None and GEEN_STOP.search(tekst) is None
            and not is_vraagzin(tekst) and not opent_met_vraagwoord(tekst))


def vraagt_iets_anders(tekst: str) -> bool:
    """Whether a message DIET took for a request for a person asks something else: it opens with a
    question word and names no person or contact ("vanaf hoeveel mensen geldt dat"), it is about
    staff to hire ("ik zoek een medewerker") or about coming by ("kan ik daar zonder afspraak langs"),
    or it asks for a phone number to call oneself ("wat is het nummer")."""
    tekst = begrens(tekst)  # the part that is read (a longer message is cut before this, too)
    if vraagt_contactgegevens(tekst):
        return True
    if vraagt_persoon(tekst):
        return False
    if (opent_met_vraagwoord(tekst) or vraagt_onderdeel(tekst)) and not PERSOON_WOORD.search(tekst):
        return True
    return bool(PERSONEEL_GEZOCHT.search(tekst) or ZELF_LANGS.search(tekst))


def _intent(message: Message) -> str | None:
    return (message.get(INTENT) or {}).get("name")


def _zekerheid(message: Message) -> float:
    return float((message.get(INTENT) or {}).get("confidence") or 0.0)


def _zet_vraag_intent(message: Message, zonder: set[str]) -> None:
    """The best-ranked question intent its words back (intentwoorden.woorden_steunen) instead of the intents
    ``zonder`` (``ask_question`` if none ranks)."""
    tekst = message.get(TEXT) or ""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in zonder]
    vraag = next((r for r in ranking if r.get("name") in VRAAG_INTENTS and woorden_steunen(r.get("name"), tekst)), None)
    naam = vraag["name"] if vraag else VRAAG_INTENT
    message.set(INTENT, {"name": naam, "confidence": vraag["confidence"] if vraag else 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking or [{"name": naam, "confidence": 1.0}], add_to_output=True)


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
