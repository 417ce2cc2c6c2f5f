"""The outbox table: one row per message to an entrepreneur that is not a direct reply.

Staff replies, promise updates and escalation notices are written here in the same transaction
as the change they report; a deliverer per channel sends them afterwards. Channels that cannot
push (the REST channel) keep them ``wachtend`` until the entrepreneur's next message.
"""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint

from bot.kern.db import Base, UtcDateTime, waarden_in
from bot.kern.tijd import utcnow

BERICHT_STATUSSEN = ("wachtend", "afgeleverd", "mislukt")


class UitgaandBericht(Base):
    __tablename__ = "uitgaand_bericht"
    __table_args__ = (
        UniqueConstraint("sleutel", name="uq_uitgaand_bericht_sleutel"),
        CheckConstraint(waarden_in("status", BERICHT_STATUSSEN), name="ck_uitgaand_bericht_status"),
        Index("ix_uitgaand_kanaal_ontvanger_status", "kanaal", "ontvanger", "status"),
        Index("ix_uitgaand_status_volgende_poging", "status", "volgende_poging_op"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    # Idempotency key, e.g. "escalatie:belofte:12": placing the same message twice keeps one row.
    sleutel = Column(String(200), nullable=False)
    kanaal = Column(String(30), nullable=False)  # the Rasa input channel name: rest, webchat, telegram, whatsapp
    ontvanger = Column(String(200), nullable=False)  # the conversation (sender) id on that channel
    tekst = Column(Text, nullable=False)
    knoppen = Column(JSON, nullable=True)  # [{"title": ..., "payload": ...}]
    custom = Column(JSON, nullable=True)  # the `custom` object of berichten.md
    soort = Column(String(40), nullable=False)  # escalatie, verzet, overgedragen, medewerker, ...
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True, index=True)
    status = Column(String(20), nullable=False, default="wachtend")
    pogingen = Column(Integer, nullable=False, default=0)
    volgende_poging_op = Column(UtcDateTime, nullable=False, default=utcnow)
    laatste_fout = Column(Text, nullable=True)
    claimed_by = Column(String(120), nullable=True)
    claimed_until = Column(UtcDateTime, nullable=True)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    afgeleverd_op = Column(UtcDateTime, nullable=True)
    # The approved template the message was sent with (WhatsApp outside the 24-hour window), else None.
    sjabloon = Column(String(200), nullable=True)
