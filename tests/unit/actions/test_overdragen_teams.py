"""The thank-you text of a handoff that spans teams names who of the other team also knows."""

from __future__ import annotations

from datetime import datetime, timezone

from actions.overdracht import overdragen
from actions.overdracht.overdragen import ActionOverdragen
from tests.unit.actions.hulp import run, tracker

FORMULIER = {"wat": "een terras en de bovenverdieping als zaal", "waarom": "meer klanten", "hoe": "vanaf maart",
             "bedrijfsnaam": "Café De Hoek", "kvk_nummer": "12345678", "contactnaam": "Ans de Vries",
             "telefoon": "+31612345678", "email": None, "toestemming": True, "bevestiging": True}


# A Thursday morning: Mehmet Yılmaz (accountmanager horeca) works Monday, Tuesday and Thursday, so on
# other days the routing rightly picks someone else of the team.
DONDERDAG = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


def _bedankt(monkeypatch, onderwerpen: list[str], **slots) -> dict:
    monkeypatch.setattr(overdragen, "onderwerpen_uit_antwoorden", lambda woorden, getoond: onderwerpen)
    monkeypatch.setattr(overdragen, "nu", lambda: DONDERDAG)
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", "affirm", onderwerp=onderwerpen[0],
                                                   slots={**FORMULIER, **slots}, sender_id="g1"))
    return berichten[0]


def test_a_two_team_handoff_names_the_other_person_and_the_one_contact(database, monkeypatch):
    bericht = _bedankt(monkeypatch, ["terrasvergunning", "gebruik-pand-wijzigen"])
    overdracht = bericht["custom"]["overdracht"]
    [ander] = overdracht["ook_betrokken"]
    coordinator = overdracht["medewerker"]["naam"]
    assert coordinator == "Mehmet Yılmaz" and ander["naam"] != coordinator
    assert (f"{ander['naam']}, {ander['functie']}, weet ook van uw vraag, maar {coordinator} blijft uw vaste "
            "contactpersoon.") in bericht["text"]


def test_a_one_team_handoff_names_no_one_else(database, monkeypatch):
    bericht = _bedankt(monkeypatch, ["terrasvergunning", "alcoholvergunning"])
    assert "weet ook van uw vraag" not in bericht["text"] and "ook_betrokken" not in bericht["custom"]["overdracht"]


def test_an_english_two_team_handoff_says_it_in_english(database, monkeypatch):
    bericht = _bedankt(monkeypatch, ["terrasvergunning", "gebruik-pand-wijzigen"], taal="en")
    assert "also knows about your question, but Mehmet Yılmaz stays your one contact." in bericht["text"]


def test_a_situations_coordinator_asked_for_gets_the_case_whatever_subject_came_last(database, monkeypatch):
    """The words of the conversation name the tourist tax last; the entrepreneur asked for the one person the café's
    list offered (slot ``coordinatie_onderwerp``, actions/contact.py): the case goes to the horeca team, and the tax
    team is informed."""
    bericht = _bedankt(monkeypatch, ["toeristenbelasting"], coordinatie_onderwerp="exploitatievergunning",
                       gewenste_medewerker="mehmet-yilmaz")
    overdracht = bericht["custom"]["overdracht"]
    assert overdracht["onderwerp"] == "exploitatievergunning" and overdracht["medewerker"]["naam"] == "Mehmet Yılmaz"
    assert [b["functie"] for b in overdracht["ook_betrokken"]] and "belastingen" in overdracht["ook_betrokken"][0]["functie"]
