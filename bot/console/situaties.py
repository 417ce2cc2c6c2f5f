"""Console pages for the situations of the kennisbank ("een café beginnen"): the form's fields and
its conversion to situation data; the pages themselves are in ``bot/console/naslag.py``.

The fields follow kennisbank/SCHEMA.md. Articles are written one per line as ``artikel-id | wanneer``;
the coordinator as a team and a role (both empty: no single person arranges it all).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from starlette.routing import Route

from bot.console.kennisbank import bekende_teams, gedeelde_lijsten
from bot.console.kennisbank_formulier import Veld, regels
from bot.console.naslag import Soort
from bot.console.naslag import routes as naslag_routes
from bot.kennisbank.naslag import publiceer_situatie
from bot.kennisbank.situaties import Situatie

VELDEN: tuple[Veld, ...] = (
    Veld("id", "Id", "tekst", "Kleine letters, cijfers en streepjes, bijvoorbeeld kapsalon-beginnen. "
         "U kunt de id later niet meer veranderen."),
    Veld("titel", "Titel", "tekst", "De situatie in een paar woorden, bijvoorbeeld: Een kapsalon beginnen."),
    Veld("herkenning", "Herkenning", "lijst",
         "Zinnetjes die een ondernemer gebruikt, één per regel. Alle woorden moeten in de vraag staan. "
         "Woorden die elkaar vervangen scheidt u met /, bijvoorbeeld: kapsalon/kapper beginnen/starten/openen."),
    Veld("intro", "Inleiding", "tekst",
         "De zin boven de lijst, hoogstens 30 woorden. Bijvoorbeeld: Voor een kapsalon heeft u meestal te maken met:"),
    Veld("artikelen", "Artikelen", "lijst",
         "2 tot 6 artikelen, in de volgorde waarin een ondernemer ze meestal tegenkomt. Eén per regel, in de vorm: "
         "artikel-id | wanneer het geldt (hoogstens 25 woorden)."),
    Veld("coordinator_team", "Team van de coördinator", "tekst",
         "Het team van de medewerker die alles kan regelen, bijvoorbeeld horeca-evenementen. "
         "Leeg als niet één persoon alles kan regelen.", verplicht=False),
    Veld("coordinator_rol", "Rol van de coördinator", "tekst",
         "Zonder 'de', bijvoorbeeld: accountmanager horeca.", verplicht=False),
    Veld("gemeentelijk", "Wat per gemeente verschilt", "tekstvak",
         "Wat per gemeente anders is, en wat in Voorbeeldstad geldt.", verplicht=False),
)


def formulier_uit_situatie(inhoud: dict[str, Any]) -> dict[str, str]:
    """Stored situation data as the texts of the form fields."""
    coordinator = inhoud.get("coordinator") or {}
    return {
        "id": inhoud.get("id", ""),
        "titel": inhoud.get("titel", ""),
        "herkenning": "\n".join(inhoud.get("herkenning") or []),
        "intro": inhoud.get("intro", ""),
        "artikelen": "\n".join(f"{a['artikel']} | {a['wanneer']}" for a in inhoud.get("artikelen") or []),
        "coordinator_team": coordinator.get("team", ""),
        "coordinator_rol": coordinator.get("rol", ""),
        "gemeentelijk": inhoud.get("gemeentelijk", ""),
    }


def situatie_data(waarden: Mapping[str, str]) -> dict[str, Any]:
    """The form's texts as situation data; a line without '|' is passed on so the validator names it."""
    artikelen = []
    for regel in regels(waarden.get("artikelen", "")):
        artikel, streep, wanneer = regel.partition("|")
        artikelen.append({"artikel": artikel.strip(), "wanneer": wanneer.strip()} if streep else {"artikel": regel})
    data: dict[str, Any] = {
        "id": waarden.get("id", "").strip(), "titel": waarden.get("titel", "").strip(),
        "herkenning": regels(waarden.get("herkenning", "")), "intro": waarden.get("intro", "").strip(),
        "artikelen": artikelen,
    }
    team, rol = waarden.get("coordinator_team", "").strip(), waarden.get("coordinator_rol", "").strip()
    if team or rol:
        data["coordinator"] = {"team": team, "rol": rol}
    if waarden.get("gemeentelijk", "").strip():
        data["gemeentelijk"] = waarden["gemeentelijk"].strip()
    return data


def veld_van(veld: str | None) -> str | None:
    """'artikelen.2.wanneer' -> 'artikelen', 'coordinator.team' -> 'coordinator_team'."""
    if not veld:
        return None
    delen = veld.split(".")
    if delen[0] == "coordinator":
        return f"coordinator_{delen[1]}" if len(delen) > 1 else "coordinator_team"
    return delen[0]


def publiceer(*, session: Session, data: dict, naam: str, door: str, toelichting: str, vandaag: date) -> Situatie:
    onderwerpen, _ = gedeelde_lijsten()
    return publiceer_situatie(session=session, data=data, naam=naam, teams=frozenset(bekende_teams(session, onderwerpen)),
                              door=door, toelichting=toelichting, vandaag=vandaag)


SITUATIES = Soort(
    soort="situatie", pad="/kennisbank/situaties", enkelvoud="situatie", meervoud="situaties", lidwoord="de",
    uitleg="Situaties beschrijven wat een ondernemer doet, zoals een café beginnen. De digitale assistent "
           "herkent ze en noemt de artikelen die dan meestal gelden, met één medewerker die alles kan regelen.",
    velden=VELDEN, naar_formulier=formulier_uit_situatie, naar_data=situatie_data, veld_van=veld_van,
    publiceer=publiceer,
)


def routes() -> list[Route]:
    return naslag_routes(SITUATIES)
