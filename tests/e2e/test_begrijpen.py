"""Understanding the entrepreneur's own words, over REST: follow-ups without repeats, a person
offered instead of a phone number, English, staff by name, two questions in one message and
natural openings. Every conversation here (and in every other e2e file) also fails when the
assistant sends a text twice (``tests/assistent.py``)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.kern.db import make_engine
from bot.zaken.models import Zaak
from tests.assistent import antwoord_tot_overdracht, antwoord_tot_stap, beantwoord_tot_overdracht, overdracht_in
from tests.e2e.conftest import custom, kennisbank_ids, teksten

pytestmark = pytest.mark.e2e


def nieuw_gesprek() -> str:
    return uuid.uuid4().hex


def stappen(berichten: list[dict]) -> list[str]:
    return [v["stap"] for v in custom(berichten, "vraag")]


def knoppen(berichten: list[dict]) -> list[dict]:
    return [k for b in berichten for k in b.get("buttons") or []]


# --- no text twice ----------------------------------------------------------------------------------


def test_a_greeting_answered_twice_is_worded_differently(assistent):
    gesprek = nieuw_gesprek()
    eerste = teksten(assistent.praat("hallo", gesprek))
    tweede = teksten(assistent.praat("hallo?", gesprek))
    assert eerste and tweede and eerste != tweede


def test_a_follow_up_the_article_does_not_cover_is_said_honestly_with_a_person_offered(assistent, artikelen):
    gesprek = nieuw_gesprek()
    assert kennisbank_ids(assistent.praat("mag ik een terras voor mijn eetcafe?", gesprek)) == ["terrasvergunning"]
    berichten = assistent.praat("ik heb al een terras, mag de buurman daar ook zijn tafels neerzetten?", gesprek)
    titel = next(a.titel for a in artikelen if a.id == "terrasvergunning")
    assert titel in teksten(berichten) and "terrasvergunning" not in kennisbank_ids(berichten)
    assert knoppen(berichten), "a person is offered"
    gevraagd = stappen(assistent.praat("ja", gesprek))
    assert gevraagd and "wat" not in gevraagd, "yes to the offer starts the handoff, without asking the question again"


@pytest.mark.parametrize("vraag", ["ik heb al een terras, ik wil bezwaar maken tegen de boete",
                                   "ik heb een brief gekregen over handhaving wat moet ik doen"])
def test_a_fine_or_a_letter_from_enforcement_is_no_permit_question_and_a_person_is_offered(assistent, vraag):
    """Enforcement at one's own business (a fine, a penalty order): what the letter means for them, and a person;
    not the permit's card, and not "that is not something the municipality does"."""
    gesprek = nieuw_gesprek()
    assistent.praat("mag ik een terras voor mijn eetcafe?", gesprek)
    berichten = assistent.praat(vraag, gesprek)
    assert not kennisbank_ids(berichten) and "brief" in teksten(berichten) and knoppen(berichten)
    gevraagd = stappen(assistent.praat("ja", gesprek))
    assert gevraagd and "wat" not in gevraagd, "yes to the offer starts the handoff, without asking the question again"


def test_no_with_the_question_said_again_is_that_question(assistent):
    """"nee dat bedoel ik niet. ..." after a card: the words after the no are the question, not lost."""
    gesprek = nieuw_gesprek()
    assert kennisbank_ids(assistent.praat("ik heb een bakkerij, wat moet ik doen met mijn afval", gesprek)) == \
        ["bedrijfsafval"]
    berichten = assistent.praat("nee dat bedoel ik niet. ze gaan de straat openbreken, 6 weken lang. klanten kunnen "
                                "er dan niet meer komen", gesprek)
    assert kennisbank_ids(berichten) == ["wegwerkzaamheden"]


@pytest.mark.parametrize("vraag", ["Ja, regel het voor mij", "nee ik wil dat iemand het voor me regelt",
                                   "ok. kan iemand dat toch uitzoeken voor mij?"])
