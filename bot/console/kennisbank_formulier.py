"""The article form of the console's kennisbank pages: its fields, and form texts <-> article data.

The fields follow kennisbank/SCHEMA.md. A refused form comes back with exactly what was typed
and the problems per field; ``Afgekeurd`` carries them out of the transaction so nothing is stored.
The pages of situations and terms (``naslag.py``) use the same fields, conversions and saving
(``publiceer_formulier``), each with its own ``Veld`` list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.console.web import namen
from bot.kennisbank.artikel import ENGELS_VELDEN, Artikel
from bot.kennisbank.models import Gepubliceerd
from bot.kern.db import transaction
from bot.kern.validatie import Probleem, ValidatieFout

MAX_TOELICHTING = 300
FORMULIER = "formulier"  # the "bestand" of problems found by the form itself


@dataclass(frozen=True)
class Veld:
    """One field of the article form. ``soort``: tekst (one line), tekstvak, lijst (one per line) or upl."""

    naam: str
    label: str
    soort: str
    hulp: str
    verplicht: bool = True


# The fields of kennisbank/SCHEMA.md, in the order of the form; laatst_gecontroleerd is set on saving.
VELDEN: tuple[Veld, ...] = (
    Veld("id", "Id", "tekst", "Kleine letters, cijfers en streepjes, bijvoorbeeld terras-winter. "
         "U kunt de id later niet meer veranderen."),
    Veld("titel", "Titel", "tekst", "De titel zoals de ondernemer die ziet."),
    Veld("team", "Team", "tekst", "Het team dat eigenaar is van dit onderwerp. Kies het uit de lijst."),
    Veld("kort_antwoord", "Kort antwoord", "tekstvak",
         "Het eerste antwoord van de assistent: hoogstens 80 woorden, in eenvoudige taal, met 'u'."),
    Veld("uitleg", "Uitleg", "tekstvak", "De uitgebreide uitleg."),
    Veld("voorwaarden", "Voorwaarden", "lijst", "Eén voorwaarde per regel, in een korte zin."),
    Veld("kosten", "Kosten", "tekstvak", "Wat het kost. Zeg erbij als het een tarief van de gemeente is."),
    Veld("doorlooptijd", "Doorlooptijd", "tekstvak", "Hoe lang het duurt."),
    Veld("aanvragen", "Aanvragen", "tekstvak", "Hoe en waar de ondernemer het aanvraagt of regelt."),
    Veld("link", "Link naar de pagina van de gemeente", "tekst",
         "Een webadres dat begint met https:// of http://, zonder spaties."),
    Veld("bronnen", "Bronnen", "lijst",
         "Landelijke bronnen. Eén webadres per regel, bijvoorbeeld https://ondernemersplein.kvk.nl",
         verplicht=False),
    Veld("upl", "Producten uit de UPL", "upl",
         "Eén product per regel, in de vorm: naam | uri. Precies zoals in de UPL-lijst. Dit veld mag leeg zijn.",
         verplicht=False),
    Veld("zoektermen", "Zoektermen", "lijst", "Woorden en zinnen die een ondernemer gebruikt. Eén per regel."),
    Veld("synoniemen", "Synoniemen", "lijst", "Andere namen, spreektaal en veelgemaakte typfouten. Eén per regel."),
    Veld("niet_voor", "Niet voor", "lijst",
         "Waar dit artikel niet over gaat, in een paar woorden, bijvoorbeeld: kledingwinkel. Eén per regel. "
         "Past een vraag hierbij, dan kiest de assistent dit artikel minder snel.", verplicht=False),
    Veld("voorbeeldvragen", "Voorbeeldvragen", "lijst",
         "Vragen zoals ondernemers ze typen, in hun eigen woorden en met hun typfouten. Eén vraag per regel. "
         "De assistent vergelijkt een nieuwe vraag met elk ervan. Haal namen, nummers en adressen weg.", verplicht=False),
    Veld("gemeentelijk", "Wat per gemeente verschilt", "tekstvak",
         "Wat per gemeente anders is, en wat in Voorbeeldstad geldt.", verplicht=False),
    Veld("engels_kort", "Kort antwoord in het Engels", "tekstvak",
         "Voor ondernemers die Engels schrijven: hoogstens 80 woorden, eenvoudig Engels. Leeg: zij krijgen het "
         "Nederlandse antwoord.", verplicht=False),
    Veld("engels_kosten", "Kosten in het Engels", "tekstvak", "Alleen samen met het korte antwoord in het Engels.",
         verplicht=False),
    Veld("engels_doorlooptijd", "Doorlooptijd in het Engels", "tekstvak",
         "Alleen samen met het korte antwoord in het Engels.", verplicht=False),
    Veld("engels_aanvragen", "Aanvragen in het Engels", "tekstvak", "Alleen samen met het korte antwoord in het Engels.",
         verplicht=False),
)
TOELICHTING = Veld("toelichting", "Wat heeft u veranderd?", "tekst",
                   "Kort, bijvoorbeeld: tarief 2027 aangepast. Dit komt in de geschiedenis van het artikel.")
LABELS = {veld.naam: veld.label for veld in VELDEN} | {"toelichting": "Toelichting",
                                                      "laatst_gecontroleerd": "Laatst gecontroleerd"}


def formulier_uit_artikel(artikel: Artikel) -> dict[str, str]:
    """The article as the texts of the form fields."""
    return {**formulier_uit_data(VELDEN, artikel.to_dict()), "toelichting": ""}


def formulier_uit_data(velden: Iterable[Veld], data: Mapping[str, Any]) -> dict[str, str]:
    """Stored data as the texts of the form fields: a list one item per line."""
    waarden: dict[str, str] = {}
    for veld in velden:
        waarde = data.get(veld.naam)
        if veld.soort == "upl":
            waarden[veld.naam] = "\n".join(f"{p['naam']} | {p['uri']}" for p in waarde or [])
        elif veld.soort == "lijst":
            waarden[veld.naam] = "\n".join(waarde or [])
        else:
            waarden[veld.naam] = waarde or ""
    return waarden


def formulier_uit_request(formulier: Mapping[str, Any], velden: Iterable[Veld] = VELDEN) -> dict[str, str]:
    """The texts the user typed, exactly, so that a refused form shows them again."""
    waarden = {veld.naam: str(formulier.get(veld.naam) or "") for veld in (*velden, TOELICHTING)}
    waarden["versie"] = str(formulier.get("versie") or "")  # the version the edit started from
    return waarden


def regels(tekst: str) -> list[str]:
    return [regel.strip() for regel in tekst.splitlines() if regel.strip()]


def upl_uit_regels(tekst: str) -> list[dict[str, str]]:
    """'naam | uri' per line. A line without '|' is passed on without uri, so the validator names it."""
    producten: list[dict[str, str]] = []
    for regel in regels(tekst):
        naam, streep, uri = regel.rpartition("|")
        producten.append({"naam": naam.strip(), "uri": uri.strip()} if streep else {"naam": regel})
    return producten


def artikel_data(waarden: Mapping[str, str]) -> dict[str, Any]:
    """The article data for publiceer_artikel; empty optional fields are left out."""
    data = {veld.naam: waarde_uit_formulier(veld, waarden.get(veld.naam, "")) for veld in VELDEN}
    if not data["bronnen"]:
        del data["bronnen"]
    for naam in ("gemeentelijk", "voorbeeldvragen", *ENGELS_VELDEN):
        if not data[naam]:
            del data[naam]
    return data


def waarde_uit_formulier(veld: Veld, tekst: str) -> Any:
    """The text of one form field as data: a list from its lines, otherwise the text without spaces around it."""
    if veld.soort == "upl":
        return upl_uit_regels(tekst)
    if veld.soort == "lijst":
        return regels(tekst)
    return tekst.strip()


def versie_problemen(
    rij: Gepubliceerd | None, begonnen_bij: str, *, wat: str = "dit artikel", eerst_bekijken: bool = True
) -> list[Probleem]:
    """Someone else saved ``wat`` after this form was opened: do not silently overwrite that."""
    if rij is None or not begonnen_bij.isdigit() or int(begonnen_bij) == rij.versie:
        return []
    vervolg = ("Bekijk eerst de nieuwe versie in een ander tabblad. Kiest u daarna opnieuw 'Opslaan', "
               if eerst_bekijken else "Kiest u opnieuw 'Opslaan', ")
    return [Probleem(FORMULIER, None, f"Iemand anders heeft {wat} intussen opgeslagen (nu versie {rij.versie}). "
                                      f"Uw tekst is nog niet opgeslagen. {vervolg}dan vervangt uw tekst die versie.")]


def toelichting_problemen(toelichting: str) -> list[Probleem]:
    if not toelichting.strip():
        return [Probleem(FORMULIER, "toelichting", "Schrijf kort op wat u heeft veranderd.")]
    if len(toelichting.strip()) > MAX_TOELICHTING:
        return [Probleem(FORMULIER, "toelichting", f"Gebruik hoogstens {MAX_TOELICHTING} tekens.")]
    return []


def fouten_per_veld(problemen: list[Probleem]) -> tuple[dict[str, list[str]], list[str]]:
    """Messages per form field, and the messages that belong to no field of the form."""
    per_veld: dict[str, list[str]] = {}
    overig: list[str] = []
    formulier_velden = {veld.naam for veld in (*VELDEN, TOELICHTING)}
    for probleem in problemen:
        melding = uitleg(probleem)
        if probleem.veld in formulier_velden:
            per_veld.setdefault(probleem.veld, []).append(melding)
        elif probleem.veld is None:
            overig.append(melding)
        else:
            overig.append(f"{LABELS.get(probleem.veld, probleem.veld)}: {melding}")
    return per_veld, overig


def uitleg(probleem: Probleem) -> str:
    """The message for staff: the console's own words (namen.html KENNISBANK_FOUTEN) for a kind of problem
    it explains, otherwise the validator's message."""
    tekst = namen().KENNISBANK_FOUTEN.get(probleem.soort or "")
    return tekst.replace("{waarde}", probleem.waarde or "") if tekst else probleem.melding


