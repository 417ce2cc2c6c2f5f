"""The figures of conversations that retention deleted: one anonymous row per conversation and day.

Retention (``bot.privacy.bewaren``) deletes a conversation from Rasa's tracker store after its
period; without this table the figures of a longer range would shrink as time goes by. Just
before it deletes, it stores what the figures count of each conversation and day (``Gesprek``:
channel, questions, articles answered, "did not help", handed over, taken over) and the questions
in anonymised words (``bot.privacy.anoniem``), without the conversation id. The figures read these
rows beside the tracker store's events (``bot.cijfers.overzicht``); a conversation is in one or the
other, never both, because a row is written only for what was deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Column, Date, Integer, String, select
from sqlalchemy.orm import Session

from bot.cijfers.gesprekken import Gesprek
from bot.kern.db import Base, UtcDateTime

ANONIEM = ""  # the sender id of an archived conversation: none


class GesprekArchief(Base):
    __tablename__ = "gesprek_archief"

    id = Column(Integer, primary_key=True, autoincrement=True)
    dag = Column(Date, nullable=False, index=True)  # local day (Europe/Amsterdam)
    kanaal = Column(String(30), nullable=False)
    vragen = Column(Integer, nullable=False)
    artikelen = Column(JSON, nullable=False)  # kennisbank ids answered, in order
    niet_geholpen = Column(JSON, nullable=False)  # kennisbank ids that did not help
    overgedragen = Column(Boolean, nullable=False)
    overgenomen = Column(Boolean, nullable=False)
    vraagteksten = Column(JSON, nullable=False)  # the questions, anonymised
    gearchiveerd_op = Column(UtcDateTime, nullable=False)


def archiveer(*, session: Session, gesprekken: Iterable[Gesprek], anonimiseer: Callable[[str], str],
              nu: datetime) -> int:
    """Store each conversation-day without its id and with its questions anonymised; how many."""
    rijen = [GesprekArchief(dag=g.dag, kanaal=g.kanaal, vragen=g.vragen, artikelen=list(g.artikelen),
                            niet_geholpen=list(g.niet_geholpen), overgedragen=g.overgedragen,
                            overgenomen=g.overgenomen, vraagteksten=[anonimiseer(t) for t in g.vraagteksten],
                            gearchiveerd_op=nu)
             for g in gesprekken]
    session.add_all(rijen)
    session.flush()
    return len(rijen)


def gearchiveerde_gesprekken(*, session: Session, van: date, tot_en_met: date) -> list[Gesprek]:
    """The archived conversation-days of the range, as the figures count them."""
    rijen = session.execute(select(GesprekArchief).where(GesprekArchief.dag >= van, GesprekArchief.dag <= tot_en_met)
                            .order_by(GesprekArchief.id)).scalars()
    return [Gesprek(sender_id=ANONIEM, dag=r.dag, kanaal=r.kanaal, vragen=r.vragen, artikelen=list(r.artikelen),
                    niet_geholpen=list(r.niet_geholpen), overgedragen=r.overgedragen, overgenomen=r.overgenomen,
                    vraagteksten=list(r.vraagteksten))
            for r in rijen]
