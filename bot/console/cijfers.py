"""The figures page of the console (dashboard) and its downloads; every logged-in role may see them.

The figures themselves come from ``bot.cijfers`` (definitions there): promises from the
application database, conversations from Rasa's SQL tracker store (``app.state.tracker_engine``,
else INGANG_TRACKER_URL). The charts are SVG drawn on the server by the template ``grafiek.html`` from
the layout of ``bot.cijfers.grafiek``. The downloads are the page's tables, row for row: one CSV per
table (``/cijfers.csv?tabel=...``) or all of them in one ZIP (``/cijfers.zip``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from typing import Any

import jinja2
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.cijfers.beloften import belofte_cijfers
from bot.cijfers.contact import WERKTIJDEN, leesbare_duur
from bot.cijfers.export import Tabel, als_csv, als_zip
from bot.cijfers.gesprekken import vat_samen
from bot.cijfers.grafiek import lijndiagram, staafdiagram
from bot.cijfers.overzicht import Overzicht, bereken_overzicht
from bot.console.web import TEMPLATES, kanaal_naam, render, team_naam, tracker_engine, vandaag
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
        Route("/cijfers.zip", cijfers_zip, methods=["GET"]),
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


@cache
def cijfer_namen() -> Any:
    """templates/cijfers_namen.html as a module: the downloads' file names and Dutch headers."""
    omgeving = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False)
    return omgeving.get_template("cijfers_namen.html").module


def artikel_titels(request: Request) -> dict[str, str]:
    with transaction(request.app.state.engine) as session:
        return {rij.id: rij.titel for rij in zoek_artikelen(session=session)}


# --- formatting ----------------------------------------------------------------------------------


def procent(aandeel: float | None) -> str | None:
    """'67%' (rounded), or None when there is nothing to count."""
    return None if aandeel is None else f"{round(aandeel * 100)}%"


def artikel_naam(artikel_id: str, titels: dict[str, str]) -> str:
    """The article's title; an article that no longer exists by its key in words."""
    return titels.get(artikel_id) or artikel_id.replace("-", " ").capitalize()


# --- page and downloads --------------------------------------------------------------------------


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
        "tabel_links": [(sleutel, naam["link"]) for sleutel, naam in cijfer_namen().TABELLEN.items()],
        **pagina_inhoud(overzicht, artikel_titels(request)),
    })


def pagina_inhoud(overzicht: Overzicht, titels: dict[str, str]) -> dict[str, Any]:
    """Everything the page shows (and the downloads hold), with names instead of keys."""
    gesprekken, beloften = overzicht.gesprekken, overzicht.beloften
    kanalen = overzicht.kanalen()
    dagen = overzicht.dagen()
    reeks_gesprekken, reeks_vragen = overzicht.reeks("gesprekken"), overzicht.reeks("vragen")
    onderwerpen = [{"id": i, "titel": artikel_naam(i, titels), "aantal": n} for i, n in gesprekken.onderwerpen]
    top = onderwerpen[:MAX_ONDERWERPEN]
    contact = beloften.contact
    return {
        "periode_tekst": f"{tijd.datum(overzicht.van)} tot en met {tijd.datum(overzicht.tot_en_met)}",
        "periode_query": f"van={overzicht.van.isoformat()}&tot={overzicht.tot_en_met.isoformat()}",
        "op_tijd": procent(beloften.aandeel_op_tijd), "beloften_op_tijd": beloften.op_tijd,
        "beloften_afgelopen": beloften.afgelopen,
        "gesprekken_totaal": gesprekken.gesprekken, "vragen_totaal": gesprekken.vragen,
        "met_vraag": gesprekken.gesprekken_met_vraag,
        "door_bot": procent(overzicht.aandeel_door_bot), "door_bot_aantal": gesprekken.door_bot_beantwoord,
        "overgedragen": procent(overzicht.aandeel_overgedragen), "overgedragen_aantal": gesprekken.overgedragen,
        "contact": contact, "contact_duur": leesbare_duur(contact.mediaan_werkuren),
        "werktijden": {"begin": _klok(WERKTIJDEN.begin), "eind": _klok(WERKTIJDEN.eind)},
        "kanalen": [kanaal_naam(k) for k in kanalen],
        "grafiek_gesprekken": lijndiagram(dagen, {kanaal_naam(k): reeks_gesprekken[k] for k in kanalen})
        if kanalen else None,
        "grafiek_vragen": lijndiagram(dagen, {kanaal_naam(k): reeks_vragen[k] for k in kanalen}) if kanalen else None,
        "dag_rijen": [
            {"dag": tijd.datum(dag), "iso": dag.isoformat(),
             "per_kanaal": [(reeks_gesprekken[k][i], reeks_vragen[k][i]) for k in kanalen]}
            for i, dag in enumerate(dagen)
            if any(reeks_gesprekken[k][i] or reeks_vragen[k][i] for k in kanalen)
        ],
        "onderwerpen": onderwerpen,
        "top": top,
        "grafiek_onderwerpen": staafdiagram([o["titel"] for o in top], [o["aantal"] for o in top]) if top else None,
        "per_team": [{"team": team_naam(s.team), "open": s.open, "te_laat": s.te_laat} for s in beloften.per_team],
        "niet_geholpen": [{"id": i, "titel": artikel_naam(i, titels), "aantal": n}
                          for i, n in gesprekken.niet_geholpen],
    }


