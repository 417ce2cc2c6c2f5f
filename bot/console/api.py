"""The JSON staff API. Thin handlers: read input, call bot/console/lezen.py or acties.py in one
transaction, answer with the shapes of bot/console/weergave.py.

Errors are JSON with a Dutch message: ``{"fout": "...", "velden": {"deadline": "..."}}``
(400), 403 when the user may not do this, 404 when the case or promise does not exist or is
not visible to the user.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.console import accountacties, acties, lezen, rechten
from bot.console.auth import Gebruiker
from bot.console.fouten import GeenToegang, NietGevonden, OngeldigeInvoer
from bot.console.inbox import inbox_json, lees_inbox
from bot.console.weergave import account_json, belofte_json, live_chat_json, zaak_json, zaak_kort_json
from bot.kern.db import transaction
from bot.kern.tijd import utc
from bot.zaken.models import BelofteStatus


def routes() -> list[Route]:
    return [
        Route("/api/zaken", lijst_zaken, methods=["GET"]),
        Route("/api/zaken/{nummer}", toon_zaak, methods=["GET"]),
        Route("/api/zaken/{nummer}/toewijzen", wijs_zaak_toe, methods=["POST"]),
        Route("/api/zaken/{nummer}/sluiten", sluit_zaak, methods=["POST"]),
        Route("/api/beloften", lijst_beloften, methods=["GET"]),
        Route("/api/live-chats", lijst_live_chats, methods=["GET"]),
        Route("/api/inbox", toon_inbox, methods=["GET"]),
        Route("/api/beloften/{belofte_id:int}/nagekomen", belofte_nagekomen, methods=["POST"]),
        Route("/api/beloften/{belofte_id:int}/verzetten", belofte_verzetten, methods=["POST"]),
        Route("/api/accounts", lijst_accounts, methods=["GET"]),
        Route("/api/accounts", maak_account, methods=["POST"]),
        Route("/api/accounts/{gebruikersnaam}/uitzetten", zet_account_uit, methods=["POST"]),
    ]


# --- plumbing ------------------------------------------------------------------------------------


def gebruiker(request: Request) -> Gebruiker:
    return request.state.gebruiker


def fout(status: int, melding: str, velden: dict[str, str] | None = None) -> JSONResponse:
    inhoud: dict[str, Any] = {"fout": melding}
    if velden:
        inhoud["velden"] = velden
    return JSONResponse(inhoud, status_code=status)


def uitvoeren(request: Request, werk: Callable[..., Any]) -> JSONResponse:
    """Run ``werk(session, gebruiker, nu)`` in one transaction; turn refusals into Dutch error JSON."""
    nu: datetime = request.app.state.klok()
    try:
        with transaction(request.app.state.engine) as session:
            return JSONResponse(werk(session, gebruiker(request), nu))
    except OngeldigeInvoer as f:
        return fout(400, f.melding, f.velden)
    except GeenToegang as f:
        return fout(403, str(f))
    except NietGevonden as f:
        return fout(404, str(f))


async def lees_json(request: Request) -> dict[str, Any]:
    """The JSON object of the body; an empty body is an empty object."""
    body = await request.body()
    if not body.strip():
        return {}
    try:
        gegevens = json.loads(body)
    except ValueError as f:
        raise OngeldigeInvoer("De inhoud is geen geldige JSON.") from f
    if not isinstance(gegevens, dict):
        raise OngeldigeInvoer("Stuur een JSON-object, bijvoorbeeld {\"notitie\": \"...\"}.")
    return gegevens


def lees_deadline(waarde: Any) -> datetime | None:
    """ISO 8601 with a UTC offset (``Z`` allowed); None when missing, unreadable or without offset."""
    if not isinstance(waarde, str) or not waarde.strip():
        return None
    tekst = waarde.strip()
    if tekst.endswith(("Z", "z")):
        tekst = tekst[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(tekst)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return utc(moment)


def tekstveld(gegevens: dict[str, Any], naam: str) -> str | None:
    waarde = gegevens.get(naam)
    if waarde is not None and not isinstance(waarde, str):
        raise OngeldigeInvoer("Niet alle velden zijn goed ingevuld.", {naam: "Dit veld moet tekst zijn."})
    return waarde


async def met_json(request: Request, werk: Callable[[dict[str, Any]], Callable[..., Any]]) -> JSONResponse:
    try:
        gegevens = await lees_json(request)
    except OngeldigeInvoer as f:
        return fout(400, f.melding, f.velden)
    return await run_in_threadpool(uitvoeren, request, lambda s, g, nu: werk(gegevens)(s, g, nu))


# --- reading -------------------------------------------------------------------------------------


def lijst_zaken(request: Request) -> JSONResponse:
    van = request.query_params.get("van", "mij")
    status = request.query_params.get("status", lezen.NIET_AFGEROND)
    return uitvoeren(request, lambda s, g, nu: {
        "zaken": [zaak_kort_json(z, nu) for z in lezen.zaken_lijst(session=s, gebruiker=g, van=van, status=status)]
    })


def lijst_live_chats(request: Request) -> JSONResponse:
    """Entrepreneurs waiting for a live chat ("nu chatten met een medewerker"); the inbox polls this."""
    return uitvoeren(request, lambda s, g, nu: {
        "live_chats": [live_chat_json(z, op) for z, op in lezen.live_chats(session=s, gebruiker=g, nu=nu)]
    })


def toon_inbox(request: Request) -> JSONResponse:
    """The inbox of one tab (``?tab=``; else the first with work): counts, rows, waiting chats. The inbox polls this."""
    tab = request.query_params.get("tab")
    return uitvoeren(request, lambda s, g, nu: inbox_json(lees_inbox(session=s, gebruiker=g, nu=nu, gevraagd=tab), nu))


def toon_zaak(request: Request) -> JSONResponse:
    nummer = request.path_params["nummer"]
    def toon(s, g, nu):
        zaak = rechten.zichtbare_zaak(session=s, gebruiker=g, nummer=nummer)
        return zaak_json(session=s, zaak=zaak, nu=nu, met_contact=rechten.mag_wijzigen(session=s, gebruiker=g, zaak=zaak))

    return uitvoeren(request, toon)


def lijst_beloften(request: Request) -> JSONResponse:
    status = request.query_params.get("status", BelofteStatus.OPEN)
    return uitvoeren(request, lambda s, g, nu: {
        "beloften": [belofte_json(b, nu) for b in lezen.beloften_lijst(session=s, gebruiker=g, status=status)]
    })


def lijst_accounts(request: Request) -> JSONResponse:
    return uitvoeren(request, lambda s, g, nu: {
        "accounts": [account_json(a) for a in accountacties.accounts(session=s, gebruiker=g)]
    })


# --- changing ------------------------------------------------------------------------------------


async def belofte_nagekomen(request: Request) -> JSONResponse:
    belofte_id = request.path_params["belofte_id"]
    return await met_json(request, lambda d: lambda s, g, nu: belofte_json(
        acties.nagekomen(session=s, gebruiker=g, belofte_id=belofte_id, notitie=tekstveld(d, "notitie"), nu=nu), nu))


async def belofte_verzetten(request: Request) -> JSONResponse:
    belofte_id = request.path_params["belofte_id"]
    return await met_json(request, lambda d: lambda s, g, nu: belofte_json(
        acties.verzetten(session=s, gebruiker=g, belofte_id=belofte_id, deadline=lees_deadline(d.get("deadline")),
                         reden=tekstveld(d, "reden"), nu=nu, buiten_werktijd=d.get("buiten_werktijd") is True), nu))


async def wijs_zaak_toe(request: Request) -> JSONResponse:
    nummer = request.path_params["nummer"]
    return await met_json(request, lambda d: lambda s, g, nu: zaak_json(
        session=s, zaak=acties.toewijzen(session=s, gebruiker=g, nummer=nummer, sleutel=tekstveld(d, "medewerker"),
                                         nu=nu), nu=nu, met_contact=True))  # only who may change a case gets here


async def sluit_zaak(request: Request) -> JSONResponse:
    nummer = request.path_params["nummer"]
    return await met_json(request, lambda d: lambda s, g, nu: zaak_json(
        session=s, zaak=acties.sluiten(session=s, gebruiker=g, nummer=nummer, notitie=tekstveld(d, "notitie"), nu=nu,
                                       rasa=request.app.state.rasa, bericht=tekstveld(d, "bericht")),
        nu=nu, met_contact=True))  # only who may change a case gets here


async def maak_account(request: Request) -> JSONResponse:
    return await met_json(request, lambda d: lambda s, g, nu: account_json(
        accountacties.nieuw_account(session=s, gebruiker=g, gegevens=d, nu=nu)))


async def zet_account_uit(request: Request) -> JSONResponse:
    naam = request.path_params["gebruikersnaam"]
    return await met_json(request, lambda d: lambda s, g, nu: account_json(
        accountacties.account_uitzetten(session=s, gebruiker=g, gebruikersnaam=naam, nu=nu)))