def test_a_yes_or_no_that_asks_for_a_person_starts_the_handoff(assistent, vraag):
    gesprek = nieuw_gesprek()
    assistent.praat("ik wil een terras voor mijn cafe", gesprek)
    assert stappen(assistent.praat(vraag, gesprek)), "the handoff asks its first question"


def test_something_to_add_after_the_handoff_is_seen_by_the_medewerker(assistent):
    """"ik wil nog iets toevoegen" after the handoff: no goodbye, no second case, the medewerker sees it."""
    gesprek = nieuw_gesprek()
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, assistent.praat(
        "ik wil een reclamebord aan mijn gevel, kan iemand mij bellen?", gesprek))
    berichten = assistent.praat("ik wil nog iets toevoegen", gesprek)
    voornaam = overdracht["medewerker"]["naam"].split()[0]
    assert f"ziet {voornaam} ook" in teksten(berichten) and not custom(berichten, "overdracht")
    # what they tell then is added for the medewerker, said so, and no second handoff is offered
    berichten = assistent.praat("het bord wordt 2 meter breed en er komt verlichting in", gesprek)
    assert overdracht["zaak"] in teksten(berichten) and voornaam in teksten(berichten) and not knoppen(berichten)


def test_a_new_moment_to_be_called_after_the_handoff_is_kept_with_the_case_not_a_second_case(assistent):
    gesprek = nieuw_gesprek()
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, assistent.praat(
        "ik wil in het weekend tot 2 uur open met mijn restaurant, kan iemand mij bellen?", gesprek))
    berichten = assistent.praat("kan hij dinsdag na 2 uur bellen?", gesprek)
    assert "dinsdag na 2 uur" in teksten(berichten) and overdracht["zaak"] in teksten(berichten)
    assert not custom(berichten, "overdracht") and not custom(berichten, "vraag"), "no second handoff"
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        zaken = verbinding.execute(select(Zaak).where(Zaak.gesprek_id.contains(gesprek))).all()
    engine.dispose()
    assert [z.nummer for z in zaken] == [overdracht["zaak"]]
    assert "dinsdag na 2 uur" in zaken[0].details["belmoment"]
    # a bare moment is a wish too, and "what if he does not call" gets what happens then, not the status again
    assert "donderdagochtend" in teksten(assistent.praat("liever donderdagochtend", gesprek))
    berichten = assistent.praat("wat als hij niet belt?", gesprek)
    assert "teamleider" in teksten(berichten) and not custom(berichten, "zaak")


def test_stop_after_the_handoff_says_the_case_goes_on_and_a_withdrawal_is_marked_on_it(assistent):
    """"stop" after the handoff said the name, number and company were wiped while the case kept them, and
    "trek mijn aanvraag in" got "Goed, ik stop hiermee" while the case went on unmarked."""
    gesprek = nieuw_gesprek()
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, assistent.praat(
        "ik wil een reclamebord aan mijn gevel, kan iemand mij bellen?", gesprek))
    berichten = assistent.praat("stop", gesprek)
    assert overdracht["zaak"] in teksten(berichten) and "gewist" not in teksten(berichten)
    berichten = assistent.praat("trek mijn aanvraag maar in", gesprek)
    assert overdracht["zaak"] in teksten(berichten) and "intrekt" in teksten(berichten)
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        zaak = verbinding.execute(select(Zaak).where(Zaak.nummer == overdracht["zaak"])).one()
    engine.dispose()
    assert zaak.details["intrekken_gevraagd"]


def test_the_person_a_situation_offers_is_the_one_who_gets_the_case(assistent):
    """"Alles met de marktmeester regelen" was offered, and the case went to the centrummanager."""
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("ik wil een foodtruck beginnen", gesprek)
    [knop] = [k for k in knoppen(berichten) if k["payload"].startswith("/request_human")]
    assert "marktmeester" in knop["title"]
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, assistent.praat(knop["payload"], gesprek),
                                           {"wat": "met mijn foodtruck op vaste plekken staan",
                                            "hoe": "vanaf april, 3 dagen per week"})
    assert overdracht["medewerker"]["functie"] == "marktmeester"


