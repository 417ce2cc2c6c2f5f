"""The kennisbank article as the code sees it, independent of files or database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class UplProduct:
    naam: str
    uri: str


ENGELS_VELDEN = ("engels_kort", "engels_kosten", "engels_doorlooptijd", "engels_aanvragen")


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
    # English versions of the short answer and of three parts, for an English speaker (actions/engels.py)
    engels_kort: str | None = None
    engels_kosten: str | None = None
    engels_doorlooptijd: str | None = None
    engels_aanvragen: str | None = None

    def in_het_engels(self, onderdeel: str) -> str | None:
        """The English text of a part ("kort", "kosten", "doorlooptijd" or "aanvragen"), if the article has one."""
        return {"kort": self.engels_kort, "kosten": self.engels_kosten, "doorlooptijd": self.engels_doorlooptijd,
                "aanvragen": self.engels_aanvragen}.get(onderdeel)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the same field names as the article files."""
        data = asdict(self)
        data["upl"] = [{"naam": p.naam, "uri": p.uri} for p in self.upl]
        for name in ("voorwaarden", "zoektermen", "synoniemen", "bronnen", "niet_voor", "voorbeeldvragen"):
            data[name] = list(data[name])
        data["laatst_gecontroleerd"] = self.laatst_gecontroleerd.isoformat()
        for name in ("gemeentelijk", *ENGELS_VELDEN):
            if data[name] is None:
                del data[name]
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
            **{name: data.get(name) for name in ENGELS_VELDEN},
        )
