"""The staff console as one Starlette application: pages, JSON API, login, static files.

Every route needs a logged-in user (session cookie) or an API token (``Authorization:
Bearer``), except ``/login``, ``/static`` and ``/favicon.ico``. That is enforced once, in ``AuthMiddleware``,
before any route runs; so is the CSRF check on state-changing requests made with a cookie, and that a user
logged in with a temporary password (one a beheerder gave) reaches only /wachtwoord until it is replaced.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote

import jinja2
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.console import (
    accountbeheer,
    api,
    begrippen,
    chatroutes,
    cijfers,
    gaten,
    kennisbank,
    pages,
    privacy,
    situaties,
    wachtrij,
    wachtwoord,
    web,
    zoeken,
)
from bot.console.auth import SESSIE_COOKIE, Gebruiker, csrf_klopt, gebruiker_van_sessie, gebruiker_van_token
from bot.console.beveiliging import BeveiligingMiddleware, lees_body, speel_af
from bot.integraties.rasa_api import RasaApi
from bot.kern.db import default_engine, transaction
from bot.kern.hartslag import WERKER, levend
from bot.kern.tijd import utcnow

log = logging.getLogger(__name__)

HIER = Path(__file__).resolve().parent
OPEN_PADEN = ("/login", "/favicon.ico", "/gezond")
EERST_WACHTWOORD_OPEN = ("/wachtwoord", "/logout")  # all a user with a temporary password may reach
VEILIGE_METHODEN = ("GET", "HEAD", "OPTIONS")
MAX_FORMULIER = 64 * 1024
WERKER_MAX_STIL = timedelta(minutes=5)


def maak_app(engine: Engine | None = None, *, klok: Callable[[], datetime] = utcnow, rasa: RasaApi | None = None,
             secure: bool | None = None, tracker_engine: Engine | None = None,
             mailmap: Path | None = None) -> Starlette:
    """The console app on ``engine`` (default: INGANG_DATABASE_URL).

    ``rasa`` defaults to the Rasa HTTP API of INGANG_RASA_URL / INGANG_RASA_TOKEN; tests pass a
    fake, and a clock. ``secure`` defaults to INGANG_CONSOLE_SECURE=1 (cookies only over HTTPS).
    ``tracker_engine`` is Rasa's tracker store for the figures (default: INGANG_TRACKER_URL, opened
    at first use). ``mailmap`` is the mail sink's folder an erasure searches (default: the one of
    ``scripts/run``, bot/integraties/mailsink.py).
    """
    engine = engine or default_engine()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        log.info("Console gestart op database %s", engine.url.render_as_string(hide_password=True))
        yield

    veilig = os.environ.get("INGANG_CONSOLE_SECURE") == "1" if secure is None else secure
    app = Starlette(
        routes=[*pages.routes(), *chatroutes.routes(), *kennisbank.routes(), *gaten.routes(), *situaties.routes(),
                *begrippen.routes(), *cijfers.routes(), *wachtwoord.routes(), *accountbeheer.routes(), *privacy.routes(),
                *zoeken.routes(), *wachtrij.routes(), *api.routes(),
                Route("/favicon.ico", favicon, methods=["GET"]), Route("/gezond", gezond, methods=["GET"]),
                Mount("/static", StaticFiles(directory=HIER / "static"), name="static")],
        middleware=[Middleware(BeveiligingMiddleware, secure=veilig),
                    Middleware(AuthMiddleware, engine=engine, klok=klok)],
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.klok = klok
    app.state.tracker_engine = tracker_engine
    app.state.mailmap = mailmap
    # A short timeout: a case page must not hang when Rasa is slow; the transcript then says so.
    app.state.rasa = rasa or replace(RasaApi.uit_omgeving(), timeout=3.0)
    app.state.secure = veilig
    omgeving = jinja2.Environment(loader=jinja2.FileSystemLoader(HIER / "templates"), autoescape=True)
    omgeving.filters["lokaal"] = web.lokaal
    omgeving.filters["team"] = web.team_naam
    omgeving.filters["afgeschermd"] = web.afgeschermd
    omgeving.filters["beschikbaarheid"] = web.beschikbaarheid_van
    app.state.templates = Jinja2Templates(env=omgeving)
    return app


async def favicon(request: Request) -> Response:
    """The icon browsers ask for on every page, also before login (base.html links the SVG as well)."""
    return FileResponse(HIER / "static" / "favicon.ico", media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})


async def gezond(request: Request) -> JSONResponse:
    """Health for the load balancer: 200 while the database answers (with the workers that beat in the
    last five minutes, bot/kern/hartslag.py), 503 when it does not. Reveals no data."""
    engine, nu = request.app.state.engine, request.app.state.klok()

    def werkers() -> int:
        with transaction(engine) as session:
            return len(levend(session=session, soort=WERKER, nu=nu, max_stil=WERKER_MAX_STIL))

    try:
        aantal = await run_in_threadpool(werkers)
    except SQLAlchemyError:
        log.warning("gezondheid: de database antwoordt niet")
        return JSONResponse({"status": "fout", "database": "onbereikbaar"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "werkers": aantal})


def is_open_pad(pad: str) -> bool:
    return pad in OPEN_PADEN or pad == "/static" or pad.startswith("/static/")


class AuthMiddleware:
    """Finds the user of every request and refuses requests without one; checks CSRF for cookie users."""

    def __init__(self, app: ASGIApp, engine: Engine, klok: Callable[[], datetime]) -> None:
        self.app = app
        self.engine = engine
        self.klok = klok

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open_pad(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        gebruiker = await run_in_threadpool(self._gebruiker, request)
        if gebruiker is None:
            await niet_ingelogd(request)(scope, receive, send)
            return
        scope.setdefault("state", {})["gebruiker"] = gebruiker
        if gebruiker.via == "sessie" and gebruiker.wachtwoord_tijdelijk and scope["path"] not in EERST_WACHTWOORD_OPEN:
            await eerst_wachtwoord(request)(scope, receive, send)
            return
        if request.method not in VEILIGE_METHODEN and gebruiker.via == "sessie":
            gegeven = request.headers.get("x-csrf-token")
            if gegeven is None and _is_formulier(request):
                body = await lees_body(receive, MAX_FORMULIER)
                if body is None:
                    await PlainTextResponse("Het formulier is te groot.", status_code=413)(scope, receive, send)
                    return
                gegeven = (parse_qs(body.decode("utf-8", "replace")).get("csrf_token") or [None])[0]
                receive = speel_af(body, receive)
            if not csrf_klopt(gebruiker.csrf_token, gegeven):
                await csrf_fout(request)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _gebruiker(self, request: Request) -> Gebruiker | None:
        autorisatie = request.headers.get("authorization")
        with transaction(self.engine) as session:
            if autorisatie is not None:
                soort, _, token = autorisatie.partition(" ")
                if soort.lower() != "bearer" or not token.strip():
                    return None
                return gebruiker_van_token(session=session, token=token.strip(), nu=self.klok())
            sessie_id = request.cookies.get(SESSIE_COOKIE)
            if not sessie_id:
                return None
            return gebruiker_van_sessie(session=session, sessie_id=sessie_id, nu=self.klok())


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def niet_ingelogd(request: Request) -> Response:
    if is_api(request):
        return JSONResponse({"fout": "Niet ingelogd. Gebruik een geldig API-token of log opnieuw in."},
                            status_code=401, headers={"WWW-Authenticate": "Bearer"})
    volgende = request.url.path if request.method == "GET" else "/"
    return RedirectResponse(f"/login?volgende={quote(volgende)}", status_code=303)


def eerst_wachtwoord(request: Request) -> Response:
    """Logged in with a password a beheerder gave (a new account, a reset): only /wachtwoord until it is replaced."""
    if is_api(request):
        return JSONResponse({"fout": "Kies eerst een eigen wachtwoord op de pagina Wachtwoord wijzigen."},
                            status_code=403)
    return RedirectResponse("/wachtwoord", status_code=303)


def csrf_fout(request: Request) -> Response:
    melding = "De beveiligingscode (CSRF) ontbreekt of klopt niet. Laad de pagina opnieuw en probeer het nog eens."
    if is_api(request):
        return JSONResponse({"fout": melding}, status_code=403)
    return PlainTextResponse(melding, status_code=403)


def _is_formulier(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip() == "application/x-www-form-urlencoded"
