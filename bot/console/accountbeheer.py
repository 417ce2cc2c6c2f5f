"""The accounts pages of the beheerder: /accounts (the list and a form to add one) and
/accounts/{gebruikersnaam} (switch off or on after a confirmation, reset the password, API tokens).

Every change goes through bot/console/accountacties.py, the same handlers as the JSON API, and so
through bot/accounts/service.py like the command line. ``AuthMiddleware`` has checked the session
and the CSRF token of every POST. After a change the browser is sent to the account's page (303,
post/redirect/get); a refused form comes back with what was typed (never a password) and the
problems named by the field's label (templates/namen.html ACCOUNT_VELDEN).

A generated password or a new token is shown once: the POST puts it in a short-lived cookie
(httponly, strict, only for /accounts, bound to this login session) and the page after the
redirect shows it and deletes the cookie. It is never stored on the server.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.accounts import service
from bot.accounts.models import Rol
from bot.accounts.service import MIN_WACHTWOORD_LENGTE, TOKEN_DAGEN, genereer_wachtwoord, sha256
from bot.console import accountacties
from bot.console.auth import SESSIE_COOKIE, Gebruiker
from bot.console.fouten import GeenToegang, NietGevonden, OngeldigeInvoer
from bot.console.web import render
from bot.kern.db import transaction

EENMALIG_COOKIE = "ingang_eenmalig"
EENMALIG_SECONDEN = 300
WACHTWOORDVELDEN = ("wachtwoord", "herhaling")
ACTIES = ("uitzetten", "aanzetten")  # each asks for confirmation on a page of its own


def routes() -> list[Route]:
    return [
        Route("/accounts", lijst, methods=["GET"]),
        Route("/accounts", toevoegen, methods=["POST"]),
        Route("/accounts/{gebruikersnaam}", account_pagina, methods=["GET"]),
        Route("/accounts/{gebruikersnaam}/{actie:str}", bevestig_pagina, methods=["GET"]),
        Route("/accounts/{gebruikersnaam}/{actie:str}", actie_uitvoeren, methods=["POST"]),
        Route("/accounts/{gebruikersnaam}/tokens/{token_id:int}/intrekken", token_intrekken, methods=["POST"]),
        Route("/accounts/{gebruikersnaam}/tokens/{token_id:int}/intrekken", naar_het_account, methods=["GET"]),
    ]


# --- helpers -------------------------------------------------------------------------------------


def _ingevuld(formulier) -> dict[str, str]:
    """What was typed, to show it again after a refusal: never the CSRF token or a password."""
    return {naam: str(waarde) for naam, waarde in formulier.items()
            if naam != "csrf_token" and naam not in WACHTWOORDVELDEN and isinstance(waarde, str)}


def _weigering(request: Request, fout: Exception) -> Response | None:
    if isinstance(fout, GeenToegang):
        return render(request, "fout.html", {"fout": str(fout)}, status=403)
    if isinstance(fout, NietGevonden):
        return render(request, "fout.html", {"fout": str(fout)}, status=404)
    return None


def _adres(gebruikersnaam: str, gedaan: str | None = None) -> str:
    return f"/accounts/{gebruikersnaam}" + (f"?gedaan={gedaan}" if gedaan else "")


def _sessie(request: Request) -> str:
    return sha256(request.cookies.get(SESSIE_COOKIE, ""))


def _met_eenmalig(request: Request, antwoord: Response, gebruikersnaam: str, soort: str, waarde: str) -> Response:
    inhoud = json.dumps({"account": gebruikersnaam, "soort": soort, "waarde": waarde, "sessie": _sessie(request)})
    antwoord.set_cookie(EENMALIG_COOKIE, base64.urlsafe_b64encode(inhoud.encode()).decode(), max_age=EENMALIG_SECONDEN,
                        path="/accounts", httponly=True, samesite="strict", secure=request.app.state.secure)
    return antwoord


def _lees_eenmalig(request: Request, gebruikersnaam: str) -> dict[str, str] | None:
    try:
        inhoud = json.loads(base64.urlsafe_b64decode(request.cookies.get(EENMALIG_COOKIE, "")))
    except ValueError:
        return None
    if not isinstance(inhoud, dict) or inhoud.get("account") != gebruikersnaam or inhoud.get("sessie") != _sessie(request):
        return None
    return inhoud


# --- the list and adding an account --------------------------------------------------------------


def lijst(request: Request) -> Response:
    return _toon_lijst(request, ingevuld={"wachtwoordkeuze": "genereren"})


def _toon_lijst(request: Request, *, ingevuld: dict[str, str], fout: str | None = None,
                velden: dict[str, str] | None = None, status: int = 200) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    with transaction(request.app.state.engine) as session:
        try:
            accounts = accountacties.accounts(session=session, gebruiker=gebruiker)
        except GeenToegang as f:
            return _weigering(request, f)
        return render(request, "accounts.html", {
            "accounts": accounts, "laatste_logins": service.laatste_logins(session=session),
            "medewerkers": service.medewerkers_zonder_account(session=session), "rollen": [rol.value for rol in Rol],
            "min_lengte": MIN_WACHTWOORD_LENGTE, "ingevuld": ingevuld, "fout": fout, "velden": velden or {},
        }, status=status)


async def toevoegen(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(_toevoegen, request, formulier)


def _toevoegen(request: Request, formulier) -> Response:
    ingevuld = _ingevuld(formulier)
    gegenereerd = ingevuld.get("wachtwoordkeuze") != "zelf"
    wachtwoord = genereer_wachtwoord() if gegenereerd else str(formulier.get("wachtwoord") or "")
    gegevens: dict[str, Any] = {**ingevuld, "wachtwoord": wachtwoord, "tijdelijk": True}  # the beheerder knows it
    try:
        with transaction(request.app.state.engine) as session:
            if not gegenereerd:  # the password's problems together with those of the other fields
                try:
                    service.controleer_nieuw_wachtwoord(wachtwoord, str(formulier.get("herhaling") or ""))
                except service.AccountFout as f:
                    velden = accountacties.velden_van_nieuw_account(session=session, gegevens=gegevens)
                    velden[f.veld or "wachtwoord"] = str(f)
                    melding = str(f) if len(velden) == 1 else "Niet alle velden zijn goed ingevuld."
                    raise OngeldigeInvoer(melding, velden) from f
            nieuw = accountacties.nieuw_account(session=session, gebruiker=request.state.gebruiker, gegevens=gegevens,
                                                nu=request.app.state.klok())
            naam = nieuw.gebruikersnaam
    except OngeldigeInvoer as f:
        return _toon_lijst(request, ingevuld=ingevuld, fout=f.melding, velden=f.velden, status=400)
    except (GeenToegang, NietGevonden) as f:
        return _weigering(request, f)
    antwoord = RedirectResponse(_adres(naam, "aangemaakt"), status_code=303)
    return _met_eenmalig(request, antwoord, naam, "wachtwoord", wachtwoord) if gegenereerd else antwoord


# --- one account ---------------------------------------------------------------------------------


def account_pagina(request: Request) -> Response:
    return _toon_account(request, ingevuld={"wachtwoordkeuze": "genereren"})


def _toon_account(request: Request, *, ingevuld: dict[str, str], formulier: str | None = None,
                  fout: str | None = None, velden: dict[str, str] | None = None, status: int = 200) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    naam = request.path_params["gebruikersnaam"]
    with transaction(request.app.state.engine) as session:
        try:
            account = accountacties.account(session=session, gebruiker=gebruiker, gebruikersnaam=naam)
        except (GeenToegang, NietGevonden) as f:
            return _weigering(request, f)
        eenmalig = _lees_eenmalig(request, account.gebruikersnaam) if status == 200 else None
        antwoord = render(request, "account.html", {
            "account": account, "tokens": accountacties.tokens(session=session, gebruiker=gebruiker, account=account),
            "laatste_login": service.laatste_logins(session=session).get(account.gebruikersnaam),
            "nu": request.app.state.klok(), "zelf": account.id == gebruiker.account_id,
            "gedaan": request.query_params.get("gedaan", ""), "eenmalig": eenmalig,
            "min_lengte": MIN_WACHTWOORD_LENGTE, "token_dagen": TOKEN_DAGEN, "max_token_dagen": service.MAX_TOKEN_DAGEN,
            "ingevuld": ingevuld, "formulier": formulier, "fout": fout, "velden": velden or {},
        }, status=status)
    if request.cookies.get(EENMALIG_COOKIE) and status == 200:
        antwoord.delete_cookie(EENMALIG_COOKIE, path="/accounts", httponly=True, samesite="strict",
                               secure=request.app.state.secure)
    return antwoord


def bevestig_pagina(request: Request) -> Response:
    """The confirmation before switching an account off or on; other addresses (a form's, after a
    reload) lead back to the account's page."""
    actie = request.path_params["actie"]
    if actie not in ACTIES:
        return naar_het_account(request)
    with transaction(request.app.state.engine) as session:
        try:
            account = accountacties.account(session=session, gebruiker=request.state.gebruiker,
                                            gebruikersnaam=request.path_params["gebruikersnaam"])
        except (GeenToegang, NietGevonden) as f:
            return _weigering(request, f)
        if account.actief == (actie == "aanzetten"):
            return naar_het_account(request)
        return render(request, "account_bevestigen.html", {
            "account": account, "actie": actie, "zelf": account.id == request.state.gebruiker.account_id})


