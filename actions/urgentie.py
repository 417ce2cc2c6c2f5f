"""Urgency in what the entrepreneur wrote in this conversation (bot/overdracht/urgentie.py), for the handoff."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.overdracht.formulier import eigen_berichten
from bot.overdracht.urgentie import Urgentie, herken_urgentie


def urgentie_van(tracker: Tracker) -> Urgentie | None:
    """Urgency in every text the entrepreneur typed in the current session (no button payloads)."""
    return herken_urgentie([tekst for tekst, _ in eigen_berichten(tracker)])
