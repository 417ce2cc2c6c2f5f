"""All figures of the dashboard for one date range, from both databases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from bot.cijfers.archief import gearchiveerde_gesprekken
from bot.cijfers.beloften import BelofteCijfers, belofte_cijfers
from bot.cijfers.gesprekken import GesprekCijfers, gesprek_cijfers
from bot.kern.db import transaction


@dataclass(frozen=True)
class Overzicht:
    van: date
    tot_en_met: date
    gesprekken: GesprekCijfers
    beloften: BelofteCijfers

    @property
    def aandeel_door_bot(self) -> float | None:
        return _aandeel(self.gesprekken.door_bot_beantwoord, self.gesprekken.gesprekken_met_vraag)

    @property
    def aandeel_overgedragen(self) -> float | None:
        return _aandeel(self.gesprekken.overgedragen, self.gesprekken.gesprekken_met_vraag)

    def dagen(self) -> list[date]:
        return [self.van + timedelta(days=i) for i in range((self.tot_en_met - self.van).days + 1)]

    def kanalen(self) -> list[str]:
        return sorted({kanaal for _, kanaal in self.gesprekken.gesprekken_per_dag_kanaal})

    def reeks(self, soort: str) -> dict[str, list[int]]:
        """Per channel, the count per day (``soort``: 'gesprekken' or 'vragen'), zeros included."""
        bron = (self.gesprekken.gesprekken_per_dag_kanaal if soort == "gesprekken"
                else self.gesprekken.vragen_per_dag_kanaal)
        per_kanaal: dict[str, list[int]] = defaultdict(list)
        for kanaal in self.kanalen():
            per_kanaal[kanaal] = [bron.get((dag, kanaal), 0) for dag in self.dagen()]
        return dict(per_kanaal)

    def kerncijfers(self) -> dict[str, Any]:
        """The headline figures, for the CSV of the kerncijfers (names: templates/cijfers_namen.html)."""
        g, b = self.gesprekken, self.beloften
        procent = None if b.aandeel_op_tijd is None else round(b.aandeel_op_tijd * 100, 1)
        return {
            "van": self.van.isoformat(), "tot_en_met": self.tot_en_met.isoformat(),
            "op_tijd_procent": procent, "beloften_op_tijd": b.op_tijd, "beloften_afgelopen": b.afgelopen,
            "gesprekken": g.gesprekken, "vragen": g.vragen, "met_vraag": g.gesprekken_met_vraag,
            "door_bot": g.door_bot_beantwoord, "overgedragen": g.overgedragen,
            "mediaan_werkuren": b.contact.mediaan_werkuren, "zaken_met_contact": b.contact.zaken_met_contact,
            "zaken": b.contact.zaken,
        }


def bereken_overzicht(*, app_engine: Engine, tracker_engine: Engine, van: date, tot_en_met: date,
                      nu: datetime) -> Overzicht:
    if tot_en_met < van:
        raise ValueError("de einddatum ligt voor de begindatum")
    with transaction(app_engine) as session:
        beloften = belofte_cijfers(session=session, van=van, tot_en_met=tot_en_met, nu=nu)
        gearchiveerd = gearchiveerde_gesprekken(session=session, van=van, tot_en_met=tot_en_met)
    return Overzicht(van=van, tot_en_met=tot_en_met, beloften=beloften,
                     gesprekken=gesprek_cijfers(engine=tracker_engine, van=van, tot_en_met=tot_en_met,
                                                gearchiveerd=gearchiveerd))


def _aandeel(deel: int, geheel: int) -> float | None:
    return deel / geheel if geheel else None
