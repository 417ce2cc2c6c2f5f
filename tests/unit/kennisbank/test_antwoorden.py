"""Reading what a question asks: one thing (an article answers it) or everything a situation involves."""

from __future__ import annotations

import pytest

from bot.kennisbank.antwoorden import kan_niet_betalen, vraagt_iets_specifieks


@pytest.mark.parametrize("tekst", [
    "mag ik een nagelstudio aan huis?",
    # a closed question about one thing, after the plan
    "wil een kapsalon aan huis beginnen mag dat zomaar in een flat",
    "ik wil van mijn winkel een lunchroom maken, kan dat",
    "ik begin een lakspuiterij in een loods, moet de gemeente dat weten",
    "ik neem de bakkerij van mijn vader over, moet de vergunning opnieuw?",
    # "alles" in the story is no question for everything
    "ik heb de snackbar van mn oom overgenomen, hij had alles geregeld. moet ik een nieuwe exploitatievergunning "
    "aanvragen of loopt die van hem gewoon door?",
    "ik neem een lunchroom over, de vorige eigenaar zei dat alles geregeld was. moet ik de vergunning opnieuw aanvragen?",
])
def test_a_question_about_one_thing_is_specific(tekst):
    assert vraagt_iets_specifieks(tekst)


@pytest.mark.parametrize("tekst", [
    "ik wil een foodtruck beginnen",
    "wij willen een café openen, wat moeten we allemaal regelen",
    "ik begin een lunchroom, waar moet ik aan denken? mag dat zomaar",
    "ik neem de snackbar van mn oom over, moet alles opnieuw?",
])
def test_a_plan_or_a_question_for_everything_is_not_specific(tekst):
    assert not vraagt_iets_specifieks(tekst)


@pytest.mark.parametrize("tekst, kan_niet", [
    ("door de wegopbreking kan ik de huur van mijn winkel niet meer betalen", True),
    ("we kunnen de lonen van deze maand niet uitbetalen", True),
    ("ik kan mijn leveranciers niet meer op tijd betalen", True),
    ("ik heb achterstand met de huur en de btw", True),
    ("er is al een deurwaarder aan de deur geweest", True),
    ("zit diep in de schulden met mijn winkel", True),
    ("de verzekering betaalt niet en ik kan niks meer betalen", True),
    ("door de omzetdaling kom ik in de problemen met de huur", True),
    ("eerlijk gezegd red ik het financieel niet meer", True),
    ("we hebben al maanden geldzorgen", True),
    ("als zzp ict'er kom ik al maanden niet meer rond", True),
    ("het gaat financieel niet zo lekker met de zaak", True),
    ("financieel gaat het slecht met mijn winkel", True),
    ("we komen niet rond van de omzet", True),
    ("naast weinig inkomen heb ik ook een flinke belastingschuld", True),
    ("we hebben een huurschuld bij de verhuurder", True),
    ("het is niet mijn schuld dat de aanvraag te laat was", False),
    ("de brug is niet rond, kom ik er dan wel door", False),
    ("financieel gaat het prima, ik wil uitbreiden", False),
    ("ik red het niet meer om de aanvraag op tijd in te dienen", False),
    ("problemen met het betaalsysteem op de markt", False),
    ("de gemeente heeft mijn rekening nog steeds niet betaald", False),
    ("een klant betaalt mijn rekening van 3.000 euro al maanden niet", False),
    ("hoeveel moet ik betalen voor een terras", False),
])
def test_not_being_able_to_pay(tekst, kan_niet):
    assert kan_niet_betalen(tekst) is kan_niet
