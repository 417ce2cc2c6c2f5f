"""One mechanism for work that several workers share: claim a row with a lease, retry with backoff.

Every periodic job (promise reminders and escalations, outbox delivery, the Open Klant export,
idle takeovers) works on rows of its own table. A worker first *claims* a row: one conditional
UPDATE that sets ``claimed_by``/``claimed_until`` only where nobody holds it or the lease ran
out, committed at once so that other workers see it. Of two workers at most one gets a row:
PostgreSQL re-checks the WHERE after waiting for the row lock, SQLite has one writer. A worker
that dies leaves a lease that simply expires.

The lease is measured from the moment of claiming (``nu`` passed by the caller at that
moment), never from the start of a round, so a slow round cannot make a second worker take a
row that is still being handled.

A failed attempt is retried after a pause that doubles each time (``Herhaling``), until the
attempts run out or the failure is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, String, or_, update
from sqlalchemy.orm import Session, declared_attr
from sqlalchemy.sql.elements import ColumnElement

from bot.kern.db import UtcDateTime


class Claimbaar:
    """Mixin for a table whose rows workers claim: ``claimed_by`` and ``claimed_until``."""

    @declared_attr
    def claimed_by(cls) -> Column:  # noqa: N805 - SQLAlchemy's declared_attr takes the class
        return Column(String(120), nullable=True)

    @declared_attr
    def claimed_until(cls) -> Column:  # noqa: N805
        return Column(UtcDateTime, nullable=True)


def is_vrij(model: Any, nu: datetime) -> ColumnElement:
    """SQL condition: nobody holds the row at ``nu`` (never claimed, or the lease ran out)."""
    return or_(model.claimed_until.is_(None), model.claimed_until < nu)


def claim(
    *, session: Session, model: Any, rij_id: int, werker: str, nu: datetime, duur: timedelta,
    voorwaarden: tuple[ColumnElement, ...] = (),
) -> bool:
    """Claim row ``rij_id`` of ``model`` for ``werker`` until ``nu + duur``; True when this worker has it.

    ``voorwaarden`` are the job's own conditions (e.g. the row is still ``open``), checked in the
    same UPDATE so that a row that changed meanwhile is not claimed.
    """
    resultaat = session.execute(
        update(model)
        .where(model.id == rij_id, is_vrij(model, nu), *voorwaarden)
        .values(claimed_by=werker, claimed_until=nu + duur)
        .execution_options(synchronize_session=False)
    )
    return resultaat.rowcount == 1


def geef_vrij(*, session: Session, model: Any, rij_id: int, werker: str) -> None:
    """Release this worker's claim on the row (if it still has it)."""
    session.execute(
        update(model)
        .where(model.id == rij_id, model.claimed_by == werker)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


def heeft_claim(rij: Any, werker: str) -> bool:
    return rij is not None and rij.claimed_by == werker


# 4xx answers that are worth a retry (see is_definitieve_http_fout).
NIET_DEFINITIEF = frozenset({401, 408, 409, 429})


@dataclass(frozen=True)
class Herhaling:
    """When to try again after a failed attempt: a pause that doubles, up to ``max_pogingen``."""

    max_pogingen: int = 8
    eerste_pauze: timedelta = timedelta(seconds=30)
    langste_pauze: timedelta = timedelta(hours=1)

    def pauze_na(self, pogingen: int) -> timedelta:
        """30 s, 1 min, 2 min, ... up to ``langste_pauze`` (with the defaults)."""
        return min(self.eerste_pauze * (2 ** max(pogingen - 1, 0)), self.langste_pauze)

    def volgende_poging(self, *, pogingen: int, nu: datetime, definitief: bool = False) -> datetime | None:
        """The moment of the next attempt after ``pogingen`` failed ones, or None: give up."""
        if definitief or pogingen >= self.max_pogingen:
            return None
        return nu + self.pauze_na(pogingen)


def is_definitieve_http_fout(status: int | None, *, ook_herhalen: frozenset[int] = frozenset()) -> bool:
    """Whether an HTTP failure is final: retrying the same request cannot help.

    4xx means the request itself is wrong, except 401 (a refused or expired token is fixed in
    the configuration, after which the same request succeeds), 408 (timeout), 409 (conflict,
    may clear) and 429 (rate limit); 5xx and no answer at all are worth a retry too. Used by
    every outside API client, so that they agree on what to retry. ``ook_herhalen`` names the
    statuses an API documents as passing (Open Klant's 403: a token without the right, fixed
    in the configuration; Telegram's 403, a user who blocked the bot, stays final).
    """
    herhalen = NIET_DEFINITIEF | ook_herhalen
    return status is not None and 400 <= status < 500 and status not in herhalen
