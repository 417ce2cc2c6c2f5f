"""What the inbox shows: the tabs this user has, their counts, the default tab, the rows with company,
promised action and a deadline chip, and the entrepreneurs waiting for a live chat.

The same data serves the page (``pages.inbox``) and the JSON the page polls (``/api/inbox``). Each
function takes a session: the caller owns the transaction. Dutch words for actions and chips are in
templates/namen.html (ACTIES, CHIPS); here they are keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.accounts.models import Rol
from bot.beloften.service import open_belofte
from bot.console import lezen
from bot.console.auth import Gebruiker
from bot.console.weergave import is_te_laat, iso_tijd, live_chat_json
from bot.kern.tijd import kloktijd, lokale_datum
from bot.zaken.models import Belofte, Zaak

# tab -> the ``van`` of lezen.zaken_lijst, in the order the default tab is chosen
TABS = {"mijn": "mij", "team": "team", "alle": "alle"}
TE_LAAT, VANDAAG, MORGEN = "te_laat", "vandaag", "morgen"


@dataclass
class Inbox:
    tabs: list[str]
    tab: str
    tellingen: dict[str, int]
    zaken: list[Zaak]
    live_chats: list[tuple[Zaak, datetime]] = field(default_factory=list)

    @property
    def team_hint(self) -> bool:
        """Nothing of their own, but the team has open cases: point to the team tab."""
        return self.tellingen.get("mijn") == 0 and self.tellingen.get("team", 0) > 0


def tabs_voor(gebruiker: Gebruiker) -> list[str]:
    """mijn and team for a user who is a medewerker; alle only for a beheerder, for whom it differs.

    A medewerker or teamleider sees their own cases and those of their teams (rechten.mag_zien): an
    "Alle zaken" tab would repeat "Mijn team", so they do not get it. An account without a medewerker
    (a beheerder, the privacy officer) has no own cases or team: it gets "alle" alone.
    """
    tabs = ["mijn", "team"] if gebruiker.medewerker_id is not None else []
    if gebruiker.rol == Rol.BEHEERDER or not tabs:
        tabs.append("alle")
    return tabs


def open_zaken(*, session: Session, gebruiker: Gebruiker, tab: str) -> list[Zaak]:
    return lezen.zaken_lijst(session=session, gebruiker=gebruiker, van=TABS[tab], status=lezen.NIET_AFGEROND)


def lees_inbox(*, session: Session, gebruiker: Gebruiker, nu: datetime, gevraagd: str | None) -> Inbox:
    """The inbox with ``gevraagd`` as tab when this user has it, else the first tab with work in it."""
    tabs = tabs_voor(gebruiker)
    lijsten = {tab: open_zaken(session=session, gebruiker=gebruiker, tab=tab) for tab in tabs}
    tellingen = {tab: len(zaken) for tab, zaken in lijsten.items()}
    tab = gevraagd if gevraagd in tabs else standaard_tab(tabs, tellingen)
    return Inbox(tabs=tabs, tab=tab, tellingen=tellingen, zaken=lijsten[tab],
                 live_chats=lezen.live_chats(session=session, gebruiker=gebruiker, nu=nu))


def standaard_tab(tabs: list[str], tellingen: dict[str, int]) -> str:
    return next((tab for tab in tabs if tellingen.get(tab, 0) > 0), tabs[0])


def chip(belofte: Belofte | None, nu: datetime) -> str | None:
    """te_laat, vandaag or morgen for the deadline of the open promise, on the Amsterdam calendar."""
    if belofte is None:
        return None
    if is_te_laat(belofte, nu):
        return TE_LAAT
    dag = lokale_datum(belofte.deadline)
    if dag == lokale_datum(nu):
        return VANDAAG
    if dag == lokale_datum(nu) + timedelta(days=1):
        return MORGEN
    return None


def inbox_rij(zaak: Zaak, nu: datetime) -> dict[str, Any]:
    """One row of the inbox, for the template and the JSON."""
    belofte = open_belofte(zaak)
    ondernemer = zaak.ondernemer
    return {
        "nummer": zaak.nummer, "url": f"/zaken/{zaak.nummer}", "urgent": bool(zaak.urgent),
        "wat": zaak.wat or zaak.samenvatting, "bedrijf": ondernemer.bedrijfsnaam if ondernemer else None,
        "medewerker": zaak.medewerker.naam, "status": zaak.status,
        "actie": belofte.actie if belofte else None, "deadline": iso_tijd(belofte.deadline) if belofte else None,
        "deadline_moment": belofte.deadline if belofte else None, "chip": chip(belofte, nu),
    }


def wachtende_chat(zaak: Zaak, gevraagd_op: datetime, nu: datetime) -> dict[str, Any]:
    """An entrepreneur waiting for a live chat, with since when ("16.30") and for how many minutes."""
    return live_chat_json(zaak, gevraagd_op) | {
        "wacht_sinds": kloktijd(gevraagd_op), "wacht_minuten": max(0, int((nu - gevraagd_op).total_seconds() // 60))}


def inbox_json(inbox: Inbox, nu: datetime) -> dict[str, Any]:
    """What ``/api/inbox`` answers: the tab, counts, its rows and the waiting chats."""
    return {
        "tab": inbox.tab, "tabs": inbox.tabs, "tellingen": inbox.tellingen, "team_hint": inbox.team_hint,
        "zaken": [{k: v for k, v in inbox_rij(z, nu).items() if k != "deadline_moment"} for z in inbox.zaken],
        "live_chats": [wachtende_chat(z, op, nu) for z, op in inbox.live_chats],
    }
