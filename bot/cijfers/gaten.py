"""Kennisbank gaps: the questions the assistant could not answer, or whose answer did not help, grouped.

Read from Rasa's SQL tracker store (table ``events``, as ``bot.cijfers.gesprekken``); only what
retention has not deleted yet is there. Per conversation:

* *geen antwoord*: the action ``utter_geen_antwoord`` (the kennisbank action's honest "daar heb ik
  geen goed antwoord op"); the question is the entrepreneur's last typed message before it;
* *hielp niet*: ``utter_niet_geholpen`` right after a ``custom.kennisbank`` card (the definition of
  ``gesprekken``); the question is the typed message before that card, with the card's article.

A typed message is a user event whose text is not a button payload ("/affirm"). Each question carries
the moment and id of the event that made it one, so the worker stores it once
(``bot.cijfers.vragen_zonder_antwoord``), masked, with what the search made of it (``duid``).

Grouping uses the kennisbank search's own content words (``Zoekindex.inhoudswoorden``: no stop
words, lemmas, compound parts): questions with the same words first, then greedily, most asked (and then
fewest words) first, each joins the group whose first question shares the most words with it (Jaccard at least
``DREMPEL``). A question without content words ("??") is not grouped. The nearest article is the
search's best hit for the group's representative question, leaving out the articles that did not
help for it; its band says how close it came to the assistant's own thresholds (``ZoekDrempels``).
The same question in one conversation counts once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.cijfers.gesprekken import NIET_GEHOLPEN_ACTIE
from bot.kennisbank.zoeken import ZoekDrempels, Zoekindex

GEEN_ANTWOORD_ACTIE = "utter_geen_antwoord"
TREFFERS = 5  # the search's best articles kept per question: enough when a few did not help
DREMPEL = 0.5  # Jaccard of content words: from here two questions are "the same question"
MAX_VOORBEELDEN = 3
MASKERING = re.compile(r"\[[A-Z_]+\]|\*{3}")  # what anonimiseer and maskeer put in place of a detail
WOORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")

Maskeerder = Callable[[list[str]], list[str]]  # the masked texts, in the same order


@dataclass(frozen=True)
class Vraag:
    """One question without a (helpful) answer; ``artikel_id`` is the card that did not help, else None.
    ``moment`` and ``event_id`` are those of the tracker event that made it one (the honest "no answer"
    or "did not help")."""

    sender_id: str
    tekst: str
    artikel_id: str | None
    moment: float = 0.0
    event_id: int = 0


@dataclass(frozen=True)
class Geduid:
    """A masked question with what the kennisbank search made of it: its content words and its best
    articles (id, score), best first."""

    vraag: Vraag
    woorden: frozenset[str]
    treffers: tuple[tuple[str, float], ...]


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
                yield Vraag(sender, kaart[0], kaart[1], event["timestamp"], event["id"])
            kaart = None
        elif soort == "action" and event["action"] == GEEN_ANTWOORD_ACTIE and getypt:
            yield Vraag(sender, getypt, None, event["timestamp"], event["id"])
            getypt = None


def _kaart_artikel(data: Any) -> str | None:
    custom = ((data.get("data") or {}).get("custom") or {}) if isinstance(data, dict) else {}
    kennisbank = custom.get("kennisbank") if isinstance(custom, dict) else None
    return str(kennisbank["id"]) if isinstance(kennisbank, dict) and kennisbank.get("id") else None


def duid(vraag: Vraag, index: Zoekindex) -> Geduid:
    """The question's content words and best articles, as the search sees it now."""
    treffers = tuple((treffer.artikel_id, round(treffer.score, 4)) for treffer in index.zoek(vraag.tekst, aantal=TREFFERS))
    return Geduid(vraag, frozenset(index.inhoudswoorden(vraag.tekst)), treffers)


def zonder_herhaling(geduide: Iterable[Geduid]) -> list[Geduid]:
    """Each question once per conversation: the same text (in any case) with the same article."""
    gezien: set[tuple[str, str, str | None]] = set()
    uniek = []
    for geduid in geduide:
        vraag = geduid.vraag
        sleutel = (vraag.sender_id, vraag.tekst.strip().lower(), vraag.artikel_id)
        if vraag.tekst.strip() and sleutel not in gezien:
            gezien.add(sleutel)
            uniek.append(geduid)
    return uniek


def groepeer(geduide: Iterable[Geduid], titels: dict[str, str], drempels: ZoekDrempels = ZoekDrempels()) -> list[Groep]:
    """Similar questions together, the biggest group first, each with its nearest article (``titels``:
    the published articles' titles by id; a hit on an article no longer published is skipped)."""
    per_woorden: dict[frozenset[str], list[Geduid]] = {}
    for geduid in zonder_herhaling(geduide):
        if geduid.woorden:
            per_woorden.setdefault(geduid.woorden, []).append(geduid)
    groepen: list[Groep] = []
    treffers_van: dict[str, tuple[tuple[str, float], ...]] = {}
    for woorden, zelfde in sorted(per_woorden.items(), key=lambda paar: (-len(paar[1]), len(paar[0]), sorted(paar[0]))):
        groep = _beste_groep(groepen, woorden)
        if groep is None:
            groep = Groep(woorden=woorden)
            groepen.append(groep)
        for geduid in sorted(zelfde, key=lambda g: g.vraag.tekst):
            groep.voeg_toe(geduid.vraag)
            treffers_van.setdefault(geduid.vraag.tekst, geduid.treffers)
    for groep in groepen:
        groep.dichtstbij = dichtstbij(treffers_van[groep.vraag], titels, set(groep.niet_geholpen), drempels)
    return sorted(groepen, key=lambda g: (-g.aantal, g.vraag.lower()))


def _beste_groep(groepen: list[Groep], woorden: frozenset[str]) -> Groep | None:
    scores = [(jaccard(groep.woorden, woorden), i) for i, groep in enumerate(groepen)]
    beste = max(scores, key=lambda paar: (paar[0], -paar[1]), default=(0.0, -1))
    return groepen[beste[1]] if beste[0] >= DREMPEL else None


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def dichtstbij(treffers: Iterable[tuple[str, float]], titels: dict[str, str], behalve: set[str],
               drempels: ZoekDrempels) -> Dichtstbij | None:
    """The best published article of ``treffers`` that is not one of ``behalve`` (those did not help)."""
    for artikel_id, score in treffers:
        if artikel_id not in behalve and artikel_id in titels:
            return Dichtstbij(artikel_id, titels[artikel_id], score, band(score, drempels))
    return None


def band(score: float, drempels: ZoekDrempels) -> str:
    """"sterk": as close as a card the assistant gives; "twijfel": above its minimum, not sure; "zwak": below."""
    if score >= drempels.twijfel:
        return "sterk"
    return "twijfel" if score >= drempels.minimum else "zwak"


def zoekterm(tekst: str) -> str:
    """A masked question as a search term: lower case, its words only, without the masks."""
    return " ".join(WOORD.findall(MASKERING.sub(" ", tekst).lower()))
