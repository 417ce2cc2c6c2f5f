"""The worker's sweep reads only the promises that are due (bot/beloften/jobs.py): each promise keeps its
planned reminder moment (``herinner_op``), planned in batches and again after a reassignment, a
postponement or a calendar that moved the moment later. The scale is measured by benchmarks/schaal.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.beloften import jobs
from bot.beloften.service import verzet_belofte, wijs_toe
from bot.kern.db import transaction
from bot.medewerkers.models import MedewerkerAfwezigheid
from bot.zaken.models import Belofte
from tests.unit.beloften.hulp import AMS, DEADLINE, HERINNERING, NIETS, beloften, medewerker, nieuwe_zaak, run

MAANDAG_OCHTEND = datetime(2026, 11, 23, 9, 30, tzinfo=AMS)


def test_a_round_plans_the_reminder_and_the_next_rounds_pass_the_promise_by(zaak, engine, mailer):
    """A round first plans the reminder moment; until then the sweep does not select the promise."""
    [belofte] = beloften(engine)
    assert belofte.herinner_op is None
    assert run(engine, mailer, MAANDAG_OCHTEND) == NIETS
    assert beloften(engine)[0].herinner_op == HERINNERING
    assert jobs.kandidaten(engine=engine, nu=HERINNERING - timedelta(minutes=1)) == []
    assert jobs.kandidaten(engine=engine, nu=HERINNERING) == [belofte.id]
    assert run(engine, mailer, HERINNERING)["herinneringen"] == 1
    assert jobs.kandidaten(engine=engine, nu=DEADLINE - timedelta(minutes=1)) == []


def test_a_planned_moment_the_calendar_moved_later_is_checked_live_and_planned_again(zaak, engine, mailer):
    """The medewerker is away on the planned day (a calendar change after planning): no reminder
    then, and the moment is planned anew on the calendar as it is now."""
    run(engine, mailer, MAANDAG_OCHTEND)
    [belofte] = beloften(engine)
    with transaction(engine) as session:
        m = session.get(Belofte, belofte.id).medewerker
        m.afwezigheden.append(MedewerkerAfwezigheid(van=HERINNERING.date(), tot_en_met=HERINNERING.date()))
    assert run(engine, mailer, HERINNERING) == NIETS
    opnieuw = beloften(engine)[0].herinner_op
    assert opnieuw is not None and opnieuw > HERINNERING


def test_a_reassigned_or_postponed_promise_is_planned_again(zaak, engine, mailer):
    run(engine, mailer, MAANDAG_OCHTEND)
    [belofte] = beloften(engine)
    with transaction(engine) as session:
        rij = session.get(Belofte, belofte.id)
        wijs_toe(session=session, zaak=rij.zaak, medewerker=medewerker(session, "lotte-bakker"), door="t",
                 nu=MAANDAG_OCHTEND)
    assert beloften(engine)[0].herinner_op is None
    assert jobs.plan_herinneringen(engine=engine) == 1
    with transaction(engine) as session:
        verzet_belofte(session=session, belofte=session.get(Belofte, belofte.id), nieuwe_deadline=DEADLINE + timedelta(days=1),
                       reden="ziek", door="t", nu=MAANDAG_OCHTEND)
    assert beloften(engine)[0].herinner_op is None


def test_planning_goes_in_batches_and_plans_each_promise_once(zaak, engine):
    for nummer in range(4):
        nieuwe_zaak(engine, gesprek_id=f"g{nummer + 2}")
    assert jobs.plan_herinneringen(engine=engine, per_keer=2) == 5
    assert all(b.herinner_op == HERINNERING for b in beloften(engine))
    assert jobs.plan_herinneringen(engine=engine, per_keer=2) == 0
