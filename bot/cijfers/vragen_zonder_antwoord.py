"""The kennisbank gaps worked out ahead: one masked row per question without a (helpful) answer.

Masking (deduce) and the search index (spaCy) take some 15 seconds and 1.7 GB to load, too much for
a page view. The worker therefore keeps this table up to date (``werk_bij``, once per round) and the
page "Vragen zonder antwoord" only reads and groups its rows (``bot.console.gaten``).

A round reads the conversations in Rasa's tracker store with a "no answer" or "did not help" since
the previous round (less ``MARGE``, for events saved late), finds their questions
(``bot.cijfers.gaten.lees_vragen``), and stores those not stored yet (by tracker event id): masked, with
their content words and the search's best articles at that moment. When the kennisbank changed since
the rows were worked out, the words and articles of every row are worked out again, so the page's
"nearest article" follows new and edited articles. The index and deduce are loaded only when there is
work. One worker at a time works on the table: it claims the single row of ``gaten_stand`` for
``CLAIM``, as the other jobs claim theirs.

A row names its conversation so that the erasure of a dossier (``bot.privacy.dossier``) and the
retention of a conversation (``bot.privacy.bewaren``) delete it with the conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, Integer, String, Text, UniqueConstraint, delete, inspect, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.cijfers.dagen import dag_grenzen
from bot.cijfers.gaten import GEEN_ANTWOORD_ACTIE, Geduid, Maskeerder, Vraag, duid, lees_vragen
from bot.cijfers.gesprekken import NIET_GEHOLPEN_ACTIE, lees_events
from bot.kennisbank.service import kennisbank_stand
from bot.kern.db import Base, UtcDateTime, transaction
from bot.kern.tracker import EVENTS

if TYPE_CHECKING:  # the models are imported by the migrations, which need no search index
    from bot.kennisbank.zoeker import KennisbankZoeker

log = logging.getLogger(__name__)

STAND_ID = 1  # the single row of gaten_stand (created by its migration)
MARGE = timedelta(minutes=10)  # events are read back this far before the previous round: saved late
CLAIM = timedelta(minutes=30)  # how long one worker holds the table; a crashed one frees it after this
BATCH = 200  # conversations per read and transaction


class VraagZonderAntwoord(Base):
    __tablename__ = "vraag_zonder_antwoord"
    __table_args__ = (UniqueConstraint("event_id", name="uq_vraag_zonder_antwoord_event_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    event_id = Column(Integer, nullable=False)  # the tracker event that made it one
    gesprek_id = Column(String(240), nullable=False, index=True)
    moment = Column(UtcDateTime, nullable=False, index=True)
    tekst = Column(Text, nullable=False)  # masked (bot.privacy.anoniem)
    artikel_id = Column(String(120), nullable=True)  # the card that did not help; NULL: no answer
    woorden = Column(JSON, nullable=False)  # content words, sorted
    treffers = Column(JSON, nullable=False)  # [[article id, score], ...], best first


class GatenStand(Base):
    __tablename__ = "gaten_stand"

    id = Column(Integer, primary_key=True)
    tot_moment = Column(UtcDateTime, nullable=True)  # the newest "no answer" or "did not help" read
    kennisbank = Column(JSON, nullable=True)  # the kennisbank_stand the rows were worked out with
    bijgewerkt_op = Column(UtcDateTime, nullable=True)  # the end of the last round that finished
    geclaimd_door = Column(String(120), nullable=True)
    geclaimd_tot = Column(UtcDateTime, nullable=True)


@dataclass(frozen=True)
class Gaten:
    """What the page shows of a range: the questions, worked out, and when the table was last brought up
    to date (None: never, the worker has not run yet)."""

    geduide: list[Geduid]
    bijgewerkt_op: datetime | None


def werk_bij(*, engine: Engine, tracker: Engine, zoeker: KennisbankZoeker, maskeer_alle: Maskeerder,
             nu: datetime, werker: str) -> int:
    """One round (see the module docstring): the number of questions stored. 0 when another worker holds
    the table."""
    if not inspect(tracker).has_table(EVENTS.name) or not _claim(engine, werker=werker, nu=nu):
        return 0  # Rasa has stored nothing yet, or another worker is at it
    try:
        with transaction(engine) as session:
            stand = session.get(GatenStand, STAND_ID)
            vanaf, oud_kennisbank = stand.tot_moment, stand.kennisbank
            kennisbank = list(kennisbank_stand(session=session))
        nieuwste = _nieuwste_moment(tracker)
        gesprekken = _gesprekken_met_gat(tracker, vanaf=vanaf - MARGE if vanaf else None)
        opgeslagen = sum(_sla_op(engine, tracker, deel, zoeker=zoeker, maskeer_alle=maskeer_alle)
                         for deel in _delen(gesprekken, BATCH))
        if kennisbank != oud_kennisbank:
            _duid_opnieuw(engine, zoeker)
        with transaction(engine) as session:
            session.execute(update(GatenStand).where(GatenStand.id == STAND_ID).values(
                tot_moment=max(filter(None, [vanaf, nieuwste]), default=None), kennisbank=kennisbank,
                bijgewerkt_op=nu))
        return opgeslagen
    finally:
        with transaction(engine) as session:
            session.execute(update(GatenStand).where(GatenStand.id == STAND_ID, GatenStand.geclaimd_door == werker)
                            .values(geclaimd_door=None, geclaimd_tot=None))


def _claim(engine: Engine, *, werker: str, nu: datetime) -> bool:
    with transaction(engine) as session:
        vrij = (GatenStand.geclaimd_tot.is_(None)) | (GatenStand.geclaimd_tot < nu)
        return session.execute(update(GatenStand).where(GatenStand.id == STAND_ID, vrij)
                               .values(geclaimd_door=werker, geclaimd_tot=nu + CLAIM)
                               .execution_options(synchronize_session=False)).rowcount == 1


def _gat_acties(vanaf: datetime | None):
    voorwaarde = (EVENTS.c.type_name == "action") & EVENTS.c.action_name.in_([GEEN_ANTWOORD_ACTIE, NIET_GEHOLPEN_ACTIE])
    return voorwaarde & (EVENTS.c.timestamp >= vanaf.timestamp()) if vanaf else voorwaarde


def _nieuwste_moment(tracker: Engine) -> datetime | None:
    """The moment of the newest "no answer" or "did not help", read before the conversations: whatever
    comes after it is read again next round."""
    with tracker.connect() as verbinding:
        tijdstip = verbinding.execute(select(EVENTS.c.timestamp).where(_gat_acties(None))
                                      .order_by(EVENTS.c.timestamp.desc()).limit(1)).scalar()
    return datetime.fromtimestamp(tijdstip, timezone.utc) if tijdstip is not None else None


def _gesprekken_met_gat(tracker: Engine, *, vanaf: datetime | None) -> list[str]:
    with tracker.connect() as verbinding:
        return list(verbinding.execute(select(EVENTS.c.sender_id).where(_gat_acties(vanaf))
                                       .group_by(EVENTS.c.sender_id).order_by(EVENTS.c.sender_id)).scalars())


def _delen(items: list[str], grootte: int) -> Iterator[list[str]]:
    for begin in range(0, len(items), grootte):
        yield items[begin:begin + grootte]


def _sla_op(engine: Engine, tracker: Engine, gesprekken: list[str], *, zoeker: KennisbankZoeker,
            maskeer_alle: Maskeerder) -> int:
    """Store the questions of these conversations that are not stored yet."""
    with transaction(engine) as session:
        bekend = set(session.execute(select(VraagZonderAntwoord.event_id)
                                     .where(VraagZonderAntwoord.gesprek_id.in_(gesprekken))).scalars())
    nieuw = [vraag for vraag in lees_vragen(lees_events(engine=tracker, waar=EVENTS.c.sender_id.in_(gesprekken)))
             if vraag.event_id not in bekend]
    if not nieuw:
        return 0
    index = zoeker.actueel().index
    gemaskeerd = [Vraag(v.sender_id, tekst.strip(), v.artikel_id, v.moment, v.event_id)
                  for v, tekst in zip(nieuw, maskeer_alle([v.tekst for v in nieuw]), strict=True)]
    with transaction(engine) as session:
        session.add_all(_rij(duid(vraag, index)) for vraag in gemaskeerd if vraag.tekst)
    return sum(1 for vraag in gemaskeerd if vraag.tekst)


def _rij(geduid: Geduid) -> VraagZonderAntwoord:
    vraag = geduid.vraag
    return VraagZonderAntwoord(event_id=vraag.event_id, gesprek_id=vraag.sender_id,
                               moment=datetime.fromtimestamp(vraag.moment, timezone.utc), tekst=vraag.tekst,
                               artikel_id=vraag.artikel_id, woorden=sorted(geduid.woorden),
                               treffers=[list(treffer) for treffer in geduid.treffers])


def _duid_opnieuw(engine: Engine, zoeker: KennisbankZoeker) -> None:
    """The kennisbank changed: every row's words and articles again, in batches."""
    na = 0
    while True:
        with transaction(engine) as session:
            rijen = list(session.execute(select(VraagZonderAntwoord).where(VraagZonderAntwoord.id > na)
                                         .order_by(VraagZonderAntwoord.id).limit(BATCH)).scalars())
            if not rijen:
                return
            index = zoeker.actueel().index
            for rij in rijen:
                geduid = duid(_vraag(rij), index)
                rij.woorden, rij.treffers = sorted(geduid.woorden), [list(t) for t in geduid.treffers]
            na = rijen[-1].id


