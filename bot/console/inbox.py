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
from bot.console.rechten import reden_geen_chat
from bot.console.weergave import is_te_laat, iso_tijd, live_chat_json
from bot.kern.tijd import kloktijd, lokale_datum
from bot.overname.wachtrij import WachtendeChat, collega_s_van_team
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
    live_chats: list[dict[str, Any]] = field(default_factory=list)  # chat_rij: those asked of this user first
    alle_zaken: list[Zaak] = field(default_factory=list)  # the open cases of every tab, for the new-case alerts

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
    gelezen = {TABS[t]: zaken for t, zaken in lijsten.items()}  # live_chats needs "mij" and "team": read once
    chats = lezen.wachtende_chats(session=session, gebruiker=gebruiker, nu=nu, gelezen=gelezen)
    alle = {zaak.id: zaak for zaken in lijsten.values() for zaak in zaken}
    return Inbox(tabs=tabs, tab=tab, tellingen=tellingen, zaken=lijsten[tab],
                 live_chats=[chat_rij(session=session, gebruiker=gebruiker, chat=chat, nu=nu) for chat in chats],
                 alle_zaken=list(alle.values()))


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


def chat_rij(*, session: Session, gebruiker: Gebruiker, chat: WachtendeChat, nu: datetime) -> dict[str, Any]:
    """A waiting chat with who is asked, whether that is this user, and what this user may do with it:
    claim it ("oppakken") and pass it to a colleague of the team ("doorzetten"), or why not (a key of
    templates/namen.html CHAT_REDENEN)."""
    zaak = chat.zaak
    reden_doorzetten = reden_geen_chat(session=session, gebruiker=gebruiker, zaak=zaak, oppakken=False)
    collega_s = [] if reden_doorzetten else [
        {"sleutel": m.sleutel, "naam": m.naam} for m in collega_s_van_team(session=session, zaak=zaak)
        if m.id != chat.voor.id]
    return wachtende_chat(zaak, chat.gevraagd_op, nu) | {
        "voor": chat.voor.naam, "voor_mij": chat.voor.id == gebruiker.medewerker_id,
        "reden_oppakken": reden_geen_chat(session=session, gebruiker=gebruiker, zaak=zaak),
        "reden_doorzetten": reden_doorzetten, "collega_s": collega_s,
        "oppakken": f"/wachtrij/{zaak.nummer}/oppakken", "doorzetten": f"/wachtrij/{zaak.nummer}/doorzetten",
    }


def inbox_json(inbox: Inbox, nu: datetime) -> dict[str, Any]:
    """What ``/api/inbox`` answers: the tab, counts, its rows, the waiting chats, and the open cases of
    every tab (``alle_zaken``: number, link, question, company) for the alerts about new cases."""
    return {
        "tab": inbox.tab, "tabs": inbox.tabs, "tellingen": inbox.tellingen, "team_hint": inbox.team_hint,
        "zaken": [{k: v for k, v in inbox_rij(z, nu).items() if k != "deadline_moment"} for z in inbox.zaken],
        "alle_zaken": [nieuwe_zaak_rij(z) for z in inbox.alle_zaken],
        "live_chats": inbox.live_chats,
    }


def nieuwe_zaak_rij(zaak: Zaak) -> dict[str, Any]:
    return {"nummer": zaak.nummer, "url": f"/zaken/{zaak.nummer}", "wat": zaak.wat or zaak.samenvatting,
            "bedrijf": zaak.ondernemer.bedrijfsnaam if zaak.ondernemer else None}
