"""The routes of the chat panel on the case page (bot/console/chatpaneel.py, static/live.js).

JSON for the panel's script: the transcript and the panel's state (polled every 3 seconds), the takeover
steps (take over, send, hand back; step in or release for a teamleider or beheerder), the medewerker's
"typt…" signal (``typen``, only by the one holding the takeover) and the kennisbank answers to insert. A POST here passes the same checks as a form: ``AuthMiddleware`` checks the session and
the CSRF token (the ``X-CSRF-Token`` header), bot/console/acties.py the right to change the case, that the
takeover is the user's own (or, to step in, a colleague's) and the size of a message. A refusal comes back
as ``{"fout": ...}`` in Dutch with 400, 403 or 404; the panel shows it and keeps what was typed.

Without JavaScript the panel's forms post to the form routes (bot/console/pages.py, and the two below
for stepping in and releasing) and the page reloads.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.console import acties, pages
from bot.console.auth import Gebruiker
from bot.console.chatpaneel import kennisbank_voor_chat, paneelstaat
from bot.console.fouten import GeenToegang, NietGevonden, OngeldigeInvoer
from bot.console.rechten import mag_wijzigen, zichtbare_zaak
from bot.console.transcript import lees_transcript
from bot.console.web import afgeschermd, fout_tekst, lokaal
from bot.integraties.rasa_api import RasaApiFout
from bot.kanalen.telegram.bezorger import TelegramBezorger
from bot.kern.db import transaction

MAX_ZOEK = 200


def routes() -> list[Route]:
    return [
        Route("/zaken/{nummer}/gesprek.json", gesprek_json, methods=["GET"]),
        Route("/zaken/{nummer}/gesprek/kennisbank.json", kennisbank_json, methods=["GET"]),
        *[Route(f"/zaken/{{nummer}}/gesprek/{actie}", chat_actie, methods=["POST"]) for actie in ACTIES],
        Route("/zaken/{nummer}/ingrijpen", formulier_ingrijpen, methods=["POST"]),
        Route("/zaken/{nummer}/vrijgeven", formulier_vrijgeven, methods=["POST"]),
        *[Route(pad, pages.naar_de_zaak, methods=["GET"])
          for pad in ("/zaken/{nummer}/ingrijpen", "/zaken/{nummer}/vrijgeven")],
    ]


# --- reading -------------------------------------------------------------------------------------


def gesprek_json(request: Request) -> Response:
    """The transcript and the panel's state as JSON; the case page polls it to stay live."""
    gebruiker: Gebruiker = request.state.gebruiker
    with transaction(request.app.state.engine) as session:
        try:
            zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=request.path_params["nummer"])
        except NietGevonden as f:
            return JSONResponse({"fout": str(f)}, status_code=404)
        staat = paneelstaat(session=session, gebruiker=gebruiker, zaak=zaak, nu=request.app.state.klok())
        gesprek_id = zaak.gesprek_id
        afschermen = not mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak)
    transcript, fout = lees_transcript(request.app.state.rasa, gesprek_id)
    return JSONResponse({
        "regels": [{"soort": r.soort, "wie": r.wie, "tekst": afgeschermd(r.tekst, afschermen),
                    "op": lokaal(r.op) if r.op else None} for r in transcript],
        **staat, "fout": fout,
    })


def kennisbank_json(request: Request) -> Response:
    """Articles to insert into a chat message: the kennisbank list's own search, short answer and link."""
    zoek = request.query_params.get("zoek", "")[:MAX_ZOEK]
    with transaction(request.app.state.engine) as session:
        try:
            zichtbare_zaak(session=session, gebruiker=request.state.gebruiker, nummer=request.path_params["nummer"])
        except NietGevonden as f:
            return JSONResponse({"fout": str(f)}, status_code=404)
        return JSONResponse({"artikelen": kennisbank_voor_chat(session=session, zoek=zoek)})


# --- the takeover steps --------------------------------------------------------------------------

Stap = Callable[..., object]  # (session, gebruiker, nummer, the JSON body, rasa, nu)


def _bericht(s, g, nummer, gegevens, rasa, nu):
    tekst = gegevens.get("tekst")
    acties.stuur_bericht(session=s, gebruiker=g, nummer=nummer, tekst=tekst if isinstance(tekst, str) else "",
                         rasa=rasa, nu=nu)