def onbekend_team(team: str) -> Probleem:
    """The form's team is not one of the known teams (the console's page offers them as a list)."""
    return Probleem(FORMULIER, "team", f"onbekend team '{team}'", soort="team_onbekend", waarde=team)


class Afgekeurd(Exception):
    """The form has problems; raised inside the transaction so that nothing is stored."""

    def __init__(self, problemen: list[Probleem]) -> None:
        super().__init__(f"{len(problemen)} probleem/problemen")
        self.problemen = problemen


def publiceer_formulier(
    engine: Engine, *, controleer: Callable[[Session], list[Probleem]], publiceer: Callable[[Session], object]
) -> list[Probleem]:
    """Check the form and publish it in one transaction; on any problem roll back and return every problem.

    ``controleer`` gives the form's own problems (it may raise, for instance LookupError when the
    item does not exist; nothing is stored then). ``publiceer`` validates the content like the
    loader and raises a ValidatieFout naming each field; its problems come first. No problems:
    the new version is stored and the list is empty.
    """
    try:
        with transaction(engine) as session:
            problemen = controleer(session)
            try:
                publiceer(session)
            except ValidatieFout as fout:
                problemen = fout.problemen + problemen
            if problemen:
                raise Afgekeurd(problemen)  # rolls the transaction back
    except Afgekeurd as afgekeurd:
        return afgekeurd.problemen
    return []


def artikel_velden(artikel: Artikel) -> list[dict[str, Any]]:
    """The fields of an article for reading: label, and a text or a list of lines."""
    data = artikel.to_dict()
    velden = []
    for veld in VELDEN:
        waarde = data.get(veld.naam)
        if veld.soort == "upl":
            waarde = [f"{p['naam']} ({p['uri']})" for p in waarde or []]
        velden.append({"naam": veld.naam, "label": veld.label, "lijst": veld.soort in ("lijst", "upl"),
                       "waarde": waarde})
    return velden
