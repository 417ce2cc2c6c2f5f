"""Console pages for the glossary (begrippenlijst) of the kennisbank: the form's fields and its
conversion to term data; the pages themselves are in ``bot/console/naslag.py``.

The fields follow kennisbank/SCHEMA.md; lists are written one item per line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.routing import Route

from bot.console.kennisbank_formulier import Veld, formulier_uit_data, waarde_uit_formulier
from bot.console.naslag import Soort, hoofdveld
from bot.console.naslag import routes as naslag_routes
from bot.kennisbank.naslag import publiceer_begrip

VELDEN: tuple[Veld, ...] = (
    Veld("id", "Id", "tekst", "Kleine letters, cijfers en streepjes, bijvoorbeeld gevolgklasse. "
         "U kunt de id later niet meer veranderen."),
    Veld("term", "Begrip", "tekst", "Het woord zoals het in een antwoord staat, bijvoorbeeld: Verklaring Sociale Hygiëne."),
    Veld("uitleg", "Uitleg", "tekstvak", "Hoogstens 50 woorden, in eenvoudige taal, met 'u'."),
    Veld("synoniemen", "Andere schrijfwijzen", "lijst",
         "Afkortingen, andere spellingen en veelgemaakte typfouten. Eén per regel.", verplicht=False),
    Veld("artikelen", "Artikelen", "lijst",
         "De id's van de artikelen die erbij horen, één per regel. Het eerste artikel komt als knop onder het antwoord."),
    Veld("gemeentelijk", "Wat per gemeente verschilt", "tekstvak",
         "Hoogstens 40 woorden: wat per gemeente anders is, en wat in Voorbeeldstad geldt.", verplicht=False),
    Veld("bronnen", "Bronnen", "lijst", "Openbare bronnen. Eén webadres per regel.", verplicht=False),
)


def formulier_uit_begrip(inhoud: dict[str, Any]) -> dict[str, str]:
    """Stored term data as the texts of the form fields."""
    return formulier_uit_data(VELDEN, inhoud)


def begrip_data(waarden: Mapping[str, str]) -> dict[str, Any]:
    """The form's texts as term data; empty optional fields are left out."""
    data: dict[str, Any] = {}
    for veld in VELDEN:
        waarde = waarde_uit_formulier(veld, waarden.get(veld.naam, ""))
        if waarde or veld.verplicht:
            data[veld.naam] = waarde
    return data


BEGRIPPEN = Soort(
    soort="begrip", pad="/kennisbank/begrippen", enkelvoud="begrip", meervoud="begrippen", lidwoord="het",
    uitleg="De begrippenlijst legt woorden uit die ondernemers tegenkomen, zoals Bibob of gevolgklasse. "
           "Vraagt een ondernemer 'wat is ...?', dan antwoordt de digitale assistent met deze uitleg.",
    velden=VELDEN, naar_formulier=formulier_uit_begrip, naar_data=begrip_data, veld_van=hoofdveld,
    publiceer=publiceer_begrip,
)


def routes() -> list[Route]:
    return naslag_routes(BEGRIPPEN)