def _klok(moment: time) -> str:
    return f"{moment.hour}.{moment.minute:02d}"


def tabellen(overzicht: Overzicht, inhoud: dict[str, Any]) -> dict[str, Tabel]:
    """The page's tables for a spreadsheet, row for row as the page shows them, with Dutch headers."""
    namen = cijfer_namen()
    kolommen = {sleutel: list(t["kolommen"]) for sleutel, t in namen.TABELLEN.items()}
    for kanaal in inhoud["kanalen"]:
        kolommen["per_dag"] += [f"{kanaal}: {namen.PER_KANAAL['gesprekken']}", f"{kanaal}: {namen.PER_KANAAL['vragen']}"]
    rijen: dict[str, list[list[object]]] = {
        "kerncijfers": [[namen.KERNCIJFERS[k], w] for k, w in overzicht.kerncijfers().items()],
        "per_dag": [[rij["iso"], *[n for paar in rij["per_kanaal"] for n in paar]] for rij in inhoud["dag_rijen"]],
        "onderwerpen": [[o["titel"], o["aantal"]] for o in inhoud["onderwerpen"]],
        "niet_geholpen": [[a["titel"], a["aantal"]] for a in inhoud["niet_geholpen"]],
        "per_team": [[s["team"], s["open"], s["te_laat"]] for s in inhoud["per_team"]],
    }
    return {sleutel: Tabel(bestand=t["bestand"], kolommen=kolommen[sleutel], rijen=rijen[sleutel])
            for sleutel, t in namen.TABELLEN.items()}


def _download(request: Request) -> tuple[Periode, dict[str, Tabel]] | Response:
    try:
        periode = lees_periode(request.query_params, vandaag(request))
    except PeriodeFout as fout:
        return PlainTextResponse(str(fout), status_code=400)
    overzicht, waarschuwing = bereken(request, periode)
    if waarschuwing:
        return PlainTextResponse(waarschuwing, status_code=503)
    return periode, tabellen(overzicht, pagina_inhoud(overzicht, artikel_titels(request)))


def _bijlage(inhoud: bytes, media_type: str, naam: str) -> Response:
    return Response(inhoud, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{naam}"', "Cache-Control": "no-store",
    })


def cijfers_zip(request: Request) -> Response:
    """Every table of the page as its own CSV, in one ZIP."""
    uitkomst = _download(request)
    if isinstance(uitkomst, Response):
        return uitkomst
    periode, alle = uitkomst
    return _bijlage(als_zip(list(alle.values())), "application/zip", f"ingang-cijfers-{_periode_naam(periode)}.zip")


def cijfers_csv(request: Request) -> Response:
    """One table of the page (``?tabel=onderwerpen``) as CSV."""
    uitkomst = _download(request)
    if isinstance(uitkomst, Response):
        return uitkomst
    periode, alle = uitkomst
    tabel = alle.get(request.query_params.get("tabel", ""))
    if tabel is None:
        return PlainTextResponse(cijfer_namen().ONBEKENDE_TABEL, status_code=404)
    return _bijlage(als_csv(tabel), "text/csv; charset=utf-8", f"ingang-{tabel.bestand}-{_periode_naam(periode)}.csv")


def _periode_naam(periode: Periode) -> str:
    return f"{periode.van.isoformat()}-tot-en-met-{periode.tot_en_met.isoformat()}"
