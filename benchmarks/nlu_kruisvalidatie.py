"""Cross-validated NLU report for the intents, as a readable table (docs/nlu-kruisvalidatie.md).

Run: ``.venv/bin/python -m benchmarks.nlu_kruisvalidatie`` (3 folds, a few minutes).
With ``--alleen-tabel`` it only turns an existing build/results/nlu-cv/intent_report.json
into the table. A section of the page from ``## Keuzes`` on is written by hand (what was
measured and chosen) and kept when the table is made again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bot.kern.settings import PROJECT_ROOT

UITVOER = PROJECT_ROOT / "build" / "results" / "nlu-cv"
DOC = PROJECT_ROOT / "docs" / "nlu-kruisvalidatie.md"
HANDWERK = "\n## Keuzes\n"


def draai_kruisvalidatie(folds: int) -> None:
    rasa = str(Path(sys.executable).parent / "rasa")
    subprocess.run(
        [rasa, "test", "nlu", "--config", "config.yml", "--nlu", "nlu_data", "--cross-validation",
         "--folds", str(folds), "--out", str(UITVOER)],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def tabel(folds: int) -> str:
    rapport = json.loads((UITVOER / "intent_report.json").read_text(encoding="utf-8"))
    fouten = json.loads((UITVOER / "intent_errors.json").read_text(encoding="utf-8"))
    regels = [
        f"# NLU cross-validation ({folds} folds)", "",
        "Made by `python -m benchmarks.nlu_kruisvalidatie`. All kennisbank intents (ask_question and the",
        "follow-ups) lead to the same action, which picks the article by search, so confusion among",
        "them costs little; the figures that matter most are for the conversation intents.", "",
        f"Accuracy: {rapport['accuracy']:.1%}; weighted F1: {rapport['weighted avg']['f1-score']:.1%}.", "",
        "| intent | precision | recall | F1 | examples |", "| --- | --- | --- | --- | --- |",
    ]
    for naam, waarden in sorted(rapport.items()):
        if isinstance(waarden, dict) and "support" in waarden and not naam.endswith("avg"):
            regels.append(f"| {naam} | {waarden['precision']:.2f} | {waarden['recall']:.2f} | "
                          f"{waarden['f1-score']:.2f} | {waarden['support']} |")
    regels += ["", "Most frequent confusions (true -> predicted):", ""]
    paren = Counter((f["intent"], f["intent_prediction"]["name"]) for f in fouten)
    regels += [f"- {waar} -> {voorspeld}: {aantal}" for (waar, voorspeld), aantal in paren.most_common(8)]
    return "\n".join(regels) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--alleen-tabel", action="store_true")
    args = parser.parse_args(argv)
    if not args.alleen_tabel:
        draai_kruisvalidatie(args.folds)
    DOC.parent.mkdir(exist_ok=True)
    bestaand = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    handwerk = bestaand[bestaand.index(HANDWERK):] if HANDWERK in bestaand else ""
    DOC.write_text(tabel(args.folds) + handwerk, encoding="utf-8")
    print(DOC.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
