"""Retention (bot/privacy/bewaren.py): idle conversations without a case leave Rasa's tracker store."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.kern.db import make_engine, transaction
from bot.kern.tracker import EVENTS
from bot.privacy.bewaren import Bewaartermijnen, verwijder_gesprekken_zonder_zaak
from bot.zaken.models import AuditRegel
from tests import factories

NU = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
TERMIJN = timedelta(days=30)


def bericht(tekst: str, moment: datetime) -> UserUttered:
    return UserUttered(tekst, intent={"name": "ask_question", "confidence": 1.0}, timestamp=moment.timestamp())


@pytest.fixture
def store(tmp_path) -> SQLTrackerStore:
    """Rasa's own SQLTrackerStore on a database of this test (``schrijf`` adds a conversation to it)."""
    return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))


@pytest.fixture
def tracker(store, tmp_path):
    """The tracker store's database, as the worker reads it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    yield engine
    engine.dispose()


def schrijf(store: SQLTrackerStore, sender: str, *momenten: datetime) -> None:
    events = [bericht(f"bel me op 06-1234567{i}", moment) for i, moment in enumerate(momenten)]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def gesprekken(tracker) -> set[str]:
    with tracker.connect() as verbinding:
        return set(verbinding.execute(select(EVENTS.c.sender_id).distinct()).scalars())


def audit(engine) -> list[dict]:
    with transaction(engine) as session:
        regels = session.execute(select(AuditRegel).where(AuditRegel.wat == "bewaartermijn")).scalars().all()
        return [regel.details for regel in regels]


def test_an_idle_conversation_without_a_case_is_deleted_the_rest_stays(engine, store, tracker):
    oud = NU - TERMIJN - timedelta(days=1)
    schrijf(store, "oud-zonder-zaak", oud - timedelta(days=3), oud)
    schrijf(store, "oud-met-zaak", oud)
    schrijf(store, "recent", NU - timedelta(days=2))
    schrijf(store, "weer-actief", oud - timedelta(days=10), NU - timedelta(hours=1))  # the last event counts
    with transaction(engine) as session:
        factories.zaak(session, gesprek_id="oud-met-zaak")

    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN) == 1
    assert gesprekken(tracker) == {"oud-met-zaak", "recent", "weer-actief"}
    # the audit says what kind and how many, never which conversation or what was in it
    assert audit(engine) == [{"soort": "gesprek_zonder_zaak", "gesprekken": 1, "termijn_dagen": 30.0}]
    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN) == 0
    assert len(audit(engine)) == 1  # a run that deleted nothing writes no row


def test_batches_go_through_every_conversation_past_the_ones_with_a_case(engine, store, tracker):
    oud = NU - TERMIJN - timedelta(days=1)
    for sender in ["a", "b", "c", "d", "e"]:
        schrijf(store, sender, oud)
    with transaction(engine) as session:
        factories.zaak(session, gesprek_id="a")
        factories.zaak(session, gesprek_id="b", met_ondernemer=False)
    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN, batch=2) == 3
    assert gesprekken(tracker) == {"a", "b"}


def test_two_workers_at_once_delete_each_conversation_once(engine, store, tracker):
    oud = NU - TERMIJN - timedelta(days=1)
    for nummer in range(40):
        schrijf(store, f"g{nummer:02d}", oud)
    tellingen: list[int] = []

    def werker() -> None:
        tellingen.append(verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN,
                                                          batch=5))

    draden = [threading.Thread(target=werker) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert sum(tellingen) == 40 and gesprekken(tracker) == set()
    assert sum(regel["gesprekken"] for regel in audit(engine)) == 40


def test_without_a_tracker_table_nothing_happens(engine, tmp_path):
    leeg = make_engine(f"sqlite:///{tmp_path / 'nog-geen-tracker.db'}")
    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=leeg, nu=NU, termijn=TERMIJN) == 0
    leeg.dispose()


def test_the_period_comes_from_the_environment_and_must_be_positive():
    assert Bewaartermijnen.uit_omgeving({}).gesprek_zonder_zaak == timedelta(days=30)
    assert Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_GESPREK_DAGEN": "7"}).gesprek_zonder_zaak == timedelta(days=7)
    with pytest.raises(ValueError, match="groter dan 0"):
        Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_GESPREK_DAGEN": "0"})
