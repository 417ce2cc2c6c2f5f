"""No message about an answer twice: the dispatcher of the form's validation leaves out repeats."""

from __future__ import annotations

from actions.herhaling import ZonderHerhaling
from tests.unit.actions.hulp import tracker

DOMAIN = {"responses": {"utter_genoteerd": [{"text": "Dank u, dat heb ik genoteerd."}, {"text": "Genoteerd, dank u."}]}}


def test_a_response_with_every_wording_sent_and_a_text_sent_before_are_left_out():
    t = tracker("0612345678")
    t.events += [{"event": "bot", "text": "Dank u, dat heb ik genoteerd."}, {"event": "bot", "text": "Uitleg."}]
    dispatcher = ZonderHerhaling(DOMAIN, t)
    dispatcher.utter_message(response="utter_genoteerd")  # one wording left: sent
    dispatcher.utter_message(text="Uitleg.")  # sent before: left out
    dispatcher.utter_message(text="Nieuwe uitleg.")
    assert [b.get("response") or b.get("text") for b in dispatcher.messages] == ["utter_genoteerd", "Nieuwe uitleg."]
    t.events.append({"event": "bot", "text": "Genoteerd, dank u."})
    dispatcher = ZonderHerhaling(DOMAIN, t)
    dispatcher.utter_message(response="utter_genoteerd")
    assert dispatcher.messages == []
