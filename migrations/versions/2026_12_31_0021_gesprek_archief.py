"""the figures of conversations retention deleted: one anonymous row per conversation and day

``gesprek_archief`` (bot/cijfers/archief.py) holds what the figures count of a deleted
conversation and its questions in anonymised words, without the conversation id.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-31
"""
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gesprek_archief",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("dag", sa.Date(), nullable=False),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("vragen", sa.Integer(), nullable=False),
        sa.Column("artikelen", sa.JSON(), nullable=False),
        sa.Column("niet_geholpen", sa.JSON(), nullable=False),
        sa.Column("overgedragen", sa.Boolean(), nullable=False),
        sa.Column("overgenomen", sa.Boolean(), nullable=False),
        sa.Column("vraagteksten", sa.JSON(), nullable=False),
        sa.Column("gearchiveerd_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_gesprek_archief_dag", "gesprek_archief", ["dag"])


def downgrade() -> None:
    op.drop_index("ix_gesprek_archief_dag", table_name="gesprek_archief")
    op.drop_table("gesprek_archief")
