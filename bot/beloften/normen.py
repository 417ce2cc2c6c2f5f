"""The service norms (config/servicenormen.yml): how soon a medewerker acts on a handed-off case."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.kern.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Servicenorm:
    """How soon a medewerker acts on a handed-off case, and when to remind them."""

    actie: str
    werkuren: float
    omschrijving: str
    herinnering_uren_voor: float


SERVICENORM_VELDEN = ("werkuren", "omschrijving", "herinnering_uren_voor")


def lees_servicenormen(pad: Path) -> dict[str, Servicenorm]:
    """Read ``servicenormen.yml``: the norms by actie.

    Every problem raises ValueError naming the file and the field, so that the file can be
    fixed without reading code.
    """
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as fout:
        raise ValueError(f"{pad}: geen geldige YAML: {fout}") from fout
    if not isinstance(data, dict) or set(data) != {"servicenormen"}:
        raise _fout(pad, "servicenormen", "het bestand moet precies het veld 'servicenormen' bevatten")
    normen = data["servicenormen"]
    if not isinstance(normen, dict) or not normen:
        raise _fout(pad, "servicenormen", "moet per actie een norm bevatten (actie: velden)")
    return {str(actie): _lees_norm(pad, actie, velden) for actie, velden in normen.items()}


def _lees_norm(pad: Path, actie: Any, velden: Any) -> Servicenorm:
    if not isinstance(actie, str) or not actie.strip():
        raise _fout(pad, f"servicenormen.{actie}", "de naam van een actie moet tekst zijn")
    veld = f"servicenormen.{actie}"
    if not isinstance(velden, dict):
        raise _fout(pad, veld, f"moet de velden {', '.join(SERVICENORM_VELDEN)} bevatten")
    for naam in velden:
        if naam not in SERVICENORM_VELDEN:
            raise _fout(pad, f"{veld}.{naam}", "onbekend veld")
    for naam in SERVICENORM_VELDEN:
        if velden.get(naam) is None:
            raise _fout(pad, f"{veld}.{naam}", "verplicht veld ontbreekt of is leeg")
    werkuren = _getal(pad, f"{veld}.werkuren", velden["werkuren"])
    if werkuren <= 0:
        raise _fout(pad, f"{veld}.werkuren", f"moet groter dan 0 zijn: {werkuren}")
    herinnering = _getal(pad, f"{veld}.herinnering_uren_voor", velden["herinnering_uren_voor"])
    if not 0 <= herinnering < werkuren:
        raise _fout(pad, f"{veld}.herinnering_uren_voor", f"moet tussen 0 en werkuren ({werkuren}) liggen: {herinnering}")
    omschrijving = velden["omschrijving"]
    if not isinstance(omschrijving, str) or not omschrijving.strip():
        raise _fout(pad, f"{veld}.omschrijving", "moet tekst zijn")
    return Servicenorm(actie=actie, werkuren=werkuren, omschrijving=omschrijving.strip(), herinnering_uren_voor=herinnering)


def _getal(pad: Path, veld: str, waarde: Any) -> float:
    if isinstance(waarde, bool) or not isinstance(waarde, (int, float)) or not math.isfinite(waarde):
        raise _fout(pad, veld, f"moet een getal zijn: {waarde!r}")
    return float(waarde)


def _fout(pad: Path, veld: str, melding: str) -> ValueError:
    return ValueError(f"{pad}: veld '{veld}': {melding}")


@cache
def servicenormen() -> dict[str, Servicenorm]:
    """The norms of config/servicenormen.yml, read once per process."""
    return lees_servicenormen(PROJECT_ROOT / "config" / "servicenormen.yml")
