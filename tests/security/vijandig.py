"""Hostile input for the guards on user text: long, and shaped to make a careless regex
backtrack (runs of one character, unclosed tags, nested tags, what a pattern almost matches)."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MB = 1024 * 1024


def herhaal(eenheid: str, lengte: int) -> str:
    return (eenheid * (lengte // len(eenheid) + 1))[:lengte]


EENHEDEN = [
    "<script>", "<style><script>", "</script><script>", "<", "<a", "< /", "<a<b<c>>>", "&#9", "&amp;", "9", "0", "1 ", "1.",
    "1-", " ", "\n", ".", "a", "a.", "a-", "a@", "Aa ", "ON-", "Kerkstraat ", "ik ben Jan ", ", met Aa", "Mijn naam is ",
    "mijn bedrijf Aa ", "factuur ", "+1 ", "Aa B.V. ", "vandaag ", "geen haast ", "😀", "\x00", "\ufffd", "é",
]


def vijandige_teksten(lengte: int) -> Iterator[tuple[str, str]]:
    """(name, text) pairs of ``lengte`` characters."""
    for eenheid in EENHEDEN:
        yield f"{eenheid!r}*", herhaal(eenheid, lengte)
    yield "'<'+spaties", "<" + " " * (lengte - 1)
    yield "'< '+spaties+'/'+spaties", "<" + " " * (lengte // 2) + "/" + " " * (lengte // 2)
    yield "open <script>", "<script>" + herhaal("x", lengte - 8)
    yield "open <style>", "<style>" + herhaal("a b ", lengte - 7)
    yield "'a.'*+@", herhaal("a.", lengte - 1) + "@"
    yield "'&#'+cijfers", "&#" + herhaal("9", lengte - 2)


class TeTraag(AssertionError):
    pass


@contextmanager
def uiterlijk(seconden: float) -> Iterator[None]:
    """Stops the block with TeTraag after ``seconden`` (a quadratic regex would otherwise run for hours)."""
    def stop(*_: object) -> None:
        raise TeTraag(f"na {seconden} s afgebroken")

    vorige = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconden)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, vorige)


def snelste_duur(functie: Callable[[], object], keren: int = 3, grens: float = 2.0) -> float:
    """The shortest of ``keren`` runs in seconds (the machine is shared: one slow run is noise, a
    slow algorithm is slow every time); a run longer than ``grens`` stops the measurement."""
    beste = float("inf")
    for _ in range(keren):
        with uiterlijk(grens):
            begin = time.perf_counter()
            functie()
            beste = min(beste, time.perf_counter() - begin)
    return beste


def patronen_van(*modules: object) -> dict[str, re.Pattern[str]]:
    """Every compiled regex at the top level of ``modules``, by module and name."""
    return {f"{m.__name__}.{naam}": waarde for m in modules for naam, waarde in vars(m).items()
            if isinstance(waarde, re.Pattern)}
