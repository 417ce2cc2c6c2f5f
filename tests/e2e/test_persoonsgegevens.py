"""Consent refused or the questions stopped: the name, number and address are in no store and no log.

The same search proves an erasure (AVG art. 17) complete. Every test runs on SQLite and on PostgreSQL
(the application database and Rasa's tracker store), as in production. Searched afterwards: every event of Rasa's tracker store, every row of every table of the
application database, and the logs of the Rasa server and the action server.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from bot.kern.db import make_engine, transaction
from bot.privacy.dossier import lees_zoekterm, zoek_dossier
from bot.privacy.wissen import wis_dossier
from tests.assistent import Assistent, antwoord_tot_overdracht, antwoord_tot_stap, stap_van
from tests.e2e.conftest import custom, teksten

pytestmark = pytest.mark.e2e


def sporen(assistent: Assistent, gegevens: list[str]) -> list[str]:
    """Where any of ``gegevens`` is found: the store or log, and the text around it."""
    gevonden = []
    bronnen = {"tracker store": _database_teksten(assistent.tracker_url),
               "database": _database_teksten(assistent.database_url),
               "rasa.log": (assistent.map_ / "rasa.log").read_text(encoding="utf-8", errors="replace"),
               "acties.log": (assistent.map_ / "acties.log").read_text(encoding="utf-8", errors="replace")}
    for bron, tekst in bronnen.items():
        for gegeven in gegevens:
            if (plek := tekst.lower().find(gegeven.lower())) >= 0:
                gevonden.append(f"{bron}: {tekst[max(0, plek - 80):plek + 80]!r}")
    return gevonden


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


def test_refusing_consent_leaves_the_details_of_the_story_nowhere(assistent_op_elke_opslag):
    assistent = assistent_op_elke_opslag  # on SQLite and on PostgreSQL
    gesprek = uuid.uuid4().hex
    berichten = assistent.praat(
        "goedemiddag, met Wilhelmina Oosterbroek van Bloemenhuis Zonnebloem, KvK 73920481. ik wil in het voorjaar "
        "bloemen verkopen op de markt omdat mijn winkel te klein is. bel me op 06-48213795 of mail "
        "w.oosterbroek@voorbeeld.nl", gesprek)
    vraag = teksten(antwoord_tot_stap(assistent, gesprek, berichten, "toestemming"))
    # what is stored, who sees it, how long, and where to read more: before the answer
    assert "Alleen het team dat u helpt" in vraag and "een jaar" in vraag
    assert "https://www.voorbeeldstad.nl/privacy" in vraag
    assert "14 0123" in teksten(assistent.praat("nee", gesprek))
    gegevens = ["Oosterbroek", "Wilhelmina", "Zonnebloem", "73920481", "06-48213795", "0648213795", "648213795",
                "w.oosterbroek@voorbeeld.nl"]
    assert sporen(assistent, gegevens) == []
    # the question itself stays: a change of mind asks only the personal details again
    assert stap_van(assistent.praat("oh wacht, toch wel", gesprek)) == "bedrijf"


def test_stop_at_the_summary_leaves_the_typed_details_nowhere(assistent_op_elke_opslag):
    assistent = assistent_op_elke_opslag  # on SQLite and on PostgreSQL
    gesprek = uuid.uuid4().hex
    berichten = antwoord_tot_stap(assistent, gesprek, assistent.praat("ik wil graag iemand spreken over mijn kapsalon",
                                                                        gesprek), "bevestiging",
                                  {"bedrijf": "Kapsalon Knipperlicht",
                                   "contact": "Gerrit Haverkamp, 06 59130274, gh@knipper.nl"})
    assert "Gerrit Haverkamp" in teksten(berichten)  # the summary echoes the details
    assert "gewist" in teksten(assistent.praat("stop", gesprek))
    gegevens = ["Haverkamp", "Gerrit", "Knipperlicht", "06 59130274", "0659130274", "659130274", "gh@knipper.nl"]
    assert sporen(assistent, gegevens) == []
    assert assistent.praat("wat kost een standplaats?", gesprek)  # the conversation goes on


def test_an_erasure_after_a_handoff_leaves_the_person_in_no_store(assistent_op_elke_opslag):
    """Art. 17: a case made with consent, then erased by its phone number (bot/privacy/wissen.py):
    the conversation, the case and the details are gone from the tracker store and every table."""
    assistent = assistent_op_elke_opslag  # on SQLite and on PostgreSQL
    gesprek = uuid.uuid4().hex
    berichten = antwoord_tot_overdracht(assistent, gesprek, assistent.praat(
        "ik wil graag iemand spreken over het uitbreiden van mijn bakkerij", gesprek),
        {"bedrijf": "Bakkerij Dekorst, KvK 61830274", "contact": "Fenna Wassenaar, 06 38150926, fenna@dekorst.nl"})
    nummer = next(b["custom"]["overdracht"]["zaak"] for b in berichten if "overdracht" in (b.get("custom") or {}))
    gegevens = ["Wassenaar", "Dekorst", "61830274", "0638150926", "638150926", "fenna@dekorst.nl", nummer]
    assert sporen(assistent, gegevens)  # the search finds what a handoff stores

    engine, tracker = make_engine(assistent.database_url), make_engine(assistent.tracker_url)
    try:
        with transaction(engine) as session:
            dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm("06 38150926"))
            assert [zaak.nummer for zaak in dossier.zaken] == [nummer]
            wis_dossier(session=session, tracker=tracker, mailmap=None, dossier=dossier, wie="test",
                        nu=datetime.now(timezone.utc))
    finally:
        engine.dispose()
        tracker.dispose()
    assert [spoor for spoor in sporen(assistent, gegevens) if not spoor.startswith(("rasa.log", "acties.log"))] == []
    # the logs mask phone numbers and e-mail addresses (bot/kern/logboek.py); names they may hold are a known gap
    assert [spoor for spoor in sporen(assistent, ["638150926", "fenna@dekorst.nl"])] == []


@pytest.mark.parametrize("vraag", ["hallo wat weten jullie allemaal van mij?", "bewaren jullie dit gesprek?",
                                   "ik wil dat jullie mijn gegevens verwijderen"])
def test_a_question_about_what_is_kept_gets_the_retention_and_the_right_to_see_or_erase(assistent, vraag):
    """Not a handoff nobody asked for, and not "ask the Autoriteit Persoonsgegevens": how long the
    municipality keeps the conversation, and how to see or erase what it has."""
    berichten = assistent.praat(vraag, uuid.uuid4().hex)
    tekst = teksten(berichten)
    assert "30 dagen" in tekst and "wissen" in tekst and "privacy" in tekst
    assert "Autoriteit Persoonsgegevens" not in tekst and not custom(berichten, "vraag")

