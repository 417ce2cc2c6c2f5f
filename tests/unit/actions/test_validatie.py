"""``validate_vraag_form``: the questions asked per kind of case, and what counts as an answer."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.overdracht.antwoorden import alleen_gegevens, rest_tekst
from actions.overdracht.validatie import ValidateVraagForm
from tests.unit.actions.hulp import tracker

NA_INHOUD = ["toestemming", "bedrijf", "contact", "bevestiging"]


def gevraagd(onderwerp: str | None, **slots) -> list[str]:
    t = tracker("", onderwerp=onderwerp, slots=slots)
    return asyncio.run(ValidateVraagForm().required_slots([], CollectingDispatcher(), t, {}))


def test_the_questions_follow_the_kind_of_case_and_consent_comes_before_personal_details():
    assert gevraagd(None) == ["wat", "waarom", "hoe", *NA_INHOUD]
    assert gevraagd("evenementenvergunning") == ["wat", "detail", *NA_INHOUD]
    assert gevraagd("factuur") == ["wat", "detail", *NA_INHOUD]
    assert gevraagd("schuldhulp-ondernemers") == ["detail", *NA_INHOUD]  # gently: what is going on, what would help
    assert gevraagd("ozb-woz") == ["wat", "detail", *NA_INHOUD]  # which tax bill, not "how and when"
    assert gevraagd("wegwerkzaamheden") == ["wat", "detail", *NA_INHOUD]  # where the road works are
    assert gevraagd(None, toestemming=False) == ["wat", "waarom", "hoe", "toestemming"]
    # a complaint whose case was not found asks nothing new: the complaint is the question
    assert gevraagd(None, klacht="er heeft niemand gebeld") == NA_INHOUD
    assert gevraagd(None, wil_aanpassen=True)[-2:] == ["aanpassen", "bevestiging"]


def test_the_kind_specific_questions_end_when_each_is_answered():
    allemaal = {"factuurnummer": "F-2026-118", "factuurdatum": "3 oktober"}
    assert "detail" not in gevraagd("factuur", details=allemaal)
    assert "detail" in gevraagd("factuur", details={"factuurnummer": "F-2026-118"})


def valideer(slot: str, tekst: str, **slots) -> tuple[dict, list]:
    dispatcher = CollectingDispatcher()
    t = tracker(tekst, slots={"requested_slot": slot, **slots})
    uitkomst = getattr(ValidateVraagForm(), f"validate_{slot}")(tekst, dispatcher, t, {})
    return uitkomst, [b.get("response") or b.get("text") for b in dispatcher.messages]


@pytest.mark.parametrize("waarde, verwacht, response", [
    ("x", {"wat": None}, "utter_iets_meer"),
    ("  een terras  ", {"wat": "een terras"}, None),
])
def test_an_open_answer_needs_a_few_words(waarde, verwacht, response):
    assert valideer("wat", waarde) == (verwacht, [response] if response else [])


@pytest.mark.parametrize("vraag", ["wat bedoel je??", "hoe bedoelt u", "?", "snap de vraag niet", "wat moet ik hier invullen"])
def test_a_question_about_the_question_gets_an_explanation_and_is_never_the_answer(vraag):
    assert valideer("waarom", vraag) == ({"waarom": None}, ["utter_uitleg_waarom"])


def test_a_case_number_or_phone_number_is_no_answer_to_why():
    assert valideer("waarom", "ik heb al een zaaknummer: ON-2026-00011") == ({"waarom": None}, ["utter_genoteerd"])
    assert valideer("hoe", "0612345678") == ({"hoe": None}, ["utter_genoteerd"])
    assert alleen_gegevens("mijn kvk is 12345678")
    assert not alleen_gegevens("we willen in maart open, bel 0612345678")


def test_a_name_alone_is_noted_and_is_no_answer_to_what():
    assert valideer("wat", "mijn naam is Sanne de Vries") == ({"wat": None}, ["utter_genoteerd"])
    assert valideer("wat", "ik ben Jan, ik wil een terras bij mijn café") == (
        {"wat": "ik ben Jan, ik wil een terras bij mijn café"}, [])


@pytest.mark.parametrize("vraag", ["hoe lang duurt het voor ik gebeld word?", "binnen hoeveel dagen belt hij?",
                                   "wanneer hoor ik iets?",
                                   # typed on a phone, without the question mark
                                   "wanneer word ik nou gebeld", "hoe snel belt die accountmanager",
                                   "en binnen hoeveel dagen krijg ik een reactie"])
def test_a_question_about_the_handoff_is_answered_and_the_question_stays(vraag):
    assert valideer("waarom", vraag) == ({"waarom": None}, ["utter_verloop_overdracht"])
    uitkomst, berichten = valideer("detail", vraag, onderwerp="factuur", detail_stap="factuurnummer")
    assert uitkomst["details"] == {} and berichten == ["utter_verloop_overdracht"]


@pytest.mark.parametrize("vraag, response", [
    ("je geeft geen antwoord, moet ik betalen voor dat gesprek?", "utter_overdracht_gratis"),
    ("kost dat gesprek geld?", "utter_overdracht_gratis"),
    ("moet ik betalen voor dat gesprek", "utter_overdracht_gratis"),
    ("moet ik dan ook een tekening maken?", "utter_vraag_tijdens_formulier"),
])
def test_a_question_of_ones_own_in_the_middle_is_no_answer(vraag, response):
    assert valideer("hoe", vraag) == ({"hoe": None}, [response])


@pytest.mark.parametrize("antwoord", ["kan ik nog niet zeggen", "wanneer ik antwoord heb van de bank",
                                      "hoe eerder hoe beter, als de bank belt"])
def test_an_answer_shaped_like_a_question_without_its_mark_is_still_an_answer(antwoord):
    assert valideer("hoe", antwoord) == ({"hoe": antwoord}, [])


def test_at_the_first_question_a_question_is_the_answer():
    assert valideer("wat", "mag ik een terras voor mijn zaak?") == ({"wat": "mag ik een terras voor mijn zaak?"}, [])
    # and at what would help: asking for a payment plan is what would help
    uitkomst, berichten = valideer("detail", "kan ik uitstel van betaling krijgen?", onderwerp="schuldhulp-ondernemers",
                                   detail_stap="wat_helpt")
    assert uitkomst["details"] == {"wat_helpt": "kan ik uitstel van betaling krijgen?"} and berichten == []


def test_stop_while_the_first_question_is_asked_fills_nothing_so_the_questions_stop():
    """Without a subject the answer to "wat" names one; a stop must not, or Rasa would not reject the form."""
    t = tracker("laat maar, ik zoek het zelf wel uit", "stop", slots={"requested_slot": "wat"})
    assert asyncio.run(ValidateVraagForm().run(CollectingDispatcher(), t, {})) == []


def test_the_facts_of_a_message_fill_what_is_still_open_and_are_kept_for_what_they_are():
    t = tracker("ik heb al een zaaknummer: ON-2026-00011, bel me op 0612345678",
                slots={"requested_slot": "waarom", "contactnaam": "Ans de Vries"})
    gezet = ValidateVraagForm.feiten_van_bericht(t)
    assert gezet["eerder_zaaknummer"] == "ON-2026-00011"
    assert gezet["telefoon"] == "+31612345678"
    assert gezet["contact"] == "Ans de Vries, +31612345678"
    assert "waarom" not in gezet


def test_see_above_takes_what_was_said_before():
    dispatcher = CollectingDispatcher()
    t = tracker("zie hierboven", slots={"requested_slot": "waarom"})
    t.events.insert(0, {"event": "user", "text": "we willen de zaak uitbreiden omdat we te weinig ruimte hebben",
                        "parse_data": {"intent": {"name": "ask_question"}}})
    uitkomst = ValidateVraagForm().validate_waarom("zie hierboven", dispatcher, t, {})
    assert uitkomst == {"waarom": "omdat we te weinig ruimte hebben"}
    assert dispatcher.messages[0]["response"] == "utter_al_verteld"


def test_a_kind_specific_answer_is_kept_without_a_remark_about_the_conversation():
    uitkomst, _ = valideer("detail", "dat zei ik toch al?? 2026-0412", onderwerp="factuur", detail_stap="factuurnummer")
    assert uitkomst["details"] == {"factuurnummer": "2026-0412"}


def test_a_kind_specific_answer_is_kept_under_its_own_step():
    uitkomst, _ = valideer("detail", "het is factuur F-2026-118", onderwerp="factuur", detail_stap="factuurnummer")
    assert uitkomst == {"details": {"factuurnummer": "F-2026-118"}, "detail": None, "detail_stap": None}
    uitkomst, _ = valideer("detail", "3 oktober", onderwerp="factuur", detail_stap="factuurdatum",
                           details={"factuurnummer": "F-2026-118"})
    assert uitkomst["details"] == {"factuurnummer": "F-2026-118", "factuurdatum": "3 oktober"}
    assert uitkomst["detail"] == "beantwoord"


@pytest.mark.parametrize("waarde, verwacht, response", [
    ("ik heb nog geen bedrijf", {"bedrijf": "nog geen bedrijf", "bedrijfsnaam": None, "kvk_nummer": None}, None),
    ("not yet", {"bedrijf": "nog geen bedrijf", "bedrijfsnaam": None, "kvk_nummer": None}, None),  # as the English question says
    ("Café De Hoek, KvK 12345678", {"bedrijf": "Café De Hoek, KvK 12345678", "bedrijfsnaam": "Café De Hoek",
                                    "kvk_nummer": "12345678"}, None),
    ("KvK 12345", {"bedrijf": None, "bedrijfsnaam": None}, "utter_kvk_ongeldig"),
    # a number too short is asked again, and the name given with it is kept for then
    ("cafetaria de gouden frik, kvk 8765432", {"bedrijf": None, "bedrijfsnaam": "cafetaria de gouden frik"},
     "utter_kvk_ongeldig"),
    # not registered yet, with the name it will have
    ("nog geen, wordt Knipperij Lisa", {"bedrijf": "Knipperij Lisa", "bedrijfsnaam": "Knipperij Lisa",
                                       "kvk_nummer": None}, None),
    ("starter, het wordt iets met bloemen", {"bedrijf": "nog geen bedrijf", "bedrijfsnaam": None, "kvk_nummer": None},
     None),
    ("E-Fiets Dokter, kvk nummer heb ik nog niet bij de hand", {"bedrijf": "E-Fiets Dokter",
                                                               "bedrijfsnaam": "E-Fiets Dokter", "kvk_nummer": None}, None),
    ("...", {"bedrijf": None}, "utter_bedrijf_onduidelijk"),
    # a name without a KvK number yet: the name kept, not "no company" (and "not" is never dropped from it)
    ("Bean There Coffee, not registered at the chamber of commerce yet",
     {"bedrijf": "Bean There Coffee", "bedrijfsnaam": "Bean There Coffee", "kvk_nummer": None}, None),
    ("bakkerij de gouden korst, nog geen kvk", {"bedrijf": "bakkerij de gouden korst",
                                                "bedrijfsnaam": "bakkerij de gouden korst", "kvk_nummer": None}, None),
    # the person's own name and number given along are no part of the company's name
    ("van dijk schoenen. kvk 12345678. henk van dijk 0612312312",
     {"bedrijf": "van dijk schoenen, KvK 12345678", "bedrijfsnaam": "van dijk schoenen", "kvk_nummer": "12345678"}, None),
])
def test_the_company_is_a_name_or_a_kvk_number(waarde, verwacht, response):
    assert valideer("bedrijf", waarde) == (verwacht, [response] if response else [])


def test_the_number_asked_again_goes_with_the_name_given_before():
    uitkomst, _ = valideer("bedrijf", "87654321", bedrijfsnaam="cafetaria de gouden frik")
    assert uitkomst == {"bedrijf": "cafetaria de gouden frik, KvK 87654321", "bedrijfsnaam": "cafetaria de gouden frik",
                        "kvk_nummer": "87654321"}


def test_contact_details_over_several_messages_are_combined():
    assert valideer("contact", "Ans de Vries") == ({"contact": None, "contactnaam": "Ans de Vries"},
                                                   ["utter_nummer_ontbreekt"])
    assert valideer("contact", "0612345678", contactnaam="Ans de Vries") == (
        {"contact": "Ans de Vries, +31612345678", "contactnaam": "Ans de Vries", "telefoon": "+31612345678",
         "email": None}, [])
    assert valideer("contact", "0612345678") == ({"contact": None, "telefoon": "+31612345678", "email": None},
                                                 ["utter_naam_ontbreekt"])
    assert valideer("contact", "...") == ({"contact": None, "contactnaam": None}, ["utter_contact_ongeldig"])
    # "dat zei ik al", "bel me maar", "pls", a time to call: no part of the name
    assert valideer("contact", "dat zei ik al Sanne de Vries 0612345678")[0]["contactnaam"] == "Sanne de Vries"
    assert valideer("contact", "mehmet yilmaz, bel me maar 0612345678")[0]["contactnaam"] == "Mehmet Yilmaz"
    assert valideer("contact", "carlos mendes, 0612345678, prefer email pls")[0]["contactnaam"] == "Carlos Mendes"
    assert valideer("contact", "ZEI IK AL. ahmed 0612341234")[0]["contactnaam"] == "Ahmed"
    # what comes after the number (when to call) is no part of the name before it
    assert valideer("contact", "Tom Bakker, 0623456789. liefst dinsdag of woensdag volgende week")[0]["contactnaam"] \
        == "Tom Bakker"
    assert valideer("contact", "Sarah Miller, sarah@voorbeeld.nl - please email me, don't call, I'm in meetings all day"
                    )[0]["contactnaam"] == "Sarah Miller"
    assert valideer("contact", "010-4567890 na 2 uur", contactnaam="Piet Jansen")[0]["contact"] == "Piet Jansen, +31104567890"
    # a time to be called, "gewoon" or English filler words are no part of it either
    for tekst, naam in [("pieter de vries 0612345678 pieter@cafedehoek.nl, liefst na 14u bellen", "Pieter de Vries"),
                        ("hassan el amrani 0612345678 bel maar morgenochtend", "Hassan el Amrani"),
                        ("ahmet yilmaz 0612345678 s ochtends tussen 9 en 11 bereikbaar", "Ahmet Yilmaz"),
                        ("my name is NOT hello. Sarah O'Connor, just email me then sarah@example.com", "Sarah O'Connor")]:
        assert valideer("contact", tekst)[0]["contactnaam"] == naam, tekst


def test_a_kvk_number_alone_leaves_the_company_name_to_be_asked_and_is_kept():
    t = tracker("ik heb kvk 55667788", slots={"requested_slot": "waarom"})
    gezet = ValidateVraagForm.feiten_van_bericht(t)
    assert gezet["kvk_nummer"] == "55667788" and "bedrijf" not in gezet
    uitkomst, _ = valideer("bedrijf", "cafetaria het station", kvk_nummer="55667788")
    assert uitkomst == {"bedrijf": "cafetaria het station, KvK 55667788", "bedrijfsnaam": "cafetaria het station",
                        "kvk_nummer": "55667788"}


def test_refusing_consent_drops_the_personal_details_read_from_the_conversation():
    t = tracker("nee", "deny", slots={"requested_slot": "toestemming", "telefoon": "+31612345678"})
    uitkomst = ValidateVraagForm().validate_toestemming(False, CollectingDispatcher(), t, {})
    assert uitkomst["toestemming"] is False
    assert all(uitkomst[slot] is None for slot in ("telefoon", "email", "contactnaam", "bedrijfsnaam", "kvk_nummer"))


def bevestig_niet(tekst: str, **slots) -> dict:
    t = tracker(tekst, "deny", slots={"requested_slot": "bevestiging", **slots})
    return ValidateVraagForm().validate_bevestiging(False, CollectingDispatcher(), t, {})


@pytest.mark.parametrize("tekst, intent", [("nee, mijn nummer is 06 87654321", "deny"),
                                           ("bellen mag ook op 06 87654321", "affirm")])
def test_a_correction_or_addition_at_the_summary_changes_only_that_part(tekst, intent):
    slots = {"requested_slot": "bevestiging", "contactnaam": "Ans de Vries", "telefoon": "+31612345678",
             "wat": "een terras"}
    uitkomst = ValidateVraagForm.feiten_van_bericht(tracker(tekst, intent, slots=slots))
    assert uitkomst["telefoon"] == "+31687654321"
    assert uitkomst["contact"] == "Ans de Vries, +31687654321"
    assert uitkomst["bevestiging"] is None and "wat" not in uitkomst


def test_what_it_is_about_said_again_at_the_summary_replaces_what_they_want():
    """The subject changed at the summary was lost: only the company in the same message was taken."""
    slots = {"requested_slot": "bevestiging", "wat": "een container voor de deur", "bedrijfsnaam": "Jansen"}
    uitkomst = ValidateVraagForm.feiten_van_bericht(tracker(
        "en eigenlijk gaat het niet om een container maar om een steiger, voor 3 weken vanaf 4 januari", "deny",
        slots=slots))
    assert uitkomst["wat"] == "een steiger, voor 3 weken vanaf 4 januari" and uitkomst["bevestiging"] is None


@pytest.mark.parametrize("tekst, deel, nieuw", [
    ("hoe en wanneer klopt niet. moet zijn: kaaskraam van 6 meter, woensdag en zaterdag", "hoe",
     "kaaskraam van 6 meter, woensdag en zaterdag"),
    ("bij hoe en wanneer moet staan: liefst in maart, ik wil de winkel ernaast erbij huren", "hoe",
     "liefst in maart, ik wil de winkel ernaast erbij huren"),
    ("Wat u wilt is fout, dat moet zijn: een lichtbak van 2 meter", "wat", "een lichtbak van 2 meter"),
])
def test_a_part_corrected_in_so_many_words_at_the_summary_gets_its_new_text(tekst, deel, nieuw):
    """"X klopt niet, moet zijn: Y" asked which part to change (or took the wrong one) and lost Y."""
    slots = {"requested_slot": "bevestiging", "wat": "een kraam", "hoe": "weet ik niet"}
    uitkomst = ValidateVraagForm.feiten_van_bericht(tracker(tekst, "deny", slots=slots))
    assert uitkomst[deel] == nieuw and uitkomst["bevestiging"] is None


@pytest.mark.parametrize("tekst, slot, naam, contact, bedrijf", [
    ("my name is wrong. its Mark Thompson only", "contactnaam", "Mark Thompson", "Mark Thompson, +31629384756", None),
    ("de naam klopt niet, het is Ria de Vries", "contactnaam", "Ria de Vries", "Ria de Vries, +31629384756", None),
    ("company name is just Bean There Roasters", "bedrijfsnaam", "Bean There Roasters", None,
     "Bean There Roasters (KvK 91827364)"),
    ("the company name is Bean There Roasters not roastery", "bedrijfsnaam", "Bean There Roasters", None,
     "Bean There Roasters (KvK 91827364)"),
])
def test_a_name_corrected_at_the_summary_is_taken_and_the_rest_kept(tekst, slot, naam, contact, bedrijf):
    """"company name is just ..." asked for the name and phone again; "its Mark Thompson only" did too, and the
    answer with the phone in it became the name."""
    uitkomst = bevestig_niet(tekst, contactnaam="I Already Gave That", telefoon="+31629384756",
                             bedrijfsnaam="Bean There Roasters already registered at", kvk_nummer="91827364")
    assert uitkomst[slot] == naam and uitkomst["bevestiging"] is None
    assert "telefoon" not in uitkomst, "the phone number stays"
    assert contact is None or uitkomst["contact"] == contact
    assert bedrijf is None or bedrijf.split(" (")[0] in uitkomst["bedrijf"]


def test_yes_at_the_summary_changes_nothing():
    slots = {"requested_slot": "bevestiging", "telefoon": "+31612345678"}
    assert ValidateVraagForm.feiten_van_bericht(tracker("ja klopt", "affirm", slots=slots)) == {}


def test_aanpassen_asks_which_part_and_clears_only_that_one():
    assert bevestig_niet("/deny") == {"bevestiging": None, "wil_aanpassen": True}
    dispatcher = CollectingDispatcher()
    t = tracker("Contactgegevens", slots={"requested_slot": "aanpassen", "wat": "een terras", "telefoon": "+31612345678"})
    uitkomst = ValidateVraagForm().validate_aanpassen("Contactgegevens", dispatcher, t, {})
    assert uitkomst == {"contact": None, "contactnaam": None, "telefoon": None, "email": None, "aanpassen": None,
                        "wil_aanpassen": None}
    t = tracker("de datum", slots={"requested_slot": "aanpassen", "onderwerp": "evenementenvergunning",
                                   "details": {"evenement_datum": "14 juni", "evenement_bezoekers": "300"}})
    uitkomst = ValidateVraagForm().validate_aanpassen("de datum", dispatcher, t, {})
    assert uitkomst["details"] == {"evenement_bezoekers": "300"} and uitkomst["detail"] is None


@pytest.mark.parametrize("titel, deel", [("Wat u wilt", "wat"), ("wat u wilt", "wat"), ("Hoe en wanneer", "hoe"),
                                         ("Waarom", "waarom"), ("Bedrijf", "bedrijf")])
def test_a_button_title_of_aanpassen_typed_picks_that_part(titel, deel):
    """Typed instead of pressed ("Wat u wilt" named no part before: it holds none of the part's words)."""
    t = tracker(titel, slots={"requested_slot": "aanpassen", "wat": "een terras", "waarom": "meer klanten"})
    uitkomst = ValidateVraagForm().validate_aanpassen(titel, CollectingDispatcher(), t, {})
    assert uitkomst.get(deel, "niet gewist") is None and uitkomst["aanpassen"] is None


def test_the_name_is_what_is_left_after_the_contact_details():
    assert rest_tekst("mijn naam is Ans, bereikbaar op ans@example.nl", "ans@example.nl") == "Ans"
    assert rest_tekst("0612345678") is None
    assert rest_tekst("Tom. I just told you") == "Tom"  # a reference back is no part of a name
    assert rest_tekst("kapsalon anouk, kvk weet ik zo niet") == "kapsalon anouk"
    assert rest_tekst("de gouden korst weet ik nt uit mn hoofd") == "de gouden korst"


def test_the_answer_to_what_sets_the_kind_and_its_facts_are_read_for_that_kind(database, zoeker, monkeypatch):
    from actions.overdracht import onderwerp, validatie

    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)
    monkeypatch.setattr(validatie, "onderwerp_uit_woorden", lambda tekst, getoond: "evenementenvergunning")
    feest = "we willen op 12 juli een zomerfeest op het Dorpsplein met ongeveer 300 man en een bandje"
    t = tracker(feest, "ask_question", slots={"requested_slot": "wat"})
    t.active_loop = {"name": "vraag_form"}
    events = asyncio.run(ValidateVraagForm().run(CollectingDispatcher(), t, {"forms": {"vraag_form": {}}, "slots": {}}))
    gezet = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert gezet["onderwerp"] == "evenementenvergunning"
    assert gezet["details"]["evenement_datum"] == "12 juli"
    assert gezet["details"]["evenement_bezoekers"].startswith("300")


