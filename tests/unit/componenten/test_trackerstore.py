"""The tracker store named in endpoints.yml wipes personal details from the stored events when a turn asks."""

from __future__ import annotations

import contextlib
import json
import sqlite3

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.componenten.trackerstore import PrivacyTrackerStore, na_herstel
from bot.componenten.venster import tracker_met_venster
from bot.kern.settings import PROJECT_ROOT
from bot.overdracht.persoonsgegevens import WIS_SLOT
from tests.postgres import GEBRUIKER

NUMMER = "06-12345678"
ADRES = "piet@example.nl"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture
def store(tmp_path, domain):
    """The store exactly as endpoints.yml configures it, on a database of this test."""
    instellingen = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))["tracker_store"]
    instellingen["db"] = str(tmp_path / "tracker.db")
    store = create_tracker_store(EndpointConfig.from_dict(instellingen), domain)
    assert isinstance(store, PrivacyTrackerStore)  # not Rasa's silent fallback to memory
    return store


def beurt(tracker: DialogueStateTracker, tekst: str, *events) -> None:
    tracker.update(UserUttered(tekst, intent={"name": "inform", "confidence": 1.0}))
    for event in events:
        tracker.update(event)


def rijen(tmp_path) -> list[str]:
    with sqlite3.connect(tmp_path / "tracker.db") as verbinding:
        return [data for (data,) in verbinding.execute("SELECT data FROM events ORDER BY id")]


async def test_a_turn_that_asks_for_it_wipes_the_details_from_every_stored_event(store, domain, tmp_path):
    tracker = DialogueStateTracker("g1", domain.slots)
    beurt(tracker, f"Piet Jansen, {NUMMER}, {ADRES}", ActionExecuted("vraag_form"),
          SlotSet("contactnaam", "Piet Jansen"), SlotSet("telefoon", "+31612345678"), SlotSet("email", ADRES),
          BotUttered("Klopt dit? Piet Jansen, +31612345678"))
    await store.save(tracker)
    assert any(NUMMER in rij for rij in rijen(tmp_path))  # kept while the questions go on

    tracker = await store.retrieve("g1")
    beurt(tracker, "stop", ActionExecuted("action_vraag_gestopt"), BotUttered("Ik stop met de vragen."),
          SlotSet("telefoon", None), SlotSet(WIS_SLOT, True))
    await store.save(tracker)
    opgeslagen = "\n".join(rijen(tmp_path))
    for gegeven in [NUMMER, "31612345678", ADRES, "Piet", "Jansen"]:
        assert gegeven not in opgeslagen, gegeven

    tracker = await store.retrieve("g1")
    assert len(tracker.events) == len(rijen(tmp_path)) and tracker.get_slot("contactnaam") is None
    beurt(tracker, "wat kost een terras?", BotUttered("Een terras kost ..."))
    await store.save(tracker)  # Rasa's count of what is stored still holds: the new turn is appended once
    terug = await store.retrieve("g1")
    assert [e.text for e in terug.events if isinstance(e, UserUttered)] == ["***, ***, ***", "stop", "wat kost een terras?"]


async def test_without_the_request_nothing_is_rewritten(store, domain, tmp_path):
    tracker = DialogueStateTracker("g2", domain.slots)
    beurt(tracker, f"bel me op {NUMMER}", SlotSet("telefoon", "+31612345678"), SlotSet(WIS_SLOT, True))
    await store.save(tracker)
    tracker = await store.retrieve("g2")
    beurt(tracker, "toch wel", SlotSet("toestemming", True))
    await store.save(tracker)  # an earlier turn's request does not wipe again what came after it
    tracker = await store.retrieve("g2")
    beurt(tracker, f"mijn nummer is {NUMMER}", SlotSet("telefoon", "+31612345678"))
    await store.save(tracker)
    assert NUMMER in rijen(tmp_path)[-2]


