"""The figures page of the console (dashboard) and its CSV download; every logged-in role may see them.

The figures themselves come from ``bot.cijfers`` (definitions there): promises from the
application database, conversations from Rasa's SQL tracker store (``app.state.tracker_engine``,
else INGANG_TRACKER_URL). The charts are SVG drawn on the server, with all text escaped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.cijfers.beloften import belofte_cijfers
from bot.cijfers.export import als_csv
from bot.cijfers.gesprekken import vat_samen
from bot.cijfers.grafiek import lijndiagram, staafdiagram
from bot.cijfers.overzicht import Overzicht, bereken_overzicht
from bot.console.web import kanaal_naam, render, tracker_engine, vandaag
from bot.kennisbank.service import zoek_artikelen
from bot.kern import tijd
from bot.kern.db import transaction

log = logging.getLogger(__name__)

STANDAARD_DAGEN = 30
MAX_DAGEN = 366
MAX_ONDERWERPEN = 10
GESPREKKEN_ONLEESBAAR = ("De gesprekken konden niet worden gelezen. De cijfers over gesprekken en vragen "
                         "ontbreken daarom. De cijfers over beloften kloppen wel. Probeer het later opnieuw "
                         "of meld het aan de beheerder.")


def routes() -> list[Route]:
    return [
        Route("/cijfers", cijfers_pagina, methods=["GET"]),
        Route("/cijfers.csv", cijfers_csv, methods=["GET"]),
    ]


# --- the date range ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    van: date
    tot_en_met: date


class PeriodeFout(ValueError):
    """The date range cannot be used; the message is Dutch and meant for people."""


def lees_periode(params: Mapping[str, str], vandaag: date) -> Periode:
    """``van`` and ``tot`` (JJJJ-MM-DD) from the query; by default the last 30 days up to today."""
    tot_en_met = _lees_datum(params.get("tot", ""), "tot en met") or vandaag
    van = _lees_datum(params.get("van", ""), "van") or tot_en_met - timedelta(days=STANDAARD_DAGEN - 1)
    if tot_en_met < van:
        raise PeriodeFout("De datum bij 'tot en met' ligt vóór de datum bij 'van'. Kies een latere einddatum.")
    if (tot_en_met - van).days + 1 > MAX_DAGEN:
        raise PeriodeFout(f"Kies een periode van hoogstens {MAX_DAGEN} dagen.")
    return Periode(van=van, tot_en_met=tot_en_met)


def _lees_datum(tekst: str, naam: str) -> date | None:
    tekst = tekst.strip()
    if not tekst:
        return None
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise PeriodeFout(f"De datum bij '{naam}' klopt niet. Schrijf de datum zo: 2026-11-23 "
                          "(jaar-maand-dag).") from None


# --- computing -----------------------------------------------------------------------------------


def bereken(request: Request, periode: Periode) -> tuple[Overzicht, str | None]:
    """The figures of the range, and a warning when the conversations could not be read.

    Without the tracker store the promise figures are still shown.
    """
    app_engine = request.app.state.engine
    nu = request.app.state.klok()
    try:
        return bereken_overzicht(app_engine=app_engine, tracker_engine=tracker_engine(request), van=periode.van,
                                 tot_en_met=periode.tot_en_met, nu=nu), None
    except SQLAlchemyError:
        log.exception("De tracker store kon niet worden gelezen voor de cijfers")
    with transaction(app_engine) as session:
        beloften = belofte_cijfers(session=session, van=periode.van, tot_en_met=periode.tot_en_met, nu=nu)
    return Overzicht(van=periode.van, tot_en_met=periode.tot_en_met, gesprekken=vat_samen([]),
                     beloften=beloften), GESPREKKEN_ONLEESBAAR


def artikel_titels(request: Request) -> dict[str, str]:
    with transaction(request.app.state.engine) as session:
        return {rij.id: rij.titel for rij in zoek_artikelen(session=session)}


# --- formatting ----------------------------------------------------------------------------------


def procent(aandeel: float | None) -> str | None:
    """'67%' (rounded), or None when there is nothing to count."""
    return None if aandeel is None else f"{round(aandeel * 100)}%"


def uren(waarde: float | None) -> str | None:
    """'4,5 uur', with days added from two days on."""
    if waarde is None:
        return None
    tekst = f"{waarde:.1f}".replace(".", ",").replace(",0", "") + " uur"
    if waarde >= 48:
        tekst += f" (ongeveer {round(waarde / 24)} dagen)"
    return tekst


# --- page and CSV --------------------------------------------------------------------------------


def cijfers_pagina(request: Request) -> Response:
    invoer = {"van": request.query_params.get("van", ""), "tot": request.query_params.get("tot", "")}
    try:
        periode = lees_periode(request.query_params, vandaag(request))
    except PeriodeFout as fout:
        return render(request, "cijfers.html", {"fout": str(fout), "invoer": invoer}, status=400)
    overzicht, waarschuwing = bereken(request, periode)
    return render(request, "cijfers.html", {
        "fout": None, "waarschuwing": waarschuwing,
        "invoer": {"van": periode.van.isoformat(), "tot": periode.tot_en_met.isoformat()},
        **pagina_inhoud(overzicht, artikel_titels(request)),
    })


def pagina_inhoud(overzicht: Overzicht, titels: dict[str, str]) -> dict[str, Any]:
    """Everything the template shows, already formatted; the SVGs are escaped by bot.cijfers.grafiek."""
    gesprekken, beloften = overzicht.gesprekken, overzicht.beloften
    kanalen = overzicht.kanalen()
    dagen = overzicht.dagen()
    dag_labels = [f"{dag:%d-%m}" for dag in dagen]
    reeks_gesprekken, reeks_vragen = overzicht.reeks("gesprekken"), overzicht.reeks("vragen")
    onderwerpen = [{"id": i, "titel": titels.get(i, i), "aantal": n} for i, n in gesprekken.onderwerpen]
    top = onderwerpen[:MAX_ONDERWERPEN]
    return {
        "periode_tekst": f"{tijd.datum(overzicht.van)} tot en met {tijd.datum(overzicht.tot_en_met)}",
        "csv_url": f"/cijfers.csv?van={overzicht.van.isoformat()}&tot={overzicht.tot_en_met.isoformat()}",
        "op_tijd": procent(beloften.aandeel_op_tijd), "beloften_op_tijd": beloften.op_tijd,
        "beloften_afgelopen": beloften.afgelopen,
        "gesprekken_totaal": gesprekken.gesprekken, "vragen_totaal": gesprekken.vragen,
        "met_vraag": gesprekken.gesprekken_met_vraag,
        "door_bot": procent(overzicht.aandeel_door_bot), "door_bot_aantal": gesprekken.door_bot_beantwoord,
        "overgedragen": procent(overzicht.aandeel_overgedragen), "overgedragen_aantal": gesprekken.overgedragen,
        "mediaan_contact": uren(beloften.mediaan_uren_tot_contact),
        "kanalen": [kanaal_naam(k) for k in kanalen],
        "grafiek_gesprekken": lijndiagram(
            titel="Gesprekken per dag en kanaal", dagen=dag_labels,
            reeksen={kanaal_naam(k): reeks_gesprekken[k] for k in kanalen}) if kanalen else None,
        "grafiek_vragen": lijndiagram(
            titel="Vragen per dag en kanaal", dagen=dag_labels,
            reeksen={kanaal_naam(k): reeks_vragen[k] for k in kanalen}) if kanalen else None,
        "dag_rijen": [
            {"dag": tijd.datum(dag), "per_kanaal": [(reeks_gesprekken[k][i], reeks_vragen[k][i]) for k in kanalen]}
            for i, dag in enumerate(dagen)
            if any(reeks_gesprekken[k][i] or reeks_vragen[k][i] for k in kanalen)
        ],
        "onderwerpen": top,
        "grafiek_onderwerpen": staafdiagram(
            titel="Onderwerpen die het meest gevraagd zijn", labels=[o["titel"] for o in top],
            waarden=[o["aantal"] for o in top], eenheid=" keer") if top else None,
        "per_team": beloften.per_team,
        "niet_geholpen": [{"id": i, "titel": titels.get(i, i), "aantal": n} for i, n in gesprekken.niet_geholpen],
    }


def cijfers_csv(request: Request) -> Response:
    try:
        periode = lees_periode(request.query_params, vandaag(request))
    except PeriodeFout as fout:
        return PlainTextResponse(str(fout), status_code=400)
    overzicht, waarschuwing = bereken(request, periode)
    if waarschuwing:
        return PlainTextResponse(waarschuwing, status_code=503)
    naam = f"ingang-cijfers-{periode.van.isoformat()}-tot-en-met-{periode.tot_en_met.isoformat()}.csv"
    return Response(als_csv(overzicht, artikel_titels(request)), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{naam}"', "Cache-Control": "no-store",
    })
