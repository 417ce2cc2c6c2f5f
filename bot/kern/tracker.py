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