ACTIES: dict[str, Stap] = {
    "overnemen": lambda s, g, nummer, _, rasa, nu: acties.neem_over(session=s, gebruiker=g, nummer=nummer, rasa=rasa,
                                                                    nu=nu),
    "bericht": _bericht,
    "teruggeven": lambda s, g, nummer, gegevens, rasa, nu: acties.geef_terug(
        session=s, gebruiker=g, nummer=nummer, rasa=rasa, nu=nu,
        notitie=gegevens["notitie"] if isinstance(gegevens.get("notitie"), str) else None),
    "ingrijpen": lambda s, g, nummer, _, rasa, nu: acties.grijp_in(session=s, gebruiker=g, nummer=nummer, rasa=rasa,
                                                                   nu=nu),
    "vrijgeven": lambda s, g, nummer, _, rasa, nu: acties.geef_vrij(session=s, gebruiker=g, nummer=nummer, rasa=rasa,
                                                                    nu=nu),
    "typen": lambda s, g, nummer, _, rasa, nu: acties.meld_typen(session=s, gebruiker=g, nummer=nummer, nu=nu),
}


async def chat_actie(request: Request) -> Response:
    actie = request.url.path.rsplit("/", 1)[-1]
    try:
        gegevens = json.loads(await request.body() or b"{}")
    except ValueError:
        gegevens = None
    if not isinstance(gegevens, dict):
        return JSONResponse({"fout": "Het verzoek kon niet worden gelezen. Laad de pagina opnieuw."}, status_code=400)
    return await run_in_threadpool(_voer_uit, request, actie, gegevens)


def _voer_uit(request: Request, actie: str, gegevens: dict) -> Response:
    """One step in one transaction; then the panel's state (and, after sending, the message as a line)."""
    gebruiker: Gebruiker = request.state.gebruiker
    nummer, nu = request.path_params["nummer"], request.app.state.klok()
    try:
        with transaction(request.app.state.engine) as session:
            uitkomst = ACTIES[actie](session, gebruiker, nummer, gegevens, request.app.state.rasa, nu)
    except OngeldigeInvoer as f:
        return JSONResponse({"fout": f.melding, "velden": f.velden}, status_code=400)
    except GeenToegang as f:
        return JSONResponse({"fout": str(f)}, status_code=403)
    except NietGevonden as f:
        return JSONResponse({"fout": str(f)}, status_code=404)
    except RasaApiFout:  # a takeover Rasa refused right after the commit, undone (bot/overname/protocol.py)
        return JSONResponse({"fout": fout_tekst(acties.RASA_WEG)}, status_code=400)
    if actie == "typen":  # sent every few seconds while typing: kept cheap, the poll brings the rest
        if uitkomst is not None:
            _typen_in_chatapp(*uitkomst)
        return JSONResponse({})
    with transaction(request.app.state.engine) as session:
        zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
        antwoord = paneelstaat(session=session, gebruiker=gebruiker, zaak=zaak, nu=nu)
        if actie == "bericht":
            antwoord["regel"] = {"soort": "medewerker", "wie": antwoord["overgenomen_door"],
                                 "tekst": str(gegevens["tekst"]).strip(), "op": lokaal(nu)}
    return JSONResponse(antwoord)


def _typen_in_chatapp(kanaal: str, gesprek: str) -> None:
    """Telegram shows "typing…" itself (sendChatAction); the web chat learns it from the database
    (bot/kanalen/webchat/bezorger.py). WhatsApp shows nothing: its typing indicator needs the id of
    the entrepreneur's last message, which the takeover does not keep."""
    if kanaal == "telegram" and (telegram := TelegramBezorger.uit_omgeving()) is not None:
        telegram.meld_typen(gesprek)


# --- the same without JavaScript -----------------------------------------------------------------


async def formulier_ingrijpen(request: Request) -> Response:
    return await run_in_threadpool(pages.wijzig, request, "ingegrepen", None, lambda s, g, nu: acties.grijp_in(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], rasa=request.app.state.rasa, nu=nu))


async def formulier_vrijgeven(request: Request) -> Response:
    return await run_in_threadpool(pages.wijzig, request, "vrijgegeven", None, lambda s, g, nu: acties.geef_vrij(
        session=s, gebruiker=g, nummer=request.path_params["nummer"], rasa=request.app.state.rasa, nu=nu))
