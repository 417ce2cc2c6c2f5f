"""A pick from the list just shown: by its number, its ordinal or its title (actions/keuze.py)."""

from __future__ import annotations

import pytest

from actions.keuze import enige_keuze, gekozen_uit_lijst
from tests.unit.actions.hulp import tracker

KEUZES = [{"id": "standplaats", "titel": "Standplaatsvergunning"}, {"id": "weekmarkt", "titel": "Plaats op de weekmarkt"},
          {"id": "evenementenvergunning", "titel": "Evenement organiseren"}]


def na_lijst(tekst: str, custom: dict) -> object:
    t = tracker(tekst, "nlu_fallback")
    t.events = [{"event": "bot", "text": "Voor een foodtruck ...", "data": {"custom": custom}}, *t.events]
    return t


@pytest.mark.parametrize(("tekst", "gekozen"), [
    ("2", "weekmarkt"), ("2.", "weekmarkt"), ("de tweede", "weekmarkt"), ("nummer 3", "evenementenvergunning"),
    ("De eerste graag", "standplaats"), ("optie 1", "standplaats"), ("de laatste", "evenementenvergunning"),
    ("de 2e", "weekmarkt"), ("plaats op de weekmarkt", "weekmarkt"), ("Standplaatsvergunning!", "standplaats"),
    # not a pick: another number, a question with a number in it, words that are no title
    ("4", None), ("ik heb 2 vragen", None), ("weekmarkt kosten", None), ("hoeveel kost de tweede", None),
])
def test_a_pick_from_the_list_by_number_ordinal_or_title(tekst, gekozen):
    assert gekozen_uit_lijst(tekst, na_lijst(tekst, {"situatie": {"id": "foodtruck-beginnen"}, "keuzes": KEUZES})) == gekozen


def test_no_pick_once_a_card_followed_the_list_or_without_a_list():
    t = na_lijst("2", {"keuzes": KEUZES})
    t.events.insert(1, {"event": "bot", "text": "De weekmarkt ...", "data": {"custom": {"kennisbank": {"id": "weekmarkt"}}}})
    assert gekozen_uit_lijst("2", t) is None
    assert gekozen_uit_lijst("2", tracker("2", "nlu_fallback")) is None


def test_the_one_subject_of_a_choice_of_one():
    assert enige_keuze(na_lijst("ja", {"keuzes": KEUZES[:1]})) == "standplaats"
    assert enige_keuze(na_lijst("ja", {"keuzes": KEUZES})) is None


def test_a_part_asked_right_after_a_choice_asks_which_subject_with_buttons_that_ask_that_part(zoeker):
    """"hoeveel kost t" after a choice of two: which of them (not "about which subject?" without buttons), and the
    button tapped answers with the costs."""
    from actions.kennisbank import ActionBeantwoordVraag
    from tests.unit.actions.hulp import DOMAIN, run

    t = na_lijst("hoeveel kost t", {"keuzes": KEUZES[:2]})
    t.latest_message["intent"] = {"name": "ask_costs", "confidence": 0.9}
    berichten, _ = run(ActionBeantwoordVraag(), t, DOMAIN)
    knoppen = berichten[0]["buttons"]
    assert [k["title"] for k in knoppen] == [k["titel"] for k in KEUZES[:2]]
    assert all(k["payload"].startswith("/ask_costs{") for k in knoppen)
