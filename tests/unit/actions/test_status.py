"""The status of the entrepreneur's own cases, and who may see a case number."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.context import wacht_op_zaak
from actions.overdracht import status
from actions.overdracht.overdragen import ActionOverdragen
from actions.overdracht.status import ActionStatus, ActionStatusControleren, status_tekst
from actions.overdracht.statuscode import SOORT, ValidateStatusForm
from bot.kern.db import transaction
from bot.uitgaand.models import UitgaandBericht
from tests.unit.actions.hulp import run, tracker, valideer

MEDEWERKER = SimpleNamespace(naam="Mehmet Yılmaz", functie="accountmanager bedrijven")
DEADLINE = datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc)  # 16.30 in Amsterdam


def zaak(status: str, *beloften: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(nummer="ON-2026-00001", status=status, medewerker=MEDEWERKER, beloften=list(beloften))


@pytest.mark.parametrize("status, stand", [
    ("toegewezen", "toegewezen aan een medewerker"),
    ("in_behandeling", "in behandeling"),
    ("onbekend", "onbekend"),  # a status without words of its own is shown as it is
])
def test_the_status_text_names_the_state_and_the_medewerker(status, stand):
    assert status_tekst(zaak(status)) == (
        f"Zaak ON-2026-00001: {stand}. Mehmet Yılmaz, accountmanager bedrijven, behandelt uw vraag.")


def test_a_closed_case_is_not_said_to_be_still_handled():
    tekst = status_tekst(zaak("afgerond"))
    assert tekst == ("Zaak ON-2026-00001: afgerond. Mehmet Yılmaz, accountmanager bedrijven, heeft uw vraag behandeld. "
                     "Heeft u nog een vraag? Stel die dan gerust.")
    assert "behandelt" not in tekst


def test_the_status_text_says_when_the_entrepreneur_hears_back():
    nagekomen = SimpleNamespace(status="nagekomen", deadline=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc))
    open_ = SimpleNamespace(status="open", deadline=DEADLINE, medewerker=MEDEWERKER)
    assert status_tekst(zaak("toegewezen", nagekomen, open_)) == (
        "Zaak ON-2026-00001: toegewezen aan een medewerker. Mehmet Yılmaz, accountmanager bedrijven, behandelt uw "
        "vraag. U hoort dinsdag 24 november vóór 16.30 uur van Mehmet.")


FORMULIER = {"wat": "een terras", "waarom": "meer klanten", "hoe": "vanaf maart", "bedrijfsnaam": "Café De Hoek",
             "kvk_nummer": "12345678", "contactnaam": "Ans de Vries", "telefoon": "+31612345678",
             "email": "ans@example.nl", "toestemming": True}


@pytest.fixture
def zaaknummer(database) -> str:
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", "affirm", onderwerp="terrasvergunning",
                                                   slots=FORMULIER, sender_id="g1"))
    return berichten[0]["custom"]["overdracht"]["zaak"]


def test_own_cases_are_shown_with_their_status(zaaknummer):
    berichten, events = run(ActionStatus(), tracker("hoe staat mijn zaak ervoor", "ask_status", sender_id="g1"))
    [bericht] = berichten
    assert bericht["text"].startswith(f"Zaak {zaaknummer}: toegewezen aan een medewerker. ")
    assert bericht["custom"] == {"zaak": {"nummer": zaaknummer, "status": "toegewezen"}}
    assert events == []


def test_urgency_after_the_handoff_gets_the_case_and_an_honest_word_on_calling_sooner(database):
    """"Kan het sneller, het is dringend" after the handoff: the case's promise, that the medewerker sees the
    message, and their direct number; not how long the permit takes."""
    from actions.overdracht.status import toon_eigen_zaken

    overdracht, _ = run(ActionOverdragen(), tracker("/affirm", "affirm", onderwerp="terrasvergunning",
                                                    slots=FORMULIER, sender_id="g-dringend"))
    payload = overdracht[0]["custom"]["overdracht"]
    t = tracker("kan het sneller, het is dringend", "ask_duration", sender_id="g-dringend")
    t.events[:0] = [{"event": "bot", "text": overdracht[0]["text"], "data": {"custom": overdracht[0]["custom"]}}]
    assert wacht_op_zaak(t.latest_message["text"], t)
    dispatcher = CollectingDispatcher()
    assert asyncio.run(toon_eigen_zaken(dispatcher, t))
    zaak, dringend = dispatcher.messages
    assert zaak["custom"]["zaak"]["nummer"] == payload["zaak"]
    assert dringend["response"] == "utter_dringend_na_overdracht"
    assert dringend["telefoon"] == payload["medewerker"]["telefoon"]


def test_without_cases_or_with_an_unknown_number(database):
    berichten, _ = run(ActionStatus(), tracker("hoe staat mijn zaak ervoor", "ask_status", sender_id="g2"))
    assert berichten[0]["response"] == "utter_geen_zaken"
    # an unknown number gets the same question for the contact detail as a known one: no guessing
    berichten, events = run(ActionStatus(), tracker("zaak ON-2026-99999", "ask_status", sender_id="g2"))
    assert berichten == [] and events == [SlotSet("status_nummer", "ON-2026-99999")]


def test_without_a_case_a_request_for_a_person_is_arranged(database):
    vraag = "morgen gaan we al open en we hebben nog steeds geen exploitatievergunning!! kan iemand vandaag nog bellen"
    berichten, events = run(ActionStatus(), tracker(vraag, "ask_status", sender_id="g3"))
    assert berichten == [] and events == [FollowupAction("action_regel_contact")]


@pytest.mark.parametrize("vraag, kennisbank", [
    ("wanneer hoor ik of ik hem krijg", True),  # after the exploitatievergunning: how long it takes
    ("hoe lang moet ik nog ongeveer wachten", True),
    ("hoe staat mijn zaak ervoor", False),  # a case asked for: none in this conversation
    ("wanneer word ik gebeld door de medewerker", False),
    ("mijn aanvraagnummer is 2024-1187, hoever is het", False),
])
def test_without_a_case_a_when_question_on_a_subject_is_a_follow_up(database, zoeker, monkeypatch, vraag, kennisbank):
    monkeypatch.setattr(status, "ZOEKER", zoeker)
    berichten, events = run(ActionStatus(), tracker(vraag, "ask_status", onderwerp="exploitatievergunning",
                                                    sender_id="g4"))
    if kennisbank:
        assert berichten == [] and events == [FollowupAction("action_beantwoord_vraag")]
    else:
        assert berichten[0]["response"] == "utter_geen_zaken"



@pytest.mark.parametrize("vraag, kennisbank", [
    # a first question that names its subject: the kennisbank answers how long it takes
    ("hoe lang duurt het voor ik antwoord krijg op mijn aanvraag voor een terrasvergunning?", True),
    ("hoe lang duurt het voor ik antwoord krijg?", False),  # no subject and no case: none to show
    ("wanneer word ik gebeld over mijn terras?", False),  # about being called: a case asked for
])
def test_without_a_case_or_subject_a_when_question_that_names_one_is_a_kennisbank_question(
        database, zoeker, monkeypatch, vraag, kennisbank):
    monkeypatch.setattr(status, "ZOEKER", zoeker)
    berichten, events = run(ActionStatus(), tracker(vraag, "ask_status", sender_id="g5"))
    if kennisbank:
        assert berichten == [] and events == [FollowupAction("action_beantwoord_vraag")]
    else:
        assert berichten[0]["response"] == "utter_geen_zaken"


VEREIST = ["status_controle", "status_code"]


def geef_detail(nummer: str, bericht: str, afzender: str) -> tuple[list[dict], list[dict]]:
    """The answer to status_form's question for the contact detail."""
    return valideer(ValidateStatusForm(), "status_controle", bericht, vereist=VEREIST, slots={"status_nummer": nummer},
                    sender_id=afzender)


