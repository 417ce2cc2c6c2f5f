"""Validation problems in files that people edit (kennisbank articles, the staff directory).

Every problem names the file and the field, so that an editor can fix it without reading code;
all problems of one run are collected and raised together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Probleem:
    """``soort`` and ``waarde`` (optional) say which check failed on which value, so that a page can
    explain the problem in its own words (the console's namen.html); ``melding`` is the text for files."""

    bestand: str
    veld: str | None
    melding: str
    soort: str | None = None
    waarde: str | None = None

    def __str__(self) -> str:
        waar = f"{self.bestand}: veld '{self.veld}'" if self.veld else self.bestand
        return f"{waar}: {self.melding}"


class ValidatieFout(Exception):
    """One or more problems; ``problemen`` lists each file and field."""

    wat = "Het bestand"

    def __init__(self, problemen: list[Probleem]):
        self.problemen = problemen
        regels = "\n".join(f"  - {p}" for p in problemen)
        super().__init__(f"{self.wat} bevat {len(problemen)} fout(en):\n{regels}")
