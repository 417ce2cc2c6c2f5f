"""Benchmark: what one kennisbank message costs the Rasa server and the action server, and the latency
at turn 200 of one conversation against turn 1.

Run: ``python -m benchmarks.bericht_kosten [--postgres] [--berichten 300] [--beurten 200] [--profiel]``.
Writes ``benchmarks/bericht_kosten_sqlite.json`` or ``..._postgresql.json`` (``--uit`` for another file).

The machine is shared (2 cores, other tests beside it), so wall-clock messages per second are noisy.
What is measured instead is CPU time: utime + stime of each process from ``/proc/<pid>/stat`` over N
messages sent one after another. That does not grow when another process takes the core, and
``1000 / (Rasa CPU ms per message)`` estimates the messages per second one saturated Rasa process
can handle. The messages are a steady loop of kennisbank conversations over REST: a question from
the held-out set, then one to three follow-ups, in fresh conversations and in conversations that go on.

``--profiel`` runs py-spy (a tool venv of its own, ``build/pyspy``; not a requirement of the project)
on the Rasa server during the CPU loop and the long conversation and writes its raw collapsed stacks to
``build/profiel/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

import requests

from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.settings import PROJECT_ROOT, load_settings
from tests.assistent import Assistent, start_assistent, vrije_poort
from tests.postgres import start_postgres
from tests.vragensets import lees_vragen

UITVOER = PROJECT_ROOT / "benchmarks" / "bericht_kosten_{tracker_store}.json"
PYSPY = PROJECT_ROOT / "build" / "pyspy" / "bin" / "py-spy"
VERVOLGEN = ["wat kost dat?", "hoe lang duurt het?", "hoe vraag ik het aan?", "welke voorwaarden zijn er?"]
KLOKTIKKEN = os.sysconf("SC_CLK_TCK")
# 200 turns of one conversation without pause: lift the limit per conversation (bot/kanalen/tempo.py)
ZONDER_LIMIET = {"INGANG_MAX_BERICHTEN_GESPREK": "100000/1000000"}


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds the process has used (fields 14 and 15 of /proc/<pid>/stat)."""
    velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / KLOKTIKKEN


def percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, int(round(p / 100 * (len(geordend) - 1))))]


def gesprekken(vragen: list[str], rng: random.Random):
    """Endless (conversation id, text) pairs: a question and one to three follow-ups; one conversation in
    three goes on with a new question after its follow-ups."""
    while True:
        afzender = uuid.uuid4().hex
        for _ in range(rng.choice([1, 1, 2])):
            yield afzender, rng.choice(vragen)
            for vervolg in rng.sample(VERVOLGEN, k=rng.randint(1, 3)):
                yield afzender, vervolg


def meet_cpu(assistent: Assistent, vragen: list[str], aantal: int, seed: int) -> dict:
    """CPU ms per message of both servers over ``aantal`` messages sent one after another."""
    reeks = gesprekken(vragen, random.Random(seed))
    rasa_voor, acties_voor, start = cpu_s(assistent.rasa_pid), cpu_s(assistent.acties_pid), time.perf_counter()
    tijden = []
    for _ in range(aantal):
        afzender, tekst = next(reeks)
        t0 = time.perf_counter()
        _praat(assistent, tekst, afzender)
        tijden.append((time.perf_counter() - t0) * 1000)
    duur = time.perf_counter() - start
    rasa_ms = (cpu_s(assistent.rasa_pid) - rasa_voor) * 1000 / aantal
    return {"berichten": aantal, "rasa_cpu_ms": round(rasa_ms, 1),
            "acties_cpu_ms": round((cpu_s(assistent.acties_pid) - acties_voor) * 1000 / aantal, 1),
            "geschat_max_berichten_per_s": round(1000 / rasa_ms, 1),
            "wandklok_berichten_per_s": round(aantal / duur, 1),
            "p50_ms": round(statistics.median(tijden), 1), "p95_ms": round(percentiel(tijden, 95), 1)}


