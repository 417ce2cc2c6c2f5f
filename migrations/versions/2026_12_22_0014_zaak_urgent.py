"""an urgent case: the entrepreneur needs it soon or complained about a broken promise

Adds ``zaak.urgent`` (the console shows these first; the promise follows the shorter
``urgent_werkuren`` norm where config/servicenormen.yml has one). Existing cases are not urgent.

A plain ADD COLUMN with a constant default, on SQLite and PostgreSQL alike: no batch copy of
``zaak``, whose DROP would cascade to the promises.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("zaak", sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("zaak", "urgent")  # SQLite 3.35+ drops a plain column in place
