"""The server-rendered pages: login, inbox, case page with its forms.

Forms post to the routes below; ``AuthMiddleware`` has already checked the session and the
CSRF token of every POST. After a change the browser is sent back to the case page (303).
"""

from __future__ import annotations

import secrets
from datetime import datetime, time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.beloften.service import open_belofte
from bot.console import acties, lezen
from bot.console.auth import (
    SESSIE_COOKIE,
    SESSIE_DUUR,
    Gebruiker,
    beeindig_sessie,
    binnen_limiet,
    csrf_klopt,
    noteer_poging,
    probeer_in_te_loggen,
    start_sessie,
)
from bot.console.fouten import GeenToegang, NietGevonden, OngeldigeInvoer
from bot.console.rechten import mag_wijzigen, zichtbare_zaak
from bot.console.transcript import lees_transcript
from bot.console.web import afgeschermd, lokaal, render
from bot.console.weergave import is_te_laat, live_chat_json
from bot.integraties.rasa_api import RasaApiFout
from bot.kern.db import transaction
from bot.kern.tijd import AMSTERDAM
from bot.overdracht.betrokken import betrokkenen_van_zaak
from bot.zaken.models import Belofte

LOGIN_CSRF_COOKIE = "ingang_login_csrf"
TABS = {"mijn": "mij", "team": "team", "alle": "alle"}
MELDINGEN = {
    "nagekomen": "De belofte is als nagekomen vastgelegd.",
    "verzet": "De belofte is verzet. De ondernemer krijgt bericht over het nieuwe moment.",
    "toegewezen": "De zaak is toegewezen. De ondernemer krijgt bericht over de nieuwe behandelaar.",
    "gesloten": "De zaak is afgerond.",
    "overgenomen": "U heeft het gesprek overgenomen. De digitale assistent zwijgt tot u het teruggeeft.",
    "bericht": "Uw bericht is verstuurd.",
    "teruggegeven": "U heeft het gesprek teruggegeven aan de digitale assistent.",
}
AUDIT_WOORDEN = {
    "zaak_aangemaakt": "Zaak aangemaakt",
    "belofte_gedaan": "Belofte gedaan",
    "belofte_nagekomen": "Belofte nagekomen",
    "belofte_verzet": "Belofte verzet",
    "belofte_overgedragen": "Belofte overgedragen",
    "belofte_geannuleerd": "Belofte geannuleerd",
    "belofte_te_laat": "Belofte te laat",
    "zaak_toegewezen": "Zaak toegewezen",
    "zaak_afgerond": "Zaak afgerond",
    "ondernemer_geinformeerd": "Ondernemer geïnformeerd",
    "collega_geinformeerd": "Collega van een ander team geïnformeerd",
    "gesprek_overgenomen": "Gesprek overgenomen",
    "overname_teruggegeven": "Gesprek teruggegeven",
    "overname_gesloten": "Overname beëindigd",
    "overname_verlopen": "Overname verlopen",
}


def routes() -> list[Route]:
    return [
        Route("/login", login_pagina, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", inbox, methods=["GET"]),
        Route("/zaken/{nummer}", zaak_pagina, methods=["GET"]),
        Route("/zaken/{nummer}/gesprek.json", gesprek_json, methods=["GET"]),
        Route("/zaken/{nummer}/beloften/{belofte_id:int}/nagekomen", formulier_nagekomen, methods=["POST"]),
        Route("/zaken/{nummer}/beloften/{belofte_id:int}/verzetten", formulier_verzetten, methods=["POST"]),
        Route("/zaken/{nummer}/toewijzen", formulier_toewijzen, methods=["POST"]),
        Route("/zaken/{nummer}/sluiten", formulier_sluiten, methods=["POST"]),
        Route("/zaken/{nummer}/overnemen", formulier_overnemen, methods=["POST"]),
        Route("/zaken/{nummer}/bericht", formulier_bericht, methods=["POST"]),
        Route("/zaken/{nummer}/teruggeven", formulier_teruggeven, methods=["POST"]),
    ]


# --- helpers -------------------------------------------------------------------------------------


def veilige_volgende(volgende: str | None) -> str:
    """Only a local path, never another site (open redirect)."""
    if not volgende or not volgende.startswith("/") or volgende.startswith("//") or "\\" in volgende:
        return "/"
    return volgende


# --- login and logout ----------------------------------------------------------------------------


async def login_pagina(request: Request) -> Response:
    return _login_formulier(request, fout=None, status=200)


def _login_formulier(request: Request, *, fout: str | None, status: int) -> Response:
    # Keep the browser's token when it has one: a second request for the login page (e.g. the
    # browser's own /favicon.ico, redirected here) must not invalidate the form already shown.
    bestaand = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    token = bestaand if len(bestaand) >= 32 else secrets.token_urlsafe(32)
    antwoord = render(request, "login.html", {
        "login_csrf": token, "fout": fout, "volgende": veilige_volgende(request.query_params.get("volgende")),
    }, status=status)
    antwoord.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login",
                        secure=request.app.state.secure)
    return antwoord


