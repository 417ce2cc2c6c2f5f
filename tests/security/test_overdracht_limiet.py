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
