"""The server-rendered pages: login, inbox, case page with its forms.

Forms post to the routes below; ``AuthMiddleware`` has already checked the session and the
CSRF token of every POST. After a change the browser is sent back to the case page (303,
post/redirect/get); a refused form comes back with what was typed and the problems named by the
field's own label (templates/namen.html VELDEN). A GET of a form's address (a reload or a bookmark
after a refused form) leads back to the case page. Closing a case asks for confirmation first, on
a page of its own (no JavaScript needed).
"""

from __future__ import annotations

import secrets
from datetime import datetime, time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
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
from bot.console.chatpaneel import paneelstaat, snelle_antwoorden
from bot.console.fouten import GeenToegang, NietGevonden, OngeldigeInvoer
from bot.console.geschiedenis import geschiedenis
from bot.console.inbox import inbox_rij, lees_inbox
from bot.console.rechten import mag_wijzigen, te_wijzigen_zaak, zichtbare_zaak
from bot.console.transcript import lees_transcript
from bot.console.web import fout_tekst, render, vandaag
from bot.console.weergave import is_te_laat
from bot.integraties.rasa_api import RasaApiFout
from bot.kern.db import transaction
from bot.kern.tijd import AMSTERDAM
from bot.overdracht.betrokken import betrokkenen_van_zaak
from bot.overdracht.vragen import detail_labels
from bot.zaken.models import Belofte, ZaakStatus

LOGIN_CSRF_COOKIE = "ingang_login_csrf"
# The words of the case page (what happened, messages after a change) are in templates/namen.html.


def routes() -> list[Route]:
    return [
        Route("/login", login_pagina, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", inbox, methods=["GET"]),
        Route("/zaken/{nummer}", zaak_pagina, methods=["GET"]),
        Route("/zaken/{nummer}/beloften/{belofte_id:int}/nagekomen", formulier_nagekomen, methods=["POST"]),
        Route("/zaken/{nummer}/beloften/{belofte_id:int}/verzetten", formulier_verzetten, methods=["POST"]),
        Route("/zaken/{nummer}/toewijzen", formulier_toewijzen, methods=["POST"]),
        Route("/zaken/{nummer}/afronden", afronden_pagina, methods=["GET"]),
        Route("/zaken/{nummer}/sluiten", formulier_sluiten, methods=["POST"]),
        Route("/zaken/{nummer}/overnemen", formulier_overnemen, methods=["POST"]),
        Route("/zaken/{nummer}/bericht", formulier_bericht, methods=["POST"]),
        Route("/zaken/{nummer}/teruggeven", formulier_teruggeven, methods=["POST"]),
        Route("/zaken/{nummer}/heropenen", formulier_heropenen, methods=["POST"]),
        *[Route(pad, naar_de_zaak, methods=["GET"]) for pad in FORMULIER_PADEN],
    ]


# The forms' addresses; a GET of one (the address bar after a refused form) goes to the case page.
FORMULIER_PADEN = (
    "/zaken/{nummer}/beloften/{belofte_id:int}/nagekomen", "/zaken/{nummer}/beloften/{belofte_id:int}/verzetten",
    "/zaken/{nummer}/toewijzen", "/zaken/{nummer}/sluiten", "/zaken/{nummer}/overnemen", "/zaken/{nummer}/bericht",
    "/zaken/{nummer}/teruggeven", "/zaken/{nummer}/heropenen",
)


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
    return toon_inbox(request)


def toon_inbox(request: Request, *, fout: str | None = None, velden: dict[str, str] | None = None,
               status: int = 200) -> Response:
    """The inbox; after a refused action on a waiting chat (bot/console/wachtrij.py) with its problem."""
    gebruiker: Gebruiker = request.state.gebruiker
    nu = request.app.state.klok()
    with transaction(request.app.state.engine) as session:
        gegevens = lees_inbox(session=session, gebruiker=gebruiker, nu=nu, gevraagd=request.query_params.get("tab"))
        return render(request, "inbox.html", {
            "inbox": gegevens, "tab": gegevens.tab, "tabs": gegevens.tabs, "tellingen": gegevens.tellingen,
            "rijen": [inbox_rij(z, nu) for z in gegevens.zaken], "live_chats": gegevens.live_chats,
            "bekende_zaken": " ".join(z.nummer for z in gegevens.alle_zaken),
            "gedaan": request.query_params.get("gedaan", ""), "fout": fout, "velden": velden or {}, "ingevuld": {},
        }, status=status)


def zaak_pagina(request: Request) -> Response:
    return _toon_zaak(request, request.path_params["nummer"])


def _toon_zaak(request: Request, nummer: str, *, fout: str | None = None, velden: dict[str, str] | None = None,
               ingevuld: dict[str, str] | None = None, status: int = 200) -> Response:
    """The case page; after a refused form with its problems (``fout``, ``velden``) and what was typed
    (``ingevuld``, with ``formulier``: which form)."""
    gebruiker: Gebruiker = request.state.gebruiker
    nu = request.app.state.klok()
    with transaction(request.app.state.engine) as session:
        try:
            zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
        except NietGevonden as f:
            return render(request, "fout.html", {"fout": str(f)}, status=404)
        beloften = [{"belofte": b, "te_laat": is_te_laat(b, nu)} for b in zaak.beloften]
        transcript, transcript_fout = lees_transcript(request.app.state.rasa, zaak.gesprek_id)
        return render(request, "zaak.html", {
            "transcript": transcript, "transcript_fout": transcript_fout,
            "overname": lezen.overname_van_zaak(session=session, zaak=zaak),
            "berichten": lezen.berichten_van_zaak(session=session, zaak=zaak),
            "zaak": zaak, "ondernemer": zaak.ondernemer, "beloften": beloften, "open_belofte": open_belofte(zaak),
            "detail_labels": detail_labels(),
            "betrokken": betrokkenen_van_zaak(session=session, zaak=zaak),
            "geschiedenis": geschiedenis(session=session, zaak=zaak), "collega_s": lezen.collega_s(session=session),
            "mag_wijzigen": mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak),
            "paneel": paneelstaat(session=session, gebruiker=gebruiker, zaak=zaak, nu=nu),
            "snelle_antwoorden": snelle_antwoorden(), "max_chatbericht": acties.MAX_CHATBERICHT,
            "gedaan": request.query_params.get("gedaan", ""), "fout": fout, "velden": velden or {},
            "ingevuld": ingevuld or {}, "vandaag": vandaag(request),
        }, status=status)


