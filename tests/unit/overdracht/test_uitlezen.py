"""Reading the facts an entrepreneur already gave, so they are not asked again (precision first)."""

from __future__ import annotations

import pytest

from bot.overdracht.uitlezen import (
    belmoment_in,
    kaal_moment,
    lees,
    lees_gesprek,
    vraagt_contactgegevens,
    vraagt_persoon,
)


def test_a_story_gives_name_company_address_motive_planning_and_phone():
    feiten = lees("Goedemiddag, met Jan de Boer van Slagerij De Boer B.V. aan de Kerkstraat 4. We willen in maart "
                  "de winkel uitbreiden omdat de ruimte te klein is. Bel me op 06-12345678")
    assert feiten.contactnaam == "Jan de Boer"
    assert feiten.bedrijfsnaam == "Slagerij De Boer B.V."
    assert feiten.adres == "Kerkstraat 4"
    assert feiten.reden == "omdat de ruimte te klein is"
    assert "in maart" in feiten.planning
    assert feiten.telefoon == "+31612345678"
    assert feiten.kvk_nummer is None  # the digits of the phone number are no KvK number


@pytest.mark.parametrize("tekst, veld, waarde", [
    ("ik heet anja smit en mijn zaak heet Bloemen van Anja, kvk 12345678", "contactnaam", "Anja Smit"),
    ("ik heet anja smit en mijn zaak heet Bloemen van Anja, kvk 12345678", "bedrijfsnaam", "Bloemen van Anja"),
    ("ik heet anja smit en mijn zaak heet Bloemen van Anja, kvk 12345678", "kvk_nummer", "12345678"),
    ("mijn factuur 2026-0412 van 3 oktober is nog steeds niet betaald", "factuurnummer", "2026-0412"),
    ("mijn factuur 2026-0412 van 3 oktober is nog steeds niet betaald", "datum", "3 oktober"),
    ("ik heb een factuur gestuurd aan de gemeente, factuurnr 2026-0412 van 3 okt", "factuurnummer", "2026-0412"),
    ("we verwachten zo'n 300 bezoekers op zaterdag 14 juni op het Marktplein", "aantal_bezoekers", "300 bezoekers"),
    ("we verwachten zo'n 300 bezoekers op zaterdag 14 juni op het Marktplein", "datum", "zaterdag 14 juni"),
    ("ik heb al een zaaknummer: ON-2026-00011", "zaaknummer", "ON-2026-00011"),
    ("het feest is op de Grote Markt 1", "adres", "Grote Markt 1"),
    ("grote markt 5", "adres", "grote markt 5"),
    ("van der helststraat 112 b", "adres", "van der helststraat 112 b"),
    ("ik ben tom bos van bos techniek kvk 55667788", "bedrijfsnaam", "Bos Techniek"),
    # names typed without capitals after a tussenvoegsel, and names with a hyphen or a capital inside
    ("ik ben sanne de vries, 0612345678", "contactnaam", "Sanne de Vries"),
    ("ik ben Sanne de vries", "contactnaam", "Sanne de Vries"),
    ("mijn naam is sanne van der berg en mijn nummer is 0612345678", "contactnaam", "Sanne van der Berg"),
    ("ik ben Anne-Marie McDonald", "contactnaam", "Anne-Marie McDonald"),
    ("Ik ben Jan van de bakkerij", "contactnaam", "Jan"),  # a business, not a surname
    ("mijn naam is mehmet yilmaz niet maar", "contactnaam", "Mehmet Yilmaz"),
    ("oeps telefoonnummer is 0623456780. en naam is rob de boer", "contactnaam", "Rob de Boer"),
    # a company name typed without capitals, after words that introduce it
    ("bedrijfsnaam is schoenmakerij bakker", "bedrijfsnaam", "Schoenmakerij Bakker"),
    ("mijn zaak heet de gouden schaar en kvk 12345678", "bedrijfsnaam", "de Gouden Schaar"),
    ("bedrijf is gewoon Bakkerij De Gouden Korst", "bedrijfsnaam", "Bakkerij De Gouden Korst"),  # a correction
    ("het bedrijf heet Bakkerij Jansen", "bedrijfsnaam", "Bakkerij Jansen"),
    # a bare name right before the phone number, as people give their details in one go
    ("van dijk schoenen. kvk 12345678. henk van dijk 0612312312", "contactnaam", "Henk van Dijk"),
    ("kvk 12345678, anouk jansen, 06 12 34 56 78", "contactnaam", "Anouk Jansen"),
    ("I'm Tom Harris, +31 6 55512345, tom@example.com", "contactnaam", "Tom Harris"),
])
def test_facts_are_found_in_phone_style_messages(tekst, veld, waarde):
    assert getattr(lees(tekst), veld) == waarde


