"""One queue of waiting live chats for a team: who is asked now, claiming a chat, passing it on.

An entrepreneur's request for a live chat (``service.vraag_live_chat``) asks the case's own
medewerker first. Any medewerker of the case's team may claim it (``pak_chat_op``: a takeover by
that person) or pass it to a named colleague of the team (``zet_chat_door``), who is then the one
asked. Both are audit rows, so the history shows them and the queue is read from them. Passing a
request on does not extend it: the entrepreneur was told a quarter of an hour
(``LIVE_VERZOEK_GELDIG``) from the moment of asking.

Who may do this in the console is bot/console/rechten.py; here only what must hold for the chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kern.teksten import tekst
from bot.medewerkers.models import Medewerker
from bot.overname.models import Overname
from bot.overname.service import GesprekApi, start_overname, wachtende_live_chats
from bot.zaken.models import AuditRegel, Zaak
from bot.zaken.service import schrijf_audit

CHAT_OPGEPAKT = "live_chat_opgepakt"
CHAT_DOORGEZET = "live_chat_doorgezet"


class ChatFout(ValueError):
    """The waiting chat cannot be claimed or passed on; the message is Dutch, for the medewerker."""


@dataclass(frozen=True)
class WachtendeChat:
    zaak: Zaak
    gevraagd_op: datetime
    voor: Medewerker  # who is asked now: the case's medewerker, or the colleague it was passed to last


def wachtrij(*, session: Session, zaak_ids: list[int] | None, nu: datetime) -> list[WachtendeChat]:
    """The waiting chats of these cases (all when None), oldest request first, with who is asked now."""
    wachtend = wachtende_live_chats(session=session, zaak_ids=zaak_ids, nu=nu)
    if not wachtend:
        return []
    doorgezet: dict[int, str] = {}
    rijen = session.execute(
        select(AuditRegel.zaak_id, AuditRegel.op, AuditRegel.details)
        .where(AuditRegel.wat == CHAT_DOORGEZET, AuditRegel.zaak_id.in_([z.id for z, _ in wachtend]))
        .order_by(AuditRegel.op, AuditRegel.id))
    gevraagd = {zaak.id: op for zaak, op in wachtend}
    for zaak_id, op, details in rijen:
        if op >= gevraagd[zaak_id] and (details or {}).get("naar"):
            doorgezet[zaak_id] = details["naar"]
    sleutels = set(doorgezet.values())
    medewerkers = {m.sleutel: m for m in session.execute(
        select(Medewerker).where(Medewerker.sleutel.in_(sorted(sleutels) or [""]))).scalars()}
    return [WachtendeChat(zaak=zaak, gevraagd_op=op, voor=medewerkers.get(doorgezet.get(zaak.id), zaak.medewerker))
            for zaak, op in wachtend]


def wachtende_chat(*, session: Session, zaak: Zaak, nu: datetime) -> WachtendeChat | None:
    """The case's waiting chat, or None when nobody waits (taken, expired, never asked)."""
    chats = wachtrij(session=session, zaak_ids=[zaak.id], nu=nu)
    return chats[0] if chats else None


def collega_s_van_team(*, session: Session, zaak: Zaak) -> list[Medewerker]:
    """The active medewerkers of the case's team (members and its team lead), by name."""
    if not zaak.team:
        return []
    actief = session.execute(select(Medewerker).where(Medewerker.actief.is_(True)).order_by(Medewerker.naam)).scalars()
    return [m for m in actief if zaak.team in (m.teams or []) or zaak.team in (m.leidt_teams or [])]


def pak_chat_op(*, session: Session, rasa: GesprekApi, zaak: Zaak, medewerker: Medewerker, door: str,
                nu: datetime) -> Overname:
    """``medewerker`` takes the waiting chat: recorded in the history, then a takeover by them
    (``start_overname``: the entrepreneur is told the name; the slot follows the caller's commit)."""
    chat = _moet_wachten(session=session, zaak=zaak, nu=nu)
    schrijf_audit(session=session, wie=door, wat=CHAT_OPGEPAKT, zaak=zaak, moment=nu,
                  details={"medewerker": medewerker.sleutel, "gevraagd_aan": chat.voor.sleutel})
    return start_overname(session=session, rasa=rasa, zaak=zaak, medewerker=medewerker, nu=nu)


def zet_chat_door(*, session: Session, zaak: Zaak, naar: Medewerker, door: str, nu: datetime) -> WachtendeChat:
    """Pass the waiting chat to ``naar``, an active colleague of the case's team; recorded in the history."""
    chat = _moet_wachten(session=session, zaak=zaak, nu=nu)
    if naar.id not in {m.id for m in collega_s_van_team(session=session, zaak=zaak)}:
        raise ChatFout(tekst("overname/doorzetten_ander_team.txt", medewerker=naar))
    if naar.id == chat.voor.id:
        raise ChatFout(tekst("overname/doorzetten_zelfde.txt", medewerker=naar))
    schrijf_audit(session=session, wie=door, wat=CHAT_DOORGEZET, zaak=zaak, moment=nu,
                  details={"van": chat.voor.sleutel, "naar": naar.sleutel})
    return WachtendeChat(zaak=zaak, gevraagd_op=chat.gevraagd_op, voor=naar)


def _moet_wachten(*, session: Session, zaak: Zaak, nu: datetime) -> WachtendeChat:
    chat = wachtende_chat(session=session, zaak=zaak, nu=nu)
    if chat is None:
        raise ChatFout(tekst("overname/wacht_niet_meer.txt", zaak=zaak))
    return chat
