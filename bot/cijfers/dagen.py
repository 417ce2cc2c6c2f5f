"""The figures count per local day in Europe/Amsterdam; these are the moments where those days start."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.kern.tijd import AMSTERDAM


def dag_grenzen(van: date, tot_en_met: date) -> tuple[datetime, datetime]:
    """The start of ``van`` and the end of ``tot_en_met`` (the next midnight), Amsterdam time."""
    begin = datetime.combine(van, time.min, AMSTERDAM)
    einde = datetime.combine(tot_en_met + timedelta(days=1), time.min, AMSTERDAM)
    return begin, einde