def geef_code(nummer: str, code: str, afzender: str) -> tuple[list[dict], list[dict]]:
    """The answer to status_form's question for the code."""
    return valideer(ValidateStatusForm(), "status_code", code, vereist=VEREIST,
                    slots={"status_nummer": nummer, "status_controle": "gegeven"}, sender_id=afzender)


def na_formulier(nummer: str, afzender: str) -> tuple[list[dict], list[dict]]:
    """action_status_controleren, when status_form is done."""
    return run(ActionStatusControleren(), tracker("", slots={"status_nummer": nummer}, sender_id=afzender))


def codeberichten(engine) -> list[UitgaandBericht]:
    with transaction(engine) as session:
        rijen = session.execute(select(UitgaandBericht).where(UitgaandBericht.soort == SOORT)
                                .order_by(UitgaandBericht.id)).scalars().all()
        session.expunge_all()
        return rijen


def code_in(bericht: UitgaandBericht) -> str:
    return re.search(r"\b\d{6}\b", bericht.tekst).group(0)


def test_a_case_of_another_conversation_is_shown_only_after_the_code_sent_to_what_is_on_file(zaaknummer, database):
    berichten, events = run(ActionStatus(), tracker(f"hoe staat {zaaknummer.lower()} ervoor", "ask_status",
                                                    sender_id="g2"))
    assert berichten == [], "nothing of the case is shown; status_form asks for the contact detail"
    assert events == [SlotSet("status_nummer", zaaknummer)]

    berichten, events = geef_detail(zaaknummer, "ANS@example.nl", "g2")
    assert berichten == [] and events == [SlotSet("status_controle", "ANS@example.nl")], "the form asks for the code"
    email, gesprek = codeberichten(database)  # to the address on file and to the case's own conversation
    assert (email.kanaal, email.ontvanger, gesprek.kanaal, gesprek.ontvanger) == ("email", "ans@example.nl", "rest", "g1")
    assert zaaknummer in email.custom["onderwerp"] and email.zaak_id is None and gesprek.zaak_id is None
    code = code_in(email)
    assert code_in(gesprek) == code

    berichten, events = geef_code(zaaknummer, f"{(int(code) + 1) % 1_000_000:06d}", "g2")
    assert berichten[0]["response"] == "utter_status_code_fout" and events == [SlotSet("status_code", None)]
    berichten, events = geef_code(zaaknummer, code, "g2")
    assert berichten == [] and events == [SlotSet("status_code", code)], "the form ends"
    berichten, events = na_formulier(zaaknummer, "g2")
    assert berichten[0]["custom"] == {"zaak": {"nummer": zaaknummer, "status": "toegewezen"}}
    assert events == [SlotSet("status_nummer", None), SlotSet("status_controle", None), SlotSet("status_code", None)]
    berichten, _ = run(ActionStatus(), tracker("hoe staat mijn zaak ervoor", "ask_status", sender_id="g2"))
    assert berichten[0]["custom"]["zaak"]["nummer"] == zaaknummer, "the channel identity is linked now"