async def login(request: Request) -> Response:
    formulier = await request.form()
    if not csrf_klopt(request.cookies.get(LOGIN_CSRF_COOKIE), str(formulier.get("csrf_token") or "")):
        return _login_formulier(request, fout="De pagina was verlopen. Probeer het nog eens.", status=403)
    gebruikersnaam = str(formulier.get("gebruikersnaam") or "")
    wachtwoord = str(formulier.get("wachtwoord") or "")
    ip = request.client.host if request.client else "onbekend"
    resultaat = await run_in_threadpool(_log_in, request, gebruikersnaam, wachtwoord, ip)
    if resultaat == "geblokkeerd":
        return _login_formulier(
            request, fout="Te veel mislukte pogingen. Wacht 15 minuten en probeer het dan opnieuw.", status=429)
    if resultaat is None:
        return _login_formulier(request, fout="De gebruikersnaam of het wachtwoord klopt niet.", status=401)
    antwoord = RedirectResponse(veilige_volgende(str(formulier.get("volgende") or "/")), status_code=303)
    antwoord.set_cookie(
        SESSIE_COOKIE, resultaat, max_age=int(SESSIE_DUUR.total_seconds()), httponly=True, samesite="lax",
        secure=request.app.state.secure, path="/",
    )
    antwoord.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return antwoord


def _log_in(request: Request, gebruikersnaam: str, wachtwoord: str, ip: str) -> str | None:
    """The new session id, None for a wrong login, or "geblokkeerd" when rate-limited."""
    nu = request.app.state.klok()
    with transaction(request.app.state.engine) as session:  # committed before counting (bot/console/auth.py)
        poging_id = noteer_poging(session=session, gebruikersnaam=gebruikersnaam, ip=ip, nu=nu)
    with transaction(request.app.state.engine) as session:
        if not binnen_limiet(session=session, poging_id=poging_id, nu=nu):
            return "geblokkeerd"
        account = probeer_in_te_loggen(session=session, poging_id=poging_id, wachtwoord=wachtwoord, nu=nu)
        if account is None:
            return None
        oud = request.cookies.get(SESSIE_COOKIE)
        if oud:
            beeindig_sessie(session=session, sessie_id=oud)
        sessie_id, _ = start_sessie(session=session, account=account, nu=nu)
        return sessie_id


def logout(request: Request) -> Response:
    with transaction(request.app.state.engine) as session:
        beeindig_sessie(session=session, sessie_id=request.cookies.get(SESSIE_COOKIE, ""))
    antwoord = RedirectResponse("/login", status_code=303)
    antwoord.delete_cookie(SESSIE_COOKIE, path="/")
    return antwoord


# --- inbox and case page -------------------------------------------------------------------------


