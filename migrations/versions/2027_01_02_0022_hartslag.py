"""heartbeats of long-running processes (the worker), for health checks

``hartslag`` (bot/kern/hartslag.py): one row per process, when it last finished a round.

Revision ID: 0022
Revises: 0021
Create Date: 2027-01-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hartslag",
        sa.Column("proces", sa.String(200), primary_key=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("gestart", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatst", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_hartslag_laatst", "hartslag", ["laatst"])


def downgrade() -> None:
    op.drop_index("ix_hartslag_laatst", table_name="hartslag")
    op.drop_table("hartslag")
