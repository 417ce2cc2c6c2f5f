"""Situations: what an entrepreneur is doing ("een café beginnen"), with the articles that usually apply.

For the conversation (call these; all are pure and fast, no database, no spaCy model):

    naslag = NASLAG.actueel()                       # bot.kennisbank.naslag.NaslagLezer, kept in step
    situatie = naslag.herken_situatie(tekst)        # -> Situatie | None
    bericht = naslag.situatie_bericht(situatie)     # -> bot.kennisbank.antwoorden.Bericht

or, without the reader: ``herken_situatie(tekst, index) -> Situatie | None`` with
``index = SituatieIndex(situaties, synoniemen_per_artikel)``, and
``situatie_bericht(situatie, titels, coordinator_payload="/request_human") -> Bericht``.
The message lists the articles in order as buttons and ``custom.keuzes`` (``{id, titel, wanneer}``:
``wanneer`` says when the article applies, for a channel that shows it with the choice), with
``custom.situatie = {id, titel, coordinator: {team, rol} | None}`` (../shared/berichten.md), and
offers one person who arranges all of it (``situatie.coordinator``).

When a text is a situation: one of the situation's ``herkenning`` phrases is in it (every word of
the phrase, in any order, close together, forgiving typos: bot/kennisbank/herkenning.py), and the text does not
ask about one subject. It asks about one subject when it asks what something costs or how long
it takes, names a permit, exemption, notification, tax or subsidy by its own name
("omgevingsvergunning", "reclamebelasting"), or names a subject that is not among the
situation's articles by one of that article's synonyms or search terms ("gokkast" with a café
overname). Then the search answers, not the situation. The most specific phrase wins (more
words, longer words). A new business of a kind no phrase names ("wasstraat openen, waar moet ik aan
denken") gets the general situation ``VANGNET_ID`` when nothing else fits (kennisbank/SCHEMA.md).

Files: ``kennisbank/situaties/<id>.yml``, fields in kennisbank/SCHEMA.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pydantic import validator

from bot.kennisbank.antwoorden import BREDE_VRAAG, Bericht, Onderdeel, knop_payload, onderdeel_uit_tekst
from bot.kennisbank.herkenning import Patroon, Woordenschat, vind_reeks, woorden
from bot.kennisbank.inhoud import geldige_id, hoogstens_woorden, valideer_gegevens
from bot.kennisbank.nabijheid import MAX_TUSSEN, vind
from bot.kern.configuratie import ConfiguratieFout, Datum, Schema, Tekst, lees_configuratie, toon_pad
from bot.kern.invoer import begrens
from bot.kern.teksten import tekst as sjabloon
from bot.kern.validatie import Probleem

MIN_ARTIKELEN, MAX_ARTIKELEN = 2, 6
MAX_WOORDEN_WANNEER = 25
MAX_WOORDEN_INTRO = 30
MAX_TEKENS_PATROON = 1000  # a herkenning phrase; the longest (a café's kinds and verbs) is about 400
# A word of a message longer than this is no word of any phrase: not compared (forgiving typos costs its length squared)
LANGSTE_WOORD = 40
# Words a phrase may contain that say nothing: left out when matching.
LIDWOORDEN = frozenset({"een", "de", "het", "mijn", "m", "n", "onze", "ons", "uw", "je", "ik", "we", "wij"})
# A permit, exemption, notification, tax or subsidy named by its own name: a question about that subject.
EIGEN_NAAM = re.compile(r"^[a-z]{3,}(vergunning|ontheffing|melding|belasting|heffing|subsidie)(en|s)?$")
ONDERDELEN_VAN_EEN_ONDERWERP = (Onderdeel.KOSTEN, Onderdeel.DOORLOOPTIJD)
# The situation for a new business whose kind no phrase names ("wasstraat openen, waar begin ik"): it answers when a
# message starts something (``BEGINT``) and asks for everything (``BREDE_VRAAG``), no other situation fits, and the
# search has no answer of its own (the caller's part: "ik wil voor mezelf beginnen, waar begin ik" is for starters).
VANGNET_ID = "bedrijf-beginnen"
BEGINT = re.compile(r"\b(?:beginnen|begin|begint|starten|start|openen|opzetten|opstarten|oprichten|opening)\b",
                    re.IGNORECASE)


class SituatieFout(ConfiguratieFout):
    """A situation file is invalid; the message names the file and the field."""

    wat = "De situaties van de kennisbank"


class SituatieArtikel(Schema):
    artikel: Tekst
    wanneer: Tekst

    _kort = validator("wanneer", allow_reuse=True)(partial(hoogstens_woorden, maximum=MAX_WOORDEN_WANNEER))


class Coordinator(Schema):
    """The one person who can arrange all of it: the team and the role as the entrepreneur hears it."""

    team: Tekst
    rol: Tekst

    @validator("rol")
    @classmethod
    def _zonder_lidwoord(cls, rol: str) -> str:
        if rol.split()[0].lower() in ("de", "het", "een"):
            raise ValueError("schrijf de rol zonder 'de' of 'een', bijvoorbeeld: accountmanager horeca")
        return rol


class Situatie(Schema):
    id: Tekst
    titel: Tekst
    herkenning: tuple[Tekst, ...]
    intro: Tekst
    artikelen: tuple[SituatieArtikel, ...]
    coordinator: Coordinator | None = None
    gemeentelijk: Tekst | None = None
    laatst_gecontroleerd: Datum

    _id = validator("id", allow_reuse=True)(geldige_id)
    _intro = validator("intro", allow_reuse=True)(partial(hoogstens_woorden, maximum=MAX_WOORDEN_INTRO))

    @validator("herkenning")
    @classmethod
    def _herkenning(cls, zinnen: tuple[str, ...]) -> tuple[str, ...]:
        if not zinnen:
            raise ValueError("de lijst mag niet leeg zijn")
        for zin in zinnen:
            lees_patroon(zin)
        return zinnen

    @validator("artikelen")
    @classmethod
    def _artikelen(cls, artikelen: tuple[SituatieArtikel, ...]) -> tuple[SituatieArtikel, ...]:
        if not MIN_ARTIKELEN <= len(artikelen) <= MAX_ARTIKELEN:
            raise ValueError(f"noem {MIN_ARTIKELEN} tot {MAX_ARTIKELEN} artikelen; nu {len(artikelen)}")
        ids = [a.artikel for a in artikelen]
        dubbel = sorted({i for i in ids if ids.count(i) > 1})
        if dubbel:
            raise ValueError(f"een artikel staat er twee keer in: {', '.join(dubbel)}")
        return artikelen

    def artikel_ids(self) -> list[str]:
        return [a.artikel for a in self.artikelen]


def lees_patroon(zin: str) -> Patroon:
    """A ``herkenning`` phrase: words separated by spaces, interchangeable words by "/" ("café/kroeg beginnen")."""
    if len(zin) > MAX_TEKENS_PATROON:
        raise ValueError(f"een zinnetje is hoogstens {MAX_TEKENS_PATROON} tekens; zet de woorden over meer regels")
    plekken = []
    for deel in zin.split():
        keuzes = deel.split("/")
        if not all(keuze.strip() for keuze in keuzes):
            raise ValueError(f"'{zin}': een '/' staat zonder woord ervoor of erna")
        genormaliseerd = []
        for keuze in keuzes:
            losse = woorden(keuze)
            if len(losse) != 1:
                raise ValueError(f"'{zin}': '{keuze}' moet één woord zijn; zet woorden met een spatie of "
                                 "streepje op een eigen regel")
            genormaliseerd.append(losse[0])
        plek = frozenset(genormaliseerd)
        if not plek <= LIDWOORDEN:
            plekken.append(plek)
    if not plekken:
        raise ValueError(f"'{zin}': noem minstens één woord dat iets zegt, niet alleen 'een' of 'de'")
    return Patroon(tekst=zin, plekken=tuple(plekken))


# --- reading and checking ------------------------------------------------------------------------


def controleer_situatie(
    situatie: Situatie,
    *,
    artikel_ids: frozenset[str] | None,
    teams: frozenset[str] | None,
    verwacht_id: str | None = None,
) -> Iterator[tuple[str, str]]:
    """Checks beyond the file itself: the id is the file name, articles and team exist."""
    if verwacht_id is not None and situatie.id != verwacht_id:
        yield "id", f"'{situatie.id}' moet gelijk zijn aan de bestandsnaam '{verwacht_id}'"
    if artikel_ids is not None:
        for nummer, artikel in enumerate(situatie.artikelen, start=1):
            if artikel.artikel not in artikel_ids:
                yield f"artikelen.{nummer}.artikel", f"er is geen artikel met de id '{artikel.artikel}'"
    if teams is not None and situatie.coordinator is not None and situatie.coordinator.team not in teams:
        yield "coordinator.team", f"onbekend team '{situatie.coordinator.team}'; kies uit {', '.join(sorted(teams))}"


def lees_situaties(
    map_: Path, *, artikel_ids: frozenset[str] | None = None, teams: frozenset[str] | None = None
) -> list[Situatie]:
    """Read and validate every ``*.yml`` in ``map_``; raise SituatieFout listing every problem."""
    bestanden = sorted(map_.glob("*.yml"))
    if not bestanden:
        raise SituatieFout([Probleem(toon_pad(map_), None, "geen situaties (*.yml) gevonden")])
    problemen: list[Probleem] = []
    situaties: list[Situatie] = []
    for pad in bestanden:
        try:
            situaties.append(lees_configuratie(pad, Situatie, fout=SituatieFout, nacontrole=partial(
                controleer_situatie, artikel_ids=artikel_ids, teams=teams, verwacht_id=pad.stem)))
        except SituatieFout as fout:
            problemen.extend(fout.problemen)
    problemen.extend(dubbele_herkenning(situaties, {s.id: toon_pad(map_ / f"{s.id}.yml") for s in situaties}))
    if problemen:
        raise SituatieFout(problemen)
    return situaties


def dubbele_herkenning(situaties: Sequence[Situatie], namen: Mapping[str, str]) -> list[Probleem]:
    """A phrase that recognises two situations: the later one is named."""
    gezien: dict[tuple[frozenset[str], ...], str] = {}
    problemen = []
    for situatie in situaties:
        for zin in situatie.herkenning:
            sleutel = lees_patroon(zin).plekken
            if sleutel in gezien and gezien[sleutel] != situatie.id:
                problemen.append(Probleem(namen.get(situatie.id, situatie.id), "herkenning",
                                          f"'{zin}' herkent ook de situatie '{gezien[sleutel]}'"))
            gezien.setdefault(sleutel, situatie.id)
    return problemen


def valideer_situatie(
    data: dict,
    naam: str,
    *,
    artikel_ids: frozenset[str] | None,
    teams: frozenset[str] | None,
    andere: Sequence[Situatie] = (),
) -> Situatie:
    """Validate a situation from the console exactly like a file; raise SituatieFout naming each field."""
    situatie = valideer_gegevens(data, Situatie, naam, fout=SituatieFout,
                                 nacontrole=partial(controleer_situatie, artikel_ids=artikel_ids, teams=teams))
    problemen = dubbele_herkenning([*(s for s in andere if s.id != situatie.id), situatie], {situatie.id: naam})
    if problemen:
        raise SituatieFout(problemen)
    return situatie


# --- recognising ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Onderwerpnaam:
    artikel_id: str
    woorden: tuple[str, ...]


class SituatieIndex:
    """The situations prepared for recognising; build once per version of the kennisbank."""

    def __init__(self, situaties: Sequence[Situatie], synoniemen: Mapping[str, Sequence[str]] | None = None) -> None:
        self.situaties = tuple(situaties)
        self._patronen = [(s, [lees_patroon(z) for z in s.herkenning]) for s in self.situaties]
        eigen_woorden = {w for _, patronen in self._patronen for p in patronen for w in p.woorden()}
        self._woordenschat = Woordenschat(eigen_woorden)
        namen: dict[str, list[_Onderwerpnaam]] = {}
        for artikel_id, lijst in (synoniemen or {}).items():
            for synoniem in lijst:
                reeks = tuple(woorden(synoniem))
                if reeks and not set(reeks) <= eigen_woorden:  # a situation word is no subject's name
                    namen.setdefault(reeks[0], []).append(_Onderwerpnaam(artikel_id, reeks))
        self._namen = namen
        self._namen_woordenschat = Woordenschat(w for lijst in namen.values() for n in lijst for w in n.woorden)
        self._vangnet = next((s for s in self.situaties if s.id == VANGNET_ID), None)

    def herken(self, tekst: str) -> Situatie | None:
        """The situation ``tekst`` describes, or None (see the module's docstring for the rule)."""
        tekst = begrens(tekst)
        losse = [woord for woord in woorden(tekst) if len(woord) <= LANGSTE_WOORD]
        if not losse or onderdeel_uit_tekst(tekst) in ONDERDELEN_VAN_EEN_ONDERWERP:
            return None
        treffers = [self._woordenschat.treffers(w) for w in losse]
        beste: tuple[tuple[bool, int, int], Situatie, set[int]] | None = None
        for situatie, patronen in self._patronen:
            for patroon in patronen:
                plaatsen = vind(patroon.plekken, treffers, MAX_TUSSEN)
                if plaatsen is None or not self._een_zonder_typfout(losse, plaatsen, patroon):
                    continue
                if patroon.gewicht() == 1 and not self._woordenschat.vormen(losse[plaatsen[0]]) & patroon.woorden():
                    continue  # one word alone must be that word ("koffie" is no "koffiekar")
                # any other situation before the one for a business of an unnamed kind ("een nieuw bedrijf")
                score = (situatie is not self._vangnet, patroon.gewicht(),
                         sum(_lengte(treffers[i], patroon) for i in plaatsen))
                if beste is None or score > beste[0]:
                    beste = (score, situatie, set(plaatsen))
        if beste is None:
            return self._vangnet_voor(tekst, losse)
        _, situatie, gebruikt = beste
        # another subject named is the question, unless everything is asked ("in een leeg winkelpand, wat heb ik
        # allemaal nodig": the premises are where, not what)
        if not BREDE_VRAAG.search(tekst.lower()) and self._noemt_onderwerp(losse, gebruikt, set(situatie.artikel_ids())):
            return None
        return situatie

    def _vangnet_voor(self, tekst: str, losse: list[str]) -> Situatie | None:
        """The situation for a new business of an unnamed kind, unless the message names a subject outside it
        ("ik wil een terras openen, wat heb ik nodig": the terrace)."""
        if self._vangnet is None or not begint_iets_en_vraagt_alles(tekst):
            return None
        return None if self._noemt_onderwerp(losse, set(), set(self._vangnet.artikel_ids())) else self._vangnet

    def _een_zonder_typfout(self, losse: list[str], plaatsen: tuple[int, ...], patroon: Patroon) -> bool:
        """Typos are forgiven, but not in every word of a phrase ("zonder storten" is not "zolder starten")."""
        return any(self._woordenschat.zonder_typfout(losse[i]) & patroon.woorden() for i in plaatsen)

    def _noemt_onderwerp(self, losse: list[str], gebruikt: set[int], eigen_artikelen: set[str]) -> bool:
        if any(EIGEN_NAAM.match(w) for i, w in enumerate(losse) if i not in gebruikt):
            return True
        treffers = [self._namen_woordenschat.treffers(w) for w in losse]
        for i, gevonden in enumerate(treffers):
            for woord in gevonden:
                for naam in self._namen.get(woord, ()):
                    if naam.artikel_id in eigen_artikelen:
                        continue
                    plaatsen = vind_reeks(naam.woorden, treffers[i:i + len(naam.woorden)])
                    if plaatsen is not None and not gebruikt & {i + p for p in plaatsen}:
                        return True
        return False


def begint_iets_en_vraagt_alles(tekst: str) -> bool:
    """"stomerij beginnen, wat komt daar bij kijken": a plan to start something, and a question for everything."""
    tekst = begrens(tekst)
    return BEGINT.search(tekst) is not None and BREDE_VRAAG.search(tekst.lower()) is not None


def _lengte(treffers: frozenset[str], patroon: Patroon) -> int:
    return max((len(w) for plek in patroon.plekken for w in treffers & plek), default=0)


def herken_situatie(tekst: str, index: SituatieIndex) -> Situatie | None:
    """The situation the entrepreneur describes in ``tekst``, or None when it is no situation."""
    return index.herken(tekst)


# --- the message ---------------------------------------------------------------------------------


def situatie_bericht(
    situatie: Situatie, titels: Mapping[str, str], *, coordinator_payload: str = "/request_human"
) -> Bericht:
    """The situation's articles in order as choices, and one person who arranges it all.

    ``titels``: the title of every published article by id (an article that no longer exists is
    left out). The coordinator's button sends ``coordinator_payload`` with the entity ``coordinator``: the
    situation's id (``action_regel_contact`` finds the person of that role).
    """
    artikelen = [{"id": a.artikel, "titel": titels[a.artikel], "wanneer": a.wanneer}
                 for a in situatie.artikelen if a.artikel in titels]
    coordinator = situatie.coordinator
    tekst = sjabloon("kennisbank/situatie.txt", intro=situatie.intro, artikelen=artikelen,
                     rol=coordinator.rol if coordinator else None)
    knoppen = [{"title": a["titel"], "payload": knop_payload("ask_question", a["id"])} for a in artikelen]
    if coordinator is not None:
        # the situation's id goes along, so that the handoff goes to the person of the role named here
        knoppen.append({"title": sjabloon("kennisbank/knop_coordinator.txt", rol=coordinator.rol),
                        "payload": coordinator_payload + json.dumps({"coordinator": situatie.id})})
    custom = {
        "situatie": {"id": situatie.id, "titel": situatie.titel,
                     "coordinator": {"team": coordinator.team, "rol": coordinator.rol} if coordinator else None},
        "keuzes": [{"id": a["id"], "titel": a["titel"], "wanneer": a["wanneer"]} for a in artikelen],
    }
    return Bericht(tekst=tekst, knoppen=knoppen, custom=custom)