def test_the_same_question_twice_gets_no_repeated_text(assistent):
    gesprek = nieuw_gesprek()
    assistent.praat("wanneer zijn de koopzondagen?", gesprek)
    berichten = assistent.praat("wanneer zijn de koopzondagen?", gesprek)  # tests/assistent.py fails on a repeat
    assert teksten(berichten).strip()


def test_follow_ups_on_one_subject_keep_answering_without_repeats(assistent, artikelen):
    gesprek = nieuw_gesprek()
    artikel = next(a for a in artikelen if a.id == "reclame")
    assistent.praat("ik wil een reclamebord aan mijn gevel hangen", gesprek)
    for vraag, veld in [("wat kost dat?", artikel.kosten), ("hoe lang duurt het?", artikel.doorlooptijd),
                        ("waar vraag ik het aan?", artikel.aanvragen), ("wat zijn de voorwaarden?", artikel.voorwaarden[0])]:
        assert veld in teksten(assistent.praat(vraag, gesprek)), vraag


# --- "nee" after an answer --------------------------------------------------------------------------


def test_no_after_an_answer_offers_a_person_or_other_words_not_the_form(assistent):
    gesprek = nieuw_gesprek()
    assistent.praat("hoe hoog is de toeristenbelasting per nacht?", gesprek)
    berichten = assistent.praat("nee", gesprek)
    assert stappen(berichten) == [], "the form does not start by itself"
    assert {k["payload"] for k in knoppen(berichten)} == {"/affirm", "/deny"}
    anders = assistent.praat("ik stel mijn vraag anders", gesprek)
    assert stappen(anders) == [] and teksten(anders).strip()
    assert kennisbank_ids(assistent.praat("wat kost een standplaats voor een foodtruck?", gesprek)) == ["standplaats"]


def test_no_then_yes_starts_the_handoff(assistent):
    gesprek = nieuw_gesprek()
    assistent.praat("hoe hoog is de toeristenbelasting per nacht?", gesprek)
    assistent.praat("iets anders", gesprek)
    assert stappen(assistent.praat("/affirm", gesprek)) == ["wat"]  # "iets anders": what then?


# --- arrange instead of redirect --------------------------------------------------------------------


@pytest.mark.parametrize(
    "vraag",
    ["kan die accountmanager mij bellen?", "kun jij een startgesprek voor me regelen, bellen lukt mij overdag niet",
     "kan iemand bij mij langskomen op de zaak?"],
)
def test_a_request_to_be_called_or_visited_is_arranged(assistent, vraag):
    berichten = assistent.praat(vraag, nieuw_gesprek())
    assert stappen(berichten) in (["wat"], ["waarom"]), teksten(berichten)  # "waarom" when the request says what
    assert "14 0123" not in teksten(berichten)


def test_an_answer_that_says_to_phone_comes_with_the_offer_to_arrange_it(assistent):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("ik wil graag dat de gemeente een keer bij mijn bedrijf op bezoek komt", gesprek)
    assert kennisbank_ids(berichten) == ["bedrijfsbezoek"]
    gevraagd = stappen(assistent.praat("ja graag", gesprek))
    assert gevraagd and "wat" not in gevraagd


# --- English ----------------------------------------------------------------------------------------


def test_an_english_speaker_is_handed_off_in_english_and_the_case_is_marked_english(assistent):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("Hello, can someone call or email me?", gesprek)
    assert stappen(berichten) == ["wat"] and "What would you like to achieve?" in teksten(berichten)
    antwoorden = {"wat": "I want to open a small coffee bar with a terrace",
                  "waarom": "I just moved here from Canada and have a business plan",
                  "hoe": "next spring, in the city centre", "adres": "Markt 3", "toestemming": "yes",
                  "bedrijf": "nog geen", "contact": "Emma Brown, emma@example.com"}
    teksten_en = []
    for _ in range(10):
        berichten = assistent.praat(antwoorden[stappen(berichten)[-1]], gesprek)
        teksten_en.append(teksten(berichten))
        if stappen(berichten) == ["bevestiging"]:
            break
    assert "Is this right?" in teksten_en[-1]
    assert any("May the municipality" in t or "Is it all right" in t for t in teksten_en)
    berichten = assistent.praat("/affirm", gesprek)
    [overdracht] = custom(berichten, "overdracht")
    assert overdracht["taal"] == "en" and "in English" in teksten(berichten)
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        zaak = verbinding.execute(select(Zaak).where(Zaak.nummer == overdracht["zaak"])).one()
    engine.dispose()
    assert "Engels" in (zaak.samenvatting or "") or (zaak.details or {}).get("taal") == "Engels"


