"""Compose the assistant's answers from an article: the texts, buttons and custom payloads
described in ``shared/berichten.md``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.zoeken import Treffer


class Onderdeel(str, Enum):
    """Which part of an article the entrepreneur asks for."""

    KORT = "kort"
    KOSTEN = "kosten"
    DOORLOOPTIJD = "doorlooptijd"
    AANVRAGEN = "aanvragen"
    VOORWAARDEN = "voorwaarden"
    MEER = "meer"


ONDERDEEL_PER_INTENT = {
    "ask_costs": Onderdeel.KOSTEN,
    "ask_duration": Onderdeel.DOORLOOPTIJD,
    "ask_how_to_apply": Onderdeel.AANVRAGEN,
    "ask_conditions": Onderdeel.VOORWAARDEN,
    "ask_more": Onderdeel.MEER,
}

INTENT_PER_ONDERDEEL = {onderdeel: intent for intent, onderdeel in ONDERDEEL_PER_INTENT.items()}

KNOP_TITELS = {
    Onderdeel.VOORWAARDEN: "Voorwaarden",
    Onderdeel.KOSTEN: "Kosten",
    Onderdeel.DOORLOOPTIJD: "Hoe lang duurt het?",
    Onderdeel.AANVRAGEN: "Hoe vraag ik het aan?",
}

INLEIDINGEN = {
    Onderdeel.KOSTEN: "Wat kost het?",
    Onderdeel.DOORLOOPTIJD: "Hoe lang duurt het?",
    Onderdeel.AANVRAGEN: "Hoe regelt u het?",
    Onderdeel.VOORWAARDEN: "Waar moet u aan voldoen?",
    Onderdeel.MEER: "Meer uitleg",
}

# Words in a question that ask for one part of an article ("wat kost een terras?").
ONDERDEEL_WOORDEN = [
    (Onderdeel.KOSTEN, re.compile(r"\b(kost|kosten|kostte|prijs|prijzen|tarief|tarieven|leges|duur|bedrag)\b")),
    (Onderdeel.DOORLOOPTIJD, re.compile(r"\b(hoe ?lang|duurt|duren|doorlooptijd|termijn|hoeveel (dagen|weken|tijd))\b")),
    (Onderdeel.AANVRAGEN, re.compile(r"\b(aanvragen|aanvraag doen|vraag ik|hoe regel|indienen)\b")),
    (Onderdeel.VOORWAARDEN, re.compile(r"\b(voorwaarden|eisen|regels|voldoen)\b")),
]


@dataclass
class Bericht:
    """One bot message: text, optional buttons and an optional custom payload."""

    tekst: str
    knoppen: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None


def onderdeel_uit_tekst(tekst: str) -> Onderdeel | None:
    kleine_letters = tekst.lower()
    for onderdeel, patroon in ONDERDEEL_WOORDEN:
        if patroon.search(kleine_letters):
            return onderdeel
    return None


def antwoord_bericht(artikel: Artikel, onderdeel: Onderdeel) -> Bericht:
    """The answer from one article: the part asked for, the link, and buttons for the rest."""
    if onderdeel is Onderdeel.KORT:
        tekst = artikel.kort_antwoord
    else:
        tekst = f"{artikel.titel}. {INLEIDINGEN[onderdeel]}\n{_onderdeel_tekst(artikel, onderdeel)}"
    tekst = f"{tekst}\n\nMeer informatie: {artikel.link}"
    knoppen = [
        {"title": titel, "payload": knop_payload(INTENT_PER_ONDERDEEL[ander], artikel.id)}
        for ander, titel in KNOP_TITELS.items()
        if ander is not onderdeel
    ]
    custom = {"kennisbank": {"id": artikel.id, "titel": artikel.titel, "url": artikel.link, "onderdeel": onderdeel.value}}
    return Bericht(tekst=tekst, knoppen=knoppen, custom=custom)


def keuze_bericht(treffers: list[Treffer], inleiding: str) -> Bericht:
    keuzes = [{"id": t.artikel_id, "titel": t.titel} for t in treffers]
    knoppen = [{"title": t.titel, "payload": knop_payload("ask_question", t.artikel_id)} for t in treffers]
    knoppen.append({"title": "Een medewerker laten meedenken", "payload": "/request_human"})
    knoppen.append({"title": "Iets anders", "payload": "/deny"})
    return Bericht(tekst=inleiding, knoppen=knoppen, custom={"keuzes": keuzes})


def knop_payload(intent: str, artikel_id: str) -> str:
    return f"/{intent}{json.dumps({'onderwerp': artikel_id})}"


def _onderdeel_tekst(artikel: Artikel, onderdeel: Onderdeel) -> str:
    if onderdeel is Onderdeel.KOSTEN:
        return artikel.kosten
    if onderdeel is Onderdeel.DOORLOOPTIJD:
        return artikel.doorlooptijd
    if onderdeel is Onderdeel.AANVRAGEN:
        return artikel.aanvragen
    if onderdeel is Onderdeel.VOORWAARDEN:
        return "\n".join(f"- {v}" for v in artikel.voorwaarden)
    return artikel.uitleg
