"""Kennisbank pages of the console: list and search, an article with its history, edit, add, check.

Every logged-in role may read. Editing, adding and "gecontroleerd, klopt nog" are for the
roles teamleider and beheerder (bot/console/rechten.py); a medewerker gets 403. Only a beheerder
moves an existing article to another team: a teamleider's form shows the team without letting it
change, and a post that changes it anyway gets 403 and stores nothing. The form's
fields and its conversion to article data are in bot/console/kennisbank_formulier.py.
Saving goes through ``bot.kennisbank.service.publiceer_artikel``, which validates exactly like the file loader;
the bot answers with the new version at once (the action server rebuilds its search index
when ``kennisbank_stand`` changes), so there is no retraining step.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.auth import Gebruiker
from bot.console.kennisbank_formulier import (
    FORMULIER,
    LABELS,
    TOELICHTING,
    VELDEN,
    artikel_data,
    artikel_velden,
    formulier_uit_artikel,
    formulier_uit_request,
    fouten_per_veld,
    onbekend_team,
    publiceer_formulier,
    toelichting_problemen,
    versie_problemen,
)
from bot.console.kennisbank_verschil import verschil_per_veld
from bot.console.rechten import (
    GEEN_TOEGANG_KENNISBANK,
    GEEN_TOEGANG_TEAM,
    mag_kennisbank_bewerken,
    mag_team_van_artikel_wijzigen,
)
from bot.console.web import fout_tekst, render, vandaag
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import MAX_WOORDEN_KORT_ANTWOORD, Onderwerp, lees_onderwerpen, lees_upl_uris
from bot.kennisbank.models import KennisbankArtikel, KennisbankArtikelVersie
from bot.kennisbank.service import (
    artikel_historie,
    doorzoek_artikelen,
    haal_artikel,
    is_verouderd,
    markeer_gecontroleerd,
    publiceer_artikel,
    zoek_artikelen,
)
from bot.kennisbank.tekstzoeken import Vondst
from bot.kern import tijd
from bot.kern.db import transaction
from bot.kern.settings import load_settings
from bot.kern.validatie import Probleem
from bot.medewerkers.directory import actieve_medewerkers

log = logging.getLogger(__name__)

STANDAARD_CONTROLE_DAGEN = 180
MAX_VOORINVULLING = 200  # characters of a prefilled title, search term or example question from the query
MELDINGEN = {
    "opgeslagen": "Het artikel is opgeslagen. De digitale assistent gebruikt de nieuwe tekst meteen.",
    "nieuw": "Het nieuwe artikel is opgeslagen. De digitale assistent gebruikt het meteen.",
    "gecontroleerd": "Het artikel is gemarkeerd als gecontroleerd. De datum van vandaag is opgeslagen.",
}


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
        Route("/kennisbank/artikelen/{artikel_id}/versies/{versie:int}/verschil", verschil_pagina, methods=["GET"]),
    ]


# --- helpers -------------------------------------------------------------------------------------


def controle_dagen() -> int:
    """INGANG_KENNISBANK_CONTROLE_DAGEN: after how many days an article should be checked again."""
    waarde = os.environ.get("INGANG_KENNISBANK_CONTROLE_DAGEN", "")
    try:
        return int(waarde) if waarde.strip() else STANDAARD_CONTROLE_DAGEN
    except ValueError:
        log.warning("INGANG_KENNISBANK_CONTROLE_DAGEN=%r is geen getal; ik gebruik %d", waarde,
                    STANDAARD_CONTROLE_DAGEN)
        return STANDAARD_CONTROLE_DAGEN


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
    """The teams of the active medewerkers (the staff directory) and of the shared subject list; only when
    neither names a team (a fresh installation), the teams the articles already have."""
    teams = {team for medewerker in actieve_medewerkers(session=session) for team in medewerker.teams}
    teams.update(onderwerp.team for onderwerp in onderwerpen or [])
    return sorted(teams or {rij.team for rij in zoek_artikelen(session=session)})


class TeamVast(Exception):
    """Someone who may not move an article to another team tried to; raised inside the transaction."""


def geen_toegang(request: Request, sleutel: str = GEEN_TOEGANG_KENNISBANK) -> Response:
    """The no-access page, saying why (``sleutel``: a key of templates/namen.html FOUTEN)."""
    return render(request, "kennisbank_geen_toegang.html", {"fout": fout_tekst(sleutel)}, status=403)


def niet_gevonden(request: Request, artikel_id: str) -> Response:
    return render(request, "fout.html", {"fout": fout_tekst("artikel_onbekend", id=artikel_id)}, status=404)


# --- list ----------------------------------------------------------------------------------------


def lijst(request: Request) -> Response:
    zoek = request.query_params.get("zoek", "")[:200]
    alleen_controleren = request.query_params.get("controleren") == "1"
    dag = vandaag(request)
    max_dagen = controle_dagen()
    with transaction(request.app.state.engine) as session:
        rijen = [lijst_rij(rij, dag, max_dagen, vondsten)
                 for rij, vondsten in doorzoek_artikelen(session=session, tekst=zoek)]
    te_controleren = sum(1 for rij in rijen if rij["verouderd"])
    if alleen_controleren:
        rijen = [rij for rij in rijen if rij["verouderd"]]
    return render(request, "kennisbank_lijst.html", {
        "rijen": rijen, "zoek": zoek, "alleen_controleren": alleen_controleren, "te_controleren": te_controleren,
        "max_dagen": max_dagen, "mag_bewerken": mag_kennisbank_bewerken(request.state.gebruiker),
    })


def lijst_rij(rij: KennisbankArtikel, dag: date, max_dagen: int, vondsten: tuple[Vondst, ...] = ()) -> dict[str, Any]:
    return {"vondsten": [{"label": LABELS.get(v.veld, v.veld), "vondst": v} for v in vondsten],
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
            "mag_bewerken": mag_kennisbank_bewerken(request.state.gebruiker),
            "melding": MELDINGEN.get(request.query_params.get("gedaan", "")),
        })


def verschil_pagina(request: Request) -> Response:
    """Version N against the one before it, or (``?met=huidig``) against the current version."""
    artikel_id, versie = request.path_params["artikel_id"], request.path_params["versie"]
    met_huidig = request.query_params.get("met") == "huidig"
    with transaction(request.app.state.engine) as session:
        rij = session.get(KennisbankArtikel, artikel_id)
        if rij is None:
            return niet_gevonden(request, artikel_id)
        historie = {v.versie: v for v in artikel_historie(session=session, artikel_id=artikel_id)}
        if versie not in historie:
            return render(request, "fout.html",
                          {"fout": f"Het artikel '{artikel_id}' heeft geen versie {versie}."}, status=404)
        oud, nieuw = (historie[versie], historie.get(rij.versie)) if met_huidig else (historie.get(versie - 1),
                                                                                       historie[versie])
        vergelijkbaar = oud is not None and nieuw is not None and oud.versie != nieuw.versie
        return render(request, "kennisbank_verschil.html", {
            "rij": rij, "versie": versie, "met_huidig": met_huidig, "oud": oud, "nieuw": nieuw,
            "velden": verschil_per_veld(oud.inhoud, nieuw.inhoud) if vergelijkbaar else [],
            "vergelijkbaar": vergelijkbaar,
        })


# --- edit and add --------------------------------------------------------------------------------


def bewerk_formulier(request: Request) -> Response:
    """The edit form with the current text, or with an old version (``?versie=N``) to put it back."""
    if not mag_kennisbank_bewerken(request.state.gebruiker):
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
            if not mag_team_van_artikel_wijzigen(request.state.gebruiker):
                waarden["team"] = artikel.team  # an old version does not bring back an old team
        waarden = met_regel(waarden, "zoektermen", request.query_params.get("zoekterm", ""))
        waarden = met_regel(waarden, "voorbeeldvragen", request.query_params.get("voorbeeldvraag", ""))
        return toon_formulier(request, session, artikel_id=artikel_id, waarden=waarden, problemen=[])


def oude_versie(session: Session, artikel_id: str, versie: str) -> KennisbankArtikelVersie | None:
    if not versie.isdigit():
        return None
    return next((v for v in artikel_historie(session=session, artikel_id=artikel_id) if v.versie == int(versie)), None)


def nieuw_formulier(request: Request) -> Response:
    """The empty form; ``?titel=...&zoekterm=...`` prefill it (the links of "Vragen zonder antwoord")."""
    if not mag_kennisbank_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    waarden = {"titel": request.query_params.get("titel", "")[:MAX_VOORINVULLING]}
    with transaction(request.app.state.engine) as session:
        return toon_formulier(request, session, artikel_id=None, problemen=[],
                              waarden=met_regel(waarden, "zoektermen", request.query_params.get("zoekterm", "")))


def met_regel(waarden: dict[str, str], veld: str, regel: str) -> dict[str, str]:
    """The form's list field ``veld`` with ``regel`` (``?zoekterm=`` or ``?voorbeeldvraag=`` of a gaps link)
    added as a new line, unless it is already one of them; the editor saves it the usual way."""
    regel = " ".join(regel.split())[:MAX_VOORINVULLING]
    bestaand = waarden.get(veld, "")
    if not regel or regel.lower() in {r.strip().lower() for r in bestaand.splitlines()}:
        return waarden
    return {**waarden, veld: f"{bestaand.rstrip()}\n{regel}" if bestaand.strip() else regel}


def toon_formulier(request: Request, session: Session, *, artikel_id: str | None, waarden: Mapping[str, str],
                   problemen: list[Probleem], status: int = 200) -> Response:
    onderwerpen, _ = gedeelde_lijsten()
    per_veld, overig = fouten_per_veld(problemen)
    velden = [veld for veld in VELDEN if not (artikel_id is not None and veld.naam == "id")]
    rij = session.get(KennisbankArtikel, artikel_id) if artikel_id is not None else None
    team_vast = rij is not None and not mag_team_van_artikel_wijzigen(request.state.gebruiker)
    return render(request, "kennisbank_formulier.html", {
        "artikel_id": artikel_id, "rij": rij, "velden": velden, "toelichting": TOELICHTING, "waarden": waarden,
        "fouten": per_veld, "overige_fouten": overig, "labels": LABELS, "teams": bekende_teams(session, onderwerpen),
        "team_vast": team_vast, "max_woorden": MAX_WOORDEN_KORT_ANTWOORD,
        "actie": f"/kennisbank/artikelen/{artikel_id}/bewerken" if artikel_id else "/kennisbank/nieuw",
    }, status=status)


async def bewerk_opslaan(request: Request) -> Response:
    if not mag_kennisbank_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    waarden = formulier_uit_request(await request.form())
    waarden["id"] = request.path_params["artikel_id"]  # the id of an existing article never changes
    return await run_in_threadpool(sla_op, request, waarden, nieuw=False)


async def nieuw_opslaan(request: Request) -> Response:
    if not mag_kennisbank_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    waarden = formulier_uit_request(await request.form())
    return await run_in_threadpool(sla_op, request, waarden, nieuw=True)


def sla_op(request: Request, waarden: dict[str, str], *, nieuw: bool) -> Response:
    """Publish the form as a new version; on any problem nothing is stored and the form comes back (400)."""
    gebruiker: Gebruiker = request.state.gebruiker
    artikel_id = waarden["id"].strip()
    onderwerpen, upl_uris = gedeelde_lijsten()
    engine = request.app.state.engine

    def controleer(session: Session) -> list[Probleem]:
        rij = session.get(KennisbankArtikel, artikel_id) if artikel_id else None
        if not nieuw and rij is None:
            raise LookupError(artikel_id)
        if not nieuw and waarden["team"].strip() != rij.team and not mag_team_van_artikel_wijzigen(gebruiker):
            raise TeamVast(artikel_id)
        problemen = toelichting_problemen(waarden["toelichting"])
        team = waarden["team"].strip()
        if team and team != (rij.team if rij else None) and team not in bekende_teams(session, onderwerpen):
            problemen.append(onbekend_team(team))  # an article keeps the team it has, even one no longer known
        if not nieuw:
            problemen += versie_problemen(rij, waarden["versie"])
        if nieuw and rij is not None:
            problemen.append(Probleem(FORMULIER, "id", "Er is al een artikel met deze id. Kies een andere id, "
                                                        "of bewerk het artikel dat er al is."))
        return problemen

    def publiceer(session: Session) -> None:
        publiceer_artikel(session=session, data=artikel_data(waarden), door=gebruiker.wie,
                          toelichting=waarden["toelichting"].strip(), vandaag=vandaag(request),
                          upl_uris=upl_uris, onderwerpen=onderwerpen)

    try:
        problemen = publiceer_formulier(engine, controleer=controleer, publiceer=publiceer)
    except LookupError:
        return niet_gevonden(request, artikel_id)
    except TeamVast:
        return geen_toegang(request, GEEN_TOEGANG_TEAM)
    if problemen:
        with transaction(engine) as session:
            return toon_formulier(request, session, artikel_id=None if nieuw else artikel_id, waarden=waarden,
                                  problemen=problemen, status=400)
    gedaan = "nieuw" if nieuw else "opgeslagen"
    return RedirectResponse(f"/kennisbank/artikelen/{artikel_id}?gedaan={gedaan}", status_code=303)


# --- checked, still right -------------------------------------------------------------------------


def gecontroleerd(request: Request) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    if not mag_kennisbank_bewerken(gebruiker):
        return geen_toegang(request)
    artikel_id = request.path_params["artikel_id"]
    try:
        with transaction(request.app.state.engine) as session:
            markeer_gecontroleerd(session=session, artikel_id=artikel_id, door=gebruiker.wie, vandaag=vandaag(request))
    except LookupError:
        return niet_gevonden(request, artikel_id)
    return RedirectResponse(f"/kennisbank/artikelen/{artikel_id}?gedaan=gecontroleerd", status_code=303)
