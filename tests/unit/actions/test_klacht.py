"""Complaints (action_klacht) and urgency in the handoff's thank-you text (action_overdragen)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from sqlalchemy import select

from actions.klacht import ActionKlacht
from actions.overdracht.overdragen import ActionOverdragen, vraaggegevens
from bot.kern.db import transaction
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.zaken.models import AuditRegel, Zaak
from tests.unit.actions.hulp import run
from tests.unit.actions.test_overdragen import FORMULIER
from tests.unit.actions.test_status import code_in, codeberichten, geef_code, geef_detail


def gesprek(*teksten: str, intent: str = "klacht", slots: dict | None = None, sender_id: str = "g1") -> Tracker:
    """A tracker whose user events are ``teksten``; the last one is the latest message."""
    events = [{"event": "user", "text": t, "parse_data": {"intent": {"name": intent}}} for t in teksten]
    return Tracker(sender_id=sender_id, slots={"onderwerp": "terrasvergunning", **(slots or {})},
                   latest_message={"text": teksten[-1], "intent": {"name": intent, "confidence": 0.9}, "entities": []},
                   events=events, paused=False, followup_action=None, active_loop={},
                   latest_action_name="action_listen")


def overdragen(*teksten: str, sender_id: str = "g1") -> dict:
    berichten, _ = run(ActionOverdragen(), gesprek(*teksten, "/affirm", intent="affirm",
                                                   slots=FORMULIER, sender_id=sender_id))
    return berichten[0]


def test_vandaag_nog_marks_the_case_urgent_and_the_thanks_say_honestly_what_is_possible(database):
    bericht = overdragen("ik wil een terras", "Het moet vandaag nog geregeld zijn, morgen gaan we open")
    overdracht = bericht["custom"]["overdracht"]
    assert overdracht["urgent"] is True
    assert bericht["text"].startswith("U vroeg om vandaag.")
    assert ("Dat kan ik niet beloven" in bericht["text"]) or ("Dat lukt" in bericht["text"])
    assert f"Dank u wel. {overdracht['belofte']}" in bericht["text"]
    with transaction(database) as session:
        zaak = session.execute(select(Zaak).where(Zaak.nummer == overdracht["zaak"])).scalar_one()
        assert zaak.urgent is True and zaak.details["spoed"] == "vandaag nog"


def test_a_question_without_urgency_keeps_the_usual_thanks(database):
    bericht = overdragen("ik ben vandaag begonnen met mijn bedrijf en wil een terras")
    assert "urgent" not in bericht["custom"]["overdracht"] and bericht["text"].startswith("Dank u wel.")


def test_a_complaint_about_a_case_of_this_conversation_apologises_and_promises_again_on_the_same_case(database):
    eerste = overdragen("ik wil een terras")["custom"]["overdracht"]
    berichten, events = run(ActionKlacht(), gesprek("Er heeft NIEMAND gebeld, ik ben het zat"))
    [bericht] = berichten
    overdracht = bericht["custom"]["overdracht"]
    assert overdracht["zaak"] == eerste["zaak"] and overdracht["urgent"] is True
    assert overdracht["belofte"] != eerste["belofte"] and overdracht["belofte"] in bericht["text"]
    assert bericht["text"].startswith("Het spijt me")
    assert "kijkt nu mee" in bericht["text"] or "intern gemeld" in bericht["text"]  # who is above depends on the day
    assert events == [SlotSet("klacht_nummer", None)]
    with transaction(database) as session:
        assert session.execute(select(UitgaandBericht).where(UitgaandBericht.kanaal == EMAIL,
                                                             UitgaandBericht.soort == "escalatie")).scalar_one()
        assert session.execute(select(AuditRegel).where(AuditRegel.wat == "klacht_ontvangen")).scalar_one()


def test_a_case_number_of_another_conversation_is_handled_only_after_the_identity_check(database):
    zaak = overdragen("ik wil een terras")["custom"]["overdracht"]["zaak"]
    klacht = f"klacht over {zaak}: niemand heeft gebeld"
    berichten, events = run(ActionKlacht(), gesprek(klacht, sender_id="g2"))
    assert "overdracht" not in (berichten[0].get("custom") or {}) and zaak in berichten[0]["text"]
    assert events == [SlotSet("klacht_nummer", zaak), SlotSet("status_nummer", zaak)]

    # status_form asked for the phone number on file, then for the code sent to what is on file
    geef_detail(zaak, "06 12345678", "g2")
    [code] = {code_in(bericht) for bericht in codeberichten(database)}
    assert geef_code(zaak, code, "g2")[1] == [SlotSet("status_code", code)]
    na_controle = gesprek(klacht, "06 12345678", sender_id="g2", slots={"klacht_nummer": zaak})
    na_controle.events[-1]["parse_data"]["intent"]["name"] = "ask_status"  # the answer to status_form
    berichten, events = run(ActionKlacht(), na_controle)
    assert berichten[0]["custom"]["overdracht"]["zaak"] == zaak and berichten[0]["text"].startswith("Dank u.")
    assert events == [SlotSet("klacht_nummer", None)]
    with transaction(database) as session:
        [regel] = session.execute(select(AuditRegel).where(AuditRegel.wat == "klacht_ontvangen")).scalars()
        assert regel.details["klacht"] == klacht


def test_a_wrong_contact_detail_never_shows_the_case_and_a_person_calls_back(database):
    zaak = overdragen("ik wil een terras")["custom"]["overdracht"]["zaak"]
    klacht = f"klacht over {zaak}: niemand heeft gebeld"
    berichten, events = run(ActionKlacht(), gesprek(klacht, "0611111111", sender_id="g2",
                                                    slots={"klacht_nummer": zaak}))
    assert "overdracht" not in (berichten[0].get("custom") or {})
    assert FollowupAction("action_start_overdracht") in events


def test_without_a_case_the_handoff_starts_and_is_marked_as_a_complaint(database):
    berichten, events = run(ActionKlacht(), gesprek("ik wil dat haar leidinggevende mij belt", sender_id="g3"))
    assert berichten[0]["text"].startswith("Het spijt me") and "overdracht" not in (berichten[0].get("custom") or {})
    assert events == [SlotSet("klacht_nummer", None), SlotSet("klacht", "ik wil dat haar leidinggevende mij belt"),
                      FollowupAction("action_start_overdracht")]
    t = gesprek("ik wil dat haar leidinggevende mij belt", "/affirm", intent="affirm", sender_id="g3",
                slots={**FORMULIER, "klacht": "ik wil dat haar leidinggevende mij belt"})
    gegevens = vraaggegevens(t, ["terrasvergunning"])
    assert gegevens.details["klacht"] == "ik wil dat haar leidinggevende mij belt" and gegevens.urgent is True
    # a later handoff in the same conversation: the form emptied the slot, the complaint is not carried on
    later = gesprek("ik wil dat haar leidinggevende mij belt", "kan iemand mij bellen over mijn terras", "/affirm",
                    intent="affirm", sender_id="g3", slots={**FORMULIER, "klacht": None})
    assert "klacht" not in vraaggegevens(later, ["terrasvergunning"]).details
    with transaction(database) as session:
        regel = session.execute(select(AuditRegel).where(AuditRegel.wat == "klacht_zonder_zaak")).scalar_one()
    # recorded before any consent: that a complaint came in, not its words or who sent it (the handoff,
    # with consent, carries the words to a person)
    assert "leidinggevende" not in str(regel.details) and "g3" not in str(regel.details)


def test_a_wish_for_e_mail_makes_the_promise_an_e_mail(database):
    """An English speaker gave a phone number and an address, asked four times for e-mail and was promised a call."""
    slots = {**FORMULIER, "email": "ans@example.nl"}
    t = gesprek("kan iemand mij helpen met mijn terras", "0612345678 of ans@example.nl, mailen is makkelijker voor mij",
                "/affirm", intent="affirm", sender_id="g-mail", slots=slots)
    berichten, _ = run(ActionOverdragen(), t)
    assert berichten[0]["custom"]["overdracht"]["actie"] == "mailen"
    t = gesprek("kan iemand mij helpen met mijn terras", "/affirm", intent="affirm", sender_id="g-bel", slots=slots)
    berichten, _ = run(ActionOverdragen(), t)
    assert berichten[0]["custom"]["overdracht"]["actie"] == "terugbellen"
