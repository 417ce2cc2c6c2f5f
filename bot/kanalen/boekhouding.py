"""Bookkeeping for chat channels that call a webhook (Telegram, WhatsApp).

* ``kanaal_verwerkt``: one row per inbound message a channel accepted, by the provider's id.
  Providers deliver a message again when they did not get a quick 200; the unique key
  (kanaal, extern_id) makes the second insert fail, so a redelivered message is answered once,
  across replicas too. Telegram records the id as it handles the update (``markeer_verwerkt``:
  status ``verwerkt``). WhatsApp answers Meta before it handles a message, so it records the
  whole message first (``ontvang``: status ``ontvangen``, with its sender, kind and text) and
  marks it ``verwerkt`` once handled; whoever handles it claims the row (bot/kern/claims.py),
  and a message still ``ontvangen`` after ``volgende_poging_op`` is picked up by the worker
  (bot/kanalen/whatsapp/herstel.py).
* ``kanaal_venster``: when the entrepreneur last wrote on a channel, per conversation. WhatsApp
  only allows free-form messages within 24 hours of that (the customer-service window).

Functions take a session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Text, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Session

from bot.kern.claims import Claimbaar, Herhaling, claim, is_vrij
from bot.kern.db import Base, Tekstwaarde, UtcDateTime, waarden_in


class InkomendStatus(Tekstwaarde):
    ONTVANGEN = "ontvangen"  # recorded, not handled yet
    VERWERKT = "verwerkt"  # handled (given to Rasa, or answered)
    MISLUKT = "mislukt"  # given up: every attempt to handle it failed


class KanaalVerwerkt(Claimbaar, Base):
    __tablename__ = "kanaal_verwerkt"
    __table_args__ = (
        UniqueConstraint("kanaal", "extern_id", name="uq_kanaal_verwerkt"),
        CheckConstraint(waarden_in("status", InkomendStatus), name="ck_kanaal_verwerkt_status"),
        Index("ix_kanaal_verwerkt_moment", "moment"),
        Index("ix_kanaal_verwerkt_status_volgende_poging", "status", "volgende_poging_op"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    kanaal = Column(String(30), nullable=False)  # the Rasa input channel name: whatsapp, telegram
    extern_id = Column(String(200), nullable=False)  # the provider's message id (WhatsApp: wamid....)
    moment = Column(UtcDateTime, nullable=False)  # when it was sent (WhatsApp) or handled (Telegram)
    status = Column(String(20), nullable=False, default=InkomendStatus.VERWERKT.value,
                    server_default=InkomendStatus.VERWERKT.value)
    # The message itself while it waits to be handled (``ontvang``); the text is cleared once handled.
    kanaal_id = Column(String(200), nullable=True)  # the sender on the channel (WhatsApp: the wa_id)
    soort = Column(String(20), nullable=True)  # WhatsApp: tekst or niet_tekst (bot/kanalen/whatsapp/levering.py)
    tekst = Column(Text, nullable=True)
    pogingen = Column(Integer, nullable=False, default=0, server_default="0")
    volgende_poging_op = Column(UtcDateTime, nullable=True)  # from then on the worker may pick it up
    laatste_fout = Column(Text, nullable=True)
    # claimed_by, claimed_until: Claimbaar (bot/kern/claims.py)


class KanaalVenster(Base):
    __tablename__ = "kanaal_venster"
    __table_args__ = (UniqueConstraint("kanaal", "kanaal_id", name="uq_kanaal_venster"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    kanaal = Column(String(30), nullable=False)
    kanaal_id = Column(String(200), nullable=False)  # the conversation (sender) id, e.g. the wa_id
    laatste_inkomend_op = Column(UtcDateTime, nullable=False)


def markeer_verwerkt(*, session: Session, kanaal: str, extern_id: str, moment: datetime) -> None:
    """Record that the message ``extern_id`` is being handled.

    Raises ``sqlalchemy.exc.IntegrityError`` when it was recorded before (a redelivery). On
    PostgreSQL that error ends the transaction, so call this in a transaction of its own.
    """
    session.add(KanaalVerwerkt(kanaal=kanaal, extern_id=extern_id, moment=moment))
    session.flush()


# --- messages recorded before they are handled (WhatsApp) -------------------------------------


def ontvang(
    *, session: Session, kanaal: str, extern_id: str, kanaal_id: str | None, soort: str, tekst: str, moment: datetime,
    wachten_tot: datetime,
) -> KanaalVerwerkt | None:
    """Record an inbound message that is not handled yet; None when it was recorded before (a redelivery).

    Nobody holds it yet: the server that received it claims it when it starts on it
    (``neem_inkomend``); the worker may take it from ``wachten_tot`` on. The same message
    recorded at the same moment by another replica makes the flush raise ``IntegrityError``.
    """
    bestaand = session.execute(
        select(KanaalVerwerkt.id).where(KanaalVerwerkt.kanaal == kanaal, KanaalVerwerkt.extern_id == extern_id)
    ).scalar_one_or_none()
    if bestaand is not None:
        return None
    rij = KanaalVerwerkt(kanaal=kanaal, extern_id=extern_id, moment=moment, status=InkomendStatus.ONTVANGEN.value,
                         kanaal_id=kanaal_id, soort=soort, tekst=tekst, pogingen=0, volgende_poging_op=wachten_tot)
    session.add(rij)
    session.flush()
    return rij


def neem_inkomend(*, session: Session, rij_id: int, werker: str, nu: datetime, duur: timedelta) -> bool:
    """Claim a message that is still ``ontvangen`` for ``werker`` until ``nu + duur``; True when this one has it."""
    return claim(session=session, model=KanaalVerwerkt, rij_id=rij_id, werker=werker, nu=nu, duur=duur,
                 voorwaarden=(KanaalVerwerkt.status == InkomendStatus.ONTVANGEN.value,))


def markeer_inkomend_verwerkt(*, session: Session, rij_id: int) -> bool:
    """Mark a message handled and forget its text (Rasa's tracker has it); False when it was not
    ``ontvangen`` any more (someone else handled it first). One conditional UPDATE, so of two
    handlers finishing at once only one gets True."""
    resultaat = session.execute(
        update(KanaalVerwerkt)
        .where(KanaalVerwerkt.id == rij_id, KanaalVerwerkt.status == InkomendStatus.ONTVANGEN.value)
        .values(status=InkomendStatus.VERWERKT.value, tekst=None, pogingen=KanaalVerwerkt.pogingen + 1,
                volgende_poging_op=None, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return resultaat.rowcount == 1


def markeer_inkomend_mislukt(
    *, session: Session, rij: KanaalVerwerkt, fout: str, nu: datetime, herhaling: Herhaling, definitief: bool = False,
) -> None:
    """Record a failed attempt to handle the message: tried again after a pause, or given up (``mislukt``)."""
    rij.pogingen += 1
    rij.laatste_fout = fout[:2000]
    rij.claimed_by = None
    rij.claimed_until = None
    volgende = herhaling.volgende_poging(pogingen=rij.pogingen, nu=nu, definitief=definitief)
    if volgende is None:
        rij.status = InkomendStatus.MISLUKT.value
    else:
        rij.volgende_poging_op = volgende


def te_herstellen(*, session: Session, kanaal: str, nu: datetime, limiet: int = 50) -> list[int]:
    """Ids of messages of ``kanaal`` still ``ontvangen`` at ``nu``, past their waiting time and held by nobody."""
    return list(session.execute(
        select(KanaalVerwerkt.id)
        .where(KanaalVerwerkt.kanaal == kanaal, KanaalVerwerkt.status == InkomendStatus.ONTVANGEN.value,
               KanaalVerwerkt.volgende_poging_op <= nu, is_vrij(KanaalVerwerkt, nu))
        .order_by(KanaalVerwerkt.volgende_poging_op, KanaalVerwerkt.id)
        .limit(limiet)
    ).scalars())


def ruim_verwerkt_op(*, session: Session, voor: datetime) -> int:
    """Forget the messages older than ``voor``, handled or not (providers stop redelivering after days)."""
    resultaat = session.execute(
        delete(KanaalVerwerkt).where(KanaalVerwerkt.moment < voor).execution_options(synchronize_session=False)
    )
    return resultaat.rowcount


def werk_venster_bij(*, session: Session, kanaal: str, kanaal_id: str, moment: datetime) -> None:
    """Record an inbound message at ``moment``; an older moment never moves the window back.

    Two first messages of one conversation handled at the same time by two replicas may both
    insert; the second gets an ``IntegrityError`` and can simply try again.
    """
    venster = session.execute(
        select(KanaalVenster).where(KanaalVenster.kanaal == kanaal, KanaalVenster.kanaal_id == kanaal_id)
    ).scalar_one_or_none()
    if venster is None:
        session.add(KanaalVenster(kanaal=kanaal, kanaal_id=kanaal_id, laatste_inkomend_op=moment))
        session.flush()
    elif venster.laatste_inkomend_op < moment:
        venster.laatste_inkomend_op = moment


def sluit_venster(*, session: Session, kanaal: str, kanaal_id: str, niet_na: datetime) -> bool:
    """Forget the window of a conversation the provider reports closed (WhatsApp's 131047), unless the
    entrepreneur wrote after ``niet_na`` (when the refused message was sent): then it is open again.
    Without a row the window counts as closed (``laatste_inkomend`` None); the next message opens it."""
    resultaat = session.execute(
        delete(KanaalVenster)
        .where(KanaalVenster.kanaal == kanaal, KanaalVenster.kanaal_id == kanaal_id,
               KanaalVenster.laatste_inkomend_op <= niet_na)
        .execution_options(synchronize_session=False)
    )
    return resultaat.rowcount > 0


def laatste_inkomend(*, session: Session, kanaal: str, kanaal_id: str) -> datetime | None:
    """When the entrepreneur last wrote in this conversation, or None when never."""
    return session.execute(
        select(KanaalVenster.laatste_inkomend_op).where(
            KanaalVenster.kanaal == kanaal, KanaalVenster.kanaal_id == kanaal_id
        )
    ).scalar_one_or_none()
