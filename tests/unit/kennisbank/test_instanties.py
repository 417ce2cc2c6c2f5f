"""Other organisations (kennisbank/instanties.yml): the content is valid and recognised as whole words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.instanties import artikel_noemt, herken_instantie, instantie_tekst, lees_instanties
from bot.kern.configuratie import ConfiguratieFout

INSTANTIES = lees_instanties()


def test_the_content_file_is_valid_and_every_organisation_has_a_website_and_words():
    assert INSTANTIES
    for instantie in INSTANTIES.values():
        assert instantie.link.startswith("https://") and instantie.reeksen


@pytest.mark.parametrize("vraag, sleutel", [
    ("hoe doe ik mijn BTW-aangifte?", "belastingdienst"),
    ("ik heb een uittreksel uit het handelsregister nodig", "kvk"),
    ("kan ik mijn kvk adres hier wijzigen", "kvk"),
    ("ik wil mijn logo beschermen", "boip"),
    ("mijn werknemer heeft zich ziek gemeld", "uwv"),
    ("mijn medewerker is al 3 maanden ziek", "uwv"),
    ("hoe krijg ik een eori nummer", "douane"),
    ("moet ik rijbewijs c hebben voor een bakwagen", "cbr"),
    ("mijn stroomaansluiting moet zwaarder", "netbeheerder"),
    ("hoe word ik erkend leerbedrijf", "sbb"),
    ("hoe zit het met de avg als ik klantgegevens bewaar", "autoriteit-persoonsgegevens"),
])
def test_an_organisation_is_recognised_from_its_words(vraag, sleutel):
    herkend = herken_instantie(vraag)
    assert herkend.instantie == INSTANTIES[sleutel] and not herkend.op_naam


def test_a_name_alone_is_recognised_as_weaker_evidence():
    herkend = herken_instantie("ik heb een kvk-nummer, wat kost een parkeervergunning")
    assert herkend.instantie == INSTANTIES["kvk"] and herkend.op_naam


@pytest.mark.parametrize("vraag", ["wat kost een terrasvergunning", "kan ik Joost van Dijk spreken",
                                   "wwwerk", "ik wil een evenement organiseren",
                                   "er wordt steeds gestolen in mijn winkel", "wat is een verklaring sociale hygiene"])
def test_no_organisation_where_none_is_named(vraag):
    assert herken_instantie(vraag) is None


def test_the_two_wordings_differ_and_name_the_organisation():
    instantie = INSTANTIES["kvk"]
    eerste, tweede = instantie_tekst(instantie, 0), instantie_tekst(instantie, 1)
    assert eerste != tweede and all(instantie.naam in t and instantie.link in t for t in (eerste, tweede))


def test_a_broken_file_names_the_field(tmp_path):
    pad = tmp_path / "instanties.yml"
    pad.write_text("laatst_gecontroleerd: 2026-12-02\ninstanties:\n  x:\n    naam: X\n    regelt: iets\n"
                   "    link: http://x.nl\n    herkenning: [x]\n", encoding="utf-8")
    with pytest.raises(ConfiguratieFout, match="link"):
        lees_instanties(pad)


@pytest.mark.parametrize("vraag, sleutel, noemt", [
    ("moet ik dan ook bij de kvk staan", "kvk", True),  # the conditions name the KVK
    ("moet ik mijn kenteken doorgeven", "rdw", True),  # the application asks for the licence plate
    ("hoe doe ik daar btw-aangifte van", "belastingdienst", False),  # the article says nothing of the VAT
])
def test_an_article_names_what_the_question_recognised_of_an_organisation(vraag, sleutel, noemt):
    artikel = Artikel(id="standplaats", titel="Standplaats", upl=(), kort_antwoord="Een vaste plek.", uitleg="",
                      voorwaarden=("U staat ingeschreven bij de KVK.",), kosten="", doorlooptijd="",
                      aanvragen="U vraagt de vergunning online aan met het kenteken van uw bus.",
                      link="https://www.voorbeeldstad.nl/standplaats", team="markt", zoektermen=(), synoniemen=(),
                      laatst_gecontroleerd=date(2026, 1, 1))
    assert artikel_noemt(artikel, INSTANTIES[sleutel], vraag) is noemt
