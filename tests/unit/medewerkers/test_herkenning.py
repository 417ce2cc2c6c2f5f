"""Recognising a medewerker named in a message, and who helps instead."""

from __future__ import annotations

from datetime import date

import pytest

from bot.medewerkers.herkenning import herken_persoon, in_rol, lees_personen, vervanger, vraagt_om_contact
from tests import factories as maak
from tests.unit.medewerkers.personen import PERSONEN, persoon


@pytest.mark.parametrize(
    "bericht, sleutel",
    [("kan ik Joost van Dijk spreken?", "joost"),
     ("kan ik joost van dyk even spreken", "joost"),  # a typo
     ("is joost er vandaag", "joost"),  # first name only
     ("ik wil mehmet yilmaz bellen", "mehmet"),  # without the dotless i
     ("kan ik meneer jansen spreken", "pieter"),  # a title and the surname
     ("mag ik Sanne de Vries", "sanne"),  # full name although the first name is shared
     ("kan ik sanne spreken", None),  # two people called Sanne: no guess
     ("ik ben bakker en wil een terras", None),  # a surname that is also a word, without a title
     ("kan ik iemand spreken", None),
     ("ik ben joost, van fietsenwinkel joost. kan iemand mij bellen", None),  # the writer's own name
     ("mijn naam is mehmet en ik wil joost spreken", "joost")],
)
def test_a_name_from_the_directory_is_recognised_with_typos_and_first_names(bericht, sleutel):
    gevonden = herken_persoon(bericht, PERSONEN)
    assert (gevonden.sleutel if gevonden else None) == sleutel


@pytest.mark.parametrize("bericht, eigen_naam, sleutel", [
    ("kan iemand mij bellen, ik ben Jan de Vries", "Jan de Vries", None),
    ("ik ben jan de vries en wil joost van dijk spreken", "jan de vries", "joost"),
    ("kan ik Sanne de Vries spreken", None, "sanne"),
])
def test_the_writers_own_name_asks_for_nobody_who_shares_it(bericht, eigen_naam, sleutel):
    gevonden = herken_persoon(bericht, PERSONEN, eigen_naam=eigen_naam)
    assert (gevonden.sleutel if gevonden else None) == sleutel


def test_who_helps_instead_is_the_team_lead_or_a_colleague_who_is_there():
    lotte = next(p for p in PERSONEN if p.sleutel == "lotte")
    assert vervanger(lotte, PERSONEN).sleutel == "sanne"
    joost = next(p for p in PERSONEN if p.sleutel == "joost")
    assert vervanger(joost, PERSONEN).sleutel == "pieter"
    assert vervanger(persoon("x", "X Y", team="leeg"), PERSONEN) is None


def test_the_directory_is_read_with_who_is_away_today_and_who_left(session):
    maak.medewerker(session, naam="Joost van Dijk", afwezig=[(date(2026, 3, 2), date(2026, 3, 6))])
    maak.medewerker(session, naam="Els van Leeuwen", actief=False)
    personen = {p.naam: p for p in lees_personen(session=session, vandaag=date(2026, 3, 3))}
    assert personen["Joost van Dijk"].afwezig and not personen["Joost van Dijk"].beschikbaar
    assert not personen["Els van Leeuwen"].actief
    na_de_vakantie = {p.naam: p for p in lees_personen(session=session, vandaag=date(2026, 3, 9))}
    assert na_de_vakantie["Joost van Dijk"].beschikbaar


@pytest.mark.parametrize("bericht, vraagt", [("kan ik Joost spreken?", True), ("can someone call me", True),
                                             ("wat kost een terras", False)])
def test_a_message_that_asks_to_reach_someone_is_recognised(bericht, vraagt):
    assert vraagt_om_contact(bericht) is vraagt


def test_the_person_in_a_situations_role_is_the_one_whose_title_shares_its_words():
    personen = [persoon("anouk", "Anouk Visser", team="centrum", functie="centrummanager", leidt_teams=("centrum",)),
                persoon("ricardo", "Ricardo Martens", team="centrum", functie="marktmeester"),
                persoon("joost", "Joost van Dijk", functie="vergunningverlener bouwen en openbare ruimte"),
                persoon("lotte", "Lotte Bakker", team="horeca", functie="vergunningverlener evenementen", afwezig=True)]
    assert in_rol("centrum", "marktmeester", personen).sleutel == "ricardo"
    assert in_rol("bouwen", "vergunningverlener bouwen", personen).sleutel == "joost"
    assert in_rol("horeca", "vergunningverlener evenementen", personen) is None, "away today: the routing decides"
    assert in_rol("centrum", "consulent", personen) is None
