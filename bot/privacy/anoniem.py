"""Anonymised question text: what an entrepreneur asked, without who they are.

The figures keep the questions of conversations that retention deletes (``bot.cijfers.archief``),
so the municipality still sees what entrepreneurs ask. Before a text is kept, ``anonimiseer``
removes names, phone numbers, e-mail addresses, KvK and other numbers, street addresses, postcodes
and dates, and keeps the words that say what was asked ("terras", "precario", "stoep").

Two passes:

1. ``deduce`` (de-identification of Dutch text, from the UMC Utrecht; PyPI), which finds names
   (also by context: "mijn naam is ..."), addresses, postcodes, dates, phone numbers, e-mail
   addresses and identifiers; each is replaced by its tag ("[PERSOON]"). Deduce was made for
   written reports and finds a name by its capital; on a phone people type "ik ben jan de vries".
   So it reads the text twice, as typed and with every word capitalised, and removes what either
   reading finds, except a find of the capitalised reading whose every word was typed in lower
   case and is a word of the kennisbank ("de stoep", "bloemen"): that is what was asked, not who.
   Version 3.0.4: the last one whose ``regex`` range fits Rasa 3.6's; its wheel lacks the base
   configuration, so ``config/deduce/base_config.json`` (from the 3.0.4 source release) is passed.
   Its lookup lists are built once into ``build/deduce`` (``python -m bot.privacy.anoniem``, run
   by ``scripts/setup``; a first use builds them too, which takes a few minutes).
2. The patterns of the logs (``bot.kern.logboek.maskeer``: phone numbers, e-mail addresses, long
   digit runs) and KvK numbers, for what deduce leaves (it reads "kvk 12345678" as a number only
   when it looks like one of its identifiers).

What it misses is measured on held-out sentences by ``benchmarks/anonimiseren.py``: on the set
written after the design, 78% of the identifying items go whole and 60% of the sentences come out
clean, so what it keeps is still treated as personal data (docs/privacy.md).
"""

from __future__ import annotations

import logging
import re
import sys
from functools import lru_cache
from pathlib import Path

from bot.kern.logboek import maskeer_met_kvk
from bot.kern.settings import PROJECT_ROOT, load_settings

log = logging.getLogger(__name__)

CONFIG = PROJECT_ROOT / "config" / "deduce" / "base_config.json"
CACHE = PROJECT_ROOT / "build" / "deduce"
WOORDBEGIN = re.compile(r"\b(\w)")
WOORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _deduce():
    from deduce import Deduce  # imported here: loading it takes seconds, and only retention needs it

    CACHE.mkdir(parents=True, exist_ok=True)
    return Deduce(load_base_config=False, config=str(CONFIG), cache_path=CACHE)


@lru_cache(maxsize=1)
def kennisbank_woorden() -> frozenset[str]:
    """Every word of the kennisbank's article files, in lower case."""
    woorden: set[str] = set()
    for pad in sorted(load_settings().kennisbank_dir.glob("*.yml")):
        woorden.update(WOORD.findall(pad.read_text(encoding="utf-8").lower()))
    return frozenset(woorden)


def anonimiseer(tekst: str) -> str:
    """``tekst`` without the details that say who wrote it."""
    if not tekst.strip():
        return tekst
    gevonden = _vondsten(tekst)
    gevonden += [vondst for vondst in _vondsten(met_hoofdletters(tekst)) if not _gewone_woorden(tekst, vondst)]
    return maskeer_met_kvk(vervang(tekst, gevonden))


def anonimiseer_alle(teksten: list[str]) -> list[str]:
    """``anonimiseer`` of each text, in order."""
    return [anonimiseer(tekst) for tekst in teksten]


def _gewone_woorden(tekst: str, vondst: tuple[int, int, str]) -> bool:
    """The span was typed in lower case and holds only words the kennisbank uses."""
    stuk = tekst[vondst[0]:vondst[1]]
    woorden = WOORD.findall(stuk)
    return stuk == stuk.lower() and bool(woorden) and all(woord in kennisbank_woorden() for woord in woorden)


def met_hoofdletters(tekst: str) -> str:
    """Every word capitalised; the text keeps its length, so deduce's positions fit the original."""
    return WOORDBEGIN.sub(lambda m: m.group(1).upper() if len(m.group(1).upper()) == 1 else m.group(1), tekst)


def _vondsten(tekst: str) -> list[tuple[int, int, str]]:
    return [(a.start_char, a.end_char, a.tag) for a in _deduce().deidentify(tekst).annotations]


def vervang(tekst: str, vondsten: list[tuple[int, int, str]]) -> str:
    """``tekst`` with each found span replaced by its tag; overlapping spans become one."""
    delen, positie = [], 0
    for begin, einde, soort in sorted(vondsten):
        if einde <= positie:
            continue
        if begin < positie:  # overlaps the previous one: extend that one
            positie = einde
            continue
        delen += [tekst[positie:begin], f"[{soort.upper()}]"]
        positie = einde
    return "".join([*delen, tekst[positie:]])


def bouw(doel: Path = CACHE) -> None:
    """Build deduce's lookup structures (once; later loads take seconds)."""
    _deduce()
    log.info("deduce staat klaar in %s", doel)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
    bouw()
