"""an inbound WhatsApp message is recorded before Meta gets its 200, and handled after

``kanaal_verwerkt`` keeps one row per inbound message and now also holds a WhatsApp message
until it is handled: ``status`` (ontvangen, verwerkt, mislukt), the sender (``kanaal_id``), its
kind and text, the attempts, when the worker may take it (``volgende_poging_op``) and the claim
columns (bot/kern/claims.py). Existing rows, handled before, become ``verwerkt``.

SQLite cannot add a CHECK constraint, so batch mode copies the table; no table refers to
``kanaal_verwerkt``. PostgreSQL changes the table in place.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

STATUSSEN = "'ontvangen', 'verwerkt', 'mislukt'"


def upgrade() -> None:
    with op.batch_alter_table("kanaal_verwerkt") as batch:
        batch.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="verwerkt"))
        batch.add_column(sa.Column("kanaal_id", sa.String(200), nullable=True))
        batch.add_column(sa.Column("soort", sa.String(20), nullable=True))
        batch.add_column(sa.Column("tekst", sa.Text(), nullable=True))
        batch.add_column(sa.Column("pogingen", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("volgende_poging_op", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("laatste_fout", sa.Text(), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(120), nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint("ck_kanaal_verwerkt_status", f"status IN ({STATUSSEN})")
    op.create_index("ix_kanaal_verwerkt_status_volgende_poging", "kanaal_verwerkt", ["status", "volgende_poging_op"])


def downgrade() -> None:
    # A message not handled yet stays only as a handled id: the old code has nowhere to keep it.
    op.drop_index("ix_kanaal_verwerkt_status_volgende_poging", table_name="kanaal_verwerkt")
    with op.batch_alter_table("kanaal_verwerkt") as batch:
        batch.drop_constraint("ck_kanaal_verwerkt_status", type_="check")
        for kolom in ("claimed_until", "claimed_by", "laatste_fout", "volgende_poging_op", "pogingen", "tekst",
                      "soort", "kanaal_id", "status"):
            batch.drop_column(kolom)
