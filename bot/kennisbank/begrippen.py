"""The glossary (begrippenlijst): jargon entrepreneurs meet, each explained in a few B1 sentences.

For the conversation (call these; all are pure and fast, no database, no spaCy model):

    naslag = NASLAG.actueel()                      # bot.kennisbank.naslag.NaslagLezer, kept in step
    begrip = naslag.zoek_begrip(tekst)             # -> Begrip | None
    bericht = naslag.begrip_bericht(begrip)        # -> bot.kennisbank.antwoorden.Bericht

or, without the reader: ``zoek_begrip(tekst, index) -> Begrip | None`` with
``index = BegrippenIndex(begrippen, onderwerpnamen)``, and ``begrip_bericht(begrip, titels) -> Bericht``
(the explanation; the related articles as buttons; ``custom.begrip = {term, id}``, ``id`` the
first related article that exists, else null).

When a text is a glossary question (otherwise ``zoek_begrip`` returns None and the search answers):
1. It asks what a word means: "wat is (een/de/het) X", "wat zijn X", "wat betekent X", "wat houdt X
   in", "wat bedoelt u met X", "wat wordt bedoeld met X", "wat moet ik verstaan onder X",
   "betekenis van X", "ik weet niet wat X is", "X, wat is dat?" - or the message is nothing but
   the term ("gevolgklasse?"), when no spelling of the term is also the name of an article (a
   bare "ozb" is a search for the OZB article).
2. X is a term or one of its spellings (typos forgiven), with at most one other word of content
   ("wat is de precariobelasting voor mijn terras") and words like "onderzoek" or a number
   ("wat is dat bibob onderzoek precies?", "wat is gevolgklasse 1?").
3. It does not ask for a part of a subject: costs, duration, conditions, applying ("wat is het
   tarief van de precariobelasting" is a question about a subject), and it does not ask about the
   entrepreneur's own case ("wat is mijn WOZ-waarde").
A second question after "en" ("wat is bibob en hoe lang duurt het?") is left for the search.

File: ``kennisbank/begrippen.yml``, fields in kennisbank/SCHEMA.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache, partial
from pathlib import Path

from pydantic import validator

from bot.kennisbank.antwoorden import Bericht, knop_payload, onderdeel_uit_tekst
from bot.kennisbank.herkenning import Woordenschat, vind_reeks, woorden
from bot.kennisbank.inhoud import ID_PATROON, geldige_id, hoogstens_woorden, valideer_gegevens
from bot.kennisbank.zoeken import ONDERDEEL_WOORDEN, _stopwoorden
from bot.kern.configuratie import ConfiguratieFout, Datum, Schema, Tekst, lees_configuratie
from bot.kern.teksten import tekst as sjabloon

URL_PATROON = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")
MAX_WOORDEN_UITLEG = 50
MAX_WOORDEN_GEMEENTELIJK = 40
MAX_KNOPPEN = 3


class BegripFout(ConfiguratieFout):
    """The glossary file is invalid; the message names the file and the field."""

    wat = "De begrippenlijst van de kennisbank"


class BegripVelden(Schema):
    term: Tekst
    uitleg: Tekst
    synoniemen: tuple[Tekst, ...] = ()
    artikelen: tuple[Tekst, ...]
    gemeentelijk: Tekst | None = None
    bronnen: tuple[Tekst, ...] = ()

    _uitleg = validator("uitleg", allow_reuse=True)(partial(hoogstens_woorden, maximum=MAX_WOORDEN_UITLEG))
    _gemeentelijk = validator("gemeentelijk", allow_reuse=True)(
        partial(hoogstens_woorden, maximum=MAX_WOORDEN_GEMEENTELIJK))

    @validator("artikelen")
    @classmethod
    def _minstens_een(cls, artikelen: tuple[str, ...]) -> tuple[str, ...]:
        if not artikelen:
            raise ValueError("noem minstens één artikel")
        return artikelen

    @validator("bronnen", each_item=True)
    @classmethod
    def _bron(cls, bron: str) -> str:
        if not URL_PATROON.match(bron):
            raise ValueError(f"geen geldig webadres: '{bron}'")
        return bron

    @validator("term", "synoniemen", each_item=True)
    @classmethod
    def _leesbaar(cls, vorm: str) -> str:
        if not woorden(vorm):
            raise ValueError(f"'{vorm}' bevat geen letters of cijfers")
        return vorm


class BegripInBestand(BegripVelden):
    laatst_gecontroleerd: Datum | None = None


class BegrippenBestand(Schema):
    laatst_gecontroleerd: Datum
    begrippen: dict[str, BegripInBestand]


class Begrip(BegripVelden):
    id: Tekst
    laatst_gecontroleerd: Datum

    _id = validator("id", allow_reuse=True)(geldige_id)

    def vormen(self) -> list[str]:
        return [self.term, *self.synoniemen]


# --- reading and checking ------------------------------------------------------------------------


def lees_begrippen(pad: Path, *, artikel_ids: frozenset[str] | None = None) -> list[Begrip]:
    """Read and validate the glossary file; raise BegripFout listing every problem with its field."""
    bestand = lees_configuratie(pad, BegrippenBestand, fout=BegripFout,
                                nacontrole=partial(_controleer_bestand, artikel_ids=artikel_ids))
    return [
        Begrip(id=sleutel, **{**begrip.dict(exclude_none=True),
                              "laatst_gecontroleerd": begrip.laatst_gecontroleerd or bestand.laatst_gecontroleerd})
        for sleutel, begrip in bestand.begrippen.items()
    ]


def _controleer_bestand(bestand: BegrippenBestand, artikel_ids: frozenset[str] | None) -> Iterator[tuple[str, str]]:
    if not bestand.begrippen:
        yield "begrippen", "de lijst mag niet leeg zijn"
    for sleutel in bestand.begrippen:
        if not ID_PATROON.match(sleutel):
            yield f"begrippen.{sleutel}", "de sleutel mag alleen kleine letters, cijfers en streepjes bevatten"
    eerder: dict[str, BegripVelden] = {}
    for sleutel, begrip in bestand.begrippen.items():  # a spelling used twice is named at the later term
        for veld, melding in controleer_begrip(begrip, artikel_ids=artikel_ids, andere=eerder):
            yield f"begrippen.{sleutel}.{veld}", melding
        eerder[sleutel] = begrip


def controleer_begrip(
    begrip: BegripVelden, *, artikel_ids: frozenset[str] | None, andere: Mapping[str, BegripVelden]
) -> Iterator[tuple[str, str]]:
    """Articles must exist; a spelling may belong to one term only (else a question is ambiguous)."""
    if artikel_ids is not None:
        for nummer, artikel in enumerate(begrip.artikelen, start=1):
            if artikel not in artikel_ids:
                yield f"artikelen.{nummer}", f"er is geen artikel met de id '{artikel}'"
    bezet = {tuple(woorden(vorm)): sleutel for sleutel, ander in andere.items() for vorm in (ander.term, *ander.synoniemen)}
    for veld, vorm in [("term", begrip.term), *(("synoniemen", s) for s in begrip.synoniemen)]:
        eigenaar = bezet.get(tuple(woorden(vorm)))
        if eigenaar is not None:
            yield veld, f"'{vorm}' hoort al bij het begrip '{eigenaar}'"


def valideer_begrip(
    data: dict, naam: str, *, artikel_ids: frozenset[str] | None, andere: Sequence[Begrip] = ()
) -> Begrip:
    """Validate a term from the console exactly like the file; raise BegripFout naming each field."""
    anderen = {b.id: b for b in andere if b.id != data.get("id")}
    return valideer_gegevens(data, Begrip, naam, fout=BegripFout,
                             nacontrole=partial(controleer_begrip, artikel_ids=artikel_ids, andere=anderen))


# --- recognising a glossary question -------------------------------------------------------------

VULWOORDEN = frozenset({
    "een", "de", "het", "dat", "die", "dit", "deze", "zo", "n", "zon", "nou", "precies", "eigenlijk", "dan",
    "dus", "even", "nog", "eens", "toch", "hier", "daar", "hoor", "aub", "svp", "alsjeblieft", "alstublieft",
    "woord", "term", "begrip", "afkorting", "betekenis", "van", "nu", "ook", "allemaal", "er", "s",
})
BEGIN_WOORDEN = frozenset({
    "hoi", "hallo", "hey", "he", "hee", "goedemorgen", "goedemiddag", "goedenavond", "dag", "beste", "sorry",
    "maar", "en", "oke", "ok", "ja", "nee", "uhm", "ehm", "eh", "hmm", "huh", "vraagje", "vraag", "snelle", "ik",
})
KOPPEN = frozenset({"onderzoek", "toets", "check", "regeling", "wet", "procedure", "systeem"})
MAX_REST, MAX_REST_RUIM = 1, 3
EIGEN_ZAAK = frozenset({"mijn", "m", "onze", "ons", "jullie", "je", "jouw"})
VERVOLG = frozenset({"hoe", "wat", "wanneer", "waar", "hoeveel", "moet", "kan", "mag", "wie", "welke", "heb",
                     "kost", "duurt", "krijg", "is", "zijn", "waarom"})
VRAGEN = [
    re.compile(r"^(?:wat|wa|wt)\s+(?:is|s|zijn|betekent|betekend|beteken|betekenen)\s+(?P<x>.+)$"),
    re.compile(r"^(?:wat|wa)\s+(?:houdt|houd|hout)\s+(?P<x>.+?)\s+in$"),
    re.compile(r"^(?:wat|wa)\s+(?:bedoelt|bedoel|bedoelen|bedoeld)\s+(?:u|je|jij|jullie|jullie|ze|men)?\s*met\s+(?P<x>.+)$"),
    re.compile(r"^wat\s+(?:wordt|word)\s+(?:er\s+)?(?:bedoeld|bedoelt)\s+met\s+(?P<x>.+)$"),
    re.compile(r"^wat\s+(?:\w+\s+){0,2}(?:verstaan|versta|verstaat)\s+(?:\w+\s+)?onder\s+(?P<x>.+)$"),
    re.compile(r"^(?:betekenis|uitleg|definitie)\s+(?:van\s+)?(?P<x>.+)$"),
    re.compile(r"^(?:\w+\s+){0,4}?wat\s+(?P<x>.+?)\s+(?:is|zijn|betekent|inhoudt|precies is|eigenlijk is)$"),
    re.compile(r"^(?P<x>.+?)\s+(?:wat|wa)\s+(?:is|betekent|zijn|houdt)\s+(?:dat|dit|het)(?:\s+\w+){0,2}$"),
]
ALLEEN_DAT = re.compile(r"^(?:wat|wa)\s+(?:is|betekent|houdt|bedoelt\s+u\s+met)\s+(?:dat|dit|het)(?:\s+(?:precies|eigenlijk|in))*$")
ZINNEN = re.compile(r"[?!.;,:\n]+")


@cache
def _stop() -> frozenset[str]:
    return frozenset(_stopwoorden())


class BegrippenIndex:
    """The glossary prepared for look-ups; build once per version of the kennisbank.

    ``onderwerpnamen``: the titles and synonyms of the articles; a bare term that is also the name
    of an article is a search for that article, not a glossary question.
    """

    def __init__(self, begrippen: Sequence[Begrip], onderwerpnamen: Sequence[str] = ()) -> None:
        self.begrippen = tuple(begrippen)
        self._vormen = [(b, tuple(woorden(v))) for b in self.begrippen for v in b.vormen()]
        self._vormen.sort(key=lambda paar: (-len(paar[1]), -sum(map(len, paar[1]))))
        self._woordenschat = Woordenschat(w for _, vorm in self._vormen for w in vorm)
        self._per_eerste: dict[str, list[int]] = {}  # first word of a spelling -> its places in _vormen
        for plaats, (_, vorm) in enumerate(self._vormen):
            self._per_eerste.setdefault(vorm[0], []).append(plaats)
        namen = {tuple(woorden(naam)) for naam in onderwerpnamen}
        # a term with a spelling that is also an article's name: alone, it is a search for the article
        self._artikelnamen = {b.id for b, vorm in self._vormen if vorm in namen}
        _stop()  # read the stop words now, not during the first question

    def zoek(self, tekst: str) -> Begrip | None:
        """The term ``tekst`` asks about, or None when it is no glossary question (see the module)."""
        zinnen = [woorden(z) for z in ZINNEN.split(tekst)]
        zinnen = [_zonder_begin(z) for z in zinnen if z]
        zinnen = [z for z in zinnen if z]
        for nummer, zin in enumerate(zinnen):
            onderwerp, ruim = _onderwerp_van_vraag(zin)
            if onderwerp is None and ALLEEN_DAT.match(" ".join(zin)) and nummer > 0:
                onderwerp, ruim = zinnen[nummer - 1], True  # "ik kreeg een brief over bibob. wat is dat?"
            if onderwerp is not None:
                return self._begrip_in(onderwerp, kaal=False, max_rest=MAX_REST_RUIM if ruim else MAX_REST)
        alles = [w for z in zinnen for w in z]
        return self._begrip_in(alles, kaal=True) if alles else None

    def _begrip_in(self, onderwerp: list[str], *, kaal: bool, max_rest: int = 0) -> Begrip | None:
        onderwerp = _tot_vervolgvraag(onderwerp)
        treffers = [self._woordenschat.treffers(w) for w in onderwerp]
        kandidaten = sorted({p for t in treffers for w in t for p in self._per_eerste.get(w, ())})
        for begrip, vorm in (self._vormen[p] for p in kandidaten):  # longest spellings first
            plaatsen = vind_reeks(vorm, treffers)
            if plaatsen is None:
                continue
            if onderwerp[0] in EIGEN_ZAAK and plaatsen[0] != 0:  # "wat is mijn woz-waarde": their own case
                return None
            overig = [w for i, w in enumerate(onderwerp) if i not in plaatsen]
            if any(w in ONDERDEEL_WOORDEN for w in overig) or onderdeel_uit_tekst(" ".join(overig)):
                return None  # "wat is het tarief van de precariobelasting": a part of a subject
            if kaal:  # nothing but the term, and the term is not an article's name
                kaal_rest = [w for w in overig if w not in VULWOORDEN and w not in KOPPEN and not w.isdigit()]
                return None if kaal_rest or begrip.id in self._artikelnamen else begrip
            rest = [w for w in overig if _telt(w)]
            if rest and any(w in ONDERDEEL_WOORDEN for w in vorm):
                return None  # "wat zijn de leges voor een terras": the costs of a subject
            return begrip if len(rest) <= max_rest else None
        return None


def _telt(woord: str) -> bool:
    """A word of content besides the term (not a filler, a number, or a word like 'onderzoek')."""
    return not (woord in VULWOORDEN or woord in KOPPEN or woord.isdigit() or woord in _stop())


def _zonder_begin(zin: list[str]) -> list[str]:
    begin = 0
    while begin < len(zin) and zin[begin] in BEGIN_WOORDEN:
        begin += 1
    return zin[begin:]


def _onderwerp_van_vraag(zin: list[str]) -> tuple[list[str] | None, bool]:
    """What the question asks the meaning of, and whether it came before "wat is dat" (then the
    sentence may say more around the term: "ik kreeg een brief over bibob, wat is dat")."""
    tekst = " ".join(zin)
    for vraag in VRAGEN:
        gevonden = vraag.match(tekst)
        if gevonden:
            onderwerp = [w for w in gevonden.group("x").split() if w not in VULWOORDEN]
            return onderwerp or None, vraag is VRAGEN[-1]
    return None, False


def _tot_vervolgvraag(onderwerp: list[str]) -> list[str]:
    """"bibob en hoe lang duurt het" -> "bibob": the second question is not part of the term."""
    for i, woord in enumerate(onderwerp[:-1]):
        if woord in ("en", "of", "maar") and onderwerp[i + 1] in VERVOLG:
            return onderwerp[:i]
    return onderwerp


def zoek_begrip(tekst: str, index: BegrippenIndex) -> Begrip | None:
    """The glossary term ``tekst`` asks about ("wat is Bibob?"), or None when it is no glossary question."""
    return index.zoek(tekst)


# --- the message ---------------------------------------------------------------------------------


def begrip_bericht(begrip: Begrip, titels: Mapping[str, str]) -> Bericht:
    """The explanation, what applies in Voorbeeldstad, and the related articles as buttons.

    ``titels``: the title of every published article by id (a related article that no longer
    exists is left out).
    """
    artikelen = [a for a in begrip.artikelen if a in titels][:MAX_KNOPPEN]
    tekst = sjabloon("kennisbank/begrip.txt", uitleg=begrip.uitleg, gemeentelijk=begrip.gemeentelijk,
                     artikelen=artikelen)
    knoppen = [{"title": sjabloon("kennisbank/knop_begrip_artikel.txt", titel=titels[a]),
                "payload": knop_payload("ask_question", a)} for a in artikelen]
    custom = {"begrip": {"term": begrip.term, "id": artikelen[0] if artikelen else None}}
    return Bericht(tekst=tekst, knoppen=knoppen, custom=custom)
