"""What the console reads: lists of cases and promises as this user may see them, and a case's history.

Each function takes a session (the caller owns the transaction) and, for lists, the
``Gebruiker`` whose rights narrow them (bot/console/rechten.py). A refused filter raises
``OngeldigeInvoer`` with a Dutch message per field.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.beloften.service import open_belofte
from bot.console.auth import Gebruiker
from bot.console.fouten import OngeldigeInvoer
from bot.console.rechten import eigen_teams, mag_zien
from bot.medewerkers.models import Medewerker
from bot.overname.models import Overname
from bot.overname.service import actieve_overname, wachtende_live_chats
from bot.overname.wachtrij import WachtendeChat, wachtrij
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import BELOFTE_STATUSSEN, ZAAK_STATUSSEN, AuditRegel, Belofte, BelofteStatus, Zaak, ZaakStatus

VAN_KEUZES = ("mij", "team", "alle")
# Besides a status, the lists filter on these words: every case not afgerond, and everything.
NIET_AFGEROND = "open"
ALLE = "alle"


def zaken_lijst(*, session: Session, gebruiker: Gebruiker, van: str = "mij", status: str = NIET_AFGEROND) -> list[Zaak]:
    """The cases this user may see, narrowed by ``van`` (mij, team, alle) and ``status``.

    ``status`` is one of the case statuses, ``open`` (everything not afgerond) or ``alle``.
    Urgent cases first; then by the deadline of the open promise (soonest first; cases without one last).
    """
    if van not in VAN_KEUZES:
        raise OngeldigeInvoer("Ongeldige keuze.", {"van": f"Kies uit: {', '.join(VAN_KEUZES)}."})
    if status not in (*ZAAK_STATUSSEN, NIET_AFGEROND, ALLE):
        raise OngeldigeInvoer("Ongeldige status.", {
            "status": f"Kies uit: {', '.join(ZAAK_STATUSSEN)}, {NIET_AFGEROND}, {ALLE}."})
    query = select(Zaak).order_by(Zaak.aangemaakt_op)
    if status == NIET_AFGEROND:
        query = query.where(Zaak.status != ZaakStatus.AFGEROND)
    elif status != ALLE:
        query = query.where(Zaak.status == status)
    if van == "mij":
        query = query.where(Zaak.medewerker_id == (gebruiker.medewerker_id or -1))
    elif van == "team":
        query = query.where(Zaak.team.in_(sorted(eigen_teams(session=session, gebruiker=gebruiker))))
    zaken = list(session.execute(query).scalars())
    if van == "alle":
        zaken = [z for z in zaken if mag_zien(session=session, gebruiker=gebruiker, zaak=z)]
    return sorted(zaken, key=_sorteer_op_deadline)


def _sorteer_op_deadline(zaak: Zaak) -> tuple[bool, int, datetime]:
    belofte = open_belofte(zaak)
    if belofte is None:
        return (not zaak.urgent, 1, zaak.aangemaakt_op)
    return (not zaak.urgent, 0, belofte.deadline)


def beloften_lijst(*, session: Session, gebruiker: Gebruiker, status: str = BelofteStatus.OPEN) -> list[Belofte]:
    if status not in (*BELOFTE_STATUSSEN, ALLE):
        raise OngeldigeInvoer("Ongeldige status.", {"status": f"Kies uit: {', '.join(BELOFTE_STATUSSEN)}, {ALLE}."})
    """The promises this user may see, those of urgent cases first, then by deadline."""
    query = select(Belofte).join(Zaak, Belofte.zaak_id == Zaak.id).order_by(
        Zaak.urgent.desc(), Belofte.deadline, Belofte.id)
    if status != ALLE:
        query = query.where(Belofte.status == status)
    return [b for b in session.execute(query).scalars() if mag_zien(session=session, gebruiker=gebruiker, zaak=b.zaak)]


def live_chats(*, session: Session, gebruiker: Gebruiker, nu: datetime,
               gelezen: dict[str, list[Zaak]] | None = None) -> list[tuple[Zaak, datetime]]:
    """Entrepreneurs waiting right now for a live chat, in the cases of this user and their teams."""
    return wachtende_live_chats(session=session, zaak_ids=_chat_zaak_ids(session, gebruiker, gelezen), nu=nu)


def wachtende_chats(*, session: Session, gebruiker: Gebruiker, nu: datetime,
                    gelezen: dict[str, list[Zaak]] | None = None) -> list[WachtendeChat]:
    """The same waiting chats as ``live_chats``, with who is asked now; those asked of this user first."""
    chats = wachtrij(session=session, zaak_ids=_chat_zaak_ids(session, gebruiker, gelezen), nu=nu)
    return sorted(chats, key=lambda chat: (chat.voor.id != gebruiker.medewerker_id, chat.gevraagd_op))


def _chat_zaak_ids(session: Session, gebruiker: Gebruiker, gelezen: dict[str, list[Zaak]] | None) -> list[int]:
    """The open cases of this user's teams and their own: from ``gelezen`` (the lists the inbox already
    read: ``van`` -> the open cases, as ``zaken_lijst`` gives them) where it has them, else read here.
    When ``gelezen`` has "alle" (the tab of a beheerder), its cases too: a beheerder sees every waiting chat."""
    gelezen = gelezen or {}
    zichtbaar: set[int] = {z.id for z in gelezen.get("alle", [])}
    for van in ("team", "mij"):
        zaken = gelezen[van] if van in gelezen else zaken_lijst(session=session, gebruiker=gebruiker, van=van)
        zichtbaar.update(z.id for z in zaken)
    return sorted(zichtbaar)


def audit_van_zaak(*, session: Session, zaak: Zaak) -> list[AuditRegel]:
    return list(
        session.execute(select(AuditRegel).where(AuditRegel.zaak_id == zaak.id).order_by(AuditRegel.op, AuditRegel.id))
        .scalars()
    )


def berichten_van_zaak(*, session: Session, zaak: Zaak) -> list[UitgaandBericht]:
    """What the municipality sent the entrepreneur about this case (the outbox), oldest first."""
    return list(session.execute(
        select(UitgaandBericht).where(UitgaandBericht.zaak_id == zaak.id).order_by(UitgaandBericht.id)
    ).scalars())


def overname_van_zaak(*, session: Session, zaak: Zaak) -> Overname | None:
    return actieve_overname(session=session, kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id)


def collega_s(*, session: Session) -> list[Medewerker]:
    return list(session.execute(select(Medewerker).where(Medewerker.actief.is_(True)).order_by(Medewerker.naam)).scalars())