@pytest.mark.parametrize("tekst, veld", [
    ("ik ben eigenaar van een kapsalon en wil een terras", "contactnaam"),
    ("ik ben eigenaar van een kapsalon en wil een terras", "bedrijfsnaam"),
    ("ik heb al een zaaknummer: ON-2026-00011", "telefoon"),  # a case number is not a phone number
    ("we willen met Kerst een markt houden", "contactnaam"),
    ("hoi", "reden"),
    ("ik ben lid van de ondernemersvereniging", "contactnaam"),
    ("ik heb een aanslag gekregen en ik ben er echt van geschrokken", "bedrijfsnaam"),
    ("bel mij maar op 0612345678", "contactnaam"),
    ("mijn nummer is 0612345678", "contactnaam"),
    ("kunt u mij terugbellen 0612345678", "contactnaam"),
    ("liefst na 14 uur 0612345678", "contactnaam"),
    ("dat zei ik al, 0612345678", "contactnaam"),
    ("en de naam is fout, het is Lunchroom De Zonnebloem, sorry", "contactnaam"),  # a correction, not a name
    ("nee de bedrijfsnaam is fout", "bedrijfsnaam"),
    ("mijn bedrijf is te klein voor al het werk", "bedrijfsnaam"),
])
def test_nothing_is_taken_when_the_words_leave_doubt(tekst, veld):
    assert getattr(lees(tekst), veld) is None


def test_an_english_speaker_gives_a_name_too():
    assert lees("can someone call me please, my name is John Smith").contactnaam == "John Smith"


@pytest.mark.parametrize("tekst, naam", [
    ("ja prima. ik ben henk bosman 0612345678", "Henk Bosman"),
    ("nog geen, ik ben lisa vermeulen, lisa.vermeulen@example.nl", "Lisa Vermeulen"),
    ("parkpop events, kvk 77889900. ik ben daan mulder 0611223344", "Daan Mulder"),
    ("ik ben eigenaar van een snackbar 0612345678", None),
])
def test_a_name_after_ik_ben_right_before_the_number_or_address_is_taken(tekst, naam):
    """Given with the consent or the company, the number was kept and the name asked again."""
    assert lees(tekst).contactnaam == naam


def test_a_conversation_keeps_the_first_mention_and_adds_what_comes_later():
    feiten = lees_gesprek(["ik ben Sanne Bakker", "bel me op 0612345678", "nee mijn naam is Kees"])
    assert feiten.contactnaam == "Sanne Bakker"
    assert feiten.telefoon == "+31612345678"


@pytest.mark.parametrize("tekst, persoon", [
    ("kan iemand mij morgen bellen over mijn terras", True),
    ("ik wil graag iemand spreken", True),
    ("morgen gaan we al open en nog steeds niks!! kan iemand vandaag nog bellen", True),
    ("hallo, ik heb een snackbar aan de Dorpsstraat 12 en wil in de zomer een ijskar voor de deur zetten. "
     "wie kan me daarmee helpen?", True),
    ("we willen de winkel uitbreiden omdat de ruimte te klein wordt, er moet een muur uit, bellen kan op 0612345678", True),
    ("wie kan me helpen met een terras?", False),  # short: the kennisbank answers first
    ("wat kost een terrasvergunning", False),
    ("ik heb een snackbar en wil in de zomer een ijskar voor de deur zetten, wie betaalt de leges dan?", False),
    ("nee!! ik wil dat iemand mij belt", True),
    ("ja, ik wil wel gebeld worden", True),
    ("ik wil toch niet gebeld worden", False),
])
def test_vraagt_persoon(tekst, persoon):
    assert vraagt_persoon(tekst) is persoon