def afronden_pagina(request: Request) -> Response:
    return _toon_afronden(request, ingevuld={"formulier": "sluiten"})


def _toon_afronden(request: Request, *, ingevuld: dict[str, str], fout: str | None = None,
                   velden: dict[str, str] | None = None, status: int = 200) -> Response:
    """The confirmation before closing a case: what will happen, a note, and a message to the entrepreneur."""
    gebruiker: Gebruiker = request.state.gebruiker
    with transaction(request.app.state.engine) as session:
        try:
            zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=request.path_params["nummer"])
        except NietGevonden as f:
            return render(request, "fout.html", {"fout": str(f)}, status=404)
        except GeenToegang as f:
            return render(request, "fout.html", {"fout": str(f)}, status=403)
        if zaak.status == ZaakStatus.AFGEROND:
            return RedirectResponse(f"/zaken/{zaak.nummer}", status_code=303)
        return render(request, "zaak_afronden.html", {
            "zaak": zaak, "open_belofte": open_belofte(zaak), "overname": lezen.overname_van_zaak(session=session, zaak=zaak),
            "kan_bericht": bool(zaak.kanaal and zaak.gesprek_id), "max_bericht": acties.MAX_SLOTBERICHT,
            "ingevuld": ingevuld, "fout": fout, "velden": velden or {},
        }, status=status)


def naar_de_zaak(request: Request) -> Response:
    return RedirectResponse(f"/zaken/{request.path_params['nummer']}", status_code=303)


# --- forms ---------------------------------------------------------------------------------------