def opgeslagen(store: PrivacyTrackerStore, gesprek: str) -> list[dict]:
    """The stored events, without their moments."""
    with store.session_scope() as session:
        return [{k: v for k, v in json.loads(rij.data).items() if k != "timestamp"}
                for rij in store._event_query(session, gesprek, True).all()]


def maak_store(opslag: str, naam: str, beurten: int, geheugen: int, databases: contextlib.ExitStack, tmp_path,
               request, domain: Domain) -> PrivacyTrackerStore:
    """A store with a window of ``beurten`` turns remembering ``geheugen`` turns' messages, on SQLite or on a
    database of the suite's PostgreSQL."""
    if opslag == "sqlite":
        instellingen = {"dialect": "sqlite", "db": str(tmp_path / f"{naam}.db")}
    else:
        postgres = request.getfixturevalue("postgres")
        url = databases.enter_context(postgres.tijdelijke_database())
        instellingen = {"dialect": "postgresql", "url": "127.0.0.1", "port": postgres.poort,
                        "db": url.rsplit("/", 1)[1], "username": GEBRUIKER}
    return create_tracker_store(EndpointConfig.from_dict(
        {"type": "bot.componenten.trackerstore.PrivacyTrackerStore", "venster_beurten": beurten,
         "geheugen_beurten": geheugen, **instellingen}), domain)


@pytest.mark.parametrize("opslag", ["sqlite", "postgresql"])
async def test_a_long_session_loaded_with_the_window_stores_every_event_once(opslag, tmp_path, domain, request):
    """Loaded bounded (bot/componenten/venster.py), the tracker holds fewer events than are stored: the
    store must still append exactly the turn's new events. Compared with a store that loads everything."""
    def maak(naam: str, beurten: int, databases: contextlib.ExitStack, geheugen: int = 50) -> PrivacyTrackerStore:
        return maak_store(opslag, naam, beurten, geheugen, databases, tmp_path, request, domain)

    with contextlib.ExitStack() as databases:
        met, zonder, vergeet = maak("met", 3, databases), maak("zonder", 0, databases), maak("vergeet", 3, databases, 10)
        for store in (met, zonder, vergeet):
            for nummer in range(25):
                tracker = await store.retrieve("g1") or DialogueStateTracker("g1", domain.slots)
                # the older messages are read light, their text from the JSON by the database: escapes too
                beurt(tracker, f'vraag {nummer}: "één" café\\terras 🍺', ActionExecuted("action_beantwoord_vraag"),
                      SlotSet("onderwerp", f"onderwerp {nummer % 4}"), BotUttered(f"antwoord {nummer}", payload(nummer)),
                      ActionExecuted("action_listen"))
                await store.save(tracker)
                await store.save(tracker)  # a second save in the same turn adds nothing
        bewaard = opgeslagen(met, "g1")
        assert len(bewaard) == 25 * 5
        assert bewaard == opgeslagen(zonder, "g1")
        geladen = await met.retrieve("g1")
        assert len(geladen.events) < len(bewaard)  # the window was used
        assert geladen.get_slot("onderwerp") == "onderwerp 0"
        heel = await met.retrieve_full_tracker("g1")  # Rasa's own load of the same rows, whole
        volgens_plan = tracker_met_venster("g1", [e.as_dict() for e in heel.events], domain.slots, 3)
        assert [e.as_dict() for e in geladen.events] == [e.as_dict() for e in volgens_plan.events]
        berichten = [e for e in geladen.events if isinstance(e, UserUttered)]
        assert len(berichten) == 25  # every message, the older ones light: their text, intent and moment
        assert [(b.text, b.intent_name, b.timestamp) for b in berichten] == [
            (b.text, b.intent_name, b.timestamp) for b in heel.events if isinstance(b, UserUttered)]
        assert berichten[0].text == 'vraag 0: "één" café\\terras 🍺' and "intent_ranking" not in berichten[0].parse_data
        # every text of the bot (the no-repeat rule), and the latest card, choice and handoff whole
        bot, bot_heel = ([e for e in events if isinstance(e, BotUttered)] for events in (geladen.events, heel.events))
        assert [b.text for b in bot] == [b.text for b in bot_heel]
        for sleutel in ("kennisbank", "keuzes", "overdracht"):
            assert laatste_payload(bot, sleutel) == laatste_payload(bot_heel, sleutel) is not None
        assert bot[0].data == {} and bot_heel[0].data  # an older one light
        # remembering the messages of the last 10 turns only: the latest card, choice and handoff still whole
        assert opgeslagen(vergeet, "g1") == bewaard
        kort, heel = await vergeet.retrieve("g1"), await vergeet.retrieve_full_tracker("g1")
        volgens_plan = tracker_met_venster("g1", [e.as_dict() for e in heel.events], domain.slots, 3, 10)
        assert [e.as_dict() for e in kort.events] == [e.as_dict() for e in volgens_plan.events]
        assert [e.text for e in kort.events if isinstance(e, UserUttered)] == [
            e.text for e in heel.events if isinstance(e, UserUttered)][-10:]
        kort_bot = [e for e in kort.events if isinstance(e, BotUttered)]
        for sleutel in ("kennisbank", "keuzes", "overdracht"):
            assert laatste_payload(kort_bot, sleutel) == laatste_payload([e for e in heel.events if isinstance(e, BotUttered)], sleutel) is not None
        assert kort.current_slot_values() == heel.current_slot_values()
        for store in (met, zonder, vergeet):
            store.engine.dispose()


