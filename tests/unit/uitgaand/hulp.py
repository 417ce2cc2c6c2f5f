"""Helpers for the outbox tests: place a message, read a row back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.kern.db import transaction
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht

NU = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
MINUUT = timedelta(minutes=1)


def plaats(engine, sleutel: str, *, kanaal: str = "rest", ontvanger: str = "u1", moment: datetime = NU,
           **extra) -> int:
    with transaction(engine) as session:
        return plaats_bericht(session=session, sleutel=sleutel, kanaal=kanaal, ontvanger=ontvanger,
                              tekst=extra.pop("tekst", f"Bericht {sleutel}"), soort=extra.pop("soort", "test"), moment=moment,
                              **extra).id


def rij(engine, bericht_id: int) -> UitgaandBericht:
    with transaction(engine) as session:
        return session.get(UitgaandBericht, bericht_id)
