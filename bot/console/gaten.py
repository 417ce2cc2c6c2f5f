"""The page "Vragen zonder antwoord" (``/kennisbank/gaten``): the kennisbank's gaps, for its editors.

The questions the assistant had no good answer to, or whose answer did not help, from Rasa's tracker
store (``bot.cijfers.gaten``: definitions, masking, grouping), for a range of days (default the last
30, as the figures). Only the roles that edit the kennisbank (``rechten.mag_kennisbank_bewerken``)
see it; others get the kennisbank's no-access page. Each group links to the new-article form and to
the edit form of the nearest article, prefilled through the query (``kennisbank.py``); saving goes
the usual way, with its checks and a new version.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.cijfers.gaten import Groep, groepeer, vragen_zonder_antwoord, zoekterm
from bot.console.cijfers import Periode, PeriodeFout, lees_periode
from bot.console.kennisbank import geen_toegang
from bot.console.rechten import mag_kennisbank_bewerken
from bot.console.web import render, tracker_engine, vandaag
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern import tijd
from bot.kern.db import make_engine
from bot.privacy.anoniem import anonimiseer_alle

log = logging.getLogger(__name__)


# One child at a time in this process: two editors opening the page together wait for each other
# rather than hold two children of about 1.7 GB.
EEN_TEGELIJK = threading.Lock()


def routes() -> list[Route]:
    return [Route("/kennisbank/gaten", gaten_pagina, methods=["GET"])]


async def gaten_pagina(request: Request) -> Response:
    if not mag_kennisbank_bewerken(request.state.gebruiker):
        return geen_toegang(request)
    invoer = {"van": request.query_params.get("van", ""), "tot": request.query_params.get("tot", "")}
    try:
        periode = lees_periode(request.query_params, vandaag(request))
    except PeriodeFout as fout:
        return render(request, "kennisbank_gaten.html", {"fout": str(fout), "invoer": invoer}, status=400)
    uitkomst = await run_in_threadpool(bereken, request, periode)  # some seconds: deduce and the index load
    groepen, titels = uitkomst or ([], {})
    return render(request, "kennisbank_gaten.html", {
        "fout": None, "onleesbaar": uitkomst is None,
        "invoer": {"van": periode.van.isoformat(), "tot": periode.tot_en_met.isoformat()},
        "periode_tekst": f"{tijd.datum(periode.van)} tot en met {tijd.datum(periode.tot_en_met)}",
        "groepen": [groep_inhoud(groep, titels) for groep in groepen],
    })


def bereken(request: Request, periode: Periode) -> tuple[list[Groep], dict[str, str]] | None:
    """The groups of the range and the articles' titles; None when the tracker store could not be read.
    Worked out in a child process that ends after it: deduce (about 1.2 GB) and the search index (about
    0.5 GB) leave with it, so the console process stays small (docs/console.md)."""
    adressen = [engine.url.render_as_string(hide_password=False)
                for engine in (tracker_engine(request), request.app.state.engine)]
    with EEN_TEGELIJK, multiprocessing.get_context("spawn").Pool(1) as kind:
        return kind.apply(bereken_in_kind, (*adressen, periode.van, periode.tot_en_met))


def bereken_in_kind(tracker_url: str, database_url: str, van: date,
                    tot_en_met: date) -> tuple[list[Groep], dict[str, str]] | None:
    tracker, database = make_engine(tracker_url), make_engine(database_url)
    try:
        vragen = vragen_zonder_antwoord(engine=tracker, van=van, tot_en_met=tot_en_met, maskeer_alle=anonimiseer_alle)
        kennisbank = KennisbankZoeker(database).actueel()
        titels = {artikel_id: artikel.titel for artikel_id, artikel in kennisbank.artikelen.items()}
        return groepeer(vragen, kennisbank.index), titels
    except SQLAlchemyError:
        log.exception("De tracker store kon niet worden gelezen voor de vragen zonder antwoord")
        return None
    finally:
        tracker.dispose()
        database.dispose()


def groep_inhoud(groep: Groep, titels: dict[str, str]) -> dict[str, Any]:
    """What the template shows of one group, with the addresses of its two actions."""
    term = zoekterm(groep.vraag)
    dichtstbij = groep.dichtstbij
    return {
        "vraag": groep.vraag, "aantal": groep.aantal, "voorbeelden": groep.voorbeelden(),
        "geen_antwoord": groep.geen_antwoord,
        "niet_geholpen": [{"id": artikel_id, "titel": titels.get(artikel_id, artikel_id), "aantal": aantal}
                          for artikel_id, aantal in groep.niet_geholpen.most_common()],
        "dichtstbij": dichtstbij,
        "nieuw_url": "/kennisbank/nieuw?" + urlencode({"titel": groep.vraag, "zoekterm": term}),
        "toevoegen_url": (f"/kennisbank/artikelen/{dichtstbij.artikel_id}/bewerken?" + urlencode({"zoekterm": term})
                          if dichtstbij and term else None),
    }
