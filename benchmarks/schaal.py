"""The scale of the data: the figures over a million conversation events, and the worker's sweep over
100,000 open promises, on PostgreSQL (issue 16).

Run: ``python -m benchmarks.schaal [--events 1000000] [--beloften 100000]``. Starts a throwaway
PostgreSQL cluster on a free loopback port (as the tests do), fills it, measures, removes it, and
writes ``benchmarks/schaal.json``:

- *figures*: ``gesprek_cijfers`` over a month of events in Rasa's own ``events`` table (made by
  Rasa's ``SQLTrackerStore``), for a tenth of the events and for all of them, each in a fresh child
  process: seconds and the child's peak resident memory. Bounded memory means the peak hardly grows
  with ten times the events.
- *sweep*: ``verwerk_beloften`` (the promise job of one worker round) with ``--beloften`` open promises
  of which 100 are due: once to plan the reminders of promises never seen (the first round after
  the upgrade), then a normal round; the selection query alone; and PostgreSQL's plan for it
  (``EXPLAIN ANALYZE``), quoted in ``docs/productie.md``.

A measurement, not a test: the suite proves the behaviour (``tests/unit/beloften/test_jobs.py``), this
shows the size it holds on this machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from bot.beloften import jobs
from bot.cijfers.gesprekken import gesprek_cijfers
from bot.kern.db import make_engine, transaction
from bot.kern.settings import PROJECT_ROOT
from bot.kern.tijd import AMSTERDAM
from bot.kern.tracker import EVENTS
from bot.zaken.models import Belofte, BelofteStatus, Zaak, ZaakStatus
from productie.postgres import GEBRUIKER
from tests.assistent import vrije_poort
from tests.conftest import migrate
from tests.factories import medewerker
from tests.postgres import start_postgres

RESULTATEN = PROJECT_ROOT / "benchmarks" / "schaal.json"
MAAND_BEGIN = date(2026, 11, 1)
DAGEN = 30
EVENTS_PER_GESPREK = 10
BATCH = 10_000
NU = datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM)
DUE = 100


# --- the figures over many events --------------------------------------------------------------


def gesprek_events(nummer: int, willekeurig: random.Random) -> list[dict[str, Any]]:
    """One conversation of ten events as Rasa stores them: a question, a kennisbank answer, a
    follow-up, and the actions and slots between, with data of a realistic size."""
    dag = MAAND_BEGIN + timedelta(days=nummer % DAGEN)
    begin = datetime(dag.year, dag.month, dag.day, 9, tzinfo=AMSTERDAM).timestamp() + willekeurig.randint(0, 8 * 3600)
    sender = f"bench-{nummer:07d}"
    kanaal = willekeurig.choice(["socketio", "socketio", "whatsapp", "telegram"])
    artikel = f"artikel-{willekeurig.randint(1, 120)}"

    def user(t: float, tekst: str, intent: str) -> dict[str, Any]:
        data = {"text": tekst, "input_channel": kanaal, "message_id": f"{sender}-{t}",
                "parse_data": {"intent": {"name": intent, "confidence": 0.93},
                               "entities": [], "intent_ranking": [{"name": intent, "confidence": 0.93}] * 5}}
        return {"sender_id": sender, "type_name": "user", "timestamp": t, "intent_name": intent,
                "action_name": None, "data": json.dumps(data)}

    def actie(t: float, naam: str) -> dict[str, Any]:
        return {"sender_id": sender, "type_name": "action", "timestamp": t, "intent_name": None,
                "action_name": naam, "data": json.dumps({"name": naam, "policy": "RulePolicy", "confidence": 1.0})}

    def bot(t: float) -> dict[str, Any]:
        data = {"text": "Voor een terras op de stoep heeft u een vergunning nodig. " * 4,
                "data": {"custom": {"kennisbank": {"artikel": artikel, "bron": "https://voorbeeldstad.nl"}}}}
        return {"sender_id": sender, "type_name": "bot", "timestamp": t, "intent_name": None,
                "action_name": None, "data": json.dumps(data)}

    def slot(t: float) -> dict[str, Any]:
        return {"sender_id": sender, "type_name": "slot", "timestamp": t, "intent_name": None,
                "action_name": None, "data": json.dumps({"name": "onderwerp", "value": artikel})}

    return [user(begin, "mag ik een terras voor mijn cafe", "ask_vergunning"), actie(begin + 1, "action_beantwoord_vraag"),
            slot(begin + 1.1), bot(begin + 1.2), actie(begin + 1.3, "action_listen"),
            user(begin + 60, "hoe lang duurt dat", "ask_vervolg"), actie(begin + 61, "action_beantwoord_vraag"),
            bot(begin + 61.2), actie(begin + 61.3, "action_listen"), slot(begin + 61.4)]


def vul_events(url: str, aantal: int) -> None:
    willekeurig = random.Random(16)
    engine = sa.create_engine(url, future=True, executemany_mode="values_plus_batch")

    def rijen() -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for nummer in range(aantal // EVENTS_PER_GESPREK):
            batch += gesprek_events(nummer, willekeurig)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    for batch in rijen():
        with engine.begin() as verbinding:
            verbinding.execute(EVENTS.insert(), batch)
    with engine.begin() as verbinding:
        verbinding.execute(sa.text("ANALYZE events"))
    engine.dispose()


def _cijfers_in_kind(url: str, uitkomst: Any) -> None:
    engine = make_engine(url)
    begin = time.perf_counter()
    cijfers = gesprek_cijfers(engine=engine, van=MAAND_BEGIN, tot_en_met=MAAND_BEGIN + timedelta(days=DAGEN - 1))
    seconden = time.perf_counter() - begin
    uitkomst.put({"seconden": round(seconden, 1), "piek_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "gesprekken": sum(cijfers.gesprekken_per_dag_kanaal.values())})


def meet_cijfers(url: str) -> dict[str, Any]:
    """The figures in a fresh process (spawn): its peak memory is the figures' own, not this one's."""
    context = multiprocessing.get_context("spawn")
    uitkomst = context.Queue()
    kind = context.Process(target=_cijfers_in_kind, args=(url, uitkomst))
    kind.start()
    resultaat = uitkomst.get()
    kind.join()
    return resultaat


def figures(cluster: Any, aantal: int) -> dict[str, Any]:
    resultaat: dict[str, Any] = {}
    for n in (aantal // 10, aantal):
        url = cluster.maak_database()
        store = SQLTrackerStore(Domain.empty(), dialect="postgresql", host="127.0.0.1", port=cluster.poort,
                                db=url.rsplit("/", 1)[1], username=GEBRUIKER)  # Rasa makes its own table
        store.engine.dispose()
        begin = time.perf_counter()
        vul_events(url, n)
        gevuld = time.perf_counter() - begin
        resultaat[str(n)] = meet_cijfers(url) | {"vullen_seconden": round(gevuld, 1)}
        print(f"cijfers over {n} events: {resultaat[str(n)]}", flush=True)
        cluster.verwijder_database(url.rsplit("/", 1)[1])
    return resultaat


# --- the sweep over many open promises ---------------------------------------------------------


def vul_beloften(url: str, aantal: int) -> None:
    """``aantal`` open promises on cases of one medewerker, made two days ago with the deadline in five
    days; ``DUE`` of them made a week ago, so their reminder is due. The reminders are not planned yet,
    as right after the upgrade that added the column."""
    engine = sa.create_engine(url, future=True, executemany_mode="values_plus_batch")
    with transaction(engine) as session:
        m_id = medewerker(session, naam="Sanne de Vries").id
    gemaakt = (NU - timedelta(days=2)).astimezone(timezone.utc)
    vorige_week = (NU - timedelta(days=7)).astimezone(timezone.utc)
    deadline = (NU + timedelta(days=5)).astimezone(timezone.utc)
    for start in range(0, aantal, BATCH):
        nummers = range(start, min(start + BATCH, aantal))
        with engine.begin() as verbinding:
            verbinding.execute(Zaak.__table__.insert(), [
                {"id": i + 1, "nummer": f"Z-2026-{i + 1:06d}", "onderwerpen": ["terrasvergunning"], "team": "horeca",
                 "samenvatting": "terras", "status": ZaakStatus.IN_BEHANDELING.value, "medewerker_id": m_id,
                 "kanaal": "socketio", "gesprek_id": f"g{i}", "aangemaakt_op": gemaakt, "bijgewerkt_op": gemaakt,
                 "urgent": False} for i in nummers])
            verbinding.execute(Belofte.__table__.insert(), [
                {"zaak_id": i + 1, "medewerker_id": m_id, "actie": "terugbellen", "zin": "U wordt gebeld.",
                 "status": BelofteStatus.OPEN.value, "herinneringen_verstuurd": 0, "escalaties_verstuurd": 0,
                 "aangemaakt_op": vorige_week if i < DUE else gemaakt, "bijgewerkt_op": gemaakt, "deadline": deadline}
                for i in nummers])
    with engine.begin() as verbinding:
        verbinding.execute(sa.text("SELECT setval('zaak_id_seq', (SELECT max(id) FROM zaak))"))
        verbinding.execute(sa.text("ANALYZE belofte"))
        verbinding.execute(sa.text("ANALYZE zaak"))
    engine.dispose()


def plan_van_selectie(engine: sa.engine.Engine) -> list[str]:
    """PostgreSQL's plan of the selection ``jobs.kandidaten`` runs, with its own statement."""
    statement = jobs.selectie(NU).compile(dialect=engine.dialect)
    parameters = {naam: (waarde.value if hasattr(waarde, "value") else waarde)
                  for naam, waarde in statement.construct_params().items()}
    with engine.connect() as verbinding:
        return [r[0] for r in verbinding.exec_driver_sql("EXPLAIN ANALYZE " + str(statement), parameters)]