def meet_cpu_gelijktijdig(assistent: Assistent, vragen: list[str], aantal: int, stromen: int) -> dict:
    """As ``meet_cpu``, with ``stromen`` clients sending at once (each its own conversations): the Rasa
    process saturated, as under load."""
    def stroom(seed: int) -> None:
        reeks = gesprekken(vragen, random.Random(seed))
        for _ in range(aantal // stromen):
            afzender, tekst = next(reeks)
            _praat(assistent, tekst, afzender)

    rasa_voor, acties_voor, start = cpu_s(assistent.rasa_pid), cpu_s(assistent.acties_pid), time.perf_counter()
    with ThreadPoolExecutor(stromen) as pool:
        list(pool.map(stroom, range(100, 100 + stromen)))
    verstuurd = aantal // stromen * stromen
    rasa_ms = (cpu_s(assistent.rasa_pid) - rasa_voor) * 1000 / verstuurd
    return {"berichten": verstuurd, "stromen": stromen, "rasa_cpu_ms": round(rasa_ms, 1),
            "acties_cpu_ms": round((cpu_s(assistent.acties_pid) - acties_voor) * 1000 / verstuurd, 1),
            "wandklok_berichten_per_s": round(verstuurd / (time.perf_counter() - start), 1)}


def meet_lang_gesprek(assistent: Assistent, vragen: list[str], beurten: int, venster: int = 20) -> dict:
    """Latency of the first and the last ``venster`` turns of one conversation of ``beurten`` turns."""
    rng, afzender, tijden = random.Random(7), uuid.uuid4().hex, []
    for beurt in range(beurten):
        tekst = rng.choice(vragen) if beurt % 4 == 0 else VERVOLGEN[beurt % 4]
        t0 = time.perf_counter()
        _praat(assistent, tekst, afzender)
        tijden.append((time.perf_counter() - t0) * 1000)
    begin, eind = tijden[:venster], tijden[-venster:]
    return {"beurten": beurten, "venster": venster,
            "begin_p50_ms": round(statistics.median(begin), 1), "begin_p95_ms": round(percentiel(begin, 95), 1),
            "eind_p50_ms": round(statistics.median(eind), 1), "eind_p95_ms": round(percentiel(eind, 95), 1),
            "verhouding_p50": round(statistics.median(eind) / statistics.median(begin), 2)}


def _praat(assistent: Assistent, tekst: str, afzender: str) -> None:
    """One message over REST. Random follow-ups may well repeat an answer: no check against repetition here."""
    antwoord = requests.post(f"{assistent.url}/webhooks/rest/webhook",
                             json={"sender": afzender, "message": tekst}, timeout=60)
    assert antwoord.status_code == 200, antwoord.text


def start_profiel(pid: int, naam: str) -> subprocess.Popen:
    """py-spy sampling ``pid`` into build/profiel/<naam>.txt (collapsed stacks, one line per stack)."""
    if not PYSPY.exists():
        raise SystemExit(f"py-spy ontbreekt: python -m venv build/pyspy && build/pyspy/bin/pip install py-spy ({PYSPY})")
    map_ = PROJECT_ROOT / "build" / "profiel"
    map_.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([str(PYSPY), "record", "--pid", str(pid), "--format", "raw", "--rate", "200",
                             "--output", str(map_ / f"{naam}.txt")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def stop_profiel(profiel: subprocess.Popen) -> None:
    """py-spy writes its file when interrupted (SIGINT), not when terminated."""
    profiel.send_signal(signal.SIGINT)
    profiel.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="tracker store and database in a throwaway PostgreSQL")
    parser.add_argument("--berichten", type=int, default=300, help="messages in the CPU loop")
    parser.add_argument("--beurten", type=int, default=200, help="turns of the long conversation (0: skip)")
    parser.add_argument("--profiel", action="store_true", help="py-spy on the Rasa server (build/profiel/<store>.txt and <store>-lang.txt)")
    parser.add_argument("--gelijktijdig", type=int, default=4, help="clients at once in the saturated loop (0: skip)")
    parser.add_argument("--env", action="append", default=[], metavar="NAAM=WAARDE",
                        help="an environment variable for both servers (to compare a setting)")
    parser.add_argument("--uit", type=Path, default=None)
    args = parser.parse_args(argv)

    vragen = [v.vraag for v in lees_vragen("vragen_dev.yml") if v.id]
    resultaat: dict = {"datum": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                       "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                       "tracker_store": "postgresql" if args.postgres else "sqlite",
                       "env": dict(paar.split("=", 1) for paar in args.env)}
    with ExitStack() as stapel:
        tmp = Path(stapel.enter_context(tempfile.TemporaryDirectory()))
        postgres = stapel.enter_context(start_postgres(vrije_poort())) if args.postgres else None
        assistent = stapel.enter_context(
            start_assistent(tmp, lees_artikelen_uit_map(load_settings()), postgres=postgres,
                            extra_env=ZONDER_LIMIET | resultaat["env"]))
        meet_cpu(assistent, vragen, 30, seed=1)  # warm-up: first calls load lazily
        profiel = start_profiel(assistent.rasa_pid, resultaat["tracker_store"]) if args.profiel else None
        resultaat["cpu"] = meet_cpu(assistent, vragen, args.berichten, seed=2)
        if profiel:
            stop_profiel(profiel)
        if args.gelijktijdig:
            resultaat["cpu_gelijktijdig"] = meet_cpu_gelijktijdig(assistent, vragen, args.berichten, args.gelijktijdig)
        if args.beurten:
            profiel = start_profiel(assistent.rasa_pid, f"{resultaat['tracker_store']}-lang") if args.profiel else None
            resultaat["lang_gesprek"] = meet_lang_gesprek(assistent, vragen, args.beurten)
            if profiel:
                stop_profiel(profiel)
    uit = args.uit or Path(str(UITVOER).format(tracker_store=resultaat["tracker_store"]))
    uit.write_text(json.dumps(resultaat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(resultaat, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
