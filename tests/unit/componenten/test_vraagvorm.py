"""Follow-ups after a card that DIET reads as something else (bot/componenten/vraagvorm.py, intentwoorden.py): a
unit ("per dag", "per persoon") is no farewell and no person, and stopping one's business is a question, not the
end of the conversation. What was meant stays what it was."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.componenten.nlu import RAW_TEXT, InvoerClassifier


def intent_na_classifier(tekst: str, ranking: list[tuple[str, float]]) -> str:
    bericht = Message(data={"text": tekst, RAW_TEXT: tekst, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
    InvoerClassifier().process([bericht])
    return bericht.get("intent")["name"]


@pytest.mark.parametrize("tekst, ranking, verwacht", [
    # "per dag" is a unit of time, not "dag!"
    ("rekenen jullie dat per dag of per week", [("goodbye", 0.93), ("ask_costs", 0.04)], "ask_costs"),
    ("rekenen jullie dat per dag of per week?", [("goodbye", 0.93), ("ask_costs", 0.04)], "ask_costs"),
    ("is dat elke dag zo of alleen in het weekend", [("goodbye", 0.9), ("ask_conditions", 0.05)], "ask_conditions"),
    # "per persoon" is a unit, not a person to speak to
    ("hoeveel per persoon per nacht dan", [("request_human", 0.89), ("ask_costs", 0.06)], "ask_costs"),
    # a question after "ok": the best question intent its words back, not a request for a person DIET barely ranked
    ("ok hoeveel is het per persoon per nacht", [("affirm", 0.85), ("request_human", 0.04), ("bot_challenge", 0.04),
                                                 ("ask_costs", 0.03)], "ask_costs"),
    ("ok en waar moet ik dat aanvragen", [("affirm", 0.9), ("ask_status", 0.03), ("ask_how_to_apply", 0.02)],
     "ask_how_to_apply"),
    # stopping one's business is a question; the conversation goes on
    ("moet ik dan stoppen met mn zaak?", [("stop", 0.94), ("ask_question", 0.03)], "ask_question"),
    ("als ik stop met mijn winkel wat moet ik dan regelen", [("stop", 0.9), ("ask_question", 0.05)], "ask_question"),
    ("ik stop ermee, de zaak loopt niet meer en ik zit met schulden", [("stop", 0.99), ("ask_question", 0.01)],
     "ask_question"),
    ("we gaan stoppen, failliet", [("stop", 0.97), ("ask_question", 0.02)], "ask_question"),
    ("na 30 jaar stop ik met mijn slagerij", [("stop", 0.97), ("ask_question", 0.02)], "ask_question"),
    ("ik stop met mijn kapperszaak", [("stop", 0.97), ("ask_question", 0.02)], "ask_question"),
    ("ik ga met pensioen en stop ermee", [("stop", 0.95), ("ask_question", 0.03)], "ask_question"),
    # a question that opens with its verb, whoever its subject ("moeten alle ...", "mag mn ...")
    ("moeten alle leidinggevenden dat svh diploma hebben of alleen ik", [("klacht", 0.86), ("ask_conditions", 0.01)],
     "ask_conditions"),
    # a person asked for, whatever DIET made of the "laat maar", the "nee" or the bare yes
    ("daar stond het dus wel. ok laat maar iemand bellen dan", [("stop", 0.93), ("request_human", 0.05)], "request_human"),
    ("hee nee ik wil WEL gebeld worden", [("deny", 1.0)], "request_human"),
    ("ja een medewerker", [("affirm", 0.97), ("request_human", 0.01)], "request_human"),
    # a question in an earlier sentence, after which a remark follows
    ("dus op papier kan niet? en die eherkenning heb ik niet", [("deny", 0.98), ("ask_how_to_apply", 0.01)],
     "ask_how_to_apply"),
    # a yes and an acknowledgement, then the question ("Fijn dat ik u kon helpen!" answered it)
    ("ja ok, en moet ik daar ook iets voor betalen", [("affirm", 0.95), ("ask_costs", 0.03)], "ask_costs"),
    # a yes with "maar", then a question that opens with its verb ("kost", "duurt"): the question is asked
    ("ja maar kost die melding iets of niet", [("affirm", 0.6), ("ask_costs", 0.2)], "ask_costs"),
    ("ja maar duurt dat lang", [("affirm", 0.7), ("ask_duration", 0.2)], "ask_duration"),
    # "per persoon" is a unit, not a question whether a person answers
    ("hoeveel is het per persoon per nacht hier", [("bot_challenge", 0.49), ("ask_costs", 0.2)], "ask_costs"),
    # what was meant stays what it was
    ("ben je een persoon?", [("bot_challenge", 0.9), ("request_human", 0.05)], "bot_challenge"),
    ("ja klopt", [("affirm", 0.95), ("ask_question", 0.01)], "affirm"),
    ("nee ik wil niet gebeld worden", [("deny", 0.95), ("stop", 0.03)], "stop"),
    ("laat maar, stop", [("stop", 0.95)], "stop"),
    ("oke dag", [("goodbye", 0.9), ("ask_question", 0.05)], "goodbye"),
    ("dank u wel, een fijne dag nog", [("goodbye", 0.9), ("ask_question", 0.05)], "goodbye"),
    ("ok bedankt. dag!", [("goodbye", 0.9), ("ask_question", 0.05)], "goodbye"),
    ("kan ik een persoon spreken", [("request_human", 0.9), ("ask_question", 0.05)], "request_human"),
    ("stop", [("stop", 0.95), ("ask_question", 0.01)], "stop"),
    ("ik stop ermee", [("stop", 0.99), ("ask_question", 0.01)], "stop"),
    ("ik stop met mijn vragen", [("stop", 0.99), ("ask_question", 0.01)], "stop"),
    ("stop maar, het is toch niet mijn schuld", [("stop", 0.95), ("ask_question", 0.01)], "stop"),
    ("stop maar, ik zoek het zelf wel uit voor mijn zaak", [("stop", 0.95), ("ask_question", 0.01)], "stop"),
    ("ok", [("affirm", 0.95), ("request_human", 0.02)], "affirm"),
    ("ok kan iemand mij bellen", [("affirm", 0.6), ("request_human", 0.35)], "request_human"),
    ("ik wil stoppen met dit gesprek", [("stop", 0.9), ("ask_question", 0.05)], "stop"),
])
def test_a_follow_up_is_read_as_what_it_asks(tekst, ranking, verwacht):
    assert intent_na_classifier(tekst, ranking) == verwacht
