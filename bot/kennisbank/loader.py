"""Read and validate kennisbank article files.

Every problem is reported with the file and the field it is in, so that a content editor can
fix a broken file without reading code. All problems of a run are collected and raised at once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.kennisbank.artikel import ENGELS_VELDEN, Artikel, UplProduct
from bot.kern.configuratie import yaml_uit
from bot.kern.validatie import Probleem, ValidatieFout

MAX_WOORDEN_KORT_ANTWOORD = 80
# A niet_voor phrase names one situation in a few words ("winkel zonder horeca"); longer
# phrases would rarely match a question as a whole.
MAX_WOORDEN_NIET_VOOR = 6
# An example question is one message as an entrepreneur types it; the search compares a question
# with each of them (``Zoekindex``), so a very long one or very many would cost time per message.
MAX_TEKENS_VOORBEELDVRAAG = 400
MAX_VOORBEELDVRAGEN = 150

REQUIRED_FIELDS = (
    "id", "titel", "upl", "kort_antwoord", "uitleg", "voorwaarden", "kosten", "doorlooptijd",
    "aanvragen", "link", "team", "zoektermen", "synoniemen", "laatst_gecontroleerd",
)
OPTIONAL_FIELDS = ("bronnen", "gemeentelijk", "niet_voor", "voorbeeldvragen", *ENGELS_VELDEN)
TEXT_FIELDS = ("id", "titel", "kort_antwoord", "uitleg", "kosten", "doorlooptijd", "aanvragen", "link", "team")
LIST_FIELDS = ("voorwaarden", "zoektermen", "synoniemen")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class KennisbankFout(ValidatieFout):
    """One or more kennisbank files are invalid."""

    wat = "De kennisbank"


@dataclass(frozen=True)
class Onderwerp:
    """A subject from the shared list: the article that must exist for it."""

    id: str
    titel: str
    team: str
    upl: tuple[str, ...]


def lees_onderwerpen(pad: Path) -> list[Onderwerp]:
    """Read ``kennisbank-onderwerpen.yml`` (the shared list of subjects and stable ids)."""
    data = yaml_uit(pad.read_text(encoding="utf-8"))
    return [
        Onderwerp(id=o["id"], titel=o["titel"], team=o["team"], upl=tuple(o.get("upl") or ()))
        for o in data["onderwerpen"]
    ]


def lees_upl_uris(pad: Path) -> dict[str, str]:
    """UPL URIs by product name (lower case), from the UPL-actueel CSV."""
    with pad.open(encoding="utf-8", newline="") as handle:
        return {row["UniformeProductnaam"].strip().lower(): row["URI"].strip() for row in csv.DictReader(handle)}


def lees_artikelen(
    map_: Path,
    onderwerpen: list[Onderwerp] | None = None,
    upl_uris: dict[str, str] | None = None,
) -> list[Artikel]:
    """Read and validate every ``*.yml`` file in ``map_``; raise KennisbankFout on any problem.

    With ``onderwerpen``, every subject must have an article and each article's team must be
    the subject's team. With ``upl_uris``, every UPL name and URI must be in the UPL list.
    """
    problemen: list[Probleem] = []
    artikelen: list[Artikel] = []
    gezien: dict[str, str] = {}
    bestanden = sorted(map_.glob("*.yml")) + sorted(map_.glob("*.yaml"))
    if not bestanden:
        raise KennisbankFout([Probleem(str(map_), None, "geen artikelbestanden (*.yml) gevonden")])
    for bestand in bestanden:
        naam = _toon_pad(bestand)
        artikel, fouten = lees_artikel(bestand, naam, upl_uris)
        problemen.extend(fouten)
        if artikel is None:
            continue
        if artikel.id in gezien:
            problemen.append(Probleem(naam, "id", f"id '{artikel.id}' staat ook in {gezien[artikel.id]}"))
            continue
        gezien[artikel.id] = naam
        artikelen.append(artikel)
    if onderwerpen is not None:
        ongeldig = {b.stem for b in bestanden} - set(gezien)  # already reported above
        problemen.extend(_controleer_onderwerpen(artikelen, gezien, ongeldig, onderwerpen, map_))
    if problemen:
        raise KennisbankFout(problemen)
    return artikelen


def lees_artikel(bestand: Path, naam: str, upl_uris: dict[str, str] | None = None) -> tuple[Artikel | None, list[Probleem]]:
    """Read one article file; return the article (or None) and the problems found."""
    try:
        data = yaml_uit(bestand.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Probleem(naam, None, "het bestand is geen UTF-8-tekst")]
    except yaml.YAMLError as fout:
        return None, [Probleem(naam, None, f"geen geldige YAML: {fout}")]
    return valideer_artikel(data, naam, verwacht_id=bestand.stem, upl_uris=upl_uris)


def valideer_artikel(
    data: Any,
    naam: str,
    verwacht_id: str | None = None,
    upl_uris: dict[str, str] | None = None,
) -> tuple[Artikel | None, list[Probleem]]:
    """Validate article data (from a file or, later, a console form)."""
    if not isinstance(data, dict):
        return None, [Probleem(naam, None, "het bestand moet velden bevatten (naam: waarde)")]
    problemen: list[Probleem] = []
    for veld in data:
        if veld not in REQUIRED_FIELDS and veld not in OPTIONAL_FIELDS:
            problemen.append(Probleem(naam, str(veld), "onbekend veld"))
    for veld in REQUIRED_FIELDS:
        if data.get(veld) in (None, ""):
            problemen.append(Probleem(naam, veld, "verplicht veld ontbreekt of is leeg"))
    for veld in TEXT_FIELDS + ("gemeentelijk", *ENGELS_VELDEN):
        if data.get(veld) not in (None, "") and not isinstance(data[veld], str):
            problemen.append(Probleem(naam, veld, "moet tekst zijn"))
    for veld in LIST_FIELDS + ("bronnen", "niet_voor", "voorbeeldvragen"):
        waarde = data.get(veld)
        if waarde is not None and not _is_lijst_van_tekst(waarde):
            problemen.append(Probleem(naam, veld, "moet een lijst met tekst zijn"))
        elif veld in LIST_FIELDS and waarde == []:
            problemen.append(Probleem(naam, veld, "de lijst mag niet leeg zijn"))
    problemen.extend(_controleer_inhoud(data, naam, verwacht_id, upl_uris))
    if problemen:
        return None, problemen
    return _maak_artikel(data), []


def _controleer_inhoud(data: dict, naam: str, verwacht_id: str | None, upl_uris: dict[str, str] | None) -> list[Probleem]:
    problemen: list[Probleem] = []
    artikel_id = data.get("id")
    if isinstance(artikel_id, str):
        if not ID_PATTERN.match(artikel_id):
            problemen.append(Probleem(naam, "id", "alleen kleine letters, cijfers en streepjes"))
        elif verwacht_id is not None and artikel_id != verwacht_id:
            problemen.append(Probleem(naam, "id", f"'{artikel_id}' moet gelijk zijn aan de bestandsnaam '{verwacht_id}'"))
    kort = data.get("kort_antwoord")
    if isinstance(kort, str) and len(kort.split()) > MAX_WOORDEN_KORT_ANTWOORD:
        problemen.append(Probleem(naam, "kort_antwoord", f"{len(kort.split())} woorden; maximaal {MAX_WOORDEN_KORT_ANTWOORD}"))
    problemen.extend(_controleer_engels(data, naam))
    link = data.get("link")
    if isinstance(link, str) and not URL_PATTERN.match(link):
        problemen.append(_geen_webadres(naam, "link", link))
    for bron in data.get("bronnen") or []:
        if isinstance(bron, str) and not URL_PATTERN.match(bron):
            problemen.append(_geen_webadres(naam, "bronnen", bron))
    problemen.extend(_controleer_niet_voor(data, naam))
    problemen.extend(_controleer_voorbeeldvragen(data, naam))
    problemen.extend(_controleer_datum(data.get("laatst_gecontroleerd"), naam))
    problemen.extend(_controleer_upl(data.get("upl"), naam, upl_uris))
    return problemen


def _controleer_engels(data: dict, naam: str) -> list[Probleem]:
    """The English short answer as short as the Dutch one; an English part only with an English short answer (the
    English speaker's first answer)."""
    problemen: list[Probleem] = []
    kort = data.get("engels_kort")
    if isinstance(kort, str) and len(kort.split()) > MAX_WOORDEN_KORT_ANTWOORD:
        problemen.append(Probleem(naam, "engels_kort", f"{len(kort.split())} woorden; maximaal {MAX_WOORDEN_KORT_ANTWOORD}"))
    if kort in (None, "") and any(data.get(veld) not in (None, "") for veld in ENGELS_VELDEN):
        problemen.append(Probleem(naam, "engels_kort", "vul ook het korte antwoord in het Engels in"))
    return problemen


def _geen_webadres(naam: str, veld: str, waarde: str) -> Probleem:
    """A web address that URL_PATTERN refuses; the message says the rule."""
    return Probleem(naam, veld, f"'{waarde}' is geen geldig webadres: het moet beginnen met https:// of http://, "
                                "direct gevolgd door de naam van de website, zonder spaties",
                    soort="webadres", waarde=waarde)


def _controleer_niet_voor(data: dict, naam: str) -> list[Probleem]:
    """Each phrase is short, and names no search term or synonym of the same article."""
    niet_voor = data.get("niet_voor")
    if not _is_lijst_van_tekst(niet_voor):
        return []
    eigen = {t.strip().lower() for veld in ("zoektermen", "synoniemen") for t in (data.get(veld) or []) if isinstance(t, str)}
    problemen: list[Probleem] = []
    for zin in niet_voor:
        if len(zin.split()) > MAX_WOORDEN_NIET_VOOR:
            problemen.append(Probleem(naam, "niet_voor", f"'{zin}' is te lang: hoogstens {MAX_WOORDEN_NIET_VOOR} woorden"))
        elif zin.strip().lower() in eigen:
            problemen.append(Probleem(naam, "niet_voor", f"'{zin}' staat ook bij de zoektermen of synoniemen"))
    return problemen


def vraag_sleutel(vraag: str) -> str:
    """An example question as compared for being the same question: small letters, single spaces."""
    return " ".join(vraag.lower().split())


def _controleer_voorbeeldvragen(data: dict, naam: str) -> list[Probleem]:
    """Not too many, none too long, none twice."""
    vragen = data.get("voorbeeldvragen")
    if not _is_lijst_van_tekst(vragen):
        return []
    problemen: list[Probleem] = []
    if len(vragen) > MAX_VOORBEELDVRAGEN:
        problemen.append(Probleem(naam, "voorbeeldvragen", f"{len(vragen)} vragen; hoogstens {MAX_VOORBEELDVRAGEN}"))
    gezien: set[str] = set()
    for vraag in vragen:
        sleutel = vraag_sleutel(vraag)
        if len(vraag) > MAX_TEKENS_VOORBEELDVRAAG:
            problemen.append(Probleem(naam, "voorbeeldvragen", f"'{vraag[:60]}...' is te lang: hoogstens {MAX_TEKENS_VOORBEELDVRAAG} tekens"))
        elif sleutel in gezien:
            problemen.append(Probleem(naam, "voorbeeldvragen", f"'{vraag}' staat er twee keer in"))
        gezien.add(sleutel)
    return problemen


def _controleer_datum(waarde: Any, naam: str) -> list[Probleem]:
    if waarde is None or isinstance(waarde, date):
        return []
    try:
        date.fromisoformat(str(waarde))
    except ValueError:
        return [Probleem(naam, "laatst_gecontroleerd", f"geen datum in de vorm JJJJ-MM-DD: '{waarde}'")]
    return []


def _controleer_upl(waarde: Any, naam: str, upl_uris: dict[str, str] | None) -> list[Probleem]:
    if waarde is None:
        return []
    if not isinstance(waarde, list):
        return [Probleem(naam, "upl", "moet een lijst zijn met naam en uri per product")]
    problemen: list[Probleem] = []
    for nummer, product in enumerate(waarde, start=1):
        if not isinstance(product, dict) or set(product) != {"naam", "uri"}:
            problemen.append(Probleem(naam, "upl", f"product {nummer} moet precies 'naam' en 'uri' hebben"))
            continue
        if upl_uris is None:
            continue
        bekende_uri = upl_uris.get(str(product["naam"]).strip().lower())
        if bekende_uri is None:
            problemen.append(Probleem(naam, "upl", f"'{product['naam']}' staat niet in de UPL"))
        elif bekende_uri != product["uri"]:
            problemen.append(Probleem(naam, "upl", f"de uri van '{product['naam']}' moet {bekende_uri} zijn"))
    return problemen


def _controleer_onderwerpen(
    artikelen: list[Artikel], bestanden: dict[str, str], ongeldig: set[str], onderwerpen: list[Onderwerp], map_: Path
) -> list[Probleem]:
    problemen: list[Probleem] = []
    per_id = {a.id: a for a in artikelen}
    for onderwerp in onderwerpen:
        artikel = per_id.get(onderwerp.id)
        if artikel is None:
            if onderwerp.id not in ongeldig:
                problemen.append(Probleem(_toon_pad(map_ / f"{onderwerp.id}.yml"), "id", f"onderwerp '{onderwerp.id}' uit de gedeelde lijst heeft geen artikel"))
        elif artikel.team != onderwerp.team:
            problemen.append(Probleem(bestanden[artikel.id], "team", f"moet '{onderwerp.team}' zijn, zoals in de gedeelde onderwerpenlijst"))
    return problemen


def _maak_artikel(data: dict) -> Artikel:
    gecontroleerd = data["laatst_gecontroleerd"]
    if not isinstance(gecontroleerd, date):
        gecontroleerd = date.fromisoformat(str(gecontroleerd))
    return Artikel(
        id=data["id"],
        titel=data["titel"].strip(),
        upl=tuple(UplProduct(p["naam"], p["uri"]) for p in data["upl"]),
        kort_antwoord=data["kort_antwoord"].strip(),
        uitleg=data["uitleg"].strip(),
        voorwaarden=tuple(v.strip() for v in data["voorwaarden"]),
        kosten=data["kosten"].strip(),
        doorlooptijd=data["doorlooptijd"].strip(),
        aanvragen=data["aanvragen"].strip(),
        link=data["link"].strip(),
        team=data["team"].strip(),
        zoektermen=tuple(t.strip() for t in data["zoektermen"]),
        synoniemen=tuple(s.strip() for s in data["synoniemen"]),
        laatst_gecontroleerd=gecontroleerd,
        bronnen=tuple(b.strip() for b in data.get("bronnen") or ()),
        gemeentelijk=data["gemeentelijk"].strip() if data.get("gemeentelijk") else None,
        niet_voor=tuple(z.strip() for z in data.get("niet_voor") or ()),
        voorbeeldvragen=tuple(v.strip() for v in data.get("voorbeeldvragen") or ()),
        **{veld: data[veld].strip() if data.get(veld) else None for veld in ENGELS_VELDEN},
    )


def _is_lijst_van_tekst(waarde: Any) -> bool:
    return isinstance(waarde, list) and all(isinstance(v, str) and v.strip() for v in waarde)


def _toon_pad(pad: Path) -> str:
    try:
        return str(pad.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(pad)

