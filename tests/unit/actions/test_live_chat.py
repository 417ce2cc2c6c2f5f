"""The words of 'nu chatten' (the console side is in tests/unit/overname/test_live_chat.py)."""

from __future__ import annotations

from types import SimpleNamespace

from rasa_sdk import Tracker

from actions.overdracht import live_chat
from actions.overdracht.live_chat import afspraak, vraag_om_live_chat
from bot.kern.teksten import tekst as teksttemplate
from tests.unit.actions.hulp import run, tracker

MEDEWERKER = SimpleNamespace(naam="Mehmet Yılmaz")


def test_the_agreement_is_the_open_promise_or_that_the_medewerker_gets_in_touch():
    belofte = SimpleNamespace(status="open", zin="Mehmet Yılmaz belt u uiterlijk morgen terug.")
    nagekomen = SimpleNamespace(status="nagekomen", zin="oud")
    zaak = SimpleNamespace(nummer="ON-2026-00001", medewerker=MEDEWERKER, beloften=[belofte, nagekomen])
    assert afspraak(zaak) == "Mehmet Yılmaz belt u uiterlijk morgen terug."
    zaak.beloften = [nagekomen]
    assert afspraak(zaak) == "Mehmet Yılmaz neemt contact met u op over zaak ON-2026-00001."


def test_asking_for_a_chat_tells_who_and_what_stands(database, monkeypatch):
    from actions.overdracht.overdragen import ActionOverdragen

    slots = {"wat": "een terras", "waarom": "klanten", "hoe": "maart", "contactnaam": "Ans",
             "telefoon": "+31612345678", "toestemming": True}
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=slots, sender_id="g1"))
    overdracht = berichten[0]["custom"]["overdracht"]
    naam = overdracht["medewerker"]["naam"]

    monkeypatch.setattr(live_chat, "kan_nu_chatten", lambda **_: True)
    monkeypatch.setattr(live_chat, "vraag_live_chat", lambda **_: None)
    antwoord = vraag_om_live_chat(kanaal="rest", kanaal_id="g1", moment=live_chat.nu())
    assert antwoord.tekst == (
        f"Ik heb {naam} gevraagd om nu met u te chatten. Blijf in dit gesprek: u ziet het hier zodra "
        f"{naam.split()[0]} er is. Lukt het niet binnen een kwartier? Dan geldt de afspraak: {overdracht['belofte']}")
    berichten, events = run(live_chat.ActionNuChatten(), tracker("nu chatten", "nu_chatten", sender_id="g1"))
    assert events == [{"event": "slot", "timestamp": None, "name": "wacht_op_medewerker", "value": naam.split()[0]}]

    monkeypatch.setattr(live_chat, "kan_nu_chatten", lambda **_: False)
    berichten, events = run(live_chat.ActionNuChatten(), tracker("nu chatten", "nu_chatten", sender_id="g1"))
    assert berichten[0]["text"] == f"{naam} kan nu niet chatten. De afspraak blijft staan: {overdracht['belofte']}"
    assert events == []


def wachtend(tekst: str, intent: str, eerder_doorgezet: bool) -> Tracker:
    """A tracker of someone waiting for Sanne, with or without an earlier acknowledged message."""
    t = tracker(tekst, intent, slots={"wacht_op_medewerker": "Sanne"})
    eerder = [{"event": "slot", "name": "wacht_op_medewerker", "value": "Sanne"}]
    if eerder_doorgezet:
        eerder += [{"event": "user", "text": "hallo?"}, {"event": "action", "name": "action_bericht_voor_medewerker"},
                   {"event": "bot", "text": teksttemplate("acties/live_chat/doorgezet.txt", voornaam="Sanne")}]
    t.events = eerder + t.events
    return t


def test_the_first_message_while_waiting_is_acknowledged_once_then_the_bot_is_silent():
    actie = live_chat.ActionBerichtVoorMedewerker()
    berichten, events = run(actie, wachtend("hallo sanne, ben je er?", "greet", eerder_doorgezet=False))
    assert len(berichten) == 1 and "Sanne" in berichten[0]["text"] and events == []
    berichten, events = run(actie, wachtend("hallo sanne, ben je er?", "greet", eerder_doorgezet=True))
    assert berichten == [] and events == []


def test_an_acknowledgement_of_an_earlier_wait_does_not_count_for_a_new_one():
    t = tracker("hallo sanne, ben je er?", "greet", slots={"wacht_op_medewerker": "Sanne"})
    t.events = [{"event": "bot", "text": teksttemplate("acties/live_chat/doorgezet.txt", voornaam="Sanne")},
                {"event": "slot", "name": "wacht_op_medewerker", "value": "Sanne"}, *t.events]
    berichten, _ = run(live_chat.ActionBerichtVoorMedewerker(), t)
    assert len(berichten) == 1 and "Sanne" in berichten[0]["text"]


def test_stop_while_waiting_ends_the_wait_and_keeps_the_case():
    berichten, events = run(live_chat.ActionBerichtVoorMedewerker(), wachtend("laat maar", "stop", eerder_doorgezet=True))
    assert "Sanne" in berichten[0]["text"]
    assert events == [{"event": "slot", "timestamp": None, "name": "wacht_op_medewerker", "value": None}]
