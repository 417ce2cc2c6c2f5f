"""Changing one's own password: the page /wachtwoord, linked from the header of every page.

The current password is checked like a login and within the same limit (bot/console/auth.py:
recorded and committed first, then counted), so a stolen session cannot be used to guess it.
The new password follows the rules of a new account (bot/accounts/service.py) and is typed
twice. After the change every other session of the account ends; this one goes on. The audit
log gets a row without the password. Only with a login session: not with an API token.
The texts are in templates/wachtwoord.html, chosen by ``uitkomst``; a refusal names the field it is
about by its label (namen.html ACCOUNT_VELDEN). After the change the browser is sent back to the page
(303, post/redirect/get) with ``?gedaan=gewijzigd``. Passwords are never shown again in the form.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.accounts.models import Account
from bot.accounts.service import MIN_WACHTWOORD_LENGTE, AccountFout, controleer_nieuw_wachtwoord, wijzig_wachtwoord
from bot.console.auth import (
    SESSIE_COOKIE,
    Gebruiker,
    binnen_limiet,
    noteer_poging,
    probeer_in_te_loggen,
    sessie_van,
)
from bot.console.web import render
from bot.kern.db import transaction
from bot.zaken.service import schrijf_audit

# What a change came to; each has its text in the template, and its status code here.
GEWIJZIGD, HUIDIG_KLOPT_NIET, ZELFDE, GEBLOKKEERD, GEEN_SESSIE = (
    "gewijzigd", "huidig_klopt_niet", "zelfde", "geblokkeerd", "geen_sessie")
STATUS = {GEWIJZIGD: 200, HUIDIG_KLOPT_NIET: 400, ZELFDE: 400, GEBLOKKEERD: 429, GEEN_SESSIE: 403}


def routes() -> list[Route]:
    return [
        Route("/wachtwoord", formulier, methods=["GET"]),
        Route("/wachtwoord", wijzig, methods=["POST"]),
    ]


# The field each refusal is about, for the label in front of its message.
VELD = {HUIDIG_KLOPT_NIET: "huidig", ZELFDE: "nieuw"}
SERVICE_VELD = {"wachtwoord": "nieuw", "herhaling": "herhaling"}  # the service's names for this form's fields


def pagina(request: Request, *, uitkomst: str | None = None, fout: str | None = None, veld: str | None = None,
           status: int = 200) -> Response:
    return render(request, "wachtwoord.html", {
        "uitkomst": uitkomst, "fout": fout, "veld": veld or VELD.get(uitkomst or ""),
        "min_lengte": MIN_WACHTWOORD_LENGTE,
    }, status=status)


def formulier(request: Request) -> Response:
    if request.state.gebruiker.via != "sessie":
        return pagina(request, uitkomst=GEEN_SESSIE, status=STATUS[GEEN_SESSIE])
    return pagina(request, uitkomst=GEWIJZIGD if request.query_params.get("gedaan") == GEWIJZIGD else None)


async def wijzig(request: Request) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    if gebruiker.via != "sessie":
        return pagina(request, uitkomst=GEEN_SESSIE, status=STATUS[GEEN_SESSIE])
    velden = await request.form()
    huidig, nieuw, herhaling = (str(velden.get(naam) or "") for naam in ("huidig", "nieuw", "herhaling"))
    try:
        controleer_nieuw_wachtwoord(nieuw, herhaling)
    except AccountFout as fout:
        return pagina(request, fout=str(fout), veld=SERVICE_VELD.get(fout.veld or ""), status=400)
    uitkomst = await run_in_threadpool(_wijzig, request, gebruiker, huidig, nieuw)
    if uitkomst == GEWIJZIGD:
        return RedirectResponse(f"/wachtwoord?gedaan={GEWIJZIGD}", status_code=303)
    return pagina(request, uitkomst=uitkomst, status=STATUS[uitkomst])


def _wijzig(request: Request, gebruiker: Gebruiker, huidig: str, nieuw: str) -> str:
    """Check the current password within the login limit, then change it; one of the outcomes above."""
    engine = request.app.state.engine
    nu = request.app.state.klok()
    ip = request.client.host if request.client else "onbekend"
    with transaction(engine) as session:  # committed before counting, as a login
        poging_id = noteer_poging(session=session, gebruikersnaam=gebruiker.gebruikersnaam, ip=ip, nu=nu)
    with transaction(engine) as session:
        if not binnen_limiet(session=session, poging_id=poging_id, nu=nu):
            return GEBLOKKEERD
        if probeer_in_te_loggen(session=session, poging_id=poging_id, wachtwoord=huidig, nu=nu) is None:
            return HUIDIG_KLOPT_NIET
        if nieuw == huidig:
            return ZELFDE
        account = session.get(Account, gebruiker.account_id)
        deze = sessie_van(session=session, sessie_id=request.cookies.get(SESSIE_COOKIE, ""))
        beeindigd = wijzig_wachtwoord(session=session, account=account, nieuw=nieuw, nu=nu, behoud_sessie=deze)
        schrijf_audit(session=session, wie=gebruiker.wie, wat="wachtwoord_gewijzigd", moment=nu,
                      details={"account_id": account.id, "andere_sessies_beeindigd": beeindigd})
        return GEWIJZIGD
