"""A long session is loaded bounded (bot/componenten/venster.py) and reads the same as when loaded whole.

One long conversation is played over REST (questions, follow-ups, a message the bot does not understand,
a complaint, a handoff with its form, the status question). Then its stored events are loaded again the
way the tracker store loads them at each message, with the window and without it, and everything that
steers the next answer is compared after every event of the turn: the slots, the active form, the
dialogue states the policies read, and what the actions read in the events (the texts already sent, the
entrepreneur's own messages, the latest card, the complaint, the wait for a live chat).
"""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker

from actions.context import laatste_kaart, lijst_keuzes, overdracht_in_gesprek
from actions.herhaling import verstuurde_teksten
from actions.klacht import klacht_voor_overdracht, laatste_klacht
from actions.overdracht.formulier import eigen_berichten
from actions.overdracht.vragen import al_gevraagd
from bot.componenten.overname_policy import wacht_op_medewerker
from bot.componenten.venster import VENSTER_BEURTEN, tracker_met_venster
from bot.kern.settings import PROJECT_ROOT
from tests.assistent import antwoord_tot_overdracht

BERICHTEN = [
    "hallo",
    "ik wil een terras bij mijn cafe",
    "hoeveel kost dat",
    "qwrtp zxcvb",
    "wat is bibob",
    "nee iets anders",
    "ik heb al drie weken niks gehoord, dit is echt slecht",
    "weet ik niet",
    "kan iemand mij bellen over de verbouwing van mijn winkel",
]
NA_OVERDRACHT = ["wat is de status van mijn zaak", "ik wil een cafeetje beginnen in de binnenstad"]
# at most 20 messages: the limit per conversation and minute (bot/kanalen/tempo.py) holds in the e2e tests
# The policies read at most 5 dialogue states (max_history 4, the longest rule 5 steps); the window's
# turns give 2 states each at least, the first one without the action before it.
LANGSTE_REGEL = 5


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def opgeslagen_events(assistent, gesprek: str) -> list[dict]:
    engine = sa.create_engine(assistent.tracker_url)
    try:
        with engine.connect() as verbinding:
            rijen = verbinding.execute(sa.text("SELECT data FROM events WHERE sender_id LIKE :s ORDER BY id"),
                                       {"s": f"%{gesprek}"}).scalars().all()
    finally:
        engine.dispose()
    return [json.loads(rij) for rij in rijen]


def wat_de_acties_lezen(tracker: DialogueStateTracker) -> dict:
    sdk = Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))
    return {"teksten": verstuurde_teksten(sdk), "berichten": eigen_berichten(sdk), "kaart": laatste_kaart(sdk),
            "overdracht": overdracht_in_gesprek(sdk), "lijst": lijst_keuzes(sdk),
            "al_gevraagd": al_gevraagd(sdk), "klacht": laatste_klacht(sdk),
            "klacht_voor_overdracht": klacht_voor_overdracht(sdk), "wacht": wacht_op_medewerker(tracker),
            "latest_message": sdk.latest_message.get("text"), "latest_action": sdk.latest_action_name}


def vergelijk(heel: DialogueStateTracker, kort: DialogueStateTracker, domain: Domain, staten: int, waar: str) -> None:
    assert kort.current_slot_values() == heel.current_slot_values(), waar
    assert kort.active_loop_name == heel.active_loop_name, waar
    assert kort.followup_action == heel.followup_action, waar
    assert kort.past_states(domain)[-staten:] == heel.past_states(domain)[-staten:], waar
    assert wat_de_acties_lezen(kort) == wat_de_acties_lezen(heel), waar


@pytest.fixture(scope="module")
def lang_gesprek(assistent) -> tuple[str, list[dict]]:
    """A conversation of about twenty turns, played once; its id and stored events."""
    gesprek = uuid.uuid4().hex
    for tekst in BERICHTEN:
        berichten = assistent.praat(tekst, gesprek)
    antwoord_tot_overdracht(assistent, gesprek, berichten)
    for tekst in NA_OVERDRACHT:
        assistent.praat(tekst, gesprek)
    return gesprek, opgeslagen_events(assistent, gesprek)


@pytest.mark.parametrize("beurten", [VENSTER_BEURTEN, 3])
def test_a_long_session_reads_the_same_with_the_window_as_whole(lang_gesprek, domain, beurten):
    gesprek, events = lang_gesprek
    staten = 2 * beurten - 1
    assert staten >= LANGSTE_REGEL
    objecten = deserialise_events(events)
    beurtbegin = [i for i, event in enumerate(objecten) if isinstance(event, UserUttered)]
    assert len(beurtbegin) >= beurten + 8
    ingekort = 0
    for nummer, begin in enumerate(beurtbegin):
        einde = beurtbegin[nummer + 1] if nummer + 1 < len(beurtbegin) else len(objecten)
        heel = DialogueStateTracker.from_dict(gesprek, events[:begin], domain.slots)
        kort = tracker_met_venster(gesprek, events[:begin], domain.slots, beurten)  # as loaded at the message
        ingekort += len(kort.events) < len(heel.events)
        for index in range(begin, einde):
            if isinstance(objecten[index], ActionExecuted):  # a policy predicted it, an action may have read
                vergelijk(heel, kort, domain, staten, f"turn {nummer}, event {index}: {objecten[index]}")
            heel.update(objecten[index])
            kort.update(objecten[index])
        vergelijk(heel, kort, domain, staten, f"after turn {nummer}")
    assert ingekort >= 4  # the window was really used, also in the middle of the handoff's form