def test_an_english_speaker_corrects_names_at_the_summary_and_stays_in_english_after_the_handoff(assistent):
    """A stranger's conversation: the company became "Bean There Roasters already registered at", "company name is
    just ..." asked for the name and phone, "I already gave that?? Mark ..." became the name, a correction of the
    name got no text at all, and after the handoff a question about smell got the greeting and Dutch replies."""
    gesprek = nieuw_gesprek()
    berichten = antwoord_tot_stap(assistent, gesprek, assistent.praat(
        "hi, sorry my dutch is bad. I want to open a small coffee roastery. can someone call me? english please",
        gesprek), "bevestiging", {"hoe": "around summer, a unit of 80m2 on an industrial estate", "toestemming": "yes fine",
                                  "bedrijf": "Bean There Roasters, already registered at kvk: 91827364",
                                  "contact": "I already gave that?? Mark Thompson +31 6 29384756"})
    assert "registered" not in teksten(berichten) and "Already" not in teksten(berichten)
    for correctie in ("company name is just Bean There Roasters", "my name is wrong. its Mark Thompson only"):
        berichten = assistent.praat(correctie, gesprek)
        assert teksten(berichten).strip(), f"no text after {correctie!r}"
        assert stappen(berichten) == ["bevestiging"], "the summary again, nothing asked anew"
    assert "Bean There Roasters" in teksten(berichten) and "Mark Thompson, +31629384756" in teksten(berichten)
    overdracht = overdracht_in(assistent.praat("yes", gesprek))
    berichten = assistent.praat("thanks. meanwhile, do I need a permit for the roaster? it makes some smoke and smell",
                                gesprek)
    assert kennisbank_ids(berichten) == ["milieu-melding"]
    berichten = assistent.praat("ok what else", gesprek)
    assert overdracht["zaak"] in teksten(berichten) and "Daar" not in teksten(berichten) and "Sorry" not in teksten(berichten)


def test_an_english_question_gets_a_short_english_answer_and_an_offer(assistent):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("Do I need a permit for a terrace at my restaurant?", gesprek)
    assert kennisbank_ids(berichten) == ["terrasvergunning"]
    kaart = next(b["custom"]["kennisbank"] for b in berichten if "kennisbank" in (b.get("custom") or {}))
    assert kaart["taal"] == "en" and "terrace permit" in teksten(berichten) and "Wilt u" not in teksten(berichten)
    assert any(k["payload"] == "/request_human" for k in knoppen(berichten))
    # the costs in English too
    berichten = assistent.praat("how much does it cost?", gesprek)
    assert "€175" in teksten(berichten) and "Een nieuwe terrasvergunning" not in teksten(berichten)


# --- staff by name ----------------------------------------------------------------------------------


def test_a_medewerker_asked_for_by_name_is_offered_and_gets_the_case(assistent):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("kan ik Joost van Dijk spreken?", gesprek)
    assert "Joost van Dijk" in teksten(berichten)
    assert stappen(berichten) == ["wat"]
    # a terrace is another team's subject: someone of that team gets it, and the entrepreneur hears why
    laatste = antwoord_tot_overdracht(assistent, gesprek, berichten, {
        "wat": "een terras voor mijn cafe aan de markt", "waarom": "meer klanten in de zomer", "adres": "Markt 3",
        "hoe": "vanaf april, acht tafels", "bedrijf": "Cafe De Hoek, KvK 12345678", "contact": "Ria de Wit, ria@dehoek.nl"})
    [overdracht] = custom(laatste, "overdracht")
    assert overdracht["medewerker"]["naam"] != "Joost van Dijk"
    assert "U vroeg naar Joost van Dijk" in teksten(laatste) and overdracht["medewerker"]["naam"] in teksten(laatste)


