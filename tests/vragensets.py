"""The held-out question sets (tests/data), written apart from the training data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Vraag:
    vraag: str
    id: str | None
    soort: str
    tweede_id: str | None = None  # the other part of a two-part question, or an equally good article


def lees_vragen(naam: str) -> list[Vraag]:
    data = yaml.safe_load((DATA / naam).read_text(encoding="utf-8"))
    return [Vraag(v["vraag"], v["id"], v["soort"], v.get("tweede_id")) for v in data["vragen"]]
