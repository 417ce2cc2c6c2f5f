"""Two workers racing over 1,000 due promises on PostgreSQL, where production runs several workers:
every escalation e-mail and every message to an entrepreneur is sent exactly once.

PostgreSQL re-checks a claim's WHERE after waiting for the row lock (bot/kern/claims.py); SQLite, with
one writer, cannot show that. The cases are made once with the real handoff; then each worker runs the
two steps of a round that send (the promise job, the outbox) at the deadline until nothing is left.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.beloften.jobs import verwerk_beloften
from bot.integraties.email import EmailBezorger
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.zaken.models import Belofte
from tests.unit.beloften.hulp import DEADLINE, TelBezorger, nieuwe_zaak, twee_werkers_tegelijk

AANTAL = 1000

pytestmark = pytest.mark.alleen_postgres


def test_two_workers_over_a_thousand_due_promises_send_everything_exactly_once(gevuld, database_url, mailer, smtp):
    for nummer in range(AANTAL):
        nieuwe_zaak(gevuld, f"chat-{nummer}", kanaal="telegram")
    bezorger = TelBezorger("telegram")
    bezorgers = {bezorger.kanaal: bezorger, EMAIL: EmailBezorger(mailer)}

    def stappen(engine, werker: str) -> dict[str, int]:
        return verwerk_beloften(engine=engine, nu=DEADLINE, werker=werker) | bezorg_wachtende(
            engine=engine, bezorgers=bezorgers, nu=DEADLINE, werker=werker, limiet=3 * AANTAL)

    def tot_alles_af(engine, werker: str) -> dict[str, int]:
        totaal: Counter[str] = Counter()
        while (telling := stappen(engine, werker))["escalaties"] or telling["afgeleverd"]:
            totaal.update(telling)
        return dict(totaal)

    tellingen = twee_werkers_tegelijk(database_url, tot_alles_af, timeout=600)

    assert all(t.get("escalaties", 0) > 0 for t in tellingen), "both workers took part"
    assert sum(t["escalaties"] for t in tellingen) == AANTAL
    ontvangers = [b.ontvanger for b in bezorger.bezorgd]
    assert len(ontvangers) == len(set(ontvangers)) == AANTAL  # one message per entrepreneur
    assert len(smtp.berichten) == AANTAL  # one escalation e-mail per case
    with gevuld.connect() as verbinding:
        per_status = dict(verbinding.execute(
            select(UitgaandBericht.status, func.count()).group_by(UitgaandBericht.status)).all())
        pogingen = verbinding.execute(select(func.max(UitgaandBericht.pogingen))).scalar_one()
        mails = verbinding.execute(select(func.count()).where(UitgaandBericht.kanaal == EMAIL)).scalar_one()
        geclaimd = verbinding.execute(select(func.count()).where(Belofte.claimed_by.is_not(None))).scalar_one()
    assert per_status == {"afgeleverd": 2 * AANTAL} and pogingen == 1 and mails == AANTAL
    assert geclaimd == 0
