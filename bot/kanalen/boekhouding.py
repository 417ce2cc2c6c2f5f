"""Bookkeeping for chat channels that call a webhook (WhatsApp now, Telegram later).

* ``kanaal_verwerkt``: the id of every inbound message a channel has handled. Providers deliver
  a message again when they did not get a quick 200; the unique key (kanaal, extern_id) makes
  the second insert fail, so a redelivered message is answered once, across replicas too.
* ``kanaal_venster``: when the entrepreneur last wrote on a channel, per conversation. WhatsApp
  only allows free-form messages within 24 hours of that (the customer-service window).

Functions take a session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Session

from bot.kern.db import Base, UtcDateTime


class KanaalVerwerkt(Base):
    __tablename__ = "kanaal_verwerkt"
    __table_args__ = (
        UniqueConstraint("kanaal", "extern_id", name="uq_kanaal_verwerkt"),
        Index("ix_kanaal_verwerkt_moment", "moment"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    kanaal = Column(String(30), nullable=False)  # the Rasa input channel name: whatsapp, telegram
    extern_id = Column(String(200), nullable=False)  # the provider's message id (WhatsApp: wamid....)
    moment = Column(UtcDateTime, nullable=False)


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


def ruim_verwerkt_op(*, session: Session, voor: datetime) -> int:
    """Forget handled message ids older than ``voor`` (providers stop redelivering after days)."""
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


def laatste_inkomend(*, session: Session, kanaal: str, kanaal_id: str) -> datetime | None:
    """When the entrepreneur last wrote in this conversation, or None when never."""
    return session.execute(
        select(KanaalVenster.laatste_inkomend_op).where(
            KanaalVenster.kanaal == kanaal, KanaalVenster.kanaal_id == kanaal_id
        )
    ).scalar_one_or_none()
