"""Console pages for the situations and the glossary: list, one item with its history, edit, add.

The two kinds share these pages; ``bot/console/situaties.py`` and ``bot/console/begrippen.py``
describe their fields and how form texts become data (a ``Soort``). Every logged-in role may
read; editing and adding are for teamleiders and beheerders, as for articles. Saving validates
exactly like the file loader (``bot.kennisbank.naslag.publiceer_situatie`` / ``publiceer_begrip``)
and publishes a new version; the bot uses it at once (``NaslagLezer`` rebuilds its indexes when
the database changes), so there is no retraining.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.auth import Gebruiker
from bot.console.kennisbank import datum_nl, geen_toegang, wie
from bot.console.kennisbank_formulier import (
    FORMULIER,
    TOELICHTING,
    Veld,
    formulier_uit_request,
    publiceer_formulier,
    toelichting_problemen,
    versie_problemen,
)
from bot.console.rechten import mag_kennisbank_bewerken
from bot.console.web import render, vandaag
from bot.kennisbank.inhoud import haal_item, item_historie, zoek_items
from bot.kennisbank.models import KennisbankItem, KennisbankItemVersie
from bot.kern.db import transaction
from bot.kern.validatie import Probleem

GEEN_TOEGANG = "geen_naslag"  # the key of its text in templates/namen.html FOUTEN
GERESERVEERD = ("nieuw",)


@dataclass(frozen=True)
class Soort:
    """One kind of content on these pages, with everything that differs per kind."""

    soort: str  # the ``soort`` in the database: situatie or begrip
    pad: str  # /kennisbank/situaties
    enkelvoud: str  # situatie
    meervoud: str  # situaties
    uitleg: str  # the sentence at the top of the list
    lidwoord: str  # de situatie, het begrip
    velden: tuple[Veld, ...]
    naar_formulier: Callable[[dict[str, Any]], dict[str, str]]  # stored content -> the form's texts
    naar_data: Callable[[Mapping[str, str]], dict[str, Any]]  # the form's texts -> data to validate
    veld_van: Callable[[str | None], str | None]  # a problem's field ("artikelen.2.artikel") -> form field
    publiceer: Callable[..., Any]  # (session, data, naam, door, toelichting, vandaag) -> the saved item

    @property
    def aanwijzend(self) -> str:
        """deze situatie, dit begrip."""
        return "dit" if self.lidwoord == "het" else "deze"

    def labels(self) -> dict[str, str]:
        return {veld.naam: veld.label for veld in self.velden} | {"toelichting": TOELICHTING.label}


def routes(soort: Soort) -> list[Route]:
    """The pages of one kind. "nieuw" comes before "{id}", so it is never read as an id."""

    def lijst(request: Request) -> Response:
        zoek = request.query_params.get("zoek", "")[:200]
        with transaction(request.app.state.engine) as session:
            rijen = [{"id": r.id, "titel": r.titel, "versie": r.versie, "gecontroleerd": datum_nl(r.laatst_gecontroleerd)}
                     for r in zoek_items(session=session, soort=soort.soort, tekst=zoek)]
        return render(request, "naslag_lijst.html", {
            "soort": soort, "rijen": rijen, "zoek": zoek, "mag_bewerken": mag_kennisbank_bewerken(request.state.gebruiker),
        })

    def item(request: Request) -> Response:
        return _toon(request, soort, request.path_params["item_id"], versie=None)

    def versie(request: Request) -> Response:
        return _toon(request, soort, request.path_params["item_id"], versie=request.path_params["versie"])

    def bewerk_formulier(request: Request) -> Response:
        if not mag_kennisbank_bewerken(request.state.gebruiker):
            return geen_toegang(request, GEEN_TOEGANG)
        item_id = request.path_params["item_id"]
        with transaction(request.app.state.engine) as session:
            rij = haal_item(session=session, soort=soort.soort, item_id=item_id)
            if rij is None:
                return _niet_gevonden(request, soort, item_id)
            waarden = {**soort.naar_formulier(rij.inhoud), "toelichting": ""}
            return _formulier(request, soort, rij=rij, waarden=waarden, problemen=[])

    def nieuw_formulier(request: Request) -> Response:
        if not mag_kennisbank_bewerken(request.state.gebruiker):
            return geen_toegang(request, GEEN_TOEGANG)
        return _formulier(request, soort, rij=None, waarden={}, problemen=[])

    async def bewerk_opslaan(request: Request) -> Response:
        if not mag_kennisbank_bewerken(request.state.gebruiker):
            return geen_toegang(request, GEEN_TOEGANG)
        waarden = formulier_uit_request(await request.form(), soort.velden)
        waarden["id"] = request.path_params["item_id"]  # the id of an existing item never changes
        return await run_in_threadpool(_sla_op, request, soort, waarden, False)

    async def nieuw_opslaan(request: Request) -> Response:
        if not mag_kennisbank_bewerken(request.state.gebruiker):
            return geen_toegang(request, GEEN_TOEGANG)
        waarden = formulier_uit_request(await request.form(), soort.velden)
        return await run_in_threadpool(_sla_op, request, soort, waarden, True)

    return [
        Route(soort.pad, lijst, methods=["GET"]),
        Route(f"{soort.pad}/nieuw", nieuw_formulier, methods=["GET"]),
        Route(f"{soort.pad}/nieuw", nieuw_opslaan, methods=["POST"]),
        Route(f"{soort.pad}/{{item_id}}", item, methods=["GET"]),
        Route(f"{soort.pad}/{{item_id}}/bewerken", bewerk_formulier, methods=["GET"]),
        Route(f"{soort.pad}/{{item_id}}/bewerken", bewerk_opslaan, methods=["POST"]),
        Route(f"{soort.pad}/{{item_id}}/versies/{{versie:int}}", versie, methods=["GET"]),
    ]


# --- pages ---------------------------------------------------------------------------------------


def _toon(request: Request, soort: Soort, item_id: str, *, versie: int | None) -> Response:
    with transaction(request.app.state.engine) as session:
        rij = haal_item(session=session, soort=soort.soort, item_id=item_id)
        if rij is None:
            return _niet_gevonden(request, soort, item_id)
        historie = item_historie(session=session, soort=soort.soort, item_id=item_id)
        getoond: KennisbankItemVersie | None = None
        if versie is not None:
            getoond = next((v for v in historie if v.versie == versie), None)
            if getoond is None:
                return render(request, "fout.html", {"fout": f"{soort.aanwijzend.capitalize()} {soort.enkelvoud} heeft "
                                                          f"geen versie {versie}."},
                              status=404)
        waarden = soort.naar_formulier(getoond.inhoud if getoond else rij.inhoud)
        gedaan = request.query_params.get("gedaan", "")
        return render(request, "naslag_item.html", {
            "soort": soort, "rij": rij, "getoond": getoond, "gecontroleerd": datum_nl(rij.laatst_gecontroleerd),
            "velden": [{"label": v.label, "regels": (waarden.get(v.naam) or "").splitlines()} for v in soort.velden
                       if v.naam != "id"],
            "historie": [{"regel": v, "wie": wie(v.gewijzigd_door)} for v in historie],
            "mag_bewerken": mag_kennisbank_bewerken(request.state.gebruiker),
            "melding": (f"{soort.lidwoord.capitalize()} {soort.enkelvoud} is opgeslagen. De digitale assistent "
                        "gebruikt de nieuwe tekst meteen."
                        if gedaan in ("opgeslagen", "nieuw") else None),
        })


def _formulier(request: Request, soort: Soort, *, rij: KennisbankItem | None, waarden: Mapping[str, str],
               problemen: list[Probleem], status: int = 200) -> Response:
    per_veld: dict[str, list[str]] = {}
    overig: list[str] = []
    namen = {veld.naam for veld in soort.velden} | {"toelichting"}
    for probleem in problemen:
        veld = soort.veld_van(probleem.veld)
        if veld in namen:
            per_veld.setdefault(veld, []).append(_melding(probleem))
        else:
            overig.append(_melding(probleem))
    return render(request, "naslag_formulier.html", {
        "soort": soort, "rij": rij, "waarden": waarden, "fouten": per_veld, "overige_fouten": overig,
        "velden": [v for v in soort.velden if not (rij is not None and v.naam == "id")], "toelichting": TOELICHTING,
        "labels": soort.labels(), "actie": f"{soort.pad}/{rij.id}/bewerken" if rij else f"{soort.pad}/nieuw",
    }, status=status)


def _sla_op(request: Request, soort: Soort, waarden: dict[str, str], nieuw: bool) -> Response:
    """Publish the form as a new version; on any problem nothing is stored and the form comes back (400)."""
    gebruiker: Gebruiker = request.state.gebruiker
    item_id = waarden.get("id", "").strip()
    engine = request.app.state.engine

    def controleer(session: Session) -> list[Probleem]:
        rij = haal_item(session=session, soort=soort.soort, item_id=item_id) if item_id else None
        if not nieuw and rij is None:
            raise LookupError(item_id)
        problemen = toelichting_problemen(waarden.get("toelichting", ""))
        if nieuw:
            return problemen + _nieuw_problemen(soort, item_id, rij)
        return problemen + versie_problemen(rij, waarden.get("versie", ""), wat=f"{soort.aanwijzend} {soort.enkelvoud}",
                                            eerst_bekijken=False)

    def publiceer(session: Session) -> None:
        soort.publiceer(session=session, data=soort.naar_data(waarden), naam=f"{soort.enkelvoud} '{item_id or '(nieuw)'}'",
                        door=gebruiker.wie, toelichting=waarden.get("toelichting", "").strip(), vandaag=vandaag(request))

    try:
        problemen = publiceer_formulier(engine, controleer=controleer, publiceer=publiceer)
    except LookupError:
        return _niet_gevonden(request, soort, item_id)
    if problemen:
        with transaction(engine) as session:
            rij = None if nieuw else haal_item(session=session, soort=soort.soort, item_id=item_id)
            return _formulier(request, soort, rij=rij, waarden=waarden, problemen=problemen, status=400)
    return RedirectResponse(f"{soort.pad}/{item_id}?gedaan={'nieuw' if nieuw else 'opgeslagen'}", status_code=303)


def _nieuw_problemen(soort: Soort, item_id: str, rij: KennisbankItem | None) -> list[Probleem]:
    if rij is not None:
        return [Probleem(FORMULIER, "id", f"Er is al een {soort.enkelvoud} met deze id. Kies een andere id.")]
    if item_id in GERESERVEERD:
        return [Probleem(FORMULIER, "id", f"'{item_id}' kan geen id zijn. Kies een andere id.")]
    return []


def _melding(probleem: Probleem) -> str:
    """The message, with the place in a list when the problem names one ("regel 2: ...")."""
    delen = (probleem.veld or "").split(".")
    nummer = next((d for d in delen[1:] if d.isdigit()), None)
    return f"regel {nummer}: {probleem.melding}" if nummer else probleem.melding


def _niet_gevonden(request: Request, soort: Soort, item_id: str) -> Response:
    return render(request, "fout.html", {"fout": f"Er is geen {soort.enkelvoud} met de id '{item_id}'."}, status=404)


def hoofdveld(veld: str | None) -> str | None:
    """'artikelen.2.artikel' -> 'artikelen'; the form field a problem belongs to."""
    return veld.split(".")[0] if veld else None
