"""Finding cases: one search field and filters, over open and closed cases alike (the page /zaken).

The search term is matched on the case number, company name, KvK number, contact name, e-mail
address, phone number (in any notation: it is read with ``bot.privacy.dossier.lees_zoekterm``, the
privacy officer's search) and the text of the case (samenvatting, wat, waarom, hoe), without regard
to case. Everything happens in SQL that SQLite and PostgreSQL both run (``lower``, ``LIKE`` with an
escape character, ``replace``), so the results can be counted and paged in the database.

Only cases the user may see are searched (``rechten.zichtbaar_voor``). A phone number or e-mail
address, and any term that looks like one (an ``@`` or five digits or more), only finds the cases
whose contact details the user sees (``rechten.wijzigbaar_voor``): a colleague who reads a case but
does not handle it cannot learn whose number it is by searching for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import and_, distinct, exists, false, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.accounts.models import Rol
from bot.beloften.service import open_belofte
from bot.console import lezen
from bot.console.auth import Gebruiker
from bot.console.fouten import OngeldigeInvoer
from bot.console.lezen import ALLE, NIET_AFGEROND
from bot.console.rechten import eigen_teams, mag_wijzigen, wijzigbaar_voor, zichtbaar_voor
from bot.console.web import render
from bot.console.weergave import is_te_laat
from bot.kern.db import transaction
from bot.medewerkers.directory import medewerker_op_sleutel
from bot.privacy.dossier import OnbekendeZoekterm, Zoekterm, lees_zoekterm
from bot.zaken.models import ZAAK_STATUSSEN, Belofte, BelofteStatus, Ondernemer, Zaak, ZaakStatus

PER_PAGINA = 25
MAX_ZOEKTERM = 200
STATUS_KEUZES = (ALLE, NIET_AFGEROND, *ZAAK_STATUSSEN)
# A term with an @ or this many digits may be (part of) a phone number or e-mail address.
LIJKT_CONTACT = re.compile(r"@|(?:\d\D?){5,}")
TEKST_KOLOMMEN = (Zaak.nummer, Ondernemer.bedrijfsnaam, Ondernemer.contactnaam, Ondernemer.kvk_nummer,
                  Zaak.samenvatting, Zaak.wat, Zaak.waarom, Zaak.hoe)


def routes() -> list[Route]:
    return [Route("/zaken", zaken_pagina, methods=["GET"])]


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ALLE
    team: str = ""
    behandelaar: str = ""  # a medewerker's sleutel
    te_laat: bool = False
    spoed: bool = False
    pagina: int = 1


@dataclass
class Resultaat:
    zaken: list[Zaak]
    totaal: int
    pagina: int
    paginas: int
    wijzigbaar: set[int] = field(default_factory=set)  # ids of the cases whose contact details the user sees


def lees_filters(params) -> Filters:
    """The filters from the address (?q=...&status=...); ``OngeldigeInvoer`` per field for a bad value."""
    velden = {}
    status = params.get("status") or ALLE
    if status not in STATUS_KEUZES:
        velden["status"] = "Kies een status uit de lijst."
    pagina_tekst = params.get("pagina") or "1"
    pagina = int(pagina_tekst) if pagina_tekst.isdigit() and int(pagina_tekst) > 0 else 0
    if not pagina:
        velden["pagina"] = "Geef een paginanummer van 1 of hoger."
    if velden:
        raise OngeldigeInvoer("Deze zoekopdracht kan niet.", velden)
    return Filters(q=(params.get("q") or "").strip()[:MAX_ZOEKTERM], status=status, team=params.get("team") or "",
                   behandelaar=params.get("behandelaar") or "", te_laat=params.get("te_laat") == "ja",
                   spoed=params.get("spoed") == "ja", pagina=pagina)


def zoek_zaken(*, session: Session, gebruiker: Gebruiker, filters: Filters, nu: datetime) -> Resultaat:
    """The cases this user may see that match, newest first (closed cases: the last closed first), one page."""
    wijzigbaar = wijzigbaar_voor(session=session, gebruiker=gebruiker)
    query = select(Zaak).outerjoin(Ondernemer, Zaak.ondernemer_id == Ondernemer.id).where(
        zichtbaar_voor(session=session, gebruiker=gebruiker))
    if filters.q:
        query = query.where(_zoekterm_voorwaarde(filters.q, wijzigbaar))
    if filters.status == NIET_AFGEROND:
        query = query.where(Zaak.status != ZaakStatus.AFGEROND)
    elif filters.status != ALLE:
        query = query.where(Zaak.status == filters.status)
    if filters.team:
        query = query.where(Zaak.team == filters.team)
    if filters.behandelaar:
        medewerker = medewerker_op_sleutel(session=session, sleutel=filters.behandelaar)
        if medewerker is None:
            raise OngeldigeInvoer("Deze zoekopdracht kan niet.", {"behandelaar": "Kies een collega uit de lijst."})
        query = query.where(Zaak.medewerker_id == medewerker.id)
    if filters.te_laat:
        query = query.where(exists().where(Belofte.zaak_id == Zaak.id, Belofte.status == BelofteStatus.OPEN,
                                           Belofte.deadline < nu))
    if filters.spoed:
        query = query.where(Zaak.urgent.is_(True))
    totaal = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    volgorde = Zaak.afgerond_op.desc() if filters.status == ZaakStatus.AFGEROND else Zaak.aangemaakt_op.desc()
    zaken = list(session.execute(
        query.order_by(volgorde, Zaak.id.desc()).limit(PER_PAGINA).offset((filters.pagina - 1) * PER_PAGINA)
    ).scalars())
    return Resultaat(zaken=zaken, totaal=totaal, pagina=filters.pagina, paginas=max(1, -(-totaal // PER_PAGINA)),
                     wijzigbaar={z.id for z in zaken if mag_wijzigen(session=session, gebruiker=gebruiker, zaak=z)})


def _zoekterm_voorwaarde(tekst: str, wijzigbaar: ColumnElement[bool]) -> ColumnElement[bool]:
    try:
        term: Zoekterm | None = lees_zoekterm(tekst)
    except OnbekendeZoekterm:
        term = None
    if term is not None and term.soort in ("telefoon", "email"):
        return and_(wijzigbaar, _contact_voorwaarde(term))
    patroon = f"%{_zonder_jokers(tekst.lower())}%"
    vrij = or_(*(func.lower(kolom).like(patroon, escape="\\") for kolom in TEKST_KOLOMMEN))
    if LIJKT_CONTACT.search(tekst):  # free text may hold a number or address: only where the user sees them
        vrij = and_(wijzigbaar, or_(vrij, func.lower(Ondernemer.email).like(patroon, escape="\\")))
    if term is not None and term.soort == "kvk":
        return or_(vrij, Ondernemer.kvk_nummer == term.waarde)
    if term is not None and term.soort == "zaaknummer":
        return or_(vrij, Zaak.nummer == term.waarde)
    return vrij


def _contact_voorwaarde(term: Zoekterm) -> ColumnElement[bool]:
    if term.soort == "email":
        return func.lower(Ondernemer.email) == term.waarde
    kolom = Ondernemer.telefoon  # as stored: E.164 from the assistant, but older rows may have spaces or dashes
    for teken in (" ", "-", ".", "(", ")"):
        kolom = func.replace(kolom, teken, "")
    return kolom.in_(telefoon_varianten(term.waarde)) if term.waarde.startswith("+") else false()


def telefoon_varianten(e164: str) -> list[str]:
    """+31612345678 as it may be stored without spaces: +31612345678, 0031612345678, 0612345678."""
    varianten = [e164, "00" + e164[1:]]
    if e164.startswith("+31"):
        varianten.append("0" + e164[3:])
    return varianten


def _zonder_jokers(tekst: str) -> str:
    """LIKE's own characters (%, _ and the escape) typed by the user match themselves."""
    return tekst.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def zichtbare_teams(*, session: Session, gebruiker: Gebruiker) -> list[str]:
    """The teams to filter on: a beheerder's all teams with cases, anyone else's own teams."""
    if gebruiker.rol == Rol.BEHEERDER:
        return sorted(t for t in session.execute(select(distinct(Zaak.team))).scalars() if t)
    return sorted(eigen_teams(session=session, gebruiker=gebruiker))


