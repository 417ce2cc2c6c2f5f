"""What the anonymisation of question texts catches (bot/privacy/anoniem.py), on held-out sentences.

Run: ``python -m benchmarks.anonimiseren [--toon]``. Two sets of 80 sentences, each written by
someone who saw neither the code nor deduce's lists: phone-style questions of entrepreneurs, with
the parts that identify a person or company (``weg``) and the subject words that must stay
(``blijft``). ``tests/data/anonimiseren.yml`` (*ontwerp*) informed the design (reading the text
also capitalised, sparing kennisbank words); ``tests/data/anonimiseren_toets.yml`` (*toets*) was
written afterwards and is only measured, never tuned on: its numbers are the honest ones.
Reported per set:

- *weg geheel*: the share of the ``weg`` items of which no word of three or more letters or digits
  is left (an item half removed, "jan [PERSOON-1]", counts as missed);
- *zinnen schoon*: the share of sentences with personal data of which every item is removed;
- *blijft*: the share of subject words still there (what "what do entrepreneurs ask" needs);
- the time per sentence.

This is a measurement, not a test: deduce is a statistical-lexical tool and the numbers guide the
choice, they do not gate the build. ``--toon`` prints every sentence with what was missed.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml

from bot.kern.settings import PROJECT_ROOT
from bot.privacy.anoniem import anonimiseer

SETS = {"ontwerp": PROJECT_ROOT / "tests" / "data" / "anonimiseren.yml",
        "toets": PROJECT_ROOT / "tests" / "data" / "anonimiseren_toets.yml"}
WOORD = re.compile(r"[\w@.+-]{3,}")


def rest_van(item: str, uit: str) -> list[str]:
    """The words (three characters or more) of ``item`` that are still in ``uit``."""
    laag = uit.lower()
    return [woord for woord in WOORD.findall(item.lower()) if re.search(rf"(?<!\w){re.escape(woord)}(?!\w)", laag)]


def meet(pad: Path, toon: bool = False) -> dict[str, float]:
    zinnen = yaml.safe_load(pad.read_text(encoding="utf-8"))["zinnen"]
    anonimiseer("opwarmen")  # loading deduce is not part of the time per sentence
    items = gemist = schoon = met_gegevens = blijft = behouden = 0
    begin = time.perf_counter()
    for zin in zinnen:
        uit = anonimiseer(zin["tekst"])
        missers = [item for item in zin["weg"] if rest_van(item, uit)]
        verloren = [woord for woord in zin["blijft"] if woord.lower() not in uit.lower()]
        items, gemist = items + len(zin["weg"]), gemist + len(missers)
        if zin["weg"]:
            met_gegevens += 1
            schoon += not missers
        blijft, behouden = blijft + len(zin["blijft"]), behouden + len(zin["blijft"]) - len(verloren)
        if toon and (missers or verloren):
            print(f"- {uit}\n  gemist: {missers}  verloren: {verloren}")
    duur = (time.perf_counter() - begin) / len(zinnen)
    return {"zinnen": len(zinnen), "weg_geheel": 1 - gemist / items, "zinnen_schoon": schoon / met_gegevens,
            "blijft": behouden / blijft, "ms_per_zin": duur * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toon", action="store_true", help="print every sentence with what was missed")
    toon = parser.parse_args().toon
    for naam, pad in SETS.items():
        uitkomst = meet(pad, toon=toon)
        print(f"{naam}: {uitkomst['zinnen']} zinnen: weg geheel {uitkomst['weg_geheel']:.0%}, "
              f"zinnen schoon {uitkomst['zinnen_schoon']:.0%}, blijft {uitkomst['blijft']:.0%}, "
              f"{uitkomst['ms_per_zin']:.1f} ms per zin")


if __name__ == "__main__":
    main()