def test_a_phone_number_on_file_sends_the_code_to_the_address_and_conversation_on_file_not_to_the_phone(
        zaaknummer, database):
    geef_detail(zaaknummer, "bel me op 06 12345678", "g2")
    assert [(b.kanaal, b.ontvanger) for b in codeberichten(database)] == [("email", "ans@example.nl"), ("rest", "g1")]


def test_a_detail_that_does_not_match_gets_the_same_answers_and_nothing_is_sent(zaaknummer, database):
    def verloop(bericht: str, afzender: str) -> list[dict]:
        """Detail, three wrong codes, the end of the form: every message the asker gets."""
        berichten = geef_detail(zaaknummer, bericht, afzender)[0]
        codes = [code_in(b) for b in codeberichten(database)]
        fout = f"{(int(codes[-1]) + 1) % 1_000_000:06d}" if codes else "123456"
        for _ in range(3):
            berichten += geef_code(zaaknummer, fout, afzender)[0]
        return berichten + na_formulier(zaaknummer, afzender)[0]

    klopt_niet = verloop("0687654321", "g3")
    assert codeberichten(database) == []
    klopt = verloop("ans@example.nl", "g2")
    assert len(codeberichten(database)) == 2
    assert klopt == klopt_niet
    assert [b["response"] for b in klopt] == ["utter_status_code_fout"] * 2 + ["utter_status_geweigerd"]


def na_overdracht(tekst: str):
    """A tracker after this conversation's handoff (its payload, as actions/overdracht/overdragen.py sends it)."""
    t = tracker(tekst, "ask_question")
    overdracht = {"zaak": "ON-2026-00007", "onderwerp": "reclame",
                  "medewerker": {"naam": "Joost de Boer", "functie": "vergunningverlener", "telefoon": "14 0123",
                                 "email": "j@voorbeeldstad.nl"}}
    t.events[:0] = [{"event": "bot", "text": "Joost belt u uiterlijk maandag.", "data": {"custom": {"overdracht": overdracht}}}]
    return t


