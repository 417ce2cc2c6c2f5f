"""The handoff's questions as a conversation, over REST: the entrepreneur can leave them in their own
words, a question of their own gets an answer instead of being taken as one, and what they said
before (their name) is not asked again."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.kern.db import make_engine
from bot.zaken.models import Zaak
from tests.assistent import antwoord_tot_stap, beantwoord_tot_overdracht
from tests.e2e.conftest import teksten

pytestmark = pytest.mark.e2e


def stappen(berichten: list[dict]) -> list[str]:
    return [b["custom"]["vraag"]["stap"] for b in berichten if "vraag" in (b.get("custom") or {})]


@pytest.mark.parametrize("opening, weg", [
    ("kan iemand mij bellen over een evenement", "ik wil toch niet gebeld worden"),
    # without a subject, the answer to the first question names one: a stop must still stop
    ("ik wil iemand spreken over mijn bakkerij", "laat maar, ik zoek het zelf wel uit"),
])
def test_the_questions_can_be_left_in_ones_own_words(assistent, opening, weg):
    gesprek = uuid.uuid4().hex
    assert stappen(assistent.praat(opening, gesprek)) == ["wat"]
    berichten = assistent.praat(weg, gesprek)
    assert stappen(berichten) == []
    assert "ik stop met de vragen" in teksten(berichten).lower()


def test_a_question_of_ones_own_in_the_middle_is_answered_and_the_question_stays(assistent):
    gesprek = uuid.uuid4().hex
    assistent.praat("ik wil een accountmanager spreken", gesprek)
    assert stappen(assistent.praat("ik wil mijn lunchroom uitbreiden met een terras", gesprek)) == ["waarom"]
    for vraag, woorden in [("hoe lang duurt het voor ik gebeld word?", "zaaknummer"),
                           ("kost dat gesprek geld?", "gratis")]:
        berichten = assistent.praat(vraag, gesprek)
        assert woorden in teksten(berichten)
        assert stappen(berichten) == ["waarom"]  # asked again, not filled with the question
    assert stappen(assistent.praat("klanten willen graag buiten zitten", gesprek)) != ["waarom"]


def test_a_name_told_early_is_not_asked_again_and_is_written_properly(assistent):
    gesprek = uuid.uuid4().hex
    assistent.praat("ik wil een accountmanager spreken", gesprek)
    berichten = assistent.praat("mijn naam is sanne de vries", gesprek)
    assert stappen(berichten) == ["wat"]  # noted, and the question asked again: a name is no answer to it
    for antwoord in ["ik wil een terras bij mijn bakkerij", "we hebben binnen te weinig ruimte", "grote markt 5",
                     "komende zomer, vier tafels"]:
        berichten = assistent.praat(antwoord, gesprek)
    assert stappen(berichten) == ["toestemming"]
    assert stappen(assistent.praat("/affirm", gesprek)) == ["bedrijf"]
    berichten = assistent.praat("bedrijfsnaam is bakkerij de vries", gesprek)
    assert stappen(berichten) == ["contact"]
    assert "Sanne de Vries" in teksten(berichten) and "naam" not in teksten(berichten).lower()
    samenvatting = teksten(assistent.praat("dat zei ik al, 0612345678", gesprek))
    assert "Contact: Sanne de Vries, +31612345678" in samenvatting
    assert "grote markt 5" in samenvatting and "Bakkerij de Vries" in samenvatting


def test_a_yes_to_an_answer_that_asks_for_a_person_starts_the_handoff(assistent):
    gesprek = uuid.uuid4().hex
    assistent.praat("wat kost een terrasvergunning", gesprek)
    berichten = assistent.praat("ja dat mag, regel maar dat iemand belt", gesprek)
    assert "Fijn dat ik u kon helpen" not in teksten(berichten)
    assert stappen(berichten) == ["waarom"]  # the subject is known: what they want is asked no more


def test_after_the_handoff_the_same_question_makes_no_second_case_and_how_long_is_its_promise(assistent):
    gesprek = uuid.uuid4().hex
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, assistent.praat("kan iemand mij bellen over mijn terras", gesprek))
    berichten = assistent.praat("weet mehmet dat ik pas na 14u kan?", gesprek)
    assert "al doorgegeven" in teksten(berichten) and overdracht["zaak"] in teksten(berichten)
    assert stappen(berichten) == []  # no new questions, no second case
    berichten = assistent.praat("hoe lang duurt het nog?", gesprek)
    assert [b["custom"]["zaak"]["nummer"] for b in berichten if "zaak" in (b.get("custom") or {})] == [overdracht["zaak"]]
    assert "begreep ik niet" not in teksten(berichten)
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        zaken = verbinding.execute(select(Zaak.nummer).where(Zaak.gesprek_id.like(f"%{gesprek}"))).scalars().all()
    engine.dispose()
    assert zaken == [overdracht["zaak"]]


def test_when_to_call_is_shown_in_the_summary_and_kept_with_the_case(assistent):
    gesprek = uuid.uuid4().hex
    berichten = antwoord_tot_stap(assistent, gesprek, assistent.praat("kan iemand mij bellen over mijn terras", gesprek),
                                  "bevestiging", {"contact": "piet jansen 0612345678, liefst na 14u bellen"})
    assert "Contact: Piet Jansen, +31612345678" in teksten(berichten)
    assert "Bellen: na 14u bellen" in teksten(berichten)
    overdracht = beantwoord_tot_overdracht(assistent, gesprek, assistent.praat("/affirm", gesprek))
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        details = verbinding.execute(select(Zaak.details).where(Zaak.nummer == overdracht["zaak"])).scalar_one()
    engine.dispose()
    assert details["belmoment"] == "na 14u bellen"
