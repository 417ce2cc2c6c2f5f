"""The outbox table: one row per message that is not a direct reply, sent after the commit.

Staff replies, promise updates and escalation notices to the entrepreneur, and the reminder and
escalation e-mails to staff (``kanaal`` ``email``), are written here in the same transaction as
the change they report; a deliverer per channel sends them afterwards. Channels that cannot
push (the REST channel) keep them ``wachtend`` until the entrepreneur's next message.
"""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint

from bot.kern.claims import Claimbaar
from bot.kern.db import Base, Tekstwaarde, UtcDateTime, waarden_in
from bot.kern.tijd import utcnow

# The outbox channel of e-mail to staff: ``ontvanger`` is the address, subject and copies are in
# ``custom`` (see ``plaats_email``). Never shown to an entrepreneur: no chat channel reads it.
EMAIL = "email"


class BerichtStatus(Tekstwaarde):
    WACHTEND = "wachtend"  # placed, not (yet) delivered; retried until afgeleverd or mislukt
    AFGELEVERD = "afgeleverd"
    MISLUKT = "mislukt"  # given up: a final failure, or the last attempt failed


class UitgaandBericht(Claimbaar, Base):
    __tablename__ = "uitgaand_bericht"
    __table_args__ = (
        UniqueConstraint("sleutel", name="uq_uitgaand_bericht_sleutel"),
        CheckConstraint(waarden_in("status", BerichtStatus), name="ck_uitgaand_bericht_status"),
        Index("ix_uitgaand_kanaal_ontvanger_status", "kanaal", "ontvanger", "status"),
        Index("ix_uitgaand_status_volgende_poging", "status", "volgende_poging_op"),
        Index("ix_uitgaand_bericht_extern_id", "extern_id"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    # Idempotency key, e.g. "escalatie:belofte:12": placing the same message twice keeps one row.
    sleutel = Column(String(200), nullable=False)
    # The Rasa input channel name (rest, webchat, telegram, whatsapp), or EMAIL for staff e-mail.
    kanaal = Column(String(30), nullable=False)
    ontvanger = Column(String(200), nullable=False)  # the conversation (sender) id on that channel; an address
    tekst = Column(Text, nullable=False)
    knoppen = Column(JSON, nullable=True)  # [{"title": ..., "payload": ...}]
    custom = Column(JSON, nullable=True)  # the `custom` object of berichten.md; for EMAIL: onderwerp, cc
    soort = Column(String(40), nullable=False)  # escalatie, verzet, overgedragen, medewerker, herinnering, ...
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True, index=True)
    status = Column(String(20), nullable=False, default=BerichtStatus.WACHTEND.value)
    pogingen = Column(Integer, nullable=False, default=0)
    volgende_poging_op = Column(UtcDateTime, nullable=False, default=utcnow)
    laatste_fout = Column(Text, nullable=True)
    # claimed_by, claimed_until: Claimbaar (bot/kern/claims.py)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    afgeleverd_op = Column(UtcDateTime, nullable=True)
    # The approved template the message was sent with (WhatsApp outside the 24-hour window), else None.
    sjabloon = Column(String(200), nullable=True)
    # The provider's id of what was sent last (WhatsApp: the wamid of the first part), so that a later
    # report that it was not delivered (a WhatsApp status callback) finds the row; else None.
    extern_id = Column(String(200), nullable=True)
