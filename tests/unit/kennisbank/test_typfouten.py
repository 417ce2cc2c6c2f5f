"""One typo in a word the articles have: the search reads the word that was meant (bot/kennisbank/typfouten.py)."""

from __future__ import annotations

import pytest

from bot.kennisbank.typfouten import Typfouten, spacy_woordenboek
from bot.kennisbank.zoeken import Zoekindex, beslis, spacy_lemmatiseerder
from bot.kern.taal import load_pipeline


@pytest.mark.parametrize("getypt, bedoeld", [
    ("verbouwnig", "verbouwing"),  # two neighbours swapped
    ("vergunnig", "vergunning"),  # a letter missing
    ("vergunninng", "vergunning"),  # a letter too many
    ("vergunming", "vergunning"),  # a letter wrong
])
def test_a_word_one_typo_away_is_found(getypt, bedoeld):
    assert Typfouten(["vergunning", "verbouwing", "verhuizing"]).bedoeld(getypt, precies=True) == {bedoeld}


def test_two_edits_apart_is_no_typo_and_short_words_are_never_read_as_one():
    typfouten = Typfouten(["leiding", "komen"])
    assert typfouten.bedoeld("kleding", precies=True) == set()  # both lose a letter to "leding": two edits
    assert "leiding" in typfouten.bedoeld("kleding")  # the deletions alone let it through
    assert typfouten.bedoeld("kopen") == set()
    assert Typfouten(["a" * 50]).bedoeld("a" * 51) == set()  # a very long word is never compared


@pytest.fixture(scope="module")
def index(artikelen) -> Zoekindex:
    nlp = load_pipeline()
    return Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(nlp), bekend=spacy_woordenboek(nlp))


@pytest.mark.parametrize("vraag, verwacht", [
    ("moet ik een vergunnign voor verbouwnig van mn garagebedrjf er moet een draagmuur uit", "omgevingsvergunning-bouwen"),
    ("ik wil voor me zelf beginen als stukadoor wat moet ik bij de gemeende regelen", "bedrijf-starten"),
])
def test_a_question_with_typos_finds_its_article(index, vraag, verwacht):
    assert beslis(index.zoek(vraag)) == ("antwoord", [index.zoek(vraag)[0]])
    assert index.zoek(vraag)[0].artikel_id == verwacht


def test_a_dutch_word_the_articles_lack_is_not_read_as_a_typo(index):
    assert "kleding" in index.inhoudswoorden("een kledingzaak, kleding verkopen")
    # without the dictionary, "verstoren" is one letter from the articles' "versturen"
    assert "versturen" not in index.inhoudswoorden("de muziek mag de buren niet verstoren")
    zonder_woordenboek = Typfouten(["versturen"])
    assert zonder_woordenboek.verbeter("verstoren", lambda woord: 1.0) == "versturen"
    # an ending the dictionary does not know is no typo in the last letter
    assert "oudere" not in index.inhoudswoorden("er komen 600 ouders kijken")
