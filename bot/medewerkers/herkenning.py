"""Recognising a medewerker named in an entrepreneur's message, and who can help instead.

"kan ik Joost van Dijk spreken?", "is mehmed er?": a name from the staff directory is
recognised with typos and first names alone tolerated (a first name shared by two people does
not count). Used by the assistant to offer that person and by the routing of the handoff.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.medewerkers.models import Medewerker

# Words that ask to reach someone: with one of them, a staff name in a question is a request for that person.
CONTACT_WOORDEN = re.compile(
    r"\b(spreken|spreek|bellen|bel|belt|terugbellen|mailen|mail|mailt|bereiken|contact|aan de lijn|doorverbinden|"
    r"doorverbonden|praten|langskomen|afspraak|chatten|speak|talk|call|email|e-mail|reach)\b"
)
TITELS = {"meneer", "mevrouw", "mevr", "mw", "mr", "dhr", "heer", "mrs", "ms", "mister"}
TUSSENVOEGSELS = {"van", "de", "der", "den", "het", "ten", "ter", "el", "la", "le", "'t"}
VOLLEDIG = 0.8  # a full name, as a share of matching letters (difflib)
VOORNAAM = 0.8  # a first name alone: one letter wrong, more or less in a name of five letters or more


@dataclass(frozen=True)
class Persoon:
    """A medewerker as the conversation needs them, read inside the transaction."""

    sleutel: str
    naam: str
    functie: str
    teams: tuple[str, ...]
    leidt_teams: tuple[str, ...]
    actief: bool
    afwezig: bool  # away today (an absence period of the directory)

    @property
    def beschikbaar(self) -> bool:
        return self.actief and not self.afwezig

    @property
    def voornaam(self) -> str:
        return self.naam.split()[0]


# The writer's own first name: "ik ben marco", "mijn naam is Joost".
EIGEN_NAAM = re.compile(r"\b(?:ik ben|ik heet|mijn naam is|hier is)\s+(\w+)")


def normaliseer(tekst: str) -> str:
    """Small letters without accents and punctuation ("Yılmaz" -> "yilmaz")."""
    tekst = tekst.lower().replace("ı", "i")
    tekst = "".join(t for t in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(t))
    return " ".join(re.findall(r"[a-z0-9']+", tekst))


def _gelijk(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _score(woorden: list[str], persoon: Persoon, unieke_voornamen: set[str]) -> float:
    """How surely the words name this person: 1 + similarity for a full name, the similarity
    for a first name alone or a title with the last name; 0 when they do not."""
    delen = normaliseer(persoon.naam).split()
    beste = 0.0
    for lengte in {len(delen), len([d for d in delen if d not in TUSSENVOEGSELS])}:
        doel = " ".join(delen) if lengte == len(delen) else " ".join(d for d in delen if d not in TUSSENVOEGSELS)
        for i in range(len(woorden) - lengte + 1):
            gelijkheid = _gelijk(" ".join(woorden[i:i + lengte]), doel)
            if lengte > 1 and gelijkheid >= VOLLEDIG:
                beste = max(beste, 1 + gelijkheid)
    voornaam = delen[0]
    if voornaam in unieke_voornamen:
        for woord in woorden:
            if woord == voornaam or (len(voornaam) >= 5 and len(woord) >= 4 and _gelijk(woord, voornaam) >= VOORNAAM):
                beste = max(beste, _gelijk(woord, voornaam))
    achternaam = delen[-1]
    for i, woord in enumerate(woorden[:-1]):
        if woord in TITELS:
            volgende = [w for w in woorden[i + 1:i + 4] if w not in TUSSENVOEGSELS]
            if volgende and _gelijk(volgende[0], achternaam) >= VOORNAAM:
                beste = max(beste, _gelijk(volgende[0], achternaam))
    return beste


def zonder_reeks(woorden: list[str], reeks: list[str]) -> list[str]:
    """``woorden`` without the first place where ``reeks`` stands in them."""
    for i in range(len(woorden) - len(reeks) + 1):
        if reeks and woorden[i:i + len(reeks)] == reeks:
            return woorden[:i] + woorden[i + len(reeks):]
    return woorden


def herken_persoon(bericht: str, personen: list[Persoon], eigen_naam: str | None = None) -> Persoon | None:
    """The medewerker the message names, or None. First names shared by two people do not count, nor
    the writer's own: ``eigen_naam`` as the caller read it from the message ("kan iemand mij bellen, ik ben
    Jan de Vries" asks for no Sanne de Vries), and a first name after "ik ben" ("ik ben marco, van
    fietsenwinkel marco" asks for no Marco of the municipality)."""
    woorden = zonder_reeks(normaliseer(bericht).split(), normaliseer(eigen_naam or "").split())
    voornamen = [normaliseer(p.naam).split()[0] for p in personen]
    uniek = {v for v in voornamen if voornamen.count(v) == 1}
    eigen = set(EIGEN_NAAM.findall(normaliseer(bericht)))
    scores = [(_score(woorden, p, uniek), p) for p in personen if normaliseer(p.naam).split()[0] not in eigen]
    scores = [(s, p) for s, p in scores if s > 0]
    if not scores:
        return None
    return max(scores, key=lambda sp: (sp[0], sp[1].actief))[1]


def vervanger(persoon: Persoon, personen: list[Persoon]) -> Persoon | None:
    """Who can help instead: the lead of the person's main team, else a colleague in that team."""
    if not persoon.teams:
        return None
    team = persoon.teams[0]
    collega = [p for p in personen if p.beschikbaar and p.sleutel != persoon.sleutel and team in p.teams]
    leiders = [p for p in collega if team in p.leidt_teams]
    return (leiders or collega or [None])[0]


def in_rol(team: str, rol: str, personen: list[Persoon]) -> Persoon | None:
    """Who of ``team``, at work today, fills a situation's coordinating role ("marktmeester", "vergunningverlener
    bouwen"): the one whose job title shares most of the role's words; None when no one's title has one."""
    rolwoorden = {w for w in re.findall(r"\w+", rol.lower()) if len(w) > 3 and w != "team"}
    kandidaten = [(len(rolwoorden & set(re.findall(r"\w+", p.functie.lower()))), p) for p in personen
                  if p.beschikbaar and team in p.teams]
    beste = max(kandidaten, key=lambda k: k[0], default=(0, None))
    return beste[1] if beste[0] > 0 else None


def lees_personen(*, session: Session, vandaag: date) -> list[Persoon]:
    """Everyone in the directory (also who left), with whether they are away on ``vandaag``."""
    rijen = session.execute(select(Medewerker).order_by(Medewerker.naam, Medewerker.id)).scalars().all()
    return [
        Persoon(sleutel=m.sleutel, naam=m.naam, functie=m.functie, teams=tuple(m.teams or ()),
                leidt_teams=tuple(m.leidt_teams or ()), actief=bool(m.actief),
                afwezig=any(a.van <= vandaag <= a.tot_en_met for a in m.afwezigheden))
        for m in rijen
    ]


def vraagt_om_contact(bericht: str) -> bool:
    """Whether the message uses a word that asks to reach someone ("spreken", "bellen", "call")."""
    return CONTACT_WOORDEN.search(normaliseer(bericht)) is not None