def test_a_medewerker_asked_for_by_name_gets_a_question_of_their_own_team(assistent):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("kan ik Joost van Dijk spreken?", gesprek)
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, berichten, {
        "wat": "ik wil een dakkapel op mijn winkelpand aan de Kerkstraat 12 bouwen", "waarom": "meer ruimte",
        "bouw_adres": "Kerkstraat 12", "bouw_wijziging": "een dakkapel", "hoe": "in mei",
        "bedrijf": "Bakkerij Bol, KvK 12345678", "contact": "Ria de Wit, ria@dehoek.nl"})
    assert overdracht["medewerker"]["naam"] == "Joost van Dijk"


def test_a_first_name_with_a_typo_is_recognised(assistent):
    berichten = assistent.praat("is mehmed er, kan ik hem even spreken", nieuw_gesprek())
    assert "Mehmet Yılmaz" in teksten(berichten) and stappen(berichten) == ["wat"]


# --- two questions in one message -------------------------------------------------------------------


def test_two_questions_in_one_message_get_both_parts(assistent, artikelen):
    artikel = next(a for a in artikelen if a.id == "terrasvergunning")
    berichten = assistent.praat("ik wil een terras bij mijn cafe, heb ik een vergunning nodig en hoe lang duurt dat?",
                                nieuw_gesprek())
    [kaart] = custom(berichten, "kennisbank")
    assert kaart["id"] == "terrasvergunning" and kaart["onderdelen"] == ["kort", "doorlooptijd"]
    assert artikel.kort_antwoord in teksten(berichten) and artikel.doorlooptijd in teksten(berichten)


def test_two_subjects_in_one_message_answer_one_and_offer_the_other(assistent):
    berichten = assistent.praat("wat kost een terrasvergunning? en hoe zit het met toeristenbelasting voor mijn b&b?",
                                nieuw_gesprek())
    [eerste] = kennisbank_ids(berichten)
    ander = ({"terrasvergunning", "toeristenbelasting"} - {eerste}).pop()
    assert any(ander in k["payload"] for k in knoppen(berichten))


# --- natural openings -------------------------------------------------------------------------------


def test_a_natural_opening_gets_the_situation_not_no_answer(assistent):
    berichten = assistent.praat("hoi ik wil een cafeetje beginnen in de binnenstad wat heb ik allemaal nodig",
                                nieuw_gesprek())
    assert custom(berichten, "situatie") and custom(berichten, "keuzes")
    assert "geen goed antwoord" not in teksten(berichten)


@pytest.mark.parametrize("vraag, situatie_id", [
    # a business of a kind no situation names: the general list, and one person who helps a starter
    ("wil ff n wasstraat voor autos openen op het industrieterrein, waar moet ik aan denken", "bedrijf-beginnen"),
    ("Na veertig jaar sluiten wij eind dit jaar onze kledingzaak. Wat moet ik bij jullie stopzetten?", "bedrijf-stoppen"),
])
def test_a_plan_no_situation_names_or_stopping_gets_a_list_and_one_person(assistent, vraag, situatie_id):
    berichten = assistent.praat(vraag, nieuw_gesprek())
    [situatie] = custom(berichten, "situatie")
    assert situatie["id"] == situatie_id and situatie["coordinator"] and len(custom(berichten, "keuzes")[0]) >= 2
    assert not kennisbank_ids(berichten)


def test_stopping_a_failing_business_is_a_question_not_the_end_of_the_conversation(assistent):
    """"ik stop ermee" alone ends the conversation; with why the business stops, it asks for help with that."""
    berichten = assistent.praat("ik stop ermee, de zaak loopt niet meer en ik zit met schulden", nieuw_gesprek())
    assert "ik stop hiermee" not in teksten(berichten).lower()
    assert kennisbank_ids(berichten) or custom(berichten, "situatie")


