"""Questions about the entrepreneur's own file or an enforcement decision: a medewerker can, no article."""

from __future__ import annotations

import pytest

from bot.overdracht.eigen_zaak import over_handhaving, vraagt_eigen_dossier, vraagt_oordeel, vraagt_wie_accountmanager


@pytest.mark.parametrize("tekst", [
    "ik heb 2 maanden geleden een factuur gestuurd aan de gemeente, factuurnr 2026-0412, nog steeds niet betaald",
    "ik heb mijn biz bijdrage in februari 2 keer betaald, hoe krijg ik dat terug",
    "mijn uitkering van deze maand staat nog niet op mn rekening, wat is er aan de hand",
    "ik heb in april subsidie aangevraagd maar het geld is nog niet binnen, kunt u dat nakijken?",
    "wanneer krijg ik uitslag op mijn bezwaar met kenmerk 2024/556",
    # what one sent, paid or received; one's own place; a letter to oneself
    "ik moest nog een tekening sturen, heeft hij die al ontvangen?",
    "is mijn aanvraag al binnen",
    "ik heb een herinnering gekregen maar ik heb vorige week al betaald, klopt dat?",
    "op welke plek sta ik nu op de wachtlijst",
    "is die plek naast de fietsenstalling nog vrij",
    "is het pand aan de Markt 4 al verhuurd?",
    "de brandweer heeft een brief gestuurd met een hersteltermijn, wat moet ik precies doen",
    "ik heb in mei startersubsidie aangevraagd, wanneer hoor ik of het is goedgekeurd",
    "ik heb de ontheffing al aangevraagd, komt ie nog op tijd binnen?",
    "mijn bbz is deze maand niet op mn rekening gestort",
    "volgens mij valt mijn pand er niet onder, kunnen jullie dat checken",
    "ik heb de vragenlijst ingeleverd, hebben jullie nu alles compleet",
    "waarom heb ik de opdracht voor het groenonderhoud niet gekregen?",
    "er was een inspecteur langs en die zei dat ik een geluidsonderzoek moet doen",
    "mijn containers zijn al 2 weken niet geleegd, wanneer komen ze nou",
    "klopt die aanslag van 1.234 euro wel, ik heb maar 40 nachten verhuurd",
    "op welke plaats sta ik nu op de wachtlijst",
    "is dat pand aan de Industrieweg 12 nog te koop?",
    "ik heb al een aanvraag lopen, waarom duurt het bij mij zo lang",
    "ben ik al aangemeld voor de bijeenkomst van donderdag? ik heb geen bevestiging gekregen",
    "staan we al op de lijst voor de markt?",
    "onze kliko is vandaag overgeslagen, kunnen jullie alsnog langskomen?",
    "waarom is mijn container vanochtend niet geleegd",
    "op welke plek sta ik nu precies",
    "mn vergunning is vorige week verlopen, mag de kast blijven staan tot de nieuwe er is",
    "kunnen jullie even kijken of mijn melding goed is aangekomen",
    "kun je nagaan wanneer de controleur bij ons komt",
    "het gaat om factuur 2025-0412, staat die al in jullie systeem",
    "mijn aanvraagnummer is Z-2025-771, weet je al iets",
])
def test_a_question_about_ones_own_file_is_recognised(tekst):
    assert vraagt_eigen_dossier(tekst)


@pytest.mark.parametrize("tekst", [
    "ik heb een vergunning aangevraagd, hoe lang duurt het?",
    "hoe krijg ik mijn geld terug als de markt niet doorgaat",
    "wat is het kenmerk van een goede aanvraag",
    "ik heb een terrasvergunning aangevraagd, mag ik nog niet open?",
    "mijn aanvraag is nog niet ingediend, hoe doe ik dat",
    "hoe lang sta je gemiddeld op de wachtlijst voor de markt",
    "zijn er nog winkelpanden vrij in het centrum",
    "hoe vraag ik een ontheffing aan, wat moet ik doen",
    "wat moet ik doen als ik een brief wil sturen over de wegwerkzaamheden",
    "hoe lang duurt het voor ik hoor of mijn subsidie is goedgekeurd",
    "mijn klanten kunnen niet betalen met pin op de markt",
    "wanneer komt de handhaving controleren op terrassen",
    "wanneer wordt het bedrijfsafval opgehaald als ik niet thuis ben",
    "klopt het dat ik een vergunning nodig heb voor een terras",
    "ben ik verplicht me aan te melden voor de markt",
    "wat gebeurt er als mijn vergunning verlopen is",
    "kun je kijken naar mijn vraag over het terras",
    "welk nummer moet ik bellen",
    "de aanslag is hoger dan vorig jaar, hoe kan dat",
    "wat kost een terras? mijn nummer is 06-12345678",
    "kunt u mij bellen over mijn terras, mijn nummer is 020-1234567",
])
def test_a_general_question_is_no_question_about_ones_own_file(tekst):
    assert not vraagt_eigen_dossier(tekst)


