"""conversation ids carry their channel: ``telegram:<chat id>``, ``whatsapp:<wa_id>``, ``webchat:<session>``

The channels now give Rasa these ids (bot/kern/identiteit.py), so that no conversation of one
channel (or of the REST channel, whose ids never contain ``:``) can equal another's. The ids
recorded before get the prefix of their ``kanaal``: ``ondernemer_kanaal.kanaal_id``,
``zaak.gesprek_id``, ``overname.gesprek_id`` (and ``actief_gesprek``, "<kanaal>:<gesprek_id>"),
``uitgaand_bericht.ontvanger``. REST ids and e-mail addresses stay as they are;
``kanaal_venster`` keeps the provider's own id (the wa_id). An id that already has its prefix is
left alone, so the migration can run twice.

Not migrated: the Rasa tracker store. A Telegram, WhatsApp or web chat conversation that was
running goes on as a new conversation under its new id; a takeover that was active at the
upgrade is released by the worker when idle. Rows that an attacker made before this release by
claiming ``input_channel: whatsapp`` over REST cannot be told apart and are migrated too.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-29
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

KANALEN = ("telegram", "whatsapp", "webchat")
KOLOMMEN = (("ondernemer_kanaal", "kanaal_id"), ("zaak", "gesprek_id"), ("overname", "gesprek_id"),
            ("uitgaand_bericht", "ontvanger"))
IN_KANALEN = "kanaal IN ({})".format(", ".join(f"'{k}'" for k in KANALEN))


def upgrade() -> None:
    for tabel, kolom in KOLOMMEN:
        op.execute(f"UPDATE {tabel} SET {kolom} = kanaal || ':' || {kolom} "
                   f"WHERE {IN_KANALEN} AND {kolom} NOT LIKE kanaal || ':%'")
    _actief_gesprek()


def downgrade() -> None:
    for tabel, kolom in KOLOMMEN:
        op.execute(f"UPDATE {tabel} SET {kolom} = substr({kolom}, length(kanaal) + 2) "
                   f"WHERE {IN_KANALEN} AND {kolom} LIKE kanaal || ':%'")
    _actief_gesprek()


def _actief_gesprek() -> None:
    op.execute(f"UPDATE overname SET actief_gesprek = kanaal || ':' || gesprek_id "
               f"WHERE actief_gesprek IS NOT NULL AND {IN_KANALEN}")
