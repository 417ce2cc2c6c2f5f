"""What every page of the console shares: rendering a template safely, today's date, Dutch times, the
tracker store."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy.engine import Engine
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.console.auth import Gebruiker
from bot.kern import tijd
from bot.kern.db import engine_for
from bot.kern.logboek import maskeer_met_kvk
from bot.kern.settings import load_settings
from bot.medewerkers.beschikbaarheid import beschikbaarheid

TEMPLATES = Path(__file__).resolve().parent / "templates"


def render(request: Request, naam: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The template ``naam`` with the user and their CSRF token; never cached (security headers:
    bot/console/beveiliging.py, on every response)."""
    templates = request.app.state.templates
    gebruiker: Gebruiker | None = getattr(request.state, "gebruiker", None)
    context = {"gebruiker": gebruiker, "csrf_token": gebruiker.csrf_token if gebruiker else None, **context}
    antwoord = templates.TemplateResponse(request, naam, context, status_code=status)
    antwoord.headers["Cache-Control"] = "no-store"
    return antwoord


def vandaag(request: Request) -> date:
    """Today in Amsterdam, by the app's clock (tests set it)."""
    nu: datetime = request.app.state.klok()
    return tijd.lokale_datum(nu)


def lokaal(moment: datetime | None) -> str:
    """'dinsdag 24 november 2026, 09.45 uur' in Amsterdam time (the templates' ``lokaal`` filter)."""
    if moment is None:
        return ""
    return f"{tijd.dagnaam(moment)} {tijd.datum(moment)}, {tijd.kloktijd(moment)} uur"


def tracker_engine(request: Request) -> Engine:
    """Rasa's tracker store: the app's (tests) or INGANG_TRACKER_URL."""
    return request.app.state.tracker_engine or engine_for(load_settings().tracker_url)


def afgeschermd(tekst: str | None, afschermen: bool) -> str:
    """The templates' ``afgeschermd`` filter: for a colleague who reads but does not handle a case, phone
    numbers, e-mail addresses and KvK numbers in free text are replaced by ``***`` (data minimisation)."""
    if not tekst or not afschermen:
        return tekst or ""
    return maskeer_met_kvk(tekst)


@lru_cache(maxsize=1)
def namen() -> Any:
    """templates/namen.html as a module: the Dutch names (KANALEN, GEBEURTENISSEN, DOOR, DETAILS, VELDEN,
    MELDINGEN) for Python, from the one file the pages import too."""
    omgeving = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return omgeving.get_template("namen.html").module


def fout_tekst(sleutel: str, **waarden: object) -> str:
    """What the console says for a refusal: templates/namen.html FOUTEN[sleutel], its {names} filled in."""
    return namen().FOUTEN[sleutel].format(**waarden)


def kanaal_naam(kanaal: str | None) -> str:
    """The Dutch name of a channel ("rest" is the website chat)."""
    return namen().KANALEN.get(kanaal, kanaal) if kanaal else ""


def team_naam(team: str | None) -> str:
    """The Dutch name of a team (the templates' ``team`` filter); a team without one by its key in words."""
    if not team:
        return ""
    return namen().TEAMS.get(team) or team.replace("-", " ").capitalize()


def beschikbaarheid_van(medewerker: Any, vandaag: date) -> dict[str, Any]:
    """The templates' ``beschikbaarheid`` filter: whether a colleague works today or is away until when,
    with the dates as Dutch text, and whether assigning to them needs a confirmation."""
    b = beschikbaarheid(medewerker, vandaag)
    return {"werkt_vandaag": b.werkt_vandaag, "waarschuwen": b.waarschuwen,
            "afwezig_tot": tijd.dag_en_datum(b.afwezig_tot) if b.afwezig_tot else None,
            "volgende_werkdag": tijd.dag_en_datum(b.volgende_werkdag) if b.volgende_werkdag else None}