@pytest.mark.parametrize("tekst, datum", [
    ("wil in de zomer een ijskar voor de deur zetten", "in de zomer"),
    ("we willen rond kerst een schaatsbaan op het plein", "rond kerst"),
    ("na de zomervakantie openen we", "na de zomervakantie"),
    ("ik wil een ijskar voor de deur", None),
])
def test_a_season_or_holiday_is_a_date(tekst, datum):
    assert lees(tekst).datum == datum


@pytest.mark.parametrize("berichten, moment", [
    (["pieter de vries 0612345678 pieter@cafedehoek.nl, liefst na 14u bellen"], "na 14u bellen"),
    (["hassan el amrani 0612345678 bel maar morgenochtend"], "bel maar morgenochtend"),  # no name or number
    (["ahmet yilmaz 0612345678 s ochtends tussen 9 en 11 bereikbaar"], "s ochtends tussen 9 en 11 bereikbaar"),
    (["kan ik een terras voor 20 tafels krijgen, bel me"], None),  # a number, no time
    (["het feest begint om 20 uur"], None),  # a time, not to call
    (["kan hij dinsdag na 2 uur bellen?"], "dinsdag na 2 uur bellen"),  # the day belongs to the wish
])
def test_when_to_call_is_read_from_the_entrepreneurs_words(berichten, moment):
    assert belmoment_in(berichten) == moment


@pytest.mark.parametrize("tekst, nummer", [
    ("kan ik ook gewoon iemand bellen bij het ondernemersloket, wat is het nummer", True),
    ("wat is jullie telefoonnummer", True),
    ("hoe bereik ik de accountmanager", True),
    ("e-mailadres van het ondernemersloket?", True),
    # phone style: "telnr", and no "van" before whom
    ("telnr ondernemersloket aub", True),
    ("telefoonnummer gemeente?", True),
    ("tel nr van het loket", True),
    ("mn telnr is 0612345678, bel me", False),
    ("kan iemand mij bellen, mijn nummer is 0612345678", False),
    ("bel mij terug aub", False),
    ("hoe bereik ik jullie? ik wil graag teruggebeld worden", False),
    ("wat is het nummer, of kan iemand mij bellen", False),
])
def test_a_question_for_the_number_is_no_request_to_be_called(tekst, nummer):
    """The number is the answer (from the kennisbank, with the offer to arrange it); not the callback form."""
    assert vraagt_contactgegevens(tekst) is nummer
    assert vraagt_persoon(tekst) is not nummer


@pytest.mark.parametrize("tekst, moment", [("liever donderdagochtend", "liever donderdagochtend"),
                                           ("kan ook vrijdag na 3 uur", "kan ook vrijdag na 3 uur"),
                                           ("ik wil een terras op vrijdag", None)])
def test_a_short_wish_for_a_moment_without_a_word_for_calling(tekst, moment):
    assert kaal_moment(tekst) == moment


@pytest.mark.parametrize("tekst, bedrijf", [
    ("lunchroom de zoete inval, kerkstraat 12", "Lunchroom de Zoete Inval"),
    ("café de hoek, marktplein 3", "Café de Hoek"),
    ("bakkerij jansen, Dorpsstraat 4 in Voorbeeldstad", "Bakkerij Jansen"),
    ("ik woon op de kerkstraat 12", None),
    ("mijn winkel is dicht, kerkstraat 12", None),  # a sentence about the shop, no name
    ("ja, kerkstraat 12", None),
])
def test_a_company_named_with_the_address_is_read(tekst, bedrijf):
    """Three strangers typed "<company>, <address>" to the address question and were asked the company's name
    next: the bot had said it would only ask what was missing."""
    feiten = lees(tekst)
    assert feiten.bedrijfsnaam == bedrijf and feiten.adres is not None


def test_a_place_on_the_list_is_no_phone_number_asked():
    """"welk nummer ben ik nu" asks the entrepreneur's place on the waiting list, not the loket's number."""
    assert not vraagt_contactgegevens("ik sta al sinds 2021 op de wachtlijst, welk nummer ben ik nu?")
    assert vraagt_contactgegevens("welk nummer moet ik bellen")