def naar_het_account(request: Request) -> Response:
    return RedirectResponse(_adres(request.path_params["gebruikersnaam"]), status_code=303)


async def actie_uitvoeren(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(_actie_uitvoeren, request, formulier)


def _actie_uitvoeren(request: Request, formulier) -> Response:
    """Switching off or on (after the confirmation), a password reset or a new token."""
    actie = request.path_params["actie"]
    naam = request.path_params["gebruikersnaam"]
    gebruiker: Gebruiker = request.state.gebruiker
    ingevuld = _ingevuld(formulier)
    eenmalig: tuple[str, str] | None = None
    if actie in ACTIES and ingevuld.get("bevestigd") != "ja":
        return naar_het_account(request)
    try:
        with transaction(request.app.state.engine) as session:
            nu = request.app.state.klok()
            if actie == "uitzetten":
                account = accountacties.account_uitzetten(session=session, gebruiker=gebruiker, gebruikersnaam=naam, nu=nu)
            elif actie == "aanzetten":
                account = accountacties.account_aanzetten(session=session, gebruiker=gebruiker, gebruikersnaam=naam, nu=nu)
            elif actie == "wachtwoord":
                zelf = ingevuld.get("wachtwoordkeuze") == "zelf"
                wachtwoord = str(formulier.get("wachtwoord") or "") if zelf else genereer_wachtwoord()
                account = accountacties.wachtwoord_resetten(
                    session=session, gebruiker=gebruiker, gebruikersnaam=naam, wachtwoord=wachtwoord,
                    herhaling=str(formulier.get("herhaling") or "") if zelf else None, nu=nu)
                eenmalig = None if zelf else ("wachtwoord", wachtwoord)
            elif actie == "tokens":
                token = accountacties.token_maken(session=session, gebruiker=gebruiker, gebruikersnaam=naam,
                                                  naam=ingevuld.get("naam", ""), dagen=ingevuld.get("dagen", ""), nu=nu)
                account = accountacties.account(session=session, gebruiker=gebruiker, gebruikersnaam=naam)
                eenmalig = ("token", token)
            else:
                return naar_het_account(request)
            naam = account.gebruikersnaam
    except OngeldigeInvoer as f:
        return _toon_account(request, ingevuld=ingevuld, formulier=actie, fout=f.melding, velden=f.velden, status=400)
    except (GeenToegang, NietGevonden) as f:
        return _weigering(request, f)
    antwoord = RedirectResponse(_adres(naam, actie), status_code=303)
    return _met_eenmalig(request, antwoord, naam, *eenmalig) if eenmalig else antwoord


async def token_intrekken(request: Request) -> Response:
    return await run_in_threadpool(_token_intrekken, request)


def _token_intrekken(request: Request) -> Response:
    naam = request.path_params["gebruikersnaam"]
    try:
        with transaction(request.app.state.engine) as session:
            accountacties.token_intrekken(session=session, gebruiker=request.state.gebruiker, gebruikersnaam=naam,
                                          token_id=request.path_params["token_id"], nu=request.app.state.klok())
    except (GeenToegang, NietGevonden) as f:
        return _weigering(request, f)
    return RedirectResponse(_adres(naam, "ingetrokken"), status_code=303)