# --- the page ------------------------------------------------------------------------------------


def zaken_pagina(request: Request) -> Response:
    gebruiker: Gebruiker = request.state.gebruiker
    nu = request.app.state.klok()
    params = request.query_params
    ingevuld = {naam: params.get(naam, "") for naam in ("q", "status", "team", "behandelaar", "te_laat", "spoed")}
    with transaction(request.app.state.engine) as session:
        context = {"ingevuld": ingevuld, "teams": zichtbare_teams(session=session, gebruiker=gebruiker),
                   "collega_s": lezen.collega_s(session=session), "status_keuzes": STATUS_KEUZES,
                   "fout": None, "velden": {}, "resultaat": None, "rijen": []}
        try:
            filters = lees_filters(params)
            resultaat = zoek_zaken(session=session, gebruiker=gebruiker, filters=filters, nu=nu)
        except OngeldigeInvoer as f:
            return render(request, "zaken.html", {**context, "fout": f.melding, "velden": f.velden}, status=400)
        rijen = []
        for zaak in resultaat.zaken:
            belofte = open_belofte(zaak)
            rijen.append({"zaak": zaak, "ondernemer": zaak.ondernemer, "belofte": belofte,
                          "te_laat": belofte is not None and is_te_laat(belofte, nu),
                          "mag_wijzigen": zaak.id in resultaat.wijzigbaar})
        basis = {naam: waarde for naam, waarde in ingevuld.items() if waarde}
        return render(request, "zaken.html", {
            **context, "resultaat": resultaat, "rijen": rijen,
            "vorige": f"/zaken?{urlencode({**basis, 'pagina': resultaat.pagina - 1})}" if resultaat.pagina > 1 else None,
            "volgende": (f"/zaken?{urlencode({**basis, 'pagina': resultaat.pagina + 1})}"
                         if resultaat.pagina < resultaat.paginas else None),
        })
