"""Benchmark: 10,000 random and hostile deliveries on all four public channels of the real Rasa
server and action server, while an ordinary entrepreneur asks ordinary questions over REST.

Run: ``python -m benchmarks.fuzz [--aantal 10000] [--gelijktijdig 6] [--seed 13] [--postgres]``. Prints the
server errors (answers of 500 or more, broken connections), the errors in the servers' logs, the
servers' long garbage collections, how the channels answered, and the ordinary entrepreneur's
times (p50, p95, max). Targets (issue 13): no server error, no error in the logs, every
ordinary message answered within 1 s.

The deliveries and the runner are those of ``tests/security/test_fuzz.py``, which sends a
sample of them every test run. The test assistant lifts the limits per IP address (every client
here is 127.0.0.1), so the deliveries are limited only per conversation: the whole flood reaches
the one Rasa process, as a flood from many addresses would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.geheugen import LANGE_RONDE
from bot.kern.settings import load_settings
from tests.assistent import vrije_poort
from tests.postgres import start_postgres
from tests.security.fuzzer import leveringen
from tests.security.vuren import GEHEIMEN, met_alle_kanalen, vuur


def percentiel(waarden: list[float], deel: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, int(len(geordend) * deel))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=10_000)
    parser.add_argument("--gelijktijdig", type=int, default=6, help="deliveries under way at once")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--postgres", action="store_true",
                        help="the tracker store and the application on a throwaway PostgreSQL, as in production")
    args = parser.parse_args()
    with ExitStack() as stapel:
        map_ = Path(stapel.enter_context(tempfile.TemporaryDirectory()))
        postgres = stapel.enter_context(start_postgres(vrije_poort())) if args.postgres else None
        doel = stapel.enter_context(met_alle_kanalen(map_, lees_artikelen_uit_map(load_settings()), postgres))
        uitslag = asyncio.run(vuur(doel.assistent.url, leveringen(args.aantal, args.seed, GEHEIMEN),
                                   gelijktijdig=args.gelijktijdig))
        logfouten = doel.fouten_in_logs()
        lange_rondes = [regel for log in doel.logs for regel in log.read_text(errors="replace").splitlines()
                        if LANGE_RONDE in regel]
    duren = uitslag.gewoon.duren
    print(json.dumps({
        "leveringen": uitslag.verstuurd,
        "seconden": round(uitslag.duur),
        "serverfouten": len(uitslag.serverfouten),
        "fouten_in_logs": len(logfouten),
        "lange_opruimrondes": len(lange_rondes),  # garbage collections of 0.1 s or more (bot/kern/geheugen.py)
        "antwoorden": {f"{kanaal} {status}": aantal for (kanaal, status), aantal in sorted(uitslag.per_kanaal_status.items(),
                                                                                            key=str)},
        "gewoon_gesprek": {
            "berichten": len(duren), "onbeantwoord": len(uitslag.gewoon.onbeantwoord),
            "p50_s": round(statistics.median(duren), 2), "p95_s": round(percentiel(duren, 0.95), 2),
            "max_s": round(max(duren), 2), "boven_1_s": sum(duur > 1 for duur in duren),
        } if duren else None,
    }, indent=2))
    for regel in (uitslag.serverfouten + logfouten)[:20]:
        print(regel[:300])


if __name__ == "__main__":
    main()