def inbox(request: Request) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    standaard = "mijn" if gebruiker.medewerker_id is not None else "alle"
    tab = request.query_params.get("tab", standaard)
    if tab not in TABS:
        tab = standaard
    nu = request.app.state.klok()
    with transaction(request.app.state.engine) as session:
        zaken = lezen.zaken_lijst(session=session, gebruiker=gebruiker, van=TABS[tab], status=lezen.NIET_AFGEROND)
        rijen = [{"zaak": z, "belofte": open_belofte(z)} for z in zaken]
        for rij in rijen:
            rij["te_laat"] = rij["belofte"] is not None and is_te_laat(rij["belofte"], nu)
        live = [live_chat_json(z, op) for z, op in lezen.live_chats(session=session, gebruiker=gebruiker, nu=nu)]
        return render(request, "inbox.html", {"tab": tab, "tabs": list(TABS), "rijen": rijen, "live_chats": live})


def gesprek_json(request: Request) -> Response:
    """The transcript and takeover of a case as JSON; the case page polls it to stay live."""
    with transaction(request.app.state.engine) as session:
        try:
            zaak = zichtbare_zaak(session=session, gebruiker=request.state.gebruiker,
                                  nummer=request.path_params["nummer"])
        except NietGevonden as f:
            return JSONResponse({"fout": str(f)}, status_code=404)
        overname = lezen.overname_van_zaak(session=session, zaak=zaak)
        gesprek_id, overgenomen_door = zaak.gesprek_id, overname.medewerker.naam if overname else None
        afschermen = not mag_wijzigen(session=session, gebruiker=request.state.gebruiker, zaak=zaak)
    transcript, fout = lees_transcript(request.app.state.rasa, gesprek_id)
    return JSONResponse({
        "regels": [{"soort": r.soort, "wie": r.wie, "tekst": afgeschermd(r.tekst, afschermen),
                    "op": lokaal(r.op) if r.op else None} for r in transcript],
        "overgenomen_door": overgenomen_door, "fout": fout,
    })


def zaak_pagina(request: Request) -> Response:
    return _toon_zaak(request, request.path_params["nummer"])


def _toon_zaak(request: Request, nummer: str, *, fout: str | None = None, velden: dict[str, str] | None = None,
               status: int = 200) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    nu = request.app.state.klok()
    with transaction(request.app.state.engine) as session:
        try:
            zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
        except NietGevonden as f:
            return render(request, "fout.html", {"fout": str(f)}, status=404)
        beloften = [{"belofte": b, "te_laat": is_te_laat(b, nu)} for b in zaak.beloften]
        geschiedenis = [
            {"regel": r, "wat": AUDIT_WOORDEN.get(r.wat, r.wat.replace("_", " ")), "details": _details(r.details)}
            for r in lezen.audit_van_zaak(session=session, zaak=zaak)
        ]
        transcript, transcript_fout = lees_transcript(request.app.state.rasa, zaak.gesprek_id)
        return render(request, "zaak.html", {
            "transcript": transcript, "transcript_fout": transcript_fout,
            "overname": lezen.overname_van_zaak(session=session, zaak=zaak),
            "berichten": lezen.berichten_van_zaak(session=session, zaak=zaak),
            "zaak": zaak, "ondernemer": zaak.ondernemer, "beloften": beloften, "open_belofte": open_belofte(zaak),
            "betrokken": betrokkenen_van_zaak(session=session, zaak=zaak),
            "geschiedenis": geschiedenis, "collega_s": lezen.collega_s(session=session),
            "mag_wijzigen": mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak),
            "melding": MELDINGEN.get(request.query_params.get("gedaan", "")), "fout": fout, "velden": velden or {},
        }, status=status)


# Audit details that only matter to a developer; the page leaves them out.
TECHNISCHE_DETAILS = {"nummer", "ondernemer_id", "gesprek_id", "bericht_id", "nieuwe_belofte_id"}


