"""A follow-up that asks for a rule no sentence answers by its words: the article's conditions, said honestly."""

from __future__ import annotations

import pytest

from bot.kennisbank.antwoorden import Onderdeel, onderdeel_tekst, regels_bij_vervolg, vraagt_een_regel


def artikel(artikelen, artikel_id: str):
    return next(a for a in artikelen if a.id == artikel_id)


@pytest.mark.parametrize("tekst, regel", [
    ("tellen de kinderen ook mee?", True),
    ("hoe ver mag ik met mijn tafels de stoep op", True),
    ("moet mijn vriendin ook haar loonstroken inleveren?", True),
    ("is het verplicht om een nachtregister bij te houden", True),
    # why a decision was taken asks for a person; a question that asks for no rule
    ("waarom mag de snackbar op de hoek wel tot 3 uur open?", False),
    ("wie is daar de contactpersoon van", False),
    ("mag mijn overbuurman zomaar zijn reclamebord voor mijn deur zetten?", False),
])
def test_a_follow_up_that_asks_for_a_rule(tekst, regel):
    assert vraagt_een_regel(tekst) is regel


def test_the_conditions_come_once_with_a_sentence_that_says_the_answer_may_not_be_there(artikelen):
    terras = artikel(artikelen, "terrasvergunning")
    bericht = regels_bij_vervolg(terras, "hoe ver mag ik met mijn tafels de stoep op", [])
    assert bericht is not None and onderdeel_tekst(terras, Onderdeel.VOORWAARDEN) in bericht.tekst
    assert bericht.custom["kennisbank"]["onderdeel"] == "voorwaarden" and terras.link in bericht.tekst
    assert not bericht.tekst.startswith(onderdeel_tekst(terras, Onderdeel.VOORWAARDEN)[:20]), "said honestly first"
    assert regels_bij_vervolg(terras, "en hoe hoog mag een windscherm", [bericht.tekst]) is None, "shown already"


def test_the_opening_words_differ_for_a_second_article(artikelen):
    eerste = regels_bij_vervolg(artikel(artikelen, "terrasvergunning"), "mag dat het hele jaar?", [])
    tweede = regels_bij_vervolg(artikel(artikelen, "toeristenbelasting"), "tellen kinderen ook mee?", [eerste.tekst])
    assert eerste.tekst.split('"')[0] != tweede.tekst.split('"')[0]