def test_a_question_full_of_typos_gets_the_card_its_words_meant(assistent):
    berichten = assistent.praat("moet ik een vergunnign voor verbouwnig van mn garagebedrjf er moet een draagmuur uit",
                                nieuw_gesprek())
    assert kennisbank_ids(berichten) == ["omgevingsvergunning-bouwen"]


def test_starting_for_oneself_gets_the_starters_article_not_the_general_list(assistent):
    berichten = assistent.praat("ik wil voor mezelf beginnen maar waar begin ik", nieuw_gesprek())
    assert kennisbank_ids(berichten) == ["bedrijf-starten"] and not custom(berichten, "situatie")


def test_a_follow_up_right_after_a_situation_is_about_its_main_article(assistent):
    gesprek = nieuw_gesprek()
    [situatie] = custom(assistent.praat("ik wil een evenement organiseren in het park, wat moet ik allemaal regelen",
                                        gesprek), "keuzes")
    [kaart] = custom(assistent.praat("hoeveel kost die vergunning?", gesprek), "kennisbank")
    assert kaart["id"] == situatie[0]["id"] and kaart["onderdeel"] == "kosten"


def test_a_follow_up_after_a_situation_that_names_a_listed_article_is_answered_from_it(assistent):
    gesprek = nieuw_gesprek()
    [situatie] = custom(assistent.praat("ik verhuur het tuinhuis achter mijn huis via airbnb", gesprek), "keuzes")
    [kaart] = custom(assistent.praat("hoe doe ik daar aangifte van", gesprek), "kennisbank")
    assert "toeristenbelasting" in [k["id"] for k in situatie]
    assert kaart["id"] == "toeristenbelasting" and kaart["onderdeel"] == "aanvragen"


def test_a_follow_up_in_the_entrepreneurs_own_words_gets_the_part_it_asks_for(assistent):
    gesprek = nieuw_gesprek()
    assert kennisbank_ids(assistent.praat("ik open binnenkort een wijnbar, heb ik een drankvergunning nodig?",
                                          gesprek)) == ["alcoholvergunning"]
    [kaart] = custom(assistent.praat("wat moet ik daar allemaal voor hebben", gesprek), "kennisbank")
    assert kaart["id"] == "alcoholvergunning" and kaart["onderdeel"] == "voorwaarden"


@pytest.mark.parametrize("eerste, vervolg, onderwerp, onderdeel", [
    # the NLU hears a status question: without a case in the conversation it is about the subject
    ("ik neem een cafe over en moet een nieuwe exploitatievergunning", "wanneer hoor ik of ik hem krijg",
     "exploitatievergunning", "doorlooptijd"),
    # the NLU hears a goodbye: a question word first makes it a question
    ("ik wil live muziek in mijn kroeg op koningsdag, heb ik een ontheffing nodig voor het geluid",
     "tot hoe hard mag het dan", "geluid-ontheffing", None),
    # "leges" is a glossary term, but after a card it asks that subject's costs
    ("Mag ik met mijn foodtruck op een vaste plek staan?", "wat zijn de leges", "standplaats", "kosten"),
    # the NLU hears out of scope: the site to apply on is the part on how to apply
    ("Moet ik brandveiligheid regelen voor mijn zaal van 100 personen?", "via welke site moet dat",
     "brandveilig-gebruik", "aanvragen"),
])
def test_a_short_follow_up_the_nlu_takes_for_something_else_stays_with_the_subject(assistent, eerste, vervolg,
                                                                                    onderwerp, onderdeel):
    gesprek = nieuw_gesprek()
    assert kennisbank_ids(assistent.praat(eerste, gesprek)) == [onderwerp]
    berichten = assistent.praat(vervolg, gesprek)
    [kaart] = custom(berichten, "kennisbank")
    assert kaart["id"] == onderwerp and kaart["onderdeel"] != "kort"
    assert onderdeel is None or kaart["onderdeel"] == onderdeel