def gevarieerde_beurt(nummer: int) -> list:
    """A turn's events after the message: mostly an answer that sets slots, now and then a reset of all slots,
    a turn Rasa reverts (its slot does not count), a form that spans turns, or a restart."""
    antwoord = [ActionExecuted("action_beantwoord_vraag"), SlotSet("onderwerp", f"onderwerp {nummer}"),
                BotUttered(f"antwoord {nummer}", payload(nummer))]
    if nummer in (3, 19):
        antwoord = [ActionExecuted("action_reset"), AllSlotsReset(), BotUttered("opnieuw")]
    elif nummer in (6, 27):
        antwoord = [SlotSet("taal", "en"), ActionExecuted("action_default_fallback"), BotUttered("Sorry?"),
                    UserUtteranceReverted()]
    elif nummer in range(10, 17) or nummer in range(30, 33):
        antwoord = [ActionExecuted("vraag_form"), ActiveLoop("vraag_form"), SlotSet("requested_slot", f"stap {nummer}"),
                    BotUttered(f"vraag {nummer}?")]
    elif nummer in (17, 33):
        antwoord = [ActionExecuted("vraag_form"), ActiveLoop(None), SlotSet("requested_slot", None),
                    SlotSet("contactnaam", f"Naam {nummer}"), BotUttered("Dank u.")]
    return [*antwoord, ActionExecuted("action_listen")]


@pytest.mark.parametrize("opslag", ["sqlite", "postgresql"])
async def test_a_session_longer_than_its_memory_loads_as_the_plan_says_at_every_turn(opslag, tmp_path, domain, request):
    """A window of 3 turns and the messages of the last 5: at every turn of a session with resets, reverted
    turns and forms, the tracker the store loads is the one the plan over every stored event gives."""
    with contextlib.ExitStack() as databases:
        store = maak_store(opslag, "plan", 3, 5, databases, tmp_path, request, domain)
        for nummer in range(45):
            tracker = await store.retrieve("g1") or DialogueStateTracker("g1", domain.slots)
            heel = await store.retrieve_full_tracker("g1")
            verwacht = tracker_met_venster("g1", [e.as_dict() for e in heel.events], domain.slots, 3, 5) if heel else None
            assert [e.as_dict() for e in tracker.events] == ([e.as_dict() for e in verwacht.events] if verwacht else []), nummer
            beurt(tracker, f"vraag {nummer}", *gevarieerde_beurt(nummer))
            await store.save(tracker)
        tracker = await store.retrieve("g1")
        assert len([e for e in tracker.events if isinstance(e, UserUttered)]) == 5
        assert tracker.current_slot_values() == (await store.retrieve_full_tracker("g1")).current_slot_values()
        store.engine.dispose()