def _vraag(rij: VraagZonderAntwoord) -> Vraag:
    return Vraag(rij.gesprek_id, rij.tekst, rij.artikel_id, rij.moment.timestamp(), rij.event_id)


def lees(*, session: Session, van: date, tot_en_met: date) -> Gaten:
    """The stored questions of the local days ``van`` up to and including ``tot_en_met``."""
    begin, einde = dag_grenzen(van, tot_en_met)
    rijen = session.execute(select(VraagZonderAntwoord)
                            .where(VraagZonderAntwoord.moment >= begin, VraagZonderAntwoord.moment < einde)
                            .order_by(VraagZonderAntwoord.gesprek_id, VraagZonderAntwoord.moment)).scalars()
    geduide = [Geduid(_vraag(rij), frozenset(rij.woorden), tuple((a, float(s)) for a, s in rij.treffers))
               for rij in rijen]
    return Gaten(geduide, session.execute(select(GatenStand.bijgewerkt_op).where(GatenStand.id == STAND_ID)).scalar())


def vergeet(*, session: Session, gesprek_ids: Iterable[str]) -> int:
    """Delete the rows of these conversations (their events were deleted); how many."""
    ids = sorted(set(gesprek_ids))
    if not ids:
        return 0
    return session.execute(delete(VraagZonderAntwoord).where(VraagZonderAntwoord.gesprek_id.in_(ids))
                           .execution_options(synchronize_session=False)).rowcount