def sweep(cluster: Any, aantal: int) -> dict[str, Any]:
    url = cluster.maak_database()
    migrate(url)
    vul_beloften(url, aantal)
    engine = make_engine(url)
    resultaat: dict[str, Any] = {"open_beloften": aantal, "te_laat": DUE}
    begin = time.perf_counter()
    eerste = jobs.verwerk_beloften(engine=engine, nu=NU, werker="bench-1")
    resultaat["eerste_ronde_seconden"] = round(time.perf_counter() - begin, 2)
    resultaat["eerste_ronde"] = eerste
    with engine.begin() as verbinding:  # later: the reminder moment of DUE more promises has come
        verbinding.execute(sa.text(
            "UPDATE belofte SET aangemaakt_op = :gemaakt, herinner_op = :moment WHERE id IN "
            "(SELECT id FROM belofte WHERE herinneringen_verstuurd = 0 ORDER BY id DESC LIMIT :n)"),
            {"gemaakt": (NU - timedelta(days=7)).astimezone(timezone.utc),
             "moment": (NU - timedelta(minutes=5)).astimezone(timezone.utc), "n": DUE})
    resultaat["plan"] = plan_van_selectie(engine)
    begin = time.perf_counter()
    ids = jobs.kandidaten(engine=engine, nu=NU)
    resultaat["selectie_ms"] = round((time.perf_counter() - begin) * 1000, 1)
    resultaat["selectie_aantal"] = len(ids)
    begin = time.perf_counter()
    resultaat["ronde"] = jobs.verwerk_beloften(engine=engine, nu=NU, werker="bench-1")
    resultaat["ronde_seconden"] = round(time.perf_counter() - begin, 2)
    begin = time.perf_counter()
    resultaat["lege_ronde"] = jobs.verwerk_beloften(engine=engine, nu=NU, werker="bench-1")
    resultaat["lege_ronde_ms"] = round((time.perf_counter() - begin) * 1000, 1)
    engine.dispose()
    print(json.dumps({k: v for k, v in resultaat.items() if k != "plan"}), flush=True)
    print("\n".join(resultaat["plan"]), flush=True)
    return resultaat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.schaal", description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--beloften", type=int, default=100_000)
    parser.add_argument("--alleen", choices=["cijfers", "beloften"], help="measure one of the two")
    args = parser.parse_args(argv)
    resultaat = json.loads(RESULTATEN.read_text(encoding="utf-8")) if args.alleen and RESULTATEN.exists() else {}
    with start_postgres(vrije_poort()) as cluster:
        if args.alleen in (None, "beloften"):
            resultaat["beloften"] = sweep(cluster, args.beloften)
        if args.alleen in (None, "cijfers"):
            resultaat["cijfers"] = figures(cluster, args.events)
    resultaat["gemeten_op"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTATEN.write_text(json.dumps(resultaat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