@pytest.mark.parametrize("opslag", ["sqlite", "postgresql"])
async def test_a_conversation_loads_its_latest_session_by_the_moment_it_started(opslag, tmp_path, domain, request):
    """The latest session's events, found by the moment it started, read first as a value: Rasa's query joins
    that moment in as a subquery, which PostgreSQL ran again for every row of the conversation."""
    with contextlib.ExitStack() as databases:
        store = maak_store(opslag, "sessies", 3, 5, databases, tmp_path, request, domain)
        tracker = DialogueStateTracker("g1", domain.slots)
        for sessie in ("eerste", "tweede"):
            tracker.update(SessionStarted())
            for nummer in range(3):
                beurt(tracker, f"{sessie} {nummer}", ActionExecuted("action_listen"))
            await store.save(tracker)
        geladen, alles = await store.retrieve("g1"), await store.retrieve_full_tracker("g1")
        assert [e.text for e in geladen.events if isinstance(e, UserUttered)] == ["tweede 0", "tweede 1", "tweede 2"]
        assert len([e for e in alles.events if isinstance(e, UserUttered)]) == 6
        with store.session_scope() as session:
            sql = str(store._event_query(session, "g1", fetch_events_from_all_sessions=False).statement)
        assert sql.count("SELECT") == 1  # no subquery left for the database to repeat per row
        store.engine.dispose()


def payload(nummer: int) -> dict:
    """A payload read back later (``TERUGGELEZEN_PAYLOADS``) on three of four bot messages."""
    sleutel = ("kennisbank", "keuzes", "overdracht", None)[nummer % 4]
    return {"custom": {sleutel: {"nummer": nummer}}} if sleutel else {}


def laatste_payload(berichten: list[BotUttered], sleutel: str) -> dict | None:
    return next((b.data["custom"] for b in reversed(berichten) if sleutel in (b.data or {}).get("custom", {})), None)


async def test_a_conversation_is_read_and_saved_again_after_postgresql_closed_its_connections(postgres, domain):
    """A restart of PostgreSQL closes every connection in the store's pool. Rasa's own store then fails the
    next read, and Rasa answers as if the conversation had just begun (its fallback for a failed read)."""
    with postgres.tijdelijke_database() as url:
        store = create_tracker_store(EndpointConfig.from_dict({
            "type": "bot.componenten.trackerstore.PrivacyTrackerStore", "dialect": "postgresql",
            "url": "127.0.0.1", "port": postgres.poort, "db": url.rsplit("/", 1)[1], "username": GEBRUIKER}), domain)
        tracker = DialogueStateTracker("g1", domain.slots)
        beurt(tracker, "ik wil een terras")
        await store.save(tracker)
        assert (await store.retrieve("g1")) is not None  # a pooled connection, open

        beheer = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with beheer.connect() as verbinding:
            gesloten = verbinding.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
        assert gesloten >= 1

        tracker = await store.retrieve("g1")
        assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["ik wil een terras"]
        beurt(tracker, "wat kost dat?")
        await store.save(tracker)
        bewaard = await store.retrieve("g1")
        assert [e.text for e in bewaard.events if isinstance(e, UserUttered)] == ["ik wil een terras", "wat kost dat?"]
        store.engine.dispose()


async def test_a_read_that_loses_its_connection_is_tried_again_until_the_database_is_back():
    pogingen = []

    async def lezen() -> str:
        pogingen.append(1)
        if len(pogingen) < 3:
            raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))
        return "tracker"

    assert await na_herstel(lezen, hersteltijd=5) == "tracker"
    assert len(pogingen) == 3


async def test_a_database_that_stays_away_fails_the_read_after_the_waiting_time():
    async def lezen() -> str:
        raise sa.exc.OperationalError("SELECT", {}, Exception("connection refused"))

    with pytest.raises(sa.exc.OperationalError):
        await na_herstel(lezen, hersteltijd=1.5)
