"""Attack 8 of issue 13, in part: a script cannot flood staff and Open Klant with cases from one
conversation. The limit is counted in the database (bot/overdracht/limiet.py). Failed before."""

from __future__ import annotations

from sqlalchemy import func, select

from actions.overdracht.overdragen import ActionOverdragen, ActionStartOverdracht
from bot.kern.db import transaction
from bot.overdracht.limiet import MAX_PER_DAG
from bot.zaken.models import Zaak
from tests.unit.actions.hulp import run, tracker

SLOTS = {"wat": "een terras bij mijn café", "waarom": "meer klanten", "hoe": "in maart", "contactnaam": "Ans",
         "telefoon": "+31612345678", "email": None, "toestemming": True, "bevestiging": True}


def aantal_zaken(engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count(Zaak.id))).scalar_one()


def test_one_conversation_hands_off_at_most_a_few_cases_a_day(database):
    for _ in range(MAX_PER_DAG):
        berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=SLOTS, sender_id="script"))
        assert "overdracht" in berichten[0]["custom"]
    voor = aantal_zaken(database)
    assert voor == MAX_PER_DAG

    berichten, _ = run(ActionStartOverdracht(), tracker("ik wil iemand spreken", "request_human", sender_id="script"))
    assert [b.get("response") for b in berichten] == ["utter_te_veel_overdrachten"]
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=SLOTS, sender_id="script"))
    assert [b.get("response") for b in berichten] == ["utter_te_veel_overdrachten"]
    assert aantal_zaken(database) == voor, "no new case, no e-mail to staff"

    berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=SLOTS, sender_id="iemand-anders"))
    assert "overdracht" in berichten[0]["custom"]


def test_conversations_from_one_address_hand_off_at_most_a_few_cases_together(database, monkeypatch):
    """A script that opens a new conversation for every few cases is stopped by its IP address."""
    from bot.kern.tempo import noteer_herkomst
    from bot.kern.tijd import utcnow
    from bot.overdracht.limiet import MAX_PER_IP_PER_DAG

    monkeypatch.delenv("INGANG_MAX_OVERDRACHTEN_IP", raising=False)
    gesprekken = [f"webchat:script-{i}" for i in range(MAX_PER_IP_PER_DAG // MAX_PER_DAG + 2)]
    with transaction(database) as session:
        for gesprek in [*gesprekken, "webchat:buurman"]:
            noteer_herkomst(session=session, gesprek_id=gesprek,
                            ip="198.51.100.7" if gesprek != "webchat:buurman" else "203.0.113.9", nu=utcnow())
    gelukt = 0
    for gesprek in gesprekken:
        for _ in range(MAX_PER_DAG):
            berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=SLOTS, sender_id=gesprek))
            gelukt += "overdracht" in (berichten[0].get("custom") or {})
    assert gelukt == MAX_PER_IP_PER_DAG == aantal_zaken(database)
    berichten, _ = run(ActionStartOverdracht(), tracker("ik wil iemand spreken", "request_human", sender_id=gesprekken[-1]))
    assert [b.get("response") for b in berichten] == ["utter_te_veel_overdrachten_adres"]  # no talk of "your" cases
    berichten, _ = run(ActionOverdragen(), tracker("/affirm", onderwerp="terrasvergunning", slots=SLOTS, sender_id="webchat:buurman"))
    assert "overdracht" in berichten[0]["custom"]
