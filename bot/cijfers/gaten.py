"""Kennisbank gaps: the questions the assistant could not answer, or whose answer did not help, grouped.

Read from Rasa's SQL tracker store (table ``events``, as ``bot.cijfers.gesprekken``), for a range of
local days; only what retention has not deleted yet is there. Per conversation:

* *geen antwoord*: the action ``utter_geen_antwoord`` (the kennisbank action's honest "daar heb ik
  geen goed antwoord op"); the question is the entrepreneur's last typed message before it;
* *hielp niet*: ``utter_niet_geholpen`` right after a ``custom.kennisbank`` card (the definition of
  ``gesprekken``); the question is the typed message before that card, with the card's article.

A typed message is a user event whose text is not a button payload ("/affirm"). The same question in
one conversation counts once. Every text is masked by the ``maskeer_alle`` the caller passes (the
console passes ``bot.privacy.anoniem.anonimiseer_apart``), all in one call, before it is grouped or shown.

Grouping uses the kennisbank search's own content words (``Zoekindex.inhoudswoorden``: no stop
words, lemmas, compound parts): questions with the same words first, then greedily, most asked (and then
fewest words) first, each joins the group whose first question shares the most words with it (Jaccard at least
``DREMPEL``). A question without content words ("??") is not grouped. The nearest article is the
search's best hit for the group's representative question, leaving out the articles that did not
help for it; its band says how close it came to the assistant's own thresholds (``ZoekDrempels``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from bot.cijfers.dagen import dag_grenzen
from bot.cijfers.gesprekken import NIET_GEHOLPEN_ACTIE, lees_events
from bot.kennisbank.zoeken import ZoekDrempels, Zoekindex
from bot.kern.tracker import EVENTS

GEEN_ANTWOORD_ACTIE = "utter_geen_antwoord"
DREMPEL = 0.5  # Jaccard of content words: from here two questions are "the same question"
MAX_VOORBEELDEN = 3
MASKERING = re.compile(r"\[[A-Z_]+\]|\*{3}")  # what anonimiseer and maskeer put in place of a detail
WOORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")

Maskeerder = Callable[[list[str]], list[str]]  # the masked texts, in the same order


@dataclass(frozen=True)
class Vraag:
    """One question without a (helpful) answer; ``artikel_id`` is the card that did not help, else None."""

    sender_id: str
    tekst: str
    artikel_id: str | None


@dataclass(frozen=True)
class Dichtstbij:
    artikel_id: str
    titel: str
    score: float
    band: str  # "sterk", "twijfel" or "zwak" (see ``band``)


@dataclass
class Groep:
    """Similar questions: the first is the representative, ``woorden`` are its content words."""

    woorden: frozenset[str]
    teksten: list[str] = field(default_factory=list)
    niet_geholpen: Counter[str] = field(default_factory=Counter)  # article id: times it did not help
    geen_antwoord: int = 0
    dichtstbij: Dichtstbij | None = None

    @property
    def vraag(self) -> str:
        return self.teksten[0]

    @property
    def aantal(self) -> int:
        return len(self.teksten)

    def voorbeelden(self) -> list[str]:
        """Up to three different wordings, the most frequent first."""
        return [tekst for tekst, _ in Counter(self.teksten).most_common(MAX_VOORBEELDEN)]

    def voeg_toe(self, vraag: Vraag) -> None:
        self.teksten.append(vraag.tekst)
        if vraag.artikel_id:
            self.niet_geholpen[vraag.artikel_id] += 1
        else:
            self.geen_antwoord += 1


def vragen_zonder_antwoord(*, engine: Engine, van: date, tot_en_met: date, maskeer_alle: Maskeerder) -> list[Vraag]:
    """The masked questions of the local days ``van`` up to and including ``tot_en_met``."""
    begin, einde = dag_grenzen(van, tot_en_met)
    binnen = (EVENTS.c.timestamp >= begin.timestamp()) & (EVENTS.c.timestamp < einde.timestamp())
    ruw = list(lees_vragen(lees_events(engine=engine, waar=binnen)))
    gezien: set[tuple[str, str, str | None]] = set()
    vragen: list[Vraag] = []
    for vraag, tekst in zip(ruw, maskeer_alle([vraag.tekst for vraag in ruw]), strict=True):
        gemaskeerd = Vraag(vraag.sender_id, tekst.strip(), vraag.artikel_id)
        sleutel = (gemaskeerd.sender_id, gemaskeerd.tekst.lower(), gemaskeerd.artikel_id)
        if gemaskeerd.tekst and sleutel not in gezien:
            gezien.add(sleutel)
            vragen.append(gemaskeerd)
    return vragen


def lees_vragen(events: Iterable[dict[str, Any]]) -> Iterator[Vraag]:
    """The questions without a (helpful) answer in events sorted per conversation (``lees_events``)."""
    sender: str | None = None
    getypt: str | None = None  # the last typed message
    kaart: tuple[str | None, str] | None = None  # (question, article) of the last kennisbank card
    for event in events:
        if event["sender_id"] != sender:
            sender, getypt, kaart = event["sender_id"], None, None
        soort, data = event["type"], event["data"]
        if soort == "user":
            tekst = data.get("text") if isinstance(data, dict) else None
            if isinstance(tekst, str) and tekst.strip() and not tekst.startswith("/"):
                getypt = tekst
        elif soort == "bot" and (artikel := _kaart_artikel(data)):
            kaart = (getypt, artikel)
        elif soort == "action" and event["action"] == NIET_GEHOLPEN_ACTIE and kaart:
            if kaart[0]:
                yield Vraag(sender, kaart[0], kaart[1])
            kaart = None
        elif soort == "action" and event["action"] == GEEN_ANTWOORD_ACTIE and getypt:
            yield Vraag(sender, getypt, None)
            getypt = None


def _kaart_artikel(data: Any) -> str | None:
    custom = ((data.get("data") or {}).get("custom") or {}) if isinstance(data, dict) else {}
    kennisbank = custom.get("kennisbank") if isinstance(custom, dict) else None
    return str(kennisbank["id"]) if isinstance(kennisbank, dict) and kennisbank.get("id") else None


def groepeer(vragen: Iterable[Vraag], index: Zoekindex, drempels: ZoekDrempels = ZoekDrempels()) -> list[Groep]:
    """Similar questions together, the biggest group first, each with its nearest article."""
    per_woorden: dict[frozenset[str], list[Vraag]] = {}
    for vraag in vragen:
        woorden = frozenset(index.inhoudswoorden(vraag.tekst))
        if woorden:
            per_woorden.setdefault(woorden, []).append(vraag)
    groepen: list[Groep] = []
    for woorden, zelfde in sorted(per_woorden.items(), key=lambda paar: (-len(paar[1]), len(paar[0]), sorted(paar[0]))):
        groep = _beste_groep(groepen, woorden)
        if groep is None:
            groep = Groep(woorden=woorden)
            groepen.append(groep)
        for vraag in sorted(zelfde, key=lambda v: v.tekst):
            groep.voeg_toe(vraag)
    for groep in groepen:
        groep.dichtstbij = dichtstbij(index, groep.vraag, set(groep.niet_geholpen), drempels)
    return sorted(groepen, key=lambda g: (-g.aantal, g.vraag.lower()))


def _beste_groep(groepen: list[Groep], woorden: frozenset[str]) -> Groep | None:
    scores = [(jaccard(groep.woorden, woorden), i) for i, groep in enumerate(groepen)]
    beste = max(scores, key=lambda paar: (paar[0], -paar[1]), default=(0.0, -1))
    return groepen[beste[1]] if beste[0] >= DREMPEL else None


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def dichtstbij(index: Zoekindex, vraag: str, behalve: set[str], drempels: ZoekDrempels) -> Dichtstbij | None:
    """The search's best article for ``vraag`` that is not one of ``behalve`` (those did not help)."""
    for treffer in index.zoek(vraag, aantal=len(behalve) + 1):
        if treffer.artikel_id not in behalve:
            return Dichtstbij(treffer.artikel_id, treffer.titel, treffer.score, band(treffer.score, drempels))
    return None


def band(score: float, drempels: ZoekDrempels) -> str:
    """"sterk": as close as a card the assistant gives; "twijfel": above its minimum, not sure; "zwak": below."""
    if score >= drempels.twijfel:
        return "sterk"
    return "twijfel" if score >= drempels.minimum else "zwak"


def zoekterm(tekst: str) -> str:
    """A masked question as a search term: lower case, its words only, without the masks."""
    return " ".join(WOORD.findall(MASKERING.sub(" ", tekst).lower()))
