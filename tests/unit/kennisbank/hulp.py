"""Helpers the tests of situations and the glossary share."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol


class MetId(Protocol):
    id: str


def id_van(gevonden: MetId | None) -> str | None:
    """The id of what was found (a situation, a term), or None when nothing was found."""
    return None if gevonden is None else gevonden.id


def per_vraag(vind: Callable[[str], Any], vragen: Sequence[str]) -> tuple[list[Any], float]:
    """What ``vind`` gives for each question, and the average time per question in seconds."""
    begin = time.perf_counter()
    uitkomst = [vind(vraag) for vraag in vragen]
    return uitkomst, (time.perf_counter() - begin) / len(vragen)
