"""The sentence of an article that answers a follow-up about what was shown already."""

from __future__ import annotations

import pytest

from bot.kennisbank.passage import zoek_passage
from bot.kennisbank.zoeken import Zoekindex, spacy_lemmatiseerder
from bot.kern.taal import load_pipeline


@pytest.fixture(scope="module")
def index(artikelen) -> Zoekindex:
    return Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(load_pipeline()))


def test_a_question_of_the_article_itself_is_never_the_answer(index, artikelen):
    """"geldt dat bibob ook voor mijn foodtruck?" shared only "foodtruck" with the article's opening question:
    quoted back as the answer, it said nothing."""
    artikel = next(a for a in artikelen if a.id == "standplaats")
    vragen = [zin for zin in artikel.kort_antwoord.split("? ") if "foodtruck" in zin]
    assert vragen, "the article opens with a question about a foodtruck"
    passage = zoek_passage(index, artikel, "maar ik heb geen restaurant, geldt dat bibob ook voor mijn foodtruck?")
    assert passage is None or not passage.zin.rstrip().endswith("?")