async def formulier_nagekomen(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(wijzig, request, "nagekomen", formulier, lambda s, g, nu: acties.nagekomen(
        session=s, gebruiker=g, belofte_id=_belofte_van_zaak(s, request), notitie=str(formulier.get("notitie") or ""),
        nu=nu))


async def formulier_verzetten(request: Request) -> Response:
    formulier = await request.form()
    deadline = lees_lokale_deadline(str(formulier.get("datum") or ""), str(formulier.get("tijd") or ""))
    return await run_in_threadpool(wijzig, request, "verzet", formulier, lambda s, g, nu: acties.verzetten(
        session=s, gebruiker=g, belofte_id=_belofte_van_zaak(s, request), deadline=deadline,
        reden=str(formulier.get("reden") or ""), nu=nu, buiten_werktijd=formulier.get("buiten_werktijd") == "ja"))


async def formulier_toewijzen(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(wijzig, request, "toegewezen", formulier, lambda s, g, nu: acties.toewijzen(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], sleutel=str(formulier.get("medewerker") or ""),
        nu=nu, ook_afwezig=formulier.get("bevestig_beschikbaarheid") == "ja"))


async def formulier_sluiten(request: Request) -> Response:
    """Close the case, only when confirmed on the confirmation page; otherwise that page is shown."""
    formulier = await request.form()
    ingevuld = {**_ingevuld(formulier), "formulier": "sluiten"}
    if ingevuld.get("bevestigd") != "ja":
        return await run_in_threadpool(_toon_afronden, request, ingevuld=ingevuld)
    bericht = ingevuld.get("bericht", "").strip()
    return await run_in_threadpool(
        wijzig, request, "gesloten_met_bericht" if bericht else "gesloten", formulier,
        lambda s, g, nu: acties.sluiten(session=s, gebruiker=g, nummer=request.path_params["nummer"],
                                        notitie=ingevuld.get("notitie", ""), bericht=bericht, nu=nu,
                                        rasa=request.app.state.rasa),
        opnieuw=lambda fout, velden, status: _toon_afronden(request, ingevuld=ingevuld, fout=fout, velden=velden,
                                                            status=status))


async def formulier_overnemen(request: Request) -> Response:
    return await run_in_threadpool(wijzig, request, "overgenomen", None, lambda s, g, nu: acties.neem_over(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], rasa=request.app.state.rasa, nu=nu))


async def formulier_bericht(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(wijzig, request, "bericht", formulier, lambda s, g, nu: acties.stuur_bericht(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], tekst=str(formulier.get("tekst") or ""),
        rasa=request.app.state.rasa, nu=nu))


async def formulier_teruggeven(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(wijzig, request, "teruggegeven", formulier, lambda s, g, nu: acties.geef_terug(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], rasa=request.app.state.rasa, nu=nu,
        notitie=str(formulier.get("notitie") or "")))


async def formulier_heropenen(request: Request) -> Response:
    formulier = await request.form()
    return await run_in_threadpool(wijzig, request, "heropend", formulier, lambda s, g, nu: acties.heropenen(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], reden=str(formulier.get("reden") or ""), nu=nu))


def _belofte_van_zaak(session, request: Request) -> int:
    """The promise id of the URL, only when it belongs to the case of the URL."""
    belofte_id = request.path_params["belofte_id"]
    belofte = session.get(Belofte, belofte_id)
    if belofte is None or belofte.zaak.nummer != request.path_params["nummer"].strip().upper():
        raise NietGevonden("Deze belofte hoort niet bij deze zaak.")
    return belofte_id


def _ingevuld(formulier) -> dict[str, str]:
    """What was typed in a form, to show it again when the form is refused (never the CSRF token)."""
    if formulier is None:
        return {}
    return {naam: str(waarde) for naam, waarde in formulier.items() if naam != "csrf_token" and isinstance(waarde, str)}


def wijzig(request: Request, gedaan: str, formulier, werk, opnieuw=None) -> Response:
    """Run a form's change in one transaction; then back to the case page (303, post/redirect/get).

    A refused change shows the form again (``opnieuw``, default the case page) with what was typed;
    ``gedaan`` names both the form and the message shown after it went through.
    """
    nummer = request.path_params["nummer"]
    ingevuld = {**_ingevuld(formulier), "formulier": gedaan}
    opnieuw = opnieuw or (lambda fout, velden, status: _toon_zaak(request, nummer, fout=fout, velden=velden,
                                                                  ingevuld=ingevuld, status=status))
    try:
        with transaction(request.app.state.engine) as session:
            werk(session, request.state.gebruiker, request.app.state.klok())
    except OngeldigeInvoer as f:
        return opnieuw(f.melding, f.velden, 400)
    except GeenToegang as f:
        return opnieuw(str(f), {}, 403)
    except NietGevonden as f:
        return render(request, "fout.html", {"fout": str(f)}, status=404)
    except RasaApiFout:  # a takeover Rasa refused right after the commit, undone (bot/overname/protocol.py)
        return opnieuw(fout_tekst(acties.RASA_WEG), {}, 400)
    return RedirectResponse(f"/zaken/{nummer}?gedaan={gedaan}", status_code=303)


def lees_lokale_deadline(datum: str, tijd_tekst: str) -> datetime | None:
    """A date (JJJJ-MM-DD) and time (UU:MM) from the form, as Amsterdam time; None when unreadable."""
    try:
        dag = datetime.strptime(datum.strip(), "%Y-%m-%d").date()
        uur = time.fromisoformat(tijd_tekst.strip())
    except ValueError:
        return None
    return datetime.combine(dag, uur, tzinfo=AMSTERDAM)
