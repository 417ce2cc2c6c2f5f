"""People of a small staff directory, as the conversation reads them (``Persoon``), for tests."""

from __future__ import annotations

from bot.medewerkers.herkenning import Persoon


def persoon(sleutel: str, naam: str, team: str = "bouwen", **velden) -> Persoon:
    standaard = {"functie": "adviseur", "teams": (team,), "leidt_teams": (), "actief": True, "afwezig": False}
    return Persoon(sleutel=sleutel, naam=naam, **{**standaard, **velden})


PERSONEN = [
    persoon("joost", "Joost van Dijk"),
    persoon("pieter", "Pieter Jansen", leidt_teams=("bouwen",)),
    persoon("mehmet", "Mehmet Yılmaz", team="horeca"),
    persoon("lotte", "Lotte Bakker", team="horeca", afwezig=True),
    persoon("sanne", "Sanne de Vries", team="horeca", leidt_teams=("horeca",)),
    persoon("sanne-b", "Sanne Bos", team="belastingen"),
    persoon("els", "Els van Leeuwen", team="inkoop", actief=False),
]