def test_a_question_for_another_organisation_names_it_instead_of_a_card(assistent):
    berichten = assistent.praat("hoe doe ik de btw aangifte voor mijn eenmanszaak?", nieuw_gesprek())
    assert not kennisbank_ids(berichten) and "Belastingdienst" in teksten(berichten)


def test_debts_with_the_tax_office_get_the_tax_office_and_a_person_of_the_debt_help(assistent):
    """An old shopkeeper behind with the rent and the VAT: the Belastingdienst for the VAT, and with care the offer
    of a person of the debt help, who gets the case when accepted."""
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("goedendag ik ben 71 en heb nog mijn fietsenzaak maar het gaat niet best en ik heb "
                                "achterstand met de huur en de btw en mijn dochter zegt dat de gemeente misschien kan "
                                "helpen", gesprek)
    assert "Belastingdienst" in teksten(berichten) and "/affirm" in [k["payload"] for k in knoppen(berichten)]
    stappen = custom(assistent.praat("ja graag", gesprek), "vraag")
    assert stappen and stappen[0]["onderwerp"] == "schuldhulp-ondernemers"


@pytest.mark.parametrize("vraag, onderwerp", [
    # the NLU hears a goodbye in "later"
    ("Ik wil in het weekend later dicht dan 1 uur", "sluitingstijden"),
    # the NLU hears a request for a person in "iemand": hiring someone, no contact asked for
    ("Ik heb een groentezaak en wil graag iemand met een beperking een kans geven. Ik kan alleen niet het volle loon "
     "betalen zolang hij nog niet alles kan. Wat zijn de mogelijkheden?", "personeel"),
])
def test_a_question_the_nlu_takes_for_a_goodbye_or_a_request_for_a_person_is_answered(assistent, vraag, onderwerp):
    berichten = assistent.praat(vraag, nieuw_gesprek())
    assert kennisbank_ids(berichten) == [onderwerp] and not custom(berichten, "vraag")


def test_an_organisation_only_named_gives_way_to_the_article_that_answers(assistent):
    # the NLU takes it for out of scope; the KVK is only named, and starting a business covers registering
    berichten = assistent.praat("kvk inschrijven hoe?", nieuw_gesprek())
    assert kennisbank_ids(berichten) == ["bedrijf-starten"]


def test_an_angry_message_about_road_works_is_acknowledged_and_answered(assistent):
    berichten = assistent.praat("dit is echt belachelijk!! al weken ligt de straat voor mijn winkel open en "
                                "niemand kan er meer in", nieuw_gesprek())
    assert "geen goed antwoord" not in teksten(berichten)
    assert kennisbank_ids(berichten) == ["wegwerkzaamheden"] or any(
        k["payload"] in ("/affirm", "/request_human") for k in knoppen(berichten))


def test_a_question_without_a_sure_answer_gets_the_subjects_it_may_be_about_and_yes_answers_it(assistent):
    """No dead end: a subject that may be meant is offered (with a person), and "ja" takes it."""
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("stoeltjes", gesprek)  # too weak for a card, and the meaning only confirms
    [keuzes] = custom(berichten, "keuzes")
    assert not kennisbank_ids(berichten) and "terrasvergunning" in [k["id"] for k in keuzes]
    assert any(k["payload"] == "/request_human" for k in knoppen(berichten)), "a person stays one tap away"
    if len(keuzes) == 1:
        assert kennisbank_ids(assistent.praat("ja", gesprek)) == ["terrasvergunning"], "yes takes the one subject"


def test_yes_to_a_choice_of_several_subjects_asks_which_and_no_offers_other_help(assistent):
    gesprek = nieuw_gesprek()
    keuzes = custom(assistent.praat("alcohol", gesprek), "keuzes")[0]
    assert len(keuzes) >= 2
    ja = assistent.praat("ja", gesprek)
    assert teksten(ja) and not kennisbank_ids(ja) and "Fijn" not in teksten(ja), "no 'glad I could help' to a choice"
    assert [k["title"] for k in knoppen(ja)][:len(keuzes)] == [k["titel"] for k in keuzes], "'tik op een knop' with them"
    nee = assistent.praat("nee", gesprek)
    assert teksten(nee) and not stappen(nee), "no: a person or other words are offered, not the form"


