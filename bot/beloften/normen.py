"""The service norms (config/servicenormen.yml): how soon a medewerker acts on a handed-off case
(sooner for an urgent case where ``urgent_werkuren`` allows it), and how the deadline of a new
promise is rounded up (``deadline_afronden``, ``dagdelen``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import validator

from bot.beloften.afronding import Afronding, Deadlinestijl, rond_af
from bot.kern.configuratie import ConfiguratieFout, Getal, Schema, Tekst, Tijd, lees_configuratie
from bot.kern.settings import PROJECT_ROOT
from bot.kern.werktijden import deadline_na_werkuren
from bot.medewerkers.models import Medewerker, afwezigheden_van, werktijden_van


@dataclass(frozen=True)
class Servicenorm:
    """How soon a medewerker acts on a handed-off case, and when to remind them."""

    actie: str
    werkuren: float
    omschrijving: str
    herinnering_uren_voor: float
    urgent_werkuren: float | None = None  # the shorter norm for an urgent case; None: the same norm

    def werkuren_voor(self, *, urgent: bool) -> float:
        """The working hours to the deadline: the urgent norm for an urgent case when there is one."""
        return self.urgent_werkuren if urgent and self.urgent_werkuren is not None else self.werkuren


class ServicenormInBestand(Schema):
    werkuren: Getal
    omschrijving: Tekst
    herinnering_uren_voor: Getal
    urgent_werkuren: Getal | None = None

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

    @validator("urgent_werkuren")
    @classmethod
    def _korter_dan_de_norm(cls, urgent: float | None, values: dict[str, Any]) -> float | None:
        """Shorter than ``werkuren``, and still after the reminder (``herinnering_uren_voor``)."""
        if urgent is None:
            return None
        werkuren, herinnering = values.get("werkuren"), values.get("herinnering_uren_voor")
        if werkuren is not None and not 0 < urgent < werkuren:
            raise ValueError(f"moet groter dan 0 en kleiner dan werkuren ({werkuren:g}) zijn: {urgent:g}")
        if herinnering is not None and not herinnering < urgent:
            raise ValueError(f"moet groter zijn dan herinnering_uren_voor ({herinnering:g}): {urgent:g}")
        return urgent


@dataclass(frozen=True)
class Normbestand:
    """The whole file: the norms by actie and the rounding of deadlines."""

    normen: dict[str, Servicenorm]
    stijl: Deadlinestijl


class DagdelenInBestand(Schema):
    ochtend_tot: Tijd = Deadlinestijl.ochtend_tot
    middag_tot: Tijd = Deadlinestijl.middag_tot

    @validator("middag_tot")
    @classmethod
    def _na_de_ochtend(cls, middag_tot: Any, values: dict[str, Any]) -> Any:
        ochtend_tot = values.get("ochtend_tot")
        if ochtend_tot is not None and not ochtend_tot < middag_tot:
            raise ValueError(f"moet na ochtend_tot ({ochtend_tot:%H:%M}) liggen")
        return middag_tot


class ServicenormenBestand(Schema):
    servicenormen: dict[str, ServicenormInBestand]
    deadline_afronden: Afronding = Afronding.KWARTIER
    dagdelen: DagdelenInBestand = DagdelenInBestand()

    @validator("servicenormen")
    @classmethod
    def _minstens_een(cls, normen: dict[str, ServicenormInBestand]) -> dict[str, ServicenormInBestand]:
        if not normen:
            raise ValueError("moet per actie een norm bevatten (actie: velden)")
        return normen


def lees_normbestand(pad: Path) -> Normbestand:
    """Read ``servicenormen.yml``: the norms by actie and the rounding of deadlines.

    Every problem raises ConfiguratieFout (a ValueError) naming the file and the field, so that
    the file can be fixed without reading code.
    """
    bestand = lees_configuratie(pad, ServicenormenBestand, fout=ConfiguratieFout)
    return Normbestand(
        normen={actie: Servicenorm(actie=actie, **norm.dict()) for actie, norm in bestand.servicenormen.items()},
        stijl=Deadlinestijl(afronden=Afronding(bestand.deadline_afronden), ochtend_tot=bestand.dagdelen.ochtend_tot,
                            middag_tot=bestand.dagdelen.middag_tot),
    )


def lees_servicenormen(pad: Path) -> dict[str, Servicenorm]:
    """The norms by actie of ``servicenormen.yml`` (see lees_normbestand)."""
    return lees_normbestand(pad).normen


@cache
def normbestand() -> Normbestand:
    """config/servicenormen.yml, read once per process."""
    return lees_normbestand(PROJECT_ROOT / "config" / "servicenormen.yml")


def servicenormen() -> dict[str, Servicenorm]:
    """The norms of config/servicenormen.yml."""
    return normbestand().normen


def deadlinestijl() -> Deadlinestijl:
    """How deadlines are rounded, per config/servicenormen.yml."""
    return normbestand().stijl


def deadline_volgens_norm(start: datetime, *, actie: str, medewerker: Medewerker, urgent: bool = False) -> datetime:
    """The deadline of a new promise made at ``start``: the norm's working hours (the urgent norm
    for an urgent case, where configured) in the medewerker's working time, rounded up as
    configured (what the entrepreneur is told and what is stored)."""
    berekend = deadline_na_werkuren(
        start, servicenormen()[actie].werkuren_voor(urgent=urgent), werktijden_van(medewerker),
        afwezigheden_van(medewerker),
    )
    return rond_af(berekend, stijl=deadlinestijl(), werktijden=werktijden_van(medewerker))
