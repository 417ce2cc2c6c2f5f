"""Kennisbank pages of the console: list and search, an article with its history, edit, add, check.

Every logged-in role may read. Editing, adding and "gecontroleerd, klopt nog" are for the
roles teamleider and beheerder; a medewerker gets 403. Saving goes through
``bot.kennisbank.service.publiceer_artikel``, which validates exactly like the file loader;
the bot answers with the new version at once (the action server rebuilds its search index
when ``kennisbank_stand`` changes), so there is no retraining step.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.auth import Gebruiker
from bot.console.pages import render
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import KennisbankFout, Onderwerp, lees_onderwerpen, lees_upl_uris
from bot.kennisbank.models import KennisbankArtikel, KennisbankArtikelVersie
from bot.kennisbank.service import (
    artikel_historie,
    haal_artikel,
    is_verouderd,
    markeer_gecontroleerd,
    publiceer_artikel,
    zoek_artikelen,
)
from bot.kern import tijd
from bot.kern.db import transaction
from bot.kern.settings import load_settings
from bot.kern.tijd import AMSTERDAM
from bot.kern.validatie import Probleem

log = logging.getLogger(__name__)

MAG_BEWERKEN = ("teamleider", "beheerder")
STANDAARD_CONTROLE_DAGEN = 180
MAX_TOELICHTING = 300
FORMULIER = "formulier"  # the "bestand" of problems found by this page itself
MELDINGEN = {
    "opgeslagen": "Het artikel is opgeslagen. De digitale assistent gebruikt de nieuwe tekst meteen.",
    "nieuw": "Het nieuwe artikel is opgeslagen. De digitale assistent gebruikt het meteen.",
    "gecontroleerd": "Het artikel is gemarkeerd als gecontroleerd. De datum van vandaag is opgeslagen.",
}
GEEN_TOEGANG = "Alleen teamleiders en beheerders kunnen artikelen wijzigen, toevoegen of als gecontroleerd markeren."


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
    Veld("team", "Team", "tekst", "Het team dat eigenaar is van dit onderwerp, bijvoorbeeld horeca-evenementen."),
    Veld("kort_antwoord", "Kort antwoord", "tekstvak",
         "Het eerste antwoord van de assistent: hoogstens 80 woorden, in eenvoudige taal, met 'u'."),
    Veld("uitleg", "Uitleg", "tekstvak", "De uitgebreide uitleg."),
    Veld("voorwaarden", "Voorwaarden", "lijst", "Eén voorwaarde per regel, in een korte zin."),
    Veld("kosten", "Kosten", "tekstvak", "Wat het kost. Zeg erbij als het een tarief van de gemeente is."),
    Veld("doorlooptijd", "Doorlooptijd", "tekstvak", "Hoe lang het duurt."),
    Veld("aanvragen", "Aanvragen", "tekstvak", "Hoe en waar de ondernemer het aanvraagt of regelt."),
    Veld("link", "Link naar de pagina van de gemeente", "tekst", "Een webadres dat begint met https://"),
    Veld("bronnen", "Bronnen", "lijst",
         "Landelijke bronnen. Eén webadres per regel, bijvoorbeeld https://ondernemersplein.kvk.nl",
         verplicht=False),
    Veld("upl", "Producten uit de UPL", "upl",
         "Eén product per regel, in de vorm: naam | uri. Precies zoals in de UPL-lijst. Dit veld mag leeg zijn.",
         verplicht=False),
    Veld("zoektermen", "Zoektermen", "lijst", "Woorden en zinnen die een ondernemer gebruikt. Eén per regel."),
    Veld("synoniemen", "Synoniemen", "lijst", "Andere namen, spreektaal en veelgemaakte typfouten. Eén per regel."),
    Veld("gemeentelijk", "Wat per gemeente verschilt", "tekstvak",
         "Wat per gemeente anders is, en wat in Voorbeeldstad geldt.", verplicht=False),
)
TOELICHTING = Veld("toelichting", "Wat heeft u veranderd?", "tekst",
                   "Kort, bijvoorbeeld: tarief 2027 aangepast. Dit komt in de geschiedenis van het artikel.")
LABELS = {veld.naam: veld.label for veld in VELDEN} | {"toelichting": "Toelichting",
                                                      "laatst_gecontroleerd": "Laatst gecontroleerd"}


def routes() -> list[Route]:
    return [
        Route("/kennisbank", lijst, methods=["GET"]),
        Route("/kennisbank/nieuw", nieuw_formulier, methods=["GET"]),
        Route("/kennisbank/nieuw", nieuw_opslaan, methods=["POST"]),
        Route("/kennisbank/artikelen/{artikel_id}", artikel_pagina, methods=["GET"]),
        Route("/kennisbank/artikelen/{artikel_id}/bewerken", bewerk_formulier, methods=["GET"]),
        Route("/kennisbank/artikelen/{artikel_id}/bewerken", bewerk_opslaan, methods=["POST"]),
        Route("/kennisbank/artikelen/{artikel_id}/gecontroleerd", gecontroleerd, methods=["POST"]),
        Route("/kennisbank/artikelen/{artikel_id}/versies/{versie:int}", versie_pagina, methods=["GET"]),
    ]


# --- helpers -------------------------------------------------------------------------------------


def mag_bewerken(gebruiker: Gebruiker) -> bool:
    return gebruiker.rol in MAG_BEWERKEN


def controle_dagen() -> int:
    """INGANG_KENNISBANK_CONTROLE_DAGEN: after how many days an article should be checked again."""
    waarde = os.environ.get("INGANG_KENNISBANK_CONTROLE_DAGEN", "")
    try:
        return int(waarde) if waarde.strip() else STANDAARD_CONTROLE_DAGEN
    except ValueError:
        log.warning("INGANG_KENNISBANK_CONTROLE_DAGEN=%r is geen getal; ik gebruik %d", waarde,
                    STANDAARD_CONTROLE_DAGEN)
        return STANDAARD_CONTROLE_DAGEN


def vandaag(request: Request) -> date:
    nu: datetime = request.app.state.klok()
    return nu.astimezone(AMSTERDAM).date()


def datum_nl(dag: date | None) -> str:
    """'20 november 2026'."""
    return tijd.datum(dag) if dag else ""


def wie(gewijzigd_door: str) -> str:
    """The name of who saved a version, without the technical 'console:' prefix."""
    return gewijzigd_door.removeprefix("console:")


def gedeelde_lijsten() -> tuple[list[Onderwerp] | None, dict[str, str] | None]:
    """The shared subject list and UPL list, when the files are there (as lees_artikelen_uit_map)."""
    shared = load_settings().shared_dir
    onderwerpen_pad = shared / "kennisbank-onderwerpen.yml"
    upl_pad = shared / "upl" / "UPL-actueel.csv"
    onderwerpen = lees_onderwerpen(onderwerpen_pad) if onderwerpen_pad.exists() else None
    upl_uris = lees_upl_uris(upl_pad) if upl_pad.exists() else None
    return onderwerpen, upl_uris


def bekende_teams(session: Session, onderwerpen: list[Onderwerp] | None) -> list[str]:
    teams = {rij.team for rij in zoek_artikelen(session=session)}
    teams.update(onderwerp.team for onderwerp in onderwerpen or [])
    return sorted(teams)


def geen_toegang(request: Request) -> Response:
    return render(request, "kennisbank_geen_toegang.html", {"fout": GEEN_TOEGANG}, status=403)


def niet_gevonden(request: Request, artikel_id: str) -> Response:
    return render(request, "fout.html", {"fout": f"Er is geen artikel met de id '{artikel_id}'."}, status=404)


# --- form values <-> article data ----------------------------------------------------------------


def formulier_uit_artikel(artikel: Artikel) -> dict[str, str]:
    """The article as the texts of the form fields."""
    data = artikel.to_dict()
    waarden: dict[str, str] = {}
    for veld in VELDEN:
        waarde = data.get(veld.naam)
        if veld.soort == "upl":
            waarden[veld.naam] = "\n".join(f"{p['naam']} | {p['uri']}" for p in waarde or [])
        elif veld.soort == "lijst":
            waarden[veld.naam] = "\n".join(waarde or [])
        else:
            waarden[veld.naam] = waarde or ""
    waarden["toelichting"] = ""
    return waarden


def formulier_uit_request(formulier: Mapping[str, Any]) -> dict[str, str]:
    """The texts the user typed, exactly, so that a refused form shows them again."""
    waarden = {veld.naam: str(formulier.get(veld.naam) or "") for veld in (*VELDEN, TOELICHTING)}
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
    data: dict[str, Any] = {}
    for veld in VELDEN:
        tekst = waarden.get(veld.naam, "")
        if veld.soort == "upl":
            data[veld.naam] = upl_uit_regels(tekst)
        elif veld.soort == "lijst":
            data[veld.naam] = regels(tekst)
        else:
            data[veld.naam] = tekst.strip()
    if not data["bronnen"]:
        del data["bronnen"]
    if not data["gemeentelijk"]:
        del data["gemeentelijk"]
    return data


def versie_problemen(rij: KennisbankArtikel | None, begonnen_bij: str) -> list[Probleem]:
    """Someone else saved the article after this form was opened: do not silently overwrite that."""
    if rij is None or not begonnen_bij.isdigit() or int(begonnen_bij) == rij.versie:
        return []
    return [Probleem(FORMULIER, None, f"Iemand anders heeft dit artikel intussen opgeslagen (nu versie {rij.versie}). "
                                      "Uw tekst is nog niet opgeslagen. Bekijk eerst de nieuwe versie in een ander "
                                      "tabblad. Kiest u daarna opnieuw 'Opslaan', dan vervangt uw tekst die versie.")]


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
        if probleem.veld in formulier_velden:
            per_veld.setdefault(probleem.veld, []).append(probleem.melding)
        elif probleem.veld is None:
            overig.append(probleem.melding)
        else:
            overig.append(f"{LABELS.get(probleem.veld, probleem.veld)}: {probleem.melding}")
    return per_veld, overig


class Afgekeurd(Exception):
    """The form has problems; raised inside the transaction so that nothing is stored."""

    def __init__(self, problemen: list[Probleem]) -> None:
        super().__init__(f"{len(problemen)} probleem/problemen")
        self.problemen = problemen


# --- list ----------------------------------------------------------------------------------------


def lijst(request: Request) -> Response:
    zoek = request.query_params.get("zoek", "")[:200]
    alleen_controleren = request.query_params.get("controleren") == "1"
    dag = vandaag(request)
    max_dagen = controle_dagen()
    with transaction(request.app.state.engine) as session:
        rijen = [lijst_rij(rij, dag, max_dagen) for rij in zoek_artikelen(session=session, tekst=zoek)]
    te_controleren = sum(1 for rij in rijen if rij["verouderd"])
    if alleen_controleren:
        rijen = [rij for rij in rijen if rij["verouderd"]]
    return render(request, "kennisbank_lijst.html", {
        "rijen": rijen, "zoek": zoek, "alleen_controleren": alleen_controleren, "te_controleren": te_controleren,
        "max_dagen": max_dagen, "mag_bewerken": mag_bewerken(request.state.gebruiker),
    })


def lijst_rij(rij: KennisbankArtikel, dag: date, max_dagen: int) -> dict[str, Any]:
    return {
        "id": rij.id, "titel": rij.titel, "team": rij.team, "versie": rij.versie,
        "gecontroleerd": datum_nl(rij.laatst_gecontroleerd), "gecontroleerd_iso": rij.laatst_gecontroleerd.isoformat(),
        "verouderd": is_verouderd(rij, vandaag=dag, max_dagen=max_dagen),
    }


# --- article and old versions --------------------------------------------------------------------


def artikel_pagina(request: Request) -> Response:
    return toon_artikel(request, request.path_params["artikel_id"], versie=None)


def versie_pagina(request: Request) -> Response:
    return toon_artikel(request, request.path_params["artikel_id"], versie=request.path_params["versie"])


def toon_artikel(request: Request, artikel_id: str, *, versie: int | None) -> Response:
    dag = vandaag(request)
    max_dagen = controle_dagen()
    with transaction(request.app.state.engine) as session:
        rij = session.get(KennisbankArtikel, artikel_id)
        if rij is None:
            return niet_gevonden(request, artikel_id)
        historie = artikel_historie(session=session, artikel_id=artikel_id)
        getoond: KennisbankArtikelVersie | None = None
        if versie is not None:
            getoond = next((v for v in historie if v.versie == versie), None)
            if getoond is None:
                return render(request, "fout.html",
                              {"fout": f"Het artikel '{artikel_id}' heeft geen versie {versie}."}, status=404)
        artikel = Artikel.from_dict(getoond.inhoud if getoond else rij.inhoud)
        return render(request, "kennisbank_artikel.html", {
            "rij": rij, "artikel": artikel, "velden": artikel_velden(artikel), "getoond": getoond,
            "verouderd": getoond is None and is_verouderd(rij, vandaag=dag, max_dagen=max_dagen),
            "max_dagen": max_dagen, "gecontroleerd": datum_nl(artikel.laatst_gecontroleerd),
            "historie": [{"regel": v, "wie": wie(v.gewijzigd_door)} for v in historie],
            "mag_bewerken": mag_bewerken(request.state.gebruiker),
            "melding": MELDINGEN.get(request.query_params.get("gedaan", "")),
        })


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


# --- edit and add --------------------------------------------------------------------------------


def bewerk_formulier(request: Request) -> Response:
    """The edit form with the current text, or with an old version (``?versie=N``) to put it back."""
    if not mag_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    artikel_id = request.path_params["artikel_id"]
    with transaction(request.app.state.engine) as session:
        artikel = haal_artikel(session=session, artikel_id=artikel_id)
        if artikel is None:
            return niet_gevonden(request, artikel_id)
        waarden = formulier_uit_artikel(artikel)
        oud = oude_versie(session, artikel_id, request.query_params.get("versie", ""))
        if oud is not None:
            waarden = formulier_uit_artikel(Artikel.from_dict(oud.inhoud))
            waarden["toelichting"] = f"Versie {oud.versie} teruggezet"
        return toon_formulier(request, session, artikel_id=artikel_id, waarden=waarden, problemen=[])


def oude_versie(session: Session, artikel_id: str, versie: str) -> KennisbankArtikelVersie | None:
    if not versie.isdigit():
        return None
    return next((v for v in artikel_historie(session=session, artikel_id=artikel_id) if v.versie == int(versie)), None)


def nieuw_formulier(request: Request) -> Response:
    if not mag_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    with transaction(request.app.state.engine) as session:
        return toon_formulier(request, session, artikel_id=None, waarden={}, problemen=[])


def toon_formulier(request: Request, session: Session, *, artikel_id: str | None, waarden: Mapping[str, str],
                   problemen: list[Probleem], status: int = 200) -> Response:
    onderwerpen, _ = gedeelde_lijsten()
    per_veld, overig = fouten_per_veld(problemen)
    velden = [veld for veld in VELDEN if not (artikel_id is not None and veld.naam == "id")]
    rij = session.get(KennisbankArtikel, artikel_id) if artikel_id is not None else None
    return render(request, "kennisbank_formulier.html", {
        "artikel_id": artikel_id, "rij": rij, "velden": velden, "toelichting": TOELICHTING, "waarden": waarden,
        "fouten": per_veld, "overige_fouten": overig, "labels": LABELS, "teams": bekende_teams(session, onderwerpen),
        "actie": f"/kennisbank/artikelen/{artikel_id}/bewerken" if artikel_id else "/kennisbank/nieuw",
    }, status=status)


async def bewerk_opslaan(request: Request) -> Response:
    if not mag_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    waarden = formulier_uit_request(await request.form())
    waarden["id"] = request.path_params["artikel_id"]  # the id of an existing article never changes
    return await run_in_threadpool(sla_op, request, waarden, nieuw=False)


async def nieuw_opslaan(request: Request) -> Response:
    if not mag_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    waarden = formulier_uit_request(await request.form())
    return await run_in_threadpool(sla_op, request, waarden, nieuw=True)


def sla_op(request: Request, waarden: dict[str, str], *, nieuw: bool) -> Response:
    """Publish the form as a new version; on any problem nothing is stored and the form comes back (400)."""
    gebruiker: Gebruiker = request.state.gebruiker
    artikel_id = waarden["id"].strip()
    onderwerpen, upl_uris = gedeelde_lijsten()
    engine = request.app.state.engine
    try:
        with transaction(engine) as session:
            rij = session.get(KennisbankArtikel, artikel_id) if artikel_id else None
            bestaat = rij is not None
            if not nieuw and not bestaat:
                return niet_gevonden(request, artikel_id)
            problemen = toelichting_problemen(waarden["toelichting"])
            if not nieuw:
                problemen += versie_problemen(rij, waarden["versie"])
            if nieuw and bestaat:
                problemen.append(Probleem(FORMULIER, "id", "Er is al een artikel met deze id. Kies een andere id, "
                                                            "of bewerk het artikel dat er al is."))
            try:
                publiceer_artikel(session=session, data=artikel_data(waarden), door=gebruiker.wie,
                                  toelichting=waarden["toelichting"].strip(), vandaag=vandaag(request),
                                  upl_uris=upl_uris, onderwerpen=onderwerpen)
            except KennisbankFout as fout:
                problemen = fout.problemen + problemen
            if problemen:
                raise Afgekeurd(problemen)  # rolls the transaction back
    except Afgekeurd as afgekeurd:
        with transaction(engine) as session:
            return toon_formulier(request, session, artikel_id=None if nieuw else artikel_id, waarden=waarden,
                                  problemen=afgekeurd.problemen, status=400)
    gedaan = "nieuw" if nieuw else "opgeslagen"
    return RedirectResponse(f"/kennisbank/artikelen/{artikel_id}?gedaan={gedaan}", status_code=303)


# --- checked, still right -------------------------------------------------------------------------


def gecontroleerd(request: Request) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    if not mag_bewerken(gebruiker):
        return geen_toegang(request)
    artikel_id = request.path_params["artikel_id"]
    try:
        with transaction(request.app.state.engine) as session:
            markeer_gecontroleerd(session=session, artikel_id=artikel_id, door=gebruiker.wie, vandaag=vandaag(request))
    except LookupError:
        return niet_gevonden(request, artikel_id)
    return RedirectResponse(f"/kennisbank/artikelen/{artikel_id}?gedaan=gecontroleerd", status_code=303)