@pytest.mark.parametrize("tekst, toegevoegd", [
    ("het pand is trouwens een monument geloof ik. en de lichtbak brandt alleen tot 22 uur", True),
    ("de lichtbak wordt 2 meter breed", True),
    ("dan wil ik nog weten wat een terras kost", False),  # a question of its own, without its mark
    ("ik wil ook nog een terras", False),
    ("mag ik ook een lichtbak?", False),
    ("oke", False),
])
def test_something_told_after_the_handoff_is_added_for_the_medewerker(tekst, toegevoegd):
    dispatcher = CollectingDispatcher()
    assert status.bevestig_aanvulling(dispatcher, na_overdracht(tekst)) is toegevoegd
    if toegevoegd:
        assert "Joost" in dispatcher.messages[0]["text"] and "ON-2026-00007" in dispatcher.messages[0]["text"]


def test_nothing_is_added_without_a_handoff_in_the_conversation():
    assert not status.bevestig_aanvulling(CollectingDispatcher(), tracker("de lichtbak wordt 2 meter breed", "ask_question"))


@pytest.mark.parametrize("tekst, gezegd", [
    ("moet ik zelf nog binnen 6 weken bezwaar indienen of is dit genoeg?", True),
    ("telt dit als bezwaar of moet ik dat nog zelf doen", True),
    ("wat kost een terras", False),
])
def test_after_the_handoff_a_callback_is_said_to_be_no_objection(tekst, gezegd):
    """The entrepreneur may otherwise wait for the call and miss the deadline to object."""
    dispatcher = CollectingDispatcher()
    assert status.bezwaar_na_overdracht(dispatcher, na_overdracht(tekst)) is gezegd
    assert [b.get("response") for b in dispatcher.messages] == (["utter_bezwaar_zelf"] if gezegd else [])
    assert not status.bezwaar_na_overdracht(CollectingDispatcher(), tracker(tekst, "ask_question"))



@pytest.mark.parametrize("tekst", ["wie gaat mij bellen?", "kan het ook morgenochtend?",
                                   "en kan joost morgenochtend bellen ipv middag?"])
def test_who_calls_or_another_moment_after_the_handoff_is_about_the_case(tekst):
    """Was "Sorry, dat begreep ik niet goed" or the ondernemersloket's card with its phone number."""
    assert wacht_op_zaak(tekst, na_overdracht(tekst))
    assert not wacht_op_zaak(tekst, tracker(tekst, "ask_question"))


@pytest.mark.parametrize("tekst, intrekken", [
    ("trek mijn aanvraag maar in", True),
    ("ik wil mijn vraag intrekken", True),
    ("bellen hoeft niet meer, het is al opgelost", True),
    ("please cancel my request", True),
    ("ik trek dat in twijfel", False),
    ("hoeft de vergunning dan niet meer aangevraagd", False),
    ("wat kost het intrekken van een vergunning", False),
])
def test_what_withdraws_the_question_after_the_handoff(tekst, intrekken):
    """Only read after this conversation's handoff (``status.over_de_zaak``)."""
    assert bool(status.INTREKKEN.search(tekst)) is intrekken


@pytest.mark.parametrize("tekst, vraagt", [
    ("wat als hij niet belt?", True),
    ("als anouk om half 1 nog niet gebeld heeft, wat dan", True),
    ("what if nobody calls me?", True),
    ("als ik geen vergunning heb, wat dan", False),
])
def test_what_asks_what_happens_when_the_promise_is_not_kept(tekst, vraagt):
    assert bool(status.NIET_GEBELD.search(tekst)) is vraagt


@pytest.mark.parametrize("tekst", ["laat maar, ik heb het al opgelost", "ja hij hoeft niet te bellen"])
def test_solved_already_or_no_call_needed_withdraws_the_question(tekst):
    assert status.INTREKKEN.search(tekst)


@pytest.mark.parametrize(("bericht", "moment"), [
    ("kan hij dinsdag na 2 uur bellen?", "dinsdag na 2 uur bellen"),
    ("liever donderdagochtend", "liever donderdagochtend"),
    # what if no call comes, and a no or a correction, are no wish to be called then
    ("en als ze donderdag niet belt, wat dan?", None),
    ("nee!! 'donderdag niet belt' klopt niet", None),
    ("belt hij nou maandag of donderdag?", None),
])
def test_only_a_wish_for_a_moment_is_kept_as_one(bericht, moment):
    assert status.nieuw_belmoment(bericht) == moment
