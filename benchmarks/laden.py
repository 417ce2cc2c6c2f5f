"""Benchmark: loading the model the way Ingang does (bot/componenten/snel_laden.py) against Rasa's own
load, and proof that both give the same model.

Run: ``python -m benchmarks.laden [--model models/ingang.tar.gz] [--keer 2]``. Each load runs in a fresh
process, alternating. Prints the seconds per load and checks that DIET's and TED's weights (every
variable, by name and value) and the intents with their confidences for a set of questions are the same.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.kern.settings import PROJECT_ROOT

VRAGEN = ["hoi", "ik wil een terras bij mijn cafe", "wat kost dat", "ja graag", "nee dat helpt niet",
          "hoe staat het met mijn vraag", "kan iemand mij bellen", "wat is bibob", "bedankt", "doei"]


def laad_en_bewaar(model: str, manier: str, uit: Path) -> None:
    """In this (fresh) process: load the model ``manier`` ("rasa" or "ingang") and write what it loaded."""
    from rasa.core.agent import load_agent
    from rasa.core.policies.ted_policy import TED, TEDPolicy
    from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier

    from bot.componenten import snel_laden

    if manier == "rasa":
        snel_laden.SnelTED.load = classmethod(lambda cls, *a, **k: TED.load.__func__(cls, *a, **k))
        snel_laden.SnelDIET.load = classmethod(lambda cls, *a, **k: DIET.load.__func__(cls, *a, **k))

    async def laad() -> dict:
        begin = time.perf_counter()
        agent = await load_agent(model_path=model)
        seconden = time.perf_counter() - begin
        componenten = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()]
        gewichten = {type(c).__name__: {v.name: v.numpy() for v in c.model.variables}
                     for c in componenten if isinstance(c, (TEDPolicy, DIETClassifier))}
        intenties = []
        for vraag in VRAGEN:
            ontleed = await agent.parse_message(vraag)
            intenties.append([(i["name"], i["confidence"]) for i in ontleed["intent_ranking"]])
        return {"seconden": seconden, "gewichten": gewichten, "intenties": intenties}

    uit.write_bytes(pickle.dumps(asyncio.run(laad())))


def verschillen(a: dict, b: dict) -> list[str]:
    """What differs between two loads' weights and intents (empty: the same model)."""
    import numpy as np

    uitkomst = []
    for component in sorted(set(a["gewichten"]) | set(b["gewichten"])):
        ga, gb = a["gewichten"].get(component, {}), b["gewichten"].get(component, {})
        if set(ga) != set(gb):
            uitkomst.append(f"{component}: other variables ({len(ga)} against {len(gb)})")
        uitkomst += [f"{component}: {naam} differs" for naam in sorted(set(ga) & set(gb))
                     if not np.array_equal(ga[naam], gb[naam])]
    if a["intenties"] != b["intenties"]:
        uitkomst.append("the intents or their confidences differ")
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "ingang.tar.gz"))
    parser.add_argument("--keer", type=int, default=2, help="loads of each kind")
    parser.add_argument("--manier", choices=["rasa", "ingang"], help=argparse.SUPPRESS)
    parser.add_argument("--uit", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.manier:
        laad_en_bewaar(args.model, args.manier, args.uit)
        return
    tijden: dict[str, list[float]] = {"rasa": [], "ingang": []}
    laatste: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as map_:
        for ronde in range(args.keer):
            for manier in ("rasa", "ingang"):
                uit = Path(map_) / f"{manier}-{ronde}.pkl"
                subprocess.run([sys.executable, "-m", "benchmarks.laden", "--model", args.model, "--manier", manier,
                                "--uit", str(uit)], check=True, cwd=PROJECT_ROOT, capture_output=True)
                laatste[manier] = pickle.loads(uit.read_bytes())
                tijden[manier].append(round(laatste[manier]["seconden"], 1))
    print(json.dumps({"seconden_per_laden": tijden,
                      "variabelen": {c: len(g) for c, g in laatste["ingang"]["gewichten"].items()},
                      "verschillen": verschillen(laatste["rasa"], laatste["ingang"])}, indent=2))


if __name__ == "__main__":
    main()
