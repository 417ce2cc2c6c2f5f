"""Benchmark: training time, answer latency through the REST channel, and server memory.

Run: ``scripts/benchmark`` (sets up first). Writes benchmarks/resultaten.json and prints a
table for the README. Targets on a 2-core machine: p95 <= 150 ms for a kennisbank question
in a fresh conversation, Rasa server resident memory <= 1.5 GB, full training <= 5 minutes.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.settings import PROJECT_ROOT, load_settings
from tests.assistent import start_assistent
from tests.vragensets import lees_vragen

RESULTATEN = PROJECT_ROOT / "benchmarks" / "resultaten.json"


def meet_training(model_map: Path) -> float:
    rasa = str(Path(sys.executable).parent / "rasa")
    start = time.perf_counter()
    subprocess.run(
        [rasa, "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "nlu_data", "dialogue",
         "--out", str(model_map), "--fixed-model-name", "benchmark", "--force"],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def rss_mb(pid: int) -> float:
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        if regel.startswith("VmRSS:"):
            return int(regel.split()[1]) / 1024
    return float("nan")


def percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, int(round(p / 100 * (len(geordend) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--zonder-training", action="store_true", help="skip measuring a full training")
    parser.add_argument("--rondes", type=int, default=2, help="how often each question is sent")
    args = parser.parse_args(argv)

    resultaat: dict = {"datum": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                       "machine": f"{platform.machine()}, {subprocess.getoutput('nproc')} cores"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_map = Path(tmp)
        model = PROJECT_ROOT / "models" / "ingang.tar.gz"
        if not args.zonder_training:
            resultaat["training_s"] = round(meet_training(tmp_map / "models"), 1)
            model = tmp_map / "models" / "benchmark.tar.gz"
        vragen = [v.vraag for v in lees_vragen("vragen_dev.yml") if v.id]
        with start_assistent(tmp_map, lees_artikelen_uit_map(load_settings()), model=model) as assistent:
            for vraag in vragen[:5]:
                assistent.praat(vraag)  # warm-up
            tijden = []
            for _ in range(args.rondes):
                for vraag in vragen:
                    start = time.perf_counter()
                    assistent.praat(vraag, afzender=uuid.uuid4().hex)
                    tijden.append((time.perf_counter() - start) * 1000)
            resultaat.update(
                vragen=len(tijden),
                p50_ms=round(statistics.median(tijden), 1),
                p95_ms=round(percentiel(tijden, 95), 1),
                max_ms=round(max(tijden), 1),
                rasa_rss_mb=round(rss_mb(assistent.rasa_pid)),
                acties_rss_mb=round(rss_mb(assistent.acties_pid)),
            )
    RESULTATEN.write_text(json.dumps(resultaat, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(resultaat, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
