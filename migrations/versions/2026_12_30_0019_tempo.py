"""rate limits: counts per conversation and IP address per window, and the address of a conversation

``tempo_teller`` counts messages per (soort, sleutel, venster) for the limits at the edge
(bot/kanalen/tempo.py); ``gesprek_herkomst`` keeps the IP address a web chat or REST conversation
last wrote from, for the limit on handoffs per address (bot/overdracht/limiet.py). Both are kept
a day (bot/kern/tempo.py ``ruim_op``).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tempo_teller",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("sleutel", sa.String(200), nullable=False),
        sa.Column("venster", sa.DateTime(timezone=True), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.UniqueConstraint("soort", "sleutel", "venster", name="uq_tempo_teller"),
    )
    op.create_table(
        "gesprek_herkomst",
        sa.Column("gesprek_id", sa.String(200), primary_key=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("gezien_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_gesprek_herkomst_ip", "gesprek_herkomst", ["ip"])


def downgrade() -> None:
    op.drop_index("ix_gesprek_herkomst_ip", table_name="gesprek_herkomst")
    op.drop_table("gesprek_herkomst")
    op.drop_table("tempo_teller")