@pytest.mark.parametrize("tekst", ["Yes, that is right", "nothing, it is correct, send it", "niets, het klopt"])
def test_nothing_to_change_after_all_shows_the_summary_again(tekst):
    assert valideer("aanpassen", tekst, wil_aanpassen=True) == ({"aanpassen": None, "wil_aanpassen": None}, [])


@pytest.mark.parametrize("tekst, waarde, verwacht", [
    ("next month", False, None),  # the Dutch-trained classifier's "deny" in an English conversation
    ("in the city centre", True, None),
    ("no thanks", False, False),
    ("yes please", True, True),
    ("ja hoor", True, True),
    ("/affirm", True, True),  # the button
    ("no problem, go ahead", False, True),  # the classifier hears "no"; the words say yes
    ("No worries", False, True),
    ("nope", True, False),  # the words count, not the classifier's guess
])
def test_in_english_only_a_yes_or_no_in_so_many_words_answers_the_consent(tekst, waarde, verwacht):
    dispatcher = CollectingDispatcher()
    t = tracker(tekst, slots={"requested_slot": "toestemming", "taal": "en"})
    uitkomst = ValidateVraagForm().validate_toestemming(waarde, dispatcher, t, {})
    assert uitkomst["toestemming"] is verwacht
    assert bool(dispatcher.messages) is (verwacht is None)  # unclear: what the question means, once more


@pytest.mark.parametrize("tekst", ["mailen naar aisha.elamrani@hotmail.com", "bellen is het makkelijkst: 06-57281930"])
def test_words_around_a_number_or_address_are_no_name(tekst):
    """"Naar" and "Het Makkelijkst" became the contact's name; the name is asked for instead."""
    uitkomst, berichten = valideer("contact", tekst)
    assert not uitkomst.get("contactnaam") and berichten == ["utter_naam_ontbreekt"]
