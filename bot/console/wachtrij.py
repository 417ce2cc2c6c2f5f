"""The inbox's actions on a waiting live chat: claim it ("Oppakken") or pass it to a colleague of the
team ("Doorzetten naar collega").

Forms, like the case page's: ``AuthMiddleware`` has checked the session and the CSRF token of every
POST. Claiming starts a takeover by the user's own medewerker and leads to the case page; passing on
leads back to the inbox (post/redirect/get). A refusal shows the inbox again with the reason. Who
may: bot/console/rechten.py ``reden_geen_chat`` (the case's team, its teamleider, a beheerder);
what must hold for the chat: bot/overname/wachtrij.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.acties import RASA_WEG
from bot.console.acties import _met_rasa as met_rasa  # a refusal or an unreachable Rasa: 400
from bot.console.auth import Gebruiker
from bot.console.fouten import GeenToegang, NietGevonden, OngeldigeInvoer
from bot.console.pages import toon_inbox
from bot.console.rechten import reden_geen_chat, zichtbare_zaak
from bot.console.web import fout_tekst, namen
from bot.integraties.rasa_api import RasaApiFout
from bot.kern.db import transaction
from bot.medewerkers.directory import medewerker_op_sleutel
from bot.medewerkers.models import Medewerker
from bot.overname.service import GesprekApi
from bot.overname.wachtrij import ChatFout, pak_chat_op, zet_chat_door
from bot.zaken.models import Zaak

PADEN = ("/wachtrij/{nummer}/oppakken", "/wachtrij/{nummer}/doorzetten")


def routes() -> list[Route]:
    return [
        Route(PADEN[0], formulier_oppakken, methods=["POST"]),
        Route(PADEN[1], formulier_doorzetten, methods=["POST"]),
        *[Route(pad, naar_de_inbox, methods=["GET"]) for pad in PADEN],  # a reload after a refusal
    ]


# --- the actions -----------------------------------------------------------------------------------


def oppakken(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime) -> Zaak:
    zaak = _chat_zaak(session=session, gebruiker=gebruiker, nummer=nummer, oppakken=True)
    medewerker = session.get(Medewerker, gebruiker.medewerker_id)
    met_rasa(lambda: pak_chat_op(session=session, rasa=rasa, zaak=zaak, medewerker=medewerker, door=gebruiker.wie,
                                 nu=nu))  # ChatFout is a ValueError: a 400 with its message
    return zaak


def doorzetten(*, session: Session, gebruiker: Gebruiker, nummer: str, sleutel: str | None, nu: datetime) -> Zaak:
    zaak = _chat_zaak(session=session, gebruiker=gebruiker, nummer=nummer, oppakken=False)
    naar = medewerker_op_sleutel(session=session, sleutel=sleutel) if sleutel else None
    if naar is None:
        raise OngeldigeInvoer(namen().CHAT_FOUTEN["geen_collega"], {"collega": namen().CHAT_FOUTEN["geen_collega"]})
    _als_invoer(lambda: zet_chat_door(session=session, zaak=zaak, naar=naar, door=gebruiker.wie, nu=nu))
    return zaak


def _chat_zaak(*, session: Session, gebruiker: Gebruiker, nummer: str, oppakken: bool) -> Zaak:
    zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    reden = reden_geen_chat(session=session, gebruiker=gebruiker, zaak=zaak, oppakken=oppakken)
    if reden is not None:
        raise GeenToegang(namen().CHAT_REDENEN[reden])
    return zaak


def _als_invoer(actie):
    try:
        return actie()
    except ChatFout as fout:
        raise OngeldigeInvoer(str(fout)) from fout


# --- the forms -------------------------------------------------------------------------------------


async def formulier_oppakken(request: Request) -> Response:
    nummer = request.path_params["nummer"]
    return await run_in_threadpool(_voer_uit, request, lambda s, g, nu: oppakken(
        session=s, gebruiker=g, nummer=nummer, rasa=request.app.state.rasa, nu=nu), f"/zaken/{nummer}?gedaan=opgepakt")


async def formulier_doorzetten(request: Request) -> Response:
    formulier = await request.form()
    sleutel = str(formulier.get("collega") or "")
    return await run_in_threadpool(_voer_uit, request, lambda s, g, nu: doorzetten(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], sleutel=sleutel, nu=nu), "/?gedaan=doorgezet")


def naar_de_inbox(request: Request) -> Response:
    return RedirectResponse("/", status_code=303)


def _voer_uit(request: Request, werk, naar: str) -> Response:
    """One transaction; then on to ``naar`` (303), or the inbox again with the reason it was refused."""
    try:
        with transaction(request.app.state.engine) as session:
            werk(session, request.state.gebruiker, request.app.state.klok())
    except OngeldigeInvoer as f:
        return toon_inbox(request, fout=f.melding, velden=f.velden, status=400)
    except (GeenToegang, NietGevonden) as f:
        return toon_inbox(request, fout=str(f), status=403 if isinstance(f, GeenToegang) else 404)
    except RasaApiFout:  # a takeover Rasa refused right after the commit, undone (bot/overname/protocol.py)
        return toon_inbox(request, fout=fout_tekst(RASA_WEG), status=400)
    return RedirectResponse(naar, status_code=303)
