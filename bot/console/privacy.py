"""Requests to see or erase personal data (AVG art. 15 and 17): the page /privacy.

For the privacy officer (role ``privacy``) and beheerders (bot/console/rechten.py). They search on
what the entrepreneur can tell (case number, KvK, phone, e-mail; ``bot.privacy.dossier``), see who
and what was found and how much each store holds, download it all as one JSON file
(``bot.privacy.inzage``), or erase it (``bot.privacy.wissen``) after typing WISSEN. Downloading and
erasing are POSTs (CSRF-checked) and leave an audit row that names no person; after an erasure the
page is shown again by redirect (post/redirect/get) with what was removed and what the municipality
must still erase in Open Klant. The texts are in templates/privacy.html.
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.fouten import GeenToegang
from bot.console.rechten import moet_privacyverzoeken_behandelen
from bot.console.web import render, tracker_engine
from bot.integraties.mailsink import standaard_map
from bot.kern.db import transaction
from bot.privacy.dossier import OnbekendeZoekterm, lees_zoekterm, zoek_dossier
from bot.privacy.inzage import als_bestand, exporteer
from bot.privacy.wissen import GEWIST, wis_dossier
from bot.zaken.models import AuditRegel
from bot.zaken.service import schrijf_audit

BEVESTIGING = "WISSEN"
INGEZIEN = "gegevens_ingezien"


def routes() -> list[Route]:
    return [
        Route("/privacy", pagina, methods=["GET"]),
        Route("/privacy/export", export, methods=["POST"]),
        Route("/privacy/wissen", wissen, methods=["POST"]),
    ]


def mailmap(request: Request) -> Path:
    """The mail sink's folder: the app's (tests) or the one ``scripts/run`` uses."""
    return getattr(request.app.state, "mailmap", None) or standaard_map()


async def pagina(request: Request) -> Response:
    zoek = request.query_params.get("zoek", "")[:200]
    gewist = request.query_params.get("gewist", "")
    return await run_in_threadpool(_toon, request, zoek=zoek, gewist=int(gewist) if gewist.isdigit() else None)


def _toon(request: Request, *, zoek: str, gewist: int | None = None, fout: str | None = None,
          status: int = 200) -> Response:
    try:
        moet_privacyverzoeken_behandelen(request.state.gebruiker)
    except GeenToegang as geen:
        return render(request, "privacy.html", {"geen_toegang": str(geen)}, status=403)
    context: dict = {"zoek": zoek, "fout": fout, "bevestiging": BEVESTIGING}
    with transaction(request.app.state.engine) as session:
        if gewist is not None:
            context["gewist"] = session.get(AuditRegel, gewist)
            if context["gewist"] is None or context["gewist"].wat != GEWIST:
                context["gewist"] = None
        if zoek.strip():
            try:
                dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm(zoek))
            except OnbekendeZoekterm:
                context["fout"], status = "onbekende_zoekterm", 400
            else:
                context["dossier"] = dossier
                context["document"] = exporteer(session=session, tracker=tracker_engine(request),
                                                mailmap=mailmap(request), dossier=dossier, nu=request.app.state.klok())
        return render(request, "privacy.html", context, status=status)


async def export(request: Request) -> Response:
    zoek = str((await request.form()).get("zoek") or "")[:200]
    return await run_in_threadpool(_export, request, zoek)


def _export(request: Request, zoek: str) -> Response:
    try:
        moet_privacyverzoeken_behandelen(request.state.gebruiker)
        zoekterm = lees_zoekterm(zoek)
    except (GeenToegang, OnbekendeZoekterm):
        return _toon(request, zoek=zoek)
    nu = request.app.state.klok()
    with transaction(request.app.state.engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=zoekterm)
        document = exporteer(session=session, tracker=tracker_engine(request), mailmap=mailmap(request),
                             dossier=dossier, nu=nu)
        schrijf_audit(session=session, wie=request.state.gebruiker.wie, wat=INGEZIEN, moment=nu,
                      details={"gezocht_op": zoekterm.soort, "tabellen": {naam: len(rijen) for naam, rijen in
                                                                          document["tabellen"].items()}})
    naam = f"gegevens-{nu:%Y%m%d-%H%M%S}.json"
    return Response(als_bestand(document), media_type="application/json; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{naam}"', "Cache-Control": "no-store"})


async def wissen(request: Request) -> Response:
    velden = await request.form()
    zoek, bevestiging = (str(velden.get(naam) or "")[:200] for naam in ("zoek", "bevestiging"))
    return await run_in_threadpool(_wis, request, zoek, bevestiging)


def _wis(request: Request, zoek: str, bevestiging: str) -> Response:
    try:
        moet_privacyverzoeken_behandelen(request.state.gebruiker)
        zoekterm = lees_zoekterm(zoek)
    except (GeenToegang, OnbekendeZoekterm):
        return _toon(request, zoek=zoek)
    if bevestiging.strip().upper() != BEVESTIGING:
        return _toon(request, zoek=zoek, fout="niet_bevestigd", status=400)
    with transaction(request.app.state.engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=zoekterm)
        wissing = wis_dossier(session=session, tracker=tracker_engine(request), mailmap=mailmap(request),
                              dossier=dossier, wie=request.state.gebruiker.wie, nu=request.app.state.klok())
    return RedirectResponse(f"/privacy?gewist={wissing.audit_id}", status_code=303)
