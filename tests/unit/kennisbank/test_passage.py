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


def test_a_part_asked_again_in_other_words_points_back_to_its_first_sentence(artikelen):
    """"hoe doe ik dat" after how to apply was shown: that part again, pointed out, not "that is not in what I know"."""
    from bot.kennisbank.antwoorden import Onderdeel, onderdeel_tekst
    from bot.kennisbank.passage import begin_van_onderdeel, zinnen

    artikel = next(a for a in artikelen if a.id == "standplaats")
    passage = begin_van_onderdeel(artikel, [Onderdeel.KORT, Onderdeel.AANVRAGEN])
    assert passage is not None and passage.onderdeel is Onderdeel.AANVRAGEN
    assert passage.zin == zinnen(onderdeel_tekst(artikel, Onderdeel.AANVRAGEN))[0]
    assert begin_van_onderdeel(artikel, [Onderdeel.KORT]) is None, "the short answer alone asks for no part"
    assert begin_van_onderdeel(artikel, [Onderdeel.VOORWAARDEN]) is None, "the first of the rules is one of many"


def test_a_word_that_ends_a_compound_of_the_sentence_is_shared(index, artikelen):
    """"die check die je noemde, waar doe ik die" after the building permit: the article says "Doe dan eerst de
    vergunningcheck in het Omgevingsloket". A Dutch compound ends in what it is (a "vergunningcheck" is a check)."""
    artikel = next(a for a in artikelen if a.id == "omgevingsvergunning-bouwen")
    passage = zoek_passage(index, artikel, "die check die je noemde, waar doe ik die")
    assert passage is not None and "vergunningcheck" in passage.zin.lower()


def test_a_word_inside_a_longer_word_is_not_shared(index, artikelen):
    """Only the end of a compound, and only a word of five letters or more: "ik" or "kost" inside a longer word says
    nothing about what it means."""
    from bot.kennisbank.passage import _gedeeld

    assert _gedeeld({"check"}, {"vergunningcheck"}) == {"check"}
    assert _gedeeld({"vergunning"}, {"vergunningcheck"}) == set()
    assert _gedeeld({"kost"}, {"bouwkost"}) == set()
