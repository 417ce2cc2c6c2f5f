"""Rasa's tracker store table, as Ingang reads it (the figures) and clears it (retention).

Rasa owns the table (rasa/core/tracker_store.py, ``SQLTrackerStore.SQLEvent``); this description
only names its columns for SQLAlchemy Core, so the same queries run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

_metadata = MetaData()
EVENTS = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# The keys of a bot message's custom payload that anything reads back from earlier in a session
# (actions/context.py: the latest card, choice or handoff). A long session keeps only the latest bot
# message carrying each of them whole; of the other older bot messages it keeps the text
# (bot/componenten/venster.py).
TERUGGELEZEN_PAYLOADS = ("kennisbank", "keuzes", "overdracht")
