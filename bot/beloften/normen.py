"""The service norms (config/servicenormen.yml): how soon a medewerker acts on a handed-off case."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import validator

from bot.kern.configuratie import ConfiguratieFout, Getal, Schema, Tekst, lees_configuratie
from bot.kern.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Servicenorm:
    """How soon a medewerker acts on a handed-off case, and when to remind them."""

    actie: str
    werkuren: float
    omschrijving: str
    herinnering_uren_voor: float


class ServicenormInBestand(Schema):
    werkuren: Getal
    omschrijving: Tekst
    herinnering_uren_voor: Getal

    @validator("werkuren")
    @classmethod
    def _positief(cls, werkuren: float) -> float:
        if werkuren <= 0:
            raise ValueError(f"moet groter dan 0 zijn: {werkuren:g}")
        return werkuren

    @validator("herinnering_uren_voor")
    @classmethod
    def _voor_de_deadline(cls, herinnering: float, values: dict[str, Any]) -> float:
        """The reminder comes after the handoff: at least 0 and less than ``werkuren`` before the deadline."""
        werkuren = values.get("werkuren")
        if werkuren is not None and not 0 <= herinnering < werkuren:
            raise ValueError(f"moet tussen 0 en werkuren ({werkuren:g}) liggen: {herinnering:g}")
        return herinnering


class ServicenormenBestand(Schema):
    servicenormen: dict[str, ServicenormInBestand]

    @validator("servicenormen")
    @classmethod
    def _minstens_een(cls, normen: dict[str, ServicenormInBestand]) -> dict[str, ServicenormInBestand]:
        if not normen:
            raise ValueError("moet per actie een norm bevatten (actie: velden)")
        return normen


def lees_servicenormen(pad: Path) -> dict[str, Servicenorm]:
    """Read ``servicenormen.yml``: the norms by actie.

    Every problem raises ConfiguratieFout (a ValueError) naming the file and the field, so that
    the file can be fixed without reading code.
    """
    bestand = lees_configuratie(pad, ServicenormenBestand, fout=ConfiguratieFout)
    return {actie: Servicenorm(actie=actie, **norm.dict()) for actie, norm in bestand.servicenormen.items()}


@cache
def servicenormen() -> dict[str, Servicenorm]:
    """The norms of config/servicenormen.yml, read once per process."""
    return lees_servicenormen(PROJECT_ROOT / "config" / "servicenormen.yml")
