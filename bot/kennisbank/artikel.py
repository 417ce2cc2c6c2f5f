"""The kennisbank article as the code sees it, independent of files or database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class UplProduct:
    naam: str
    uri: str


@dataclass(frozen=True)
class Artikel:
    id: str
    titel: str
    upl: tuple[UplProduct, ...]
    kort_antwoord: str
    uitleg: str
    voorwaarden: tuple[str, ...]
    kosten: str
    doorlooptijd: str
    aanvragen: str
    link: str
    team: str
    zoektermen: tuple[str, ...]
    synoniemen: tuple[str, ...]
    laatst_gecontroleerd: date
    bronnen: tuple[str, ...] = field(default=())
    gemeentelijk: str | None = None
    niet_voor: tuple[str, ...] = field(default=())
    voorbeeldvragen: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the same field names as the article files."""
        data = asdict(self)
        data["upl"] = [{"naam": p.naam, "uri": p.uri} for p in self.upl]
        for name in ("voorwaarden", "zoektermen", "synoniemen", "bronnen", "niet_voor", "voorbeeldvragen"):
            data[name] = list(data[name])
        data["laatst_gecontroleerd"] = self.laatst_gecontroleerd.isoformat()
        if self.gemeentelijk is None:
            del data["gemeentelijk"]
        for name in ("niet_voor", "voorbeeldvragen"):
            if not data[name]:
                del data[name]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Artikel:
        """Rebuild an article from ``to_dict`` output (already validated data)."""
        return cls(
            id=data["id"],
            titel=data["titel"],
            upl=tuple(UplProduct(p["naam"], p["uri"]) for p in data["upl"]),
            kort_antwoord=data["kort_antwoord"],
            uitleg=data["uitleg"],
            voorwaarden=tuple(data["voorwaarden"]),
            kosten=data["kosten"],
            doorlooptijd=data["doorlooptijd"],
            aanvragen=data["aanvragen"],
            link=data["link"],
            team=data["team"],
            zoektermen=tuple(data["zoektermen"]),
            synoniemen=tuple(data["synoniemen"]),
            laatst_gecontroleerd=date.fromisoformat(data["laatst_gecontroleerd"]),
            bronnen=tuple(data.get("bronnen", ())),
            gemeentelijk=data.get("gemeentelijk"),
            niet_voor=tuple(data.get("niet_voor", ())),
            voorbeeldvragen=tuple(data.get("voorbeeldvragen", ())),
        )