def _details(details: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Audit details as (label, text) for people: dates in Dutch, lists joined, technical keys left out."""
    if not details:
        return []
    regels = []
    for sleutel, waarde in details.items():
        if sleutel in TECHNISCHE_DETAILS or waarde in (None, "", [], {}):
            continue
        regels.append((sleutel.replace("_", " "), _als_tekst(waarde)))
    return regels


def _als_tekst(waarde: Any) -> str:
    if isinstance(waarde, list):
        return ", ".join(_als_tekst(w) for w in waarde)
    if isinstance(waarde, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {_als_tekst(v)}" for k, v in waarde.items())
    if isinstance(waarde, str) and len(waarde) >= 16 and waarde[4:5] == "-" and "T" in waarde:
        try:
            return lokaal(datetime.fromisoformat(waarde))
        except ValueError:
            return waarde
    return str(waarde).replace("_", " ") if isinstance(waarde, str) and " " not in waarde else str(waarde)


# --- forms ---------------------------------------------------------------------------------------


async def formulier_nagekomen(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(_wijzig, request, "nagekomen", lambda s, g, nu: acties.nagekomen(
        session=s, gebruiker=g, belofte_id=_belofte_van_zaak(s, request), notitie=str(formulier.get("notitie") or ""),
        nu=nu))


async def formulier_verzetten(request: Request) -> Response:
    formulier = await request.form()
    deadline = lees_lokale_deadline(str(formulier.get("datum") or ""), str(formulier.get("tijd") or ""))
    return await run_in_threadpool(_wijzig, request, "verzet", lambda s, g, nu: acties.verzetten(
        session=s, gebruiker=g, belofte_id=_belofte_van_zaak(s, request), deadline=deadline,
        reden=str(formulier.get("reden") or ""), nu=nu))


async def formulier_toewijzen(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(_wijzig, request, "toegewezen", lambda s, g, nu: acties.toewijzen(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], sleutel=str(formulier.get("medewerker") or ""),
        nu=nu))


async def formulier_sluiten(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(_wijzig, request, "gesloten", lambda s, g, nu: acties.sluiten(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], notitie=str(formulier.get("notitie") or ""),
        nu=nu, rasa=request.app.state.rasa))


async def formulier_overnemen(request: Request) -> Response:
    return await run_in_threadpool(_wijzig, request, "overgenomen", lambda s, g, nu: acties.neem_over(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], rasa=request.app.state.rasa, nu=nu))


async def formulier_bericht(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(_wijzig, request, "bericht", lambda s, g, nu: acties.stuur_bericht(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], tekst=str(formulier.get("tekst") or ""),
        rasa=request.app.state.rasa, nu=nu))


async def formulier_teruggeven(request: Request) -> Response:
    return await run_in_threadpool(_wijzig, request, "teruggegeven", lambda s, g, nu: acties.geef_terug(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], rasa=request.app.state.rasa, nu=nu))


def _belofte_van_zaak(session, request: Request) -> int:
    """The promise id of the URL, only when it belongs to the case of the URL."""
    belofte_id = request.path_params["belofte_id"]
    belofte = session.get(Belofte, belofte_id)
    if belofte is None or belofte.zaak.nummer != request.path_params["nummer"].strip().upper():
        raise NietGevonden("Deze belofte hoort niet bij deze zaak.")
    return belofte_id


def _wijzig(request: Request, gedaan: str, werk) -> Response:
    nummer = request.path_params["nummer"]
    try:
        with transaction(request.app.state.engine) as session:
            werk(session, request.state.gebruiker, request.app.state.klok())
    except OngeldigeInvoer as f:
        return _toon_zaak(request, nummer, fout=f.melding, velden=f.velden, status=400)
    except GeenToegang as f:
        return _toon_zaak(request, nummer, fout=str(f), status=403)
    except NietGevonden as f:
        return render(request, "fout.html", {"fout": str(f)}, status=404)
    except RasaApiFout:  # a takeover Rasa refused right after the commit, undone (bot/overname/protocol.py)
        return _toon_zaak(request, nummer, fout=acties.RASA_WEG, status=400)
    return RedirectResponse(f"/zaken/{nummer}?gedaan={gedaan}", status_code=303)


def lees_lokale_deadline(datum: str, tijd_tekst: str) -> datetime | None:
    """A date (JJJJ-MM-DD) and time (UU:MM) from the form, as Amsterdam time; None when unreadable."""
    try:
        dag = datetime.strptime(datum.strip(), "%Y-%m-%d").date()
        uur = time.fromisoformat(tijd_tekst.strip())
    except ValueError:
        return None
    return datetime.combine(dag, uur, tzinfo=AMSTERDAM)
