"""A long-running server and Python's garbage collector: what is loaded at the start is never scanned again.

A full collection (generation 2) visits every object the process holds, and while it runs the
server's event loop waits, and so does every message in flight. Loaded, the Rasa server holds some
630,000 objects (TensorFlow, spaCy, Rasa, the model) and a full collection took 0.3 s; the action
server's took 0.2 s. Under a flood each came about every 40-80 s (``gc.callbacks``, measured during
``benchmarks.fuzz``), and the slow messages of the ordinary conversation beside the flood were the ones
in flight during one (issue 13).

``bevries_opstartgeheugen`` is called once a server runs: what exists then (modules, the model, caches
filled at the start) stays for the life of the process, so it is moved where collections never look
(``gc.freeze``, Python's own means for this). Collections then visit only what was made since, and
garbage made since is still collected. ``meld_lange_opruimrondes`` logs any collection that still
takes long, so a production log shows it.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Any

logger = logging.getLogger(__name__)

LANGE_RONDE_S = 0.1  # a collection at least this long is logged
LANGE_RONDE = "Lange opruimronde"  # how its log line starts (benchmarks/fuzz.py counts them)

_begin: list[float] = []


def bevries_opstartgeheugen() -> int:
    """Collect once, then keep every object that is left out of all later collections; returns how many
    objects are kept out. A process freezes once: a repeated call (every channel of the Rasa server asks)
    changes nothing."""
    if gc.get_freeze_count():
        return gc.get_freeze_count()
    gc.collect()
    gc.freeze()
    aantal = gc.get_freeze_count()
    logger.info("Opstartgeheugen bevroren: %d objecten buiten de opruimrondes", aantal)
    return aantal


def _meet_ronde(fase: str, info: dict[str, Any]) -> None:
    if fase == "start":
        _begin[:] = [time.perf_counter()]
        return
    if not _begin:
        return
    duur = time.perf_counter() - _begin.pop()
    if duur >= LANGE_RONDE_S:
        logger.warning("%s van het geheugen: %.0f ms (generatie %d, %d objecten opgeruimd)", LANGE_RONDE,
                       duur * 1000, info.get("generation", -1), info.get("collected", 0))


def meld_lange_opruimrondes() -> None:
    """Log every collection of at least LANGE_RONDE_S from now on; installing twice changes nothing."""
    if _meet_ronde not in gc.callbacks:
        gc.callbacks.append(_meet_ronde)