@pytest.mark.parametrize("tekst", [
    "ik heb een dwangsom gekregen voor mijn reclamebord wat nu",
    "ik heb een brief gekregen over handhaving wat moet ik doen",
    "ik heb een boete gekregen, hoe maak ik bezwaar",
    "ik heb al een terras, ik wil bezwaar maken tegen de boete",
    "last onder dwangsom omdat mijn terras te groot is, ik wil bezwaar",
    "handhaving zegt dat mn uithangbord te groot is en weg moet",
    "er was handhaving bij mijn zaak vanochtend, ze dreigen met een boete",
    "vooraankondiging bestuursdwang in de bus gehad, de container moet weg",
    "ik kreeg een parkeerboete voor mijn busje bij het laden",
    "en moet ik die dwangsom nu al betalen of niet",
    "brief gehad over milieucontrole",
    "ik kreeg een brief dat mn bord weg moet maar het hangt er al 20 jaar, kan ik daar onderuit?",
    "handhaving heeft gisteren mijn bord weggehaald zonder iets te zeggen",
])
def test_enforcement_at_ones_own_business_is_recognised(tekst):
    assert over_handhaving(tekst)


@pytest.mark.parametrize("tekst", [
    "wat is een dwangsom",
    "wat betekent last onder dwangsom",
    "krijg ik een boete als ik zonder vergunning open ga",
    "hoe hoog is de boete voor een terras zonder vergunning",
    "wanneer komt de handhaving controleren op terrassen",
    "hoe maak ik bezwaar tegen de aanslag ozb",
    "ik heb een vergunning gekregen voor mijn terras, hoe lang is die geldig",
    "wanneer komt de brandweer voor de controle van mijn pand",
    "ik heb de vergunning gekregen, komt er nog een controle?",
    "moet mijn oude bord weg als ik een nieuw ophang?",
    "hoe kan ik een brief sturen om mijn vergunning te verwijderen",
])
def test_a_question_about_rules_or_words_is_no_enforcement_at_ones_own_business(tekst):
    assert not over_handhaving(tekst)


@pytest.mark.parametrize("tekst, vraagt", [
    ("wie is mijn accountmanager", True),
    ("ik heb een restaurant, wie is onze vaste contactpersoon bij de gemeente", True),
    ("wie is nou mijn accountmanager?", True),
    ("wat doet een accountmanager", False),
    ("kan mijn accountmanager mij bellen", False),
    ("hoe meld ik me aan voor de nieuwsbrief en wie is eigenlijk mn contactpersoon bij de gemeente", False),
])
def test_who_ones_own_accountmanager_is(tekst, vraagt):
    assert vraagt_wie_accountmanager(tekst) is vraagt



