"""The actions' database work runs in a worker thread, off the action server's event loop.

One event loop serves the actions of every conversation: a slow query on it would stall them
all. Here every transaction waits until another coroutine on the loop has run; that only
happens when the transaction does not block the loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import bot.kennisbank.zoeker as zoeker_module
from actions.kennisbank import ActionBeantwoordVraag
from actions.overdracht import onderwerp
from actions.overdracht.live_chat import ActionNuChatten
from actions.overdracht.overdragen import ActionOverdragen, ActionStartOverdracht
from actions.overdracht.status import ActionStatus, ActionStatusControleren
from bot.kern.db import transaction
from tests.unit.actions.conftest import MODULES_MET_DATABASE
from tests.unit.actions.hulp import tracker

FORMULIER = {"wat": "een festival organiseren in het park", "waarom": "voor de buurt", "hoe": "in juni, 500 mensen",
             "contactnaam": "Ans", "telefoon": "+31612345678", "toestemming": True}

ACTIES = {
    "beantwoord_vraag": (ActionBeantwoordVraag(), tracker("ik wil een foodtruck neerzetten", "ask_question")),
    "start_overdracht": (ActionStartOverdracht(), tracker("ik wil iemand spreken", "request_human")),
    "overdragen": (ActionOverdragen(), tracker("/affirm", "affirm", onderwerp="terrasvergunning", slots=FORMULIER)),
    "overdragen_zonder_onderwerp": (ActionOverdragen(), tracker("/affirm", "affirm", slots=FORMULIER)),
    "nu_chatten": (ActionNuChatten(), tracker("nu chatten", "nu_chatten")),
    "status": (ActionStatus(), tracker("hoe staat ON-2026-00001 ervoor", "ask_status")),
    "status_controleren": (ActionStatusControleren(), tracker("0612345678", "inform",
                                                             slots={"status_nummer": "ON-2026-00001"})),
}


class TrageDatabase:
    """Transactions on the test database that first wait until ``vrij`` is set by the event loop."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.vrij = threading.Event()
        self.draden: list[threading.Thread] = []

    @contextmanager
    def transaction(self, _engine=None) -> Iterator:
        self.draden.append(threading.current_thread())
        if not self.vrij.wait(timeout=5):
            raise AssertionError("the event loop stood still while the database work waited")
        with transaction(self.engine) as session:
            yield session


async def naast_een_ander_gesprek(actie: Action, t: Tracker, database: TrageDatabase) -> list:
    """Run ``actie`` while another conversation's coroutine wants the loop for a moment."""

    async def ander_gesprek() -> None:
        await asyncio.sleep(0.01)
        database.vrij.set()

    events, _ = await asyncio.gather(actie.run(CollectingDispatcher(), t, {}), ander_gesprek())
    return events


@pytest.mark.parametrize("naam", ACTIES)
def test_database_work_runs_off_the_event_loop(naam, database, zoeker, monkeypatch):
    traag = TrageDatabase(database)
    for module in [*MODULES_MET_DATABASE, zoeker_module]:
        monkeypatch.setattr(module, "transaction", traag.transaction)
    monkeypatch.setattr(onderwerp, "ZOEKER", zoeker)

    actie, t = ACTIES[naam]
    asyncio.run(naast_een_ander_gesprek(actie, t, traag))

    assert traag.draden, "the action used the database"
    assert threading.main_thread() not in traag.draden, "every transaction ran in a worker thread"