def test_a_number_or_ordinal_after_a_list_picks_that_subject(assistent):
    gesprek = nieuw_gesprek()
    [keuzes] = custom(assistent.praat("ik wil een foodtruck beginnen", gesprek), "keuzes")
    assert kennisbank_ids(assistent.praat("2", gesprek)) == [keuzes[1]["id"]]
    gesprek = nieuw_gesprek()
    [keuzes] = custom(assistent.praat("ik wil een cafe openen in het centrum", gesprek), "keuzes")
    assert kennisbank_ids(assistent.praat("de eerste", gesprek)) == [keuzes[0]["id"]]


def test_a_question_after_a_no_is_answered_not_lost(assistent):
    gesprek = nieuw_gesprek()
    assert kennisbank_ids(assistent.praat("wat kost de ozb voor mijn bedrijfspand", gesprek)) == ["ozb-woz"]
    berichten = assistent.praat("nee dank u. kan ik het wel in termijnen betalen?", gesprek)
    assert kennisbank_ids(berichten) == ["ozb-woz"] or "ozb" in teksten(berichten).lower()


def test_a_subject_said_not_to_be_meant_makes_way_for_the_one_named(assistent):
    gesprek = nieuw_gesprek()
    # ("een standplaats op de markt" is the market's: its meaning is the market's more clearly than the stand's)
    assert kennisbank_ids(assistent.praat("wat kost een standplaatsvergunning", gesprek)) == ["standplaats"]
    berichten = assistent.praat("het gaat niet over standplaats!! bedrijf aan huis", gesprek)
    assert kennisbank_ids(berichten) == ["bedrijf-aan-huis"]


def test_a_subject_said_not_to_be_meant_after_a_list_is_not_taken_from_the_list(assistent):
    gesprek = nieuw_gesprek()
    [situatie] = custom(assistent.praat("ik wil een standplaats voor mijn koffiekar bij het station", gesprek), "keuzes")
    assert "standplaats" in [k["id"] for k in situatie]
    berichten = assistent.praat("het gaat niet over standplaats!! bedrijf aan huis", gesprek)
    assert kennisbank_ids(berichten) == ["bedrijf-aan-huis"]


def test_one_word_several_subjects_share_gets_a_choice(assistent):
    berichten = assistent.praat("vraagje over belasting", nieuw_gesprek())
    assert kennisbank_ids(berichten) == []
    assert {"toeristenbelasting", "ozb-woz"} <= {k["id"] for keuzes in custom(berichten, "keuzes") for k in keuzes}


def test_when_one_will_be_called_after_a_handoff_repeats_the_promise(assistent):
    gesprek = nieuw_gesprek()
    berichten = assistent.praat("kan iemand mij bellen over een terras bij mijn café", gesprek)
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, berichten)
    berichten = assistent.praat("hoe lang duurt het voor ik gebeld word?", gesprek)
    assert [z["nummer"] for z in custom(berichten, "zaak")] == [overdracht["zaak"]]
    assert kennisbank_ids(berichten) == []  # not the permit's decision time


def test_a_no_that_negates_the_subject_answered_asks_what_is_meant_once(assistent):
    """"nee we willen geen bedrijf starten!" after the starter's card: what they plan, not what the card does not
    say, and no "Sorry, dat begreep ik niet" after it."""
    gesprek = nieuw_gesprek()
    assert kennisbank_ids(assistent.praat("ik wil een bedrijf starten", gesprek)) == ["bedrijf-starten"]
    berichten = assistent.praat("nee we willen geen bedrijf starten!", gesprek)
    assert not kennisbank_ids(berichten) and len([b for b in berichten if b.get("text")]) == 1
    assert "Een bedrijf starten" not in teksten(berichten) and "begreep ik niet" not in teksten(berichten)