@pytest.mark.parametrize("tekst", [
    # an opinion or prediction about their own case
    "ik heb een kleine keuken zonder afzuiging, denk je dat dat goed genoeg is?",
    "mijn winkel is maar 40 m2, vindt u dat groot genoeg voor een proeverij",
    "de overbuurman wil het niet hebben, kan hij mijn uithangbord tegenhouden?",
    "de vereniging van eigenaren is ertegen, gaat het dan nog wel door?",
    "krijg ik daar dan problemen mee met de buren?",
    "maak ik nog kans als ik pas 2 maanden ingeschreven sta",
    # the state of their own file
    "ik heb alles vorige maand opgestuurd, is het nu al goedgekeurd?",
    "is mijn ontheffing al rond?",
    "ik heb vorig jaar bezwaar gemaakt, hoe staat het ermee",
    "welk nummer sta ik nu op de lijst",
    # their own figures, then whether they qualify or what they get
    "we hebben 12 man personeel en 2 ton omzet, komen we dan in aanmerking?",
    "ik verdien 900 euro per maand, hoeveel krijg ik dan precies",
    "welk bedrag betaal ik volgend jaar dan precies",
    "ik heb 1500 omzet per maand, krijg ik het?",
    "ik sta er al 2 jaar op, hoeveel mensen staan er nog voor mij?",
    "de VvE zegt dat ik geen klanten mag ontvangen, wie heeft er nou gelijk?",
    # their own place
    "het gaat om de bakkerij op de Dorpsstraat 31, mag het daar?",
    "het gaat om kerkstraat 14, mag daar horeca in of niet",
    "hoeveel ga ik betalen, ik zit op de Markt 7 met een kapperszaak",
    "hoe lang ligt de straat bij ons voor de deur nog open",
    "onze ontheffing staat op 18 mei maar het feest is verschoven naar 25 mei, geldt hij dan nog",
    "de nooduitgang is 80 cm. kan ik daar een uitzondering op krijgen, verbouwen kan echt niet",
    "mijn leverancier heeft gisteren om kwart over 11 een bon gekregen, kan die worden teruggedraaid?",
    # their own street, spot, neighbour or moment
    "hoe lang duurt dat werk in de stationsstraat nog precies, mn klanten vragen het elke dag",
    "wanneer zijn ze nou klaar met die kruising bij de Molenstraat? mijn klanten komen er niet meer door",
    "de winkel naast mij is elke zondag open, mag dat eigenlijk?",
    "mag het terras ook voor de pinautomaat van de bank naast mij staan",
    "de container is vanochtend weer niet geleegd, komen ze nog?",
    "is er nu iets vrij in het centrum?",
    "hoeveel bespaar ik als ik 40 panelen op mijn loods leg?",
    "een paar weken geleden heb ik alles ingestuurd, wanneer hoor ik iets?",
    "de inspectie was vorige maand, wanneer krijg ik de uitslag",
    "mag ons springkussen op 21 september bij het buurthuis staan?",
    "de buren hebben geklaagd over de lucht van mijn rookoven, krijg ik nu een boete?",
    "gaat de gemeente mijn kraam nu weghalen?",
    "ik kreeg een factuur voor een terras dat ik niet meer heb, hoe kan dat",
    # compared with the neighbour; what the previous owner left; their own place on the list
    "waarom betaal ik meer dan de buurman, die heeft precies hetzelfde pand",
    "de vorige eigenaar had nog een boete openstaan, krijg ik die nu ook?",
    "de vorige eigenaar had nog een boete van de gemeente openstaan, gaat die dan op mij over??",
    "hoeveel mensen staan er nu voor me op de wachtlijst",
])
def test_a_judgement_of_ones_own_case_is_recognised(tekst):
    assert vraagt_oordeel(tekst)


@pytest.mark.parametrize("tekst", [
    "hoe snel is dat rond",
    "wanneer is de vergunning klaar als ik nu aanvraag",
    "kom ik in aanmerking voor de energiescan?",
    "wie komt er in aanmerking voor de regeling",
    "hoeveel krijg je maximaal",
    "wat moet ik precies doen om het aan te vragen",
    "denken jullie mee over mijn plannen?",
    "waar vind je het formulier",
    "wat gebeurt er als de buurman bezwaar maakt",
    "mag een terras op de stoep bij een smalle straat",
    "hoeveel vergunningen krijg ik als we met 4 man zijn",
    "geldt dat ook voor een winkel in een woonstraat",
    # an address given for the case, not asked about
    "ons adres is Dorpsstraat 31 in het centrum",
    "het is Dorpsstraat 31, wanneer ik de sleutel heb begin ik",
    "krijg ik het geld terug als ik annuleer",
    "hoeveel mensen staan er op de wachtlijst",
    "wie heeft er recht op",
    "geldt dat dan ook in het weekend",
    "zijn er uitzonderingen op de sluitingstijden",
    "mag ik ook op het marktplein staan?",
    "mag ik in de winkelstraat een bord zetten?",
    "de buren klagen ook over de koelmotoren op mijn dak, die draaien dag en nacht",
    "ik wil vandaag nog aanvragen, kan dat?",
    "hoeveel betaal ik per jaar voor een vaste standplaats",
    "krijg ik een boete als ik zonder melding begin",
    "hoeveel weken van tevoren moet ik aanvragen",
    "wat gebeurt er als de gemeente mijn zaak sluit",
    "moet ik als nieuwe eigenaar een nieuwe vergunning aanvragen",
    "waarom betaal ik meer dan vorig jaar",
])
def test_a_general_rule_is_no_judgement_of_ones_own_case(tekst):
    assert not vraagt_oordeel(tekst)
