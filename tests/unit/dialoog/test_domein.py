"""Consistency of the Rasa data that `rasa data validate` cannot check on its own.

Rasa warns about responses used only from custom actions and about `bad_input`, which no
example trains (``bot.componenten.nlu.InvoerClassifier`` sets it). These tests make sure those warnings
are the only ones that can be expected: every response is used somewhere, and every other
intent has training examples.
"""

from __future__ import annotations

import re

import yaml

from bot.kern.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
INTENTS_WITHOUT_EXAMPLES = {"bad_input"}


def tekst_van(*mappen: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for m in mappen for p in sorted((PROJECT_ROOT / m).rglob("*.y*ml")))


def test_every_response_is_used_in_a_rule_story_action_policy_or_form():
    dialoog = tekst_van("dialogue")
    # the actions, and the policies of bot/componenten (StoringPolicy sends utter_storing)
    acties = "\n".join(p.read_text(encoding="utf-8") for m in ("actions", "bot/componenten")
                       for p in (PROJECT_ROOT / m).rglob("*.py"))
    gevraagd = {f"utter_ask_{slot}" for form in DOMAIN["forms"].values() for slot in form["required_slots"]}
    ongebruikt = [r for r in DOMAIN["responses"]
                  if r not in dialoog and f'"{r}"' not in acties and r not in gevraagd and r != "utter_default"]
    assert ongebruikt == []


def test_every_response_an_action_names_is_in_the_domain():
    """An action that names a missing response sends nothing at all (Rasa only logs it)."""
    acties = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "actions").rglob("*.py"))
    genoemd = set(re.findall(r'"(utter_[a-z_]+)"', acties))
    assert genoemd - set(DOMAIN["responses"]) == set()


def test_every_intent_but_bad_input_has_training_examples():
    voorbeelden = {}
    for pad in sorted((PROJECT_ROOT / "nlu_data").glob("*.yml")):
        for blok in yaml.safe_load(pad.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in blok:
                voorbeelden[blok["intent"]] = voorbeelden.get(blok["intent"], 0) + blok["examples"].count("\n- ")
    zonder = set(DOMAIN["intents"]) - set(voorbeelden) - INTENTS_WITHOUT_EXAMPLES
    assert zonder == set()
    assert all(aantal >= 15 for aantal in voorbeelden.values())
