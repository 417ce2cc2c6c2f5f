"""Consent refused or the questions stopped: the name, number and address are in no store and no log.

Searched afterwards: every event of Rasa's tracker store, every row of every table of the
application database, and the logs of the Rasa server and the action server.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.kern.db import make_engine
from tests.assistent import Assistent, antwoord_tot_stap, stap_van
from tests.e2e.conftest import teksten

pytestmark = pytest.mark.e2e


def sporen(assistent: Assistent, gegevens: list[str]) -> list[str]:
    """Where any of ``gegevens`` is found: the store or log, and the text around it."""
    gevonden = []
    bronnen = {"tracker.db": _tracker_teksten(assistent.map_ / "tracker.db"),
               "ingang.db": _database_teksten(assistent.database_url),
               "rasa.log": (assistent.map_ / "rasa.log").read_text(encoding="utf-8", errors="replace"),
               "acties.log": (assistent.map_ / "acties.log").read_text(encoding="utf-8", errors="replace")}
    for bron, tekst in bronnen.items():
        for gegeven in gegevens:
            if (plek := tekst.lower().find(gegeven.lower())) >= 0:
                gevonden.append(f"{bron}: {tekst[max(0, plek - 80):plek + 80]!r}")
    return gevonden


def _tracker_teksten(pad: Path) -> str:
    with sqlite3.connect(pad) as verbinding:
        return "\n".join(data for (data,) in verbinding.execute("SELECT data FROM events"))


def _database_teksten(database_url: str) -> str:
    engine = make_engine(database_url)
    try:
        with engine.connect() as verbinding:
            tabellen = sa.MetaData()
            tabellen.reflect(verbinding)
            return "\n".join(str(rij) for tabel in tabellen.sorted_tables
                             for rij in verbinding.execute(sa.select(tabel)))
    finally:
        engine.dispose()


def test_refusing_consent_leaves_the_details_of_the_story_nowhere(assistent):
    gesprek = uuid.uuid4().hex
    berichten = assistent.praat(
        "goedemiddag, met Wilhelmina Oosterbroek van Bloemenhuis Zonnebloem, KvK 73920481. ik wil in het voorjaar "
        "bloemen verkopen op de markt omdat mijn winkel te klein is. bel me op 06-48213795 of mail "
        "w.oosterbroek@voorbeeld.nl", gesprek)
    antwoord_tot_stap(assistent, gesprek, berichten, "toestemming")
    assert "14 0123" in teksten(assistent.praat("nee", gesprek))
    gegevens = ["Oosterbroek", "Wilhelmina", "Zonnebloem", "73920481", "06-48213795", "0648213795", "648213795",
                "w.oosterbroek@voorbeeld.nl"]
    assert sporen(assistent, gegevens) == []
    # the question itself stays: a change of mind asks only the personal details again
    assert stap_van(assistent.praat("oh wacht, toch wel", gesprek)) == "bedrijf"


def test_stop_at_the_summary_leaves_the_typed_details_nowhere(assistent):
    gesprek = uuid.uuid4().hex
    berichten = antwoord_tot_stap(assistent, gesprek, assistent.praat("ik wil graag iemand spreken over mijn kapsalon",
                                                                        gesprek), "bevestiging",
                                  {"bedrijf": "Kapsalon Knipperlicht",
                                   "contact": "Gerrit Haverkamp, 06 59130274, gh@knipper.nl"})
    assert "Gerrit Haverkamp" in teksten(berichten)  # the summary echoes the details
    assert "niets bewaard" in teksten(assistent.praat("stop", gesprek))
    gegevens = ["Haverkamp", "Gerrit", "Knipperlicht", "06 59130274", "0659130274", "659130274", "gh@knipper.nl"]
    assert sporen(assistent, gegevens) == []
    assert assistent.praat("wat kost een standplaats?", gesprek)  # the conversation goes on
