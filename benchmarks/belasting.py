"""Load test of the production topology with Locust (issue 16): how many conversations one and two
Rasa replicas hold at human pace with p95 <= 1 s and no errors, the messages per second, and the
resident memory of every process.

For each number of replicas: the topology is started (``productie``, in a folder of its own on free
ports), then Locust (headless, ``benchmarks/locust_ingang.py``, from its own virtual environment in
build/locust) runs steps of more and more concurrent conversations through HAProxy until p95 passes
1 s or a request fails. Writes ``benchmarks/belasting.json``. Not part of the test suite.

    python -m benchmarks.belasting [--replicas 1 2] [--stap 40] [--duur 60]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from productie.beheer import start, stop, supervisorctl
from productie.topologie import PROJECT, Poorten, Topologie
from tests.assistent import vrije_poort

LOCUST_VENV = PROJECT / "build" / "locust"
LOCUST_VERSIE = "locust==2.46.0"
UITVOER = PROJECT / "benchmarks" / "belasting.json"
GRENS_P95_MS = 1000
# every Locust user talks from 127.0.0.1: the limits per address would stop the test, not the servers
ZONDER_ADRESLIMIETEN = {"INGANG_MAX_BERICHTEN_IP": "100000/1000000", "INGANG_MAX_OVERDRACHTEN_IP": "100000"}


def locust() -> Path:
    """Locust in a virtual environment of its own (its gevent and Flask stay out of Rasa's)."""
    programma = LOCUST_VENV / "bin" / "locust"
    if not programma.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run([str(LOCUST_VENV / "bin" / "pip"), "install", "--quiet", LOCUST_VERSIE], check=True)
    return programma


def topologie_met(replicas: int, map_: Path) -> Topologie:
    poorten = Poorten(voorkant=vrije_poort(), rasa=tuple(vrije_poort() for _ in range(replicas)),
                      acties=tuple(vrije_poort() for _ in range(replicas)), console=vrije_poort(),
                      webchat=vrije_poort(), postgres=vrije_poort(), redis=vrije_poort(), smtp=vrije_poort(),
                      haproxy_stats=vrije_poort())
    return Topologie(map_, poorten, extra_omgeving=ZONDER_ADRESLIMIETEN)


def stap(topologie: Topologie, gebruikers: int, duur: int, map_: Path) -> dict:
    """One Locust run with ``gebruikers`` conversations; the aggregated figures of its requests."""
    prefix = map_ / f"locust-{gebruikers}"
    subprocess.run([str(locust()), "-f", str(PROJECT / "benchmarks" / "locust_ingang.py"), "--headless",
                    "-u", str(gebruikers), "-r", str(max(1, gebruikers // 10)), "-t", f"{duur}s",
                    "--host", topologie.voorkant_url, "--csv", str(prefix), "--only-summary", "--stop-timeout", "30"],
                   check=False, capture_output=True, cwd=PROJECT)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as bestand:
        rijen = list(csv.DictReader(bestand))
    totaal = next(rij for rij in rijen if rij["Name"] == "Aggregated")
    per_kanaal: dict[str, int] = {}
    for rij in rijen:
        if rij["Name"] != "Aggregated":
            kanaal = "socket.io" if rij["Type"] == "socket.io" else "REST"
            per_kanaal[kanaal] = per_kanaal.get(kanaal, 0) + int(rij["Request Count"])
    return {
        "gesprekken": gebruikers,
        "berichten": int(totaal["Request Count"]),
        "fouten": int(totaal["Failure Count"]),
        # over the step's run time: Locust's own Requests/s also counts the time its users take to stop
        "berichten_per_s": round(int(totaal["Request Count"]) / duur, 2),
        "p50_ms": float(totaal["50%"]),
        "p95_ms": float(totaal["95%"]),
        "berichten_per_kanaal": per_kanaal,
    }


def geheugen_mb(topologie: Topologie) -> dict[str, int]:
    """Resident memory of each process under supervisord (with its children), in MB."""
    uitkomst = {}
    for regel in supervisorctl(topologie, "status").splitlines():
        delen = regel.split()
        if len(delen) >= 4 and delen[1] == "RUNNING":
            pid = int(delen[3].rstrip(","))
            uitkomst[delen[0]] = round(_rss_kb(pid) / 1024)
    return uitkomst


def _rss_kb(pid: int) -> int:
    totaal = 0
    kinderen = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for proces in [pid, *map(int, kinderen)]:
        try:
            status = Path(f"/proc/{proces}/status").read_text()
        except OSError:
            continue
        totaal += next((int(r.split()[1]) for r in status.splitlines() if r.startswith("VmRSS:")), 0)
    return totaal


def meet(replicas: int, begin: int, toename: int, duur: int, tot: int) -> dict:
    map_ = Path(tempfile.mkdtemp(prefix="ingang-belasting-"))
    map_.chmod(0o755)
    topologie = topologie_met(replicas, map_)
    stappen = []
    try:
        start(topologie)
        stap(topologie, 4, 20, map_)  # warm up: every replica's first messages are slow
        gebruikers = begin
        while True:
            uitkomst = stap(topologie, gebruikers, duur, map_)
            stappen.append(uitkomst)
            print(f"{replicas} replica(s), {gebruikers} gesprekken: {uitkomst}", flush=True)
            if uitkomst["p95_ms"] > GRENS_P95_MS or uitkomst["fouten"] or gebruikers + toename > tot:
                break
            gebruikers += toename
        geheugen = geheugen_mb(topologie)
    finally:
        stop(topologie)
        shutil.rmtree(map_, ignore_errors=True)
    gehouden = [s for s in stappen if s["p95_ms"] <= GRENS_P95_MS and not s["fouten"]]
    return {"replicas": replicas, "stappen": stappen, "geheugen_mb": geheugen,
            "gehouden_gesprekken": max((s["gesprekken"] for s in gehouden), default=0),
            "berichten_per_s_bij_gehouden": max((s["berichten_per_s"] for s in gehouden), default=0.0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--begin", type=int, nargs="+", default=[40],
                        help="conversations in the first step (one number, or one per number of replicas)")
    parser.add_argument("--stap", type=int, default=40, help="conversations added per step")
    parser.add_argument("--duur", type=int, default=60, help="seconds per step")
    parser.add_argument("--tot", type=int, default=600, help="at most this many conversations")
    args = parser.parse_args(argv)
    begin = args.begin * len(args.replicas) if len(args.begin) == 1 else args.begin
    metingen = [meet(n, b, args.stap, args.duur, args.tot) for n, b in zip(args.replicas, begin, strict=True)]
    uitkomst = {"datum": date.today().isoformat(), "machine": f"{platform.machine()}, {_kernen()} kernen",
                "tempo": "een bericht per 5-20 s per gesprek; 1 op 10 een overdracht; REST 3 : socket.io 1",
                "grens_p95_ms": GRENS_P95_MS, "stapduur_s": args.duur, "metingen": metingen}
    UITVOER.write_text(json.dumps(uitkomst, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(uitkomst, indent=2, ensure_ascii=False))
    return 0


def _kernen() -> int:
    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
