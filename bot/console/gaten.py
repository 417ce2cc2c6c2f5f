"""The page "Vragen zonder antwoord" (``/kennisbank/gaten``): the kennisbank's gaps, for its editors.

The questions the assistant had no good answer to, or whose answer did not help, for a range of days
(default the last 30, as the figures). The worker stores them ahead, masked and worked out by the
search (``bot.cijfers.vragen_zonder_antwoord``): deduce and the search index never load in the console,
and the page is one query and the grouping (``bot.cijfers.gaten``). It says when the list was last
brought up to date. Only the roles that edit the kennisbank (``rechten.mag_kennisbank_bewerken``)
see it; others get the kennisbank's no-access page. Each group links to the new-article form and to
the edit form of the nearest article with the question as an example question (``voorbeeldvragen``, the
search's signal of questions in entrepreneurs' own words), prefilled through the query (``kennisbank.py``);
saving goes the usual way, with its checks and a new version.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.cijfers.gaten import Groep, groepeer, zoekterm
from bot.cijfers.vragen_zonder_antwoord import lees
from bot.console.cijfers import Periode, PeriodeFout, lees_periode
from bot.console.kennisbank import geen_toegang
from bot.console.rechten import mag_kennisbank_bewerken
from bot.console.web import render, vandaag
from bot.kennisbank.service import artikel_titels
from bot.kern import tijd
from bot.kern.db import transaction


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
    groepen, bijgewerkt_op = await run_in_threadpool(bereken, request, periode)
    return render(request, "kennisbank_gaten.html", {
        "fout": None,
        "bijgewerkt": tijd.datum_en_tijd(bijgewerkt_op) if bijgewerkt_op else None,
        "invoer": {"van": periode.van.isoformat(), "tot": periode.tot_en_met.isoformat()},
        "periode_tekst": f"{tijd.datum(periode.van)} tot en met {tijd.datum(periode.tot_en_met)}",
        "groepen": groepen,
    })


def bereken(request: Request, periode: Periode) -> tuple[list[dict[str, Any]], Any]:
    """The groups of the range, as the template shows them, and when the worker last updated the list."""
    with transaction(request.app.state.engine) as session:
        gaten = lees(session=session, van=periode.van, tot_en_met=periode.tot_en_met)
        titels = artikel_titels(session=session)
    return [groep_inhoud(groep, titels) for groep in groepeer(gaten.geduide, titels)], gaten.bijgewerkt_op


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
        "toevoegen_url": (f"/kennisbank/artikelen/{dichtstbij.artikel_id}/bewerken?" + urlencode({"voorbeeldvraag": term})
                          if dichtstbij and term else None),
    }
